/* rfc3339.c — RFC 3339 with exactly the accept/reject set of Go's fast
 * parser (time.parseRFC3339): fixed-width fields with range checks against
 * the real calendar, upper-case T and Z, optional "." fraction of one or more
 * digits truncated to nanoseconds, "Z" or "+hh:mm" with hh <= 23, mm <= 59. */
#include <stdint.h>
#include <string.h>

#include "scan.h"
#include "formats.h"

/* The last "YYYY-MM-DDThh:mm:ss" accepted, as three overlapping words
 * (bytes 0..7, 8..15, 11..18), and its local seconds.  A log's stamps and
 * the runtime's times next to them mostly share their second, so most
 * calls compare 19 bytes instead of reading and checking the calendar.
 * Per thread, so the parser stays safe to call from several. */
static _Thread_local struct {
	uint64_t w[3];
	int64_t local;
	int have;
} last;

int rfc3339_parse(const char *s, size_t n, tsn_time *out)
{
	if (n < 20)        /* "2006-01-02T15:04:05" and at least "Z" */
		return -1;
	uint64_t w[3];
	memcpy(&w[0], s, 8);
	memcpy(&w[1], s + 8, 8);
	memcpy(&w[2], s + 11, 8);
	int64_t local;
	if (((w[0] ^ last.w[0]) | (w[1] ^ last.w[1]) | (w[2] ^ last.w[2])) == 0 && last.have) {
		local = last.local;
	} else {
		if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
			return -1;
		if (scan_datetime19(s, &local) < 0)
			return -1;
		memcpy(last.w, w, sizeof w);
		last.local = local;
		last.have = 1;
	}

	size_t i = 19;
	int32_t nsec = 0;
	int64_t prec = 1000000000;
	if (i + 1 < n && s[i] == '.' && (unsigned)(s[i + 1] - '0') <= 9) {
		i++;
		scan_fraction(s, n, &i, &nsec, &prec);
	}

	int32_t off = 0;
	if (i < n && s[i] == 'Z') {
		i++;
	} else if (i + 6 <= n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
		int oh = dig2(s + i + 1), om = dig2(s + i + 4);
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			return -1;
		off = (oh * 60 + om) * 60;
		if (s[i] == '-')
			off = -off;
		i += 6;
	} else {
		return -1;
	}

	out->sec = local - off;
	out->nsec = nsec;
	out->prec = prec;
	return (int)i;
}

int rfc3339_parse_exact(const char *s, size_t n, tsn_time *out)
{
	int k = rfc3339_parse(s, n, out);
	return k >= 0 && (size_t)k == n ? k : -1;
}
