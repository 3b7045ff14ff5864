/* scan.h — the byte-level pieces every recognizer reads stamps with:
 * digits, white space, English month abbreviations, and the calendar check
 * of a date and time.  Header-only and inline: they sit on the hot path. */
#ifndef TSNORM_SCAN_H
#define TSNORM_SCAN_H

#include <stdint.h>
#include <string.h>

#include "tstime.h"

static inline int is_digit(char c)
{
	return (unsigned)(c - '0') <= 9;
}

static inline int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Two decimal digits at s, or -1. */
static inline int dig2(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
	if (a > 9 || b > 9)
		return -1;
	return (int)(a * 10 + b);
}

/* "Jan".."Dec" (exact case) at s: 1..12, or -1. */
static inline int month3(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int m = 0; m < 12; m++)
		if (memcmp(s, names + 3 * m, 3) == 0)
			return m + 1;
	return -1;
}

/* A real calendar date and a time of day without leap seconds.  Only a
 * day past the 28th needs the month's length. */
static inline int valid_datetime(int64_t y, int mo, int d, int h, int mi, int se)
{
	return mo >= 1 && mo <= 12 && d >= 1 && (d <= 28 || d <= civil_days_in_month(y, mo)) &&
	       h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59;
}

/* civil_to_days for a year 0..9999 and a valid month, in unsigned
 * arithmetic (the year moved on by one 400-year era, so it stays positive
 * and the divisions are by constants without sign fix-ups). */
static inline int64_t scan_days(unsigned y, unsigned mo, unsigned d)
{
	y += 400 - (mo <= 2);                   /* the year starts in March */
	unsigned era = y / 400, yoe = y - era * 400;
	unsigned mp = mo > 2 ? mo - 3 : mo + 9; /* March = 0 */
	unsigned doy = (153 * mp + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468 - 146097;
}

/* The digits of "YYYY?MM?DD?hh:mm:ss" (19 bytes; the caller checks the
 * separators): local civil seconds (as if UTC) in *secs, or -1. */
static inline int scan_datetime19(const char *s, int64_t *secs)
{
	int yh = dig2(s), yl = dig2(s + 2), mo = dig2(s + 5), d = dig2(s + 8);
	int h = dig2(s + 11), mi = dig2(s + 14), se = dig2(s + 17);
	if ((yh | yl | mo | d | h | mi | se) < 0)
		return -1;
	int y = yh * 100 + yl;
	if (!valid_datetime(y, mo, d, h, mi, se))
		return -1;
	*secs = scan_days((unsigned)y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 +
		se;
	return 0;
}

/* 10^(9 - k): the nanoseconds one unit of the k-th fraction digit is */
static const int32_t scan_frac_unit[10] = {1000000000, 100000000, 10000000, 1000000, 100000,
					   10000,      1000,      100,      10,      1};

/* Fraction digits at s[*i] (just past the separator): up to nine kept,
 * the rest read and dropped (truncation, as Go does).  Fills nanoseconds
 * and the precision of the last kept digit; advances *i past every digit. */
static inline void scan_fraction(const char *s, size_t n, size_t *i, int32_t *nsec, int64_t *prec)
{
	size_t j = *i, k = 0;
	int32_t ns = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	!defined(TSN_SCAN_NO_SWAR)
	if (n - j >= 8) {
		/* eight bytes at once: a byte is not a digit when its high
		 * nibble is not 3 or its low nibble is above 9 (neither test
		 * carries into the next byte) */
		uint64_t w;
		memcpy(&w, s + j, 8);
		uint64_t bad = ((w & 0xf0f0f0f0f0f0f0f0ULL) ^ 0x3030303030303030ULL) |
			       (((w & 0x0f0f0f0f0f0f0f0fULL) + 0x0606060606060606ULL) &
				0xf0f0f0f0f0f0f0f0ULL);
		k = bad ? (size_t)__builtin_ctzll(bad) / 8 : 8; /* leading digits */
		if (k) {
			/* the digits to the top bytes (the first byte is the most
			 * significant digit), then pairs, quads, the eight */
			uint64_t d = (w & 0x0f0f0f0f0f0f0f0fULL) << (8 * (8 - k));
			d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffULL;
			d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffULL;
			d = (d * 10000 + (d >> 32)) & 0xffffffffULL;
			ns = (int32_t)d;
		}
		if (k == 8 && j + 8 < n && is_digit(s[j + 8])) {
			ns = ns * 10 + (s[j + 8] - '0');
			k = 9;
		}
		j += k;
	} else
#endif
	{
		size_t lim = n - j > 9 ? j + 9 : n;
		while (j < lim && is_digit(s[j])) {
			ns = ns * 10 + (s[j] - '0');
			j++;
		}
		k = j - *i;
	}
	int32_t unit = scan_frac_unit[k];
	if (k == 9)
		while (j < n && is_digit(s[j]))
			j++;
	*nsec = ns * unit;
	*prec = unit;
	*i = j;
}

#endif
