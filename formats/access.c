/* access.c — Apache/nginx access logs ("[30/May/2024:12:34:56 +0000]",
 * Apache %t and nginx $time_local, anywhere in the line) and the nginx error
 * log prefix ("2024/05/30 12:34:56 [error] ..."), zoneless. */
#include <string.h>

#include "scan.h"
#include "families_b.h"

/* 1..12 for an English month abbreviation as written ("Jan"), or 0. */
int access_parse(const char *s, size_t n, tsn_stamp *out)
{
	if (n < 26) /* "02/Jan/2006:15:04:05 -0700" */
		return -1;
	if (s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':' ||
	    s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
		return -1;
	int d = dig2(s), mo = month3(s + 3), yh = dig2(s + 7), yl = dig2(s + 9);
	int h = dig2(s + 12), mi = dig2(s + 15), se = dig2(s + 18);
	int oh = dig2(s + 22), om = dig2(s + 24);
	if ((d | mo | yh | yl | h | mi | se | oh | om) < 0)
		return -1;
	int y = yh * 100 + yl;
	if (d < 1 || d > civil_days_in_month(y, mo) || h > 23 || mi > 59 || se > 59 || oh > 23 ||
	    om > 59)
		return -1;
	int32_t off = (oh * 60 + om) * 60;
	if (s[21] == '-')
		off = -off;
	out->t.sec = tsn_civil_secs(y, mo, d, h, mi, se) - off;
	out->t.nsec = 0;
	out->t.prec = 1000000000;
	out->zoneless = 0;
	out->abbr = NULL;
	out->abbr_len = 0;
	return 26;
}

int access_locate(const tsn_format_def *self, const char *msg, size_t n,
		  const tsn_parse_ctx *c, tsn_stamp *out)
{
	(void)self;
	(void)c;
	const char *p = msg, *end = msg + n;
	while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
		p++;
		size_t rest = (size_t)(end - p);
		tsn_stamp st;
		if (rest >= 27 && p[26] == ']' && access_parse(p, rest, &st) == 26) {
			*out = st;
			return 1;
		}
	}
	return 0;
}

int nginx_error_parse(const char *s, size_t n, tsn_stamp *out)
{
	if (n < 19) /* "2006/01/02 15:04:05" */
		return -1;
	if (s[4] != '/' || s[7] != '/' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return -1;
	int64_t local;
	if (scan_datetime19(s, &local) < 0)
		return -1;
	if (n > 19 && is_digit(s[19]))
		return -1;
	out->t.sec = local;
	out->t.nsec = 0;
	out->t.prec = 1000000000;
	out->zoneless = 1;
	out->abbr = NULL;
	out->abbr_len = 0;
	return 19;
}

/* nginx's err_levels (src/core/ngx_log.c) closed by "]": the word's length,
 * or 0. */
static size_t level_word(const char *s, size_t n)
{
	static const char *const levels[] = {"emerg", "alert",  "crit", "error",
					     "warn",  "notice", "info", "debug"};
	for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++) {
		size_t l = strlen(levels[k]);
		if (n > l && memcmp(s, levels[k], l) == 0 && s[l] == ']')
			return l;
	}
	return 0;
}

int nginx_error_locate(const tsn_format_def *self, const char *msg, size_t n,
		       const tsn_parse_ctx *c, tsn_stamp *out)
{
	(void)self;
	(void)c;
	tsn_stamp st;
	if (nginx_error_parse(msg, n, &st) != 19)
		return 0;
	if (n < 21 || msg[19] != ' ' || msg[20] != '[')
		return 0;
	size_t l = level_word(msg + 21, n - 21);
	if (l == 0)
		return 0;
	size_t i = 21 + l + 1; /* past "]" */
	if (i < n && msg[i] != ' ')
		return 0;
	*out = st;
	return 1;
}
