/* iso8601.c — ISO 8601 stamps as non-Go loggers write them (Python logging,
 * log4j/logback, zap's ISO8601 encoder): date, 'T' or ' ', time, optional
 * '.'/',' fraction, optional zone; bare or "[bracketed]" at message start. */
#include "scan.h"
#include "families_a.h"

int iso8601_parse(const char *s, size_t n, tsn_stamp *out)
{
	if (n < 19) /* "2006-01-02 15:04:05" */
		return -1;
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
	    s[16] != ':')
		return -1;
	int64_t local;
	if (scan_datetime19(s, &local) < 0)
		return -1;

	size_t i = 19;
	int32_t nsec = 0;
	int64_t prec = 1000000000;
	if (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
		i++;
		scan_fraction(s, n, &i, &nsec, &prec);
	}

	/* The zone, longest valid prefix: "Z", then ±hh followed by ":mm",
	 * "mm" or nothing.  An invalid offset is simply not consumed; the
	 * caller's check of what follows rejects it. */
	int zoned = 0;
	int32_t off = 0;
	if (i < n && s[i] == 'Z') {
		zoned = 1;
		i++;
	} else if (i + 3 <= n && (s[i] == '+' || s[i] == '-')) {
		int oh = dig2(s + i + 1);
		if (oh >= 0 && oh <= 23) {
			size_t j = i + 3;
			int om = 0;
			if (j + 3 <= n && s[j] == ':') {
				int m = dig2(s + j + 1);
				if (m >= 0 && m <= 59) {
					om = m;
					j += 3;
				}
			} else if (j + 2 <= n) {
				int m = dig2(s + j);
				if (m >= 0 && m <= 59) {
					om = m;
					j += 2;
				}
			}
			off = (oh * 60 + om) * 60;
			if (s[i] == '-')
				off = -off;
			zoned = 1;
			i = j;
		}
	}

	out->t.sec = local - off;
	out->t.nsec = nsec;
	out->t.prec = prec;
	out->zoneless = !zoned;
	out->abbr = NULL;
	out->abbr_len = 0;
	return (int)i;
}

int iso8601_parse_exact(const char *s, size_t n, tsn_stamp *out)
{
	int k = iso8601_parse(s, n, out);
	return k >= 0 && (size_t)k == n ? k : -1;
}

/* " +hhmm" / " -hhmm" as a whole token at s: Go's Time.String zone. */
static int space_offset_follows(const char *s, size_t n)
{
	if (n < 6 || s[0] != ' ' || (s[1] != '+' && s[1] != '-'))
		return 0;
	if (dig2(s + 2) < 0 || dig2(s + 4) < 0)
		return 0;
	return n == 6 || is_ws(s[6]);
}

int iso8601_locate(const tsn_format_def *self, const char *msg, size_t n,
		   const tsn_parse_ctx *c, tsn_stamp *out)
{
	(void)self;
	(void)c;
	if (n < 19)
		return 0;
	if (msg[0] == '[') {
		int k = iso8601_parse(msg + 1, n - 1, out);
		return k > 0 && (size_t)k + 1 < n && msg[k + 1] == ']';
	}
	if (!is_digit(msg[0]))
		return 0;
	int k = iso8601_parse(msg, n, out);
	if (k < 0)
		return 0;
	if ((size_t)k == n)
		return 1;
	if (!is_ws(msg[k]))
		return 0;
	if (out->zoneless && space_offset_follows(msg + k, n - (size_t)k))
		return 0;
	return 1;
}
