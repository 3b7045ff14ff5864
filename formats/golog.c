/* golog.c — the date prefix of Go's standard log package:
 * "2006/01/02 15:04:05" (Ldate|Ltime) and "2006/01/02 15:04:05.000000"
 * (Lmicroseconds, always six digits).  The stamp carries no zone. */
#include "formats.h"

static inline int dig2(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
	if (a > 9 || b > 9)
		return -1;
	return (int)(a * 10 + b);
}

int golog_parse(const char *s, size_t n, int32_t tz_offset, tsn_time *out)
{
	if (n < 19)
		return -1;
	if (s[4] != '/' || s[7] != '/' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return -1;
	int yh = dig2(s), yl = dig2(s + 2), mo = dig2(s + 5), d = dig2(s + 8);
	int h = dig2(s + 11), mi = dig2(s + 14), se = dig2(s + 17);
	if ((yh | yl | mo | d | h | mi | se) < 0)
		return -1;
	int y = yh * 100 + yl;
	if (mo < 1 || mo > 12 || d < 1 || d > civil_days_in_month(y, mo) || h > 23 || mi > 59 ||
	    se > 59)
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
	out->sec = civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - tz_offset;
	out->nsec = nsec;
	out->prec = prec;
	return (int)i;
}
