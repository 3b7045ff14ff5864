/* golog.c — the date prefix of Go's standard log package:
 * "2006/01/02 15:04:05" (Ldate|Ltime) and "2006/01/02 15:04:05.000000"
 * (Lmicroseconds, always six digits).  The stamp carries no zone. */
#include "scan.h"
#include "formats.h"

int golog_parse(const char *s, size_t n, int32_t tz_offset, tsn_time *out)
{
	if (n < 19)
		return -1;
	if (s[4] != '/' || s[7] != '/' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return -1;
	int64_t local;
	if (scan_datetime19(s, &local) < 0)
		return -1;

	size_t i = 19;
	int32_t nsec = 0, prec = 1000000000;
	if (i < n && s[i] == '.') {
		if (i + 7 > n)
			return -1;
		for (int k = 1; k <= 6; k++) {
			unsigned c = (unsigned char)s[i + k] - '0';
			if (c > 9)
				return -1;
			nsec = nsec * 10 + (int32_t)c;
		}
		if (i + 7 < n && (unsigned)(s[i + 7] - '0') <= 9)
			return -1; /* more than six digits: not what log writes */
		nsec *= 1000;
		prec = 1000;
		i += 7;
	}
	out->sec = local - tz_offset;
	out->nsec = nsec;
	out->prec = prec;
	return (int)i;
}
