/* syslog.c — syslog headers: RFC 5424 "<PRI>VERSION TIMESTAMP ..." (RFC 3339
 * stamp or NILVALUE) and RFC 3164 / BSD "[<PRI>]Mmm dd hh:mm:ss ..." (no year,
 * no zone: the year is inferred from the reference time). */
#include <string.h>

#include "scan.h"
#include "families_a.h"
#include "formats.h"

/* "<PRIVAL>" at s: 0..191 in one to three digits, no leading zero except
 * "<0>" itself (RFC 5424 6.2.1).  Returns the bytes consumed (3..5) or -1. */
static int parse_pri(const char *s, size_t n)
{
	if (n < 3 || s[0] != '<' || !is_digit(s[1]))
		return -1;
	if (s[1] == '0')
		return s[2] == '>' ? 3 : -1;
	int v = 0;
	size_t i = 1;
	while (i < n && i <= 3 && is_digit(s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i >= n || s[i] != '>' || v > 191)
		return -1;
	return (int)i + 1;
}

/* ---- RFC 5424 ----------------------------------------------------------- */

int syslog5424_parse(const char *s, size_t n, tsn_stamp *out)
{
	int p = parse_pri(s, n);
	if (p < 0)
		return -1;
	size_t i = (size_t)p;
	/* VERSION = NONZERO-DIGIT 0*2DIGIT */
	if (i >= n || s[i] < '1' || s[i] > '9')
		return -1;
	size_t v = i++;
	while (i < n && i - v < 3 && is_digit(s[i]))
		i++;
	if (i >= n || s[i] != ' ')
		return -1;
	i++;
	if (i >= n || s[i] == '-')
		return -1; /* NILVALUE: the header has no stamp */
	tsn_time t;
	int k = rfc3339_parse(s + i, n - i, &t);
	if (k < 0)
		return -1;
	out->t = t;
	out->zoneless = 0;
	out->abbr = NULL;
	out->abbr_len = 0;
	return (int)(i + (size_t)k);
}

int syslog5424_locate(const tsn_format_def *self, const char *msg, size_t n,
		      const tsn_parse_ctx *c, tsn_stamp *out)
{
	(void)self;
	(void)c;
	tsn_stamp st;
	int k = syslog5424_parse(msg, n, &st);
	if (k < 0 || ((size_t)k < n && !is_ws(msg[k])))
		return 0;
	*out = st;
	return 1;
}

/* ---- RFC 3164 ----------------------------------------------------------- */

/* 1..12 for "Jan".."Dec" exactly as written, or -1. */
int syslog3164_parse(const char *s, size_t n, const tsn_parse_ctx *c, tsn_stamp *out)
{
	if (n < 15 || !c) /* "Jan  2 15:04:05" */
		return -1;
	if (s[3] != ' ' || s[6] != ' ' || s[9] != ':' || s[12] != ':')
		return -1;
	int mo = month3(s);
	if (mo < 0)
		return -1;
	int d;
	if (s[4] == ' ')
		d = is_digit(s[5]) ? s[5] - '0' : -1; /* space-padded, RFC 3164 */
	else
		d = dig2(s + 4);                      /* zero-padded, as some write */
	int h = dig2(s + 7), mi = dig2(s + 10), se = dig2(s + 13);
	if ((d | h | mi | se) < 0)
		return -1;
	if (d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return -1;

	size_t i = 15;
	int32_t nsec = 0;
	int64_t prec = 1000000000;
	if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
		i++;
		scan_fraction(s, n, &i, &nsec, &prec);
	}

	int64_t y = tsn_infer_year(c, mo, d, h, mi, se);
	if (y < 0)
		return -1; /* no year near the reference has this date */
	out->t.sec = tsn_civil_secs(y, mo, d, h, mi, se);
	out->t.nsec = nsec;
	out->t.prec = prec;
	out->zoneless = 1;
	out->abbr = NULL;
	out->abbr_len = 0;
	return (int)i;
}

int syslog3164_locate(const tsn_format_def *self, const char *msg, size_t n,
		      const tsn_parse_ctx *c, tsn_stamp *out)
{
	(void)self;
	size_t i = 0;
	if (n > 0 && msg[0] == '<') {
		int p = parse_pri(msg, n);
		if (p < 0)
			return 0;
		i = (size_t)p;
	}
	tsn_stamp st;
	int k = syslog3164_parse(msg + i, n - i, c, &st);
	if (k < 0)
		return 0;
	i += (size_t)k;
	if (i < n && !is_ws(msg[i]))
		return 0;
	*out = st;
	return 1;
}
