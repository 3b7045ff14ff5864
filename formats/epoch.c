/* epoch.c — numeric Unix time: integer, decimal or exponent numbers in
 * seconds, milli-, micro- or nanoseconds told apart by magnitude (zap,
 * zerolog, JSON floats), and the logfmt locator for ts= / time= numbers. */
#include <string.h>

#include "scan.h"
#include "families_b.h"

#define EPOCH_MAX_LEN 64

/* The mantissa's digits with the "." removed, indexed from 0; digits past
 * the written ones read as 0 (an exponent may move the point past them). */
typedef struct digits {
	const char *ip; /* integer digits */
	int64_t il;
	const char *fp; /* fraction digits */
	int64_t fl;
} digits;

static inline int digit_at(const digits *d, int64_t j)
{
	if (j < 0)
		return 0;
	if (j < d->il)
		return d->ip[j] - '0';
	if (j < d->il + d->fl)
		return d->fp[j - d->il] - '0';
	return 0;
}

int epoch_parse(const char *s, size_t n, tsn_stamp *out)
{
	if (n == 0 || n > EPOCH_MAX_LEN)
		return -1;
	size_t i = 0;
	digits d = {s, 0, s, 0};
	while (i < n && is_digit(s[i]))
		i++;
	d.il = (int64_t)i;
	if (d.il == 0 || (d.il > 1 && s[0] == '0'))
		return -1; /* no digit before the point, or a leading zero */
	if (i < n && s[i] == '.') {
		size_t fb = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		d.fp = s + fb;
		d.fl = (int64_t)(i - fb);
		if (d.fl == 0)
			return -1; /* "1." */
	}
	int64_t e = 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int neg = 0;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			neg = s[i++] == '-';
		size_t eb = i;
		while (i < n && is_digit(s[i])) {
			if (e < 1000) /* saturates: anything this large fails the bound */
				e = e * 10 + (s[i] - '0');
			i++;
		}
		if (i == eb)
			return -1; /* "1e", "1e+" */
		if (neg)
			e = -e;
	}
	if (i != n)
		return -1;

	int64_t m = d.il + d.fl;  /* written mantissa digits */
	int64_t point = d.il + e; /* digits before the point once the exponent applies */
	int64_t z = 0;            /* first non-zero digit */
	while (z < m && digit_at(&d, z) == 0)
		z++;
	if (z == m)
		return -1; /* zero */
	int64_t len = point - z; /* digits of the integer part, no leading zeros */
	if (len < 9 || len > 20)
		return -1; /* below 1e8 or at least 1e20: not a plausible stamp */
	int unit = len <= 11 ? 0 : len <= 14 ? 3 : len <= 17 ? 6 : 9; /* fraction digits per second */

	int64_t sec = 0;
	for (int64_t j = z; j < point - unit; j++)
		sec = sec * 10 + digit_at(&d, j); /* at most 11 digits */
	int32_t nsec = 0;
	for (int64_t j = point - unit; j < point - unit + 9; j++)
		nsec = nsec * 10 + digit_at(&d, j);

	/* the last written digit weighs 10^(point - unit - m) s */
	int64_t x = 9 + point - unit - m;
	int32_t prec = 1;
	if (x >= 9)
		prec = 1000000000;
	else
		for (int64_t k = 0; k < x; k++)
			prec *= 10;

	out->t.sec = sec;
	out->t.nsec = nsec;
	out->t.prec = prec;
	out->zoneless = 0;
	out->abbr = NULL;
	out->abbr_len = 0;
	return (int)n;
}

