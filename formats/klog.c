/* klog.c — the Kubernetes klog / glog header
 * "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg": severity I/W/E/F, no year
 * (inferred from the reference time), local time without a zone. */
#include "scan.h"
#include "families_a.h"

int klog_parse(const char *s, size_t n, const tsn_parse_ctx *c, tsn_stamp *out)
{
	if (n < 21 || !c) /* "I0102 15:04:05.000000" */
		return -1;
	if (s[0] != 'I' && s[0] != 'W' && s[0] != 'E' && s[0] != 'F')
		return -1;
	if (s[5] != ' ' || s[8] != ':' || s[11] != ':' || s[14] != '.')
		return -1;
	int mo = dig2(s + 1), d = dig2(s + 3);
	int h = dig2(s + 6), mi = dig2(s + 9), se = dig2(s + 12);
	if ((mo | d | h | mi | se) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return -1;
	int32_t us = 0;
	for (int k = 15; k < 21; k++) {
		if (!is_digit(s[k]))
			return -1;
		us = us * 10 + (s[k] - '0');
	}
	if (n > 21 && is_digit(s[21]))
		return -1; /* klog writes exactly six digits */
	int64_t y = tsn_infer_year(c, mo, d, h, mi, se);
	if (y < 0)
		return -1; /* no year near the reference has this date */
	out->t.sec = tsn_civil_secs(y, mo, d, h, mi, se);
	out->t.nsec = us * 1000;
	out->t.prec = 1000;
	out->zoneless = 1;
	out->abbr = NULL;
	out->abbr_len = 0;
	return 21;
}

int klog_locate(const tsn_format_def *self, const char *msg, size_t n, const tsn_parse_ctx *c,
		tsn_stamp *out)
{
	(void)self;
	tsn_stamp st;
	if (klog_parse(msg, n, c, &st) < 0)
		return 0;
	/* one or more spaces (the thread id is written %7d), the thread id,
	 * and the space before file:line] */
	size_t i = 21;
	while (i < n && msg[i] == ' ')
		i++;
	size_t digits = i;
	while (i < n && is_digit(msg[i]))
		i++;
	if (i == digits || i >= n || msg[i] != ' ')
		return 0;
	*out = st;
	return 1;
}
