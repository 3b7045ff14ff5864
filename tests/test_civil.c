/* test_civil.c — proleptic Gregorian arithmetic in formats/civil.c:
 * civil_to_days / civil_from_days against a naive day-by-day counter over
 * 0000-01-01..9999-12-31 (and some negative years), spot values, leap rules. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "scan.h"
#include "tstime.h"

/* The test's own calendar: a month-length table and the Gregorian leap rule
 * (every 4th year, except centuries, except every 400th), written out here
 * independently of formats/civil.c. */
static const int naive_len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int naive_leap(long long y)
{
	if (y % 400 == 0)
		return 1;
	if (y % 100 == 0)
		return 0;
	return y % 4 == 0;
}

static int naive_month_len(long long y, int m)
{
	return m == 2 && naive_leap(y) ? 29 : naive_len[m - 1];
}

/* Days since 1970-01-01 of 0000-01-01.  Derivation: Python's
 * date(1970,1,1).toordinal() = 719163 and date(1,1,1).toordinal() = 1, so
 * 0001-01-01 is day -719162; year 0000 is a leap year (divisible by 400),
 * 366 days, so 0000-01-01 is -719162 - 366 = -719528.  Cross-check:
 * date -u -d '0000-01-01T00:00:00Z' +%s = -62167219200 = -719528 * 86400. */
#define DAY_0000_01_01 (-719528LL)

Test(civil, epoch_is_day_zero)
{
	cr_assert_eq(civil_to_days(1970, 1, 1), 0);
	int64_t y = -1;
	int m = -1, d = -1;
	civil_from_days(0, &y, &m, &d);
	cr_assert(y == 1970 && m == 1 && d == 1, "day 0 -> %lld-%d-%d", (long long)y, m, d);
}

/* Spot values; each from Python: date(Y,M,D).toordinal() - 719163. */
static const struct {
	int y, m, d;
	long long days;
} spots[] = {
	{1969, 12, 31, -1},
	{2000, 2, 29, 11016},
	{2000, 3, 1, 11017},
	{2024, 2, 29, 19782},
	{1600, 2, 29, -135081},
	{1900, 3, 1, -25508},
	{2100, 3, 1, 47541},
	{1582, 10, 15, -141427},
	{2038, 1, 19, 24855},
	{1, 1, 1, -719162},
	{9999, 12, 31, 2932896},
	{0, 1, 1, DAY_0000_01_01},
	/* 0000-02-29: 0000-01-01 + 31 (January) + 28 = -719469; cross-check
	 * date -u -d '0000-02-29T00:00:00Z' +%s = -62162121600 = -719469 * 86400 */
	{0, 2, 29, -719469},
};

Test(civil, spot_values_both_directions)
{
	for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
		cr_assert_eq(civil_to_days(spots[i].y, spots[i].m, spots[i].d), spots[i].days,
			     "%04d-%02d-%02d", spots[i].y, spots[i].m, spots[i].d);
		int64_t y;
		int m, d;
		civil_from_days(spots[i].days, &y, &m, &d);
		cr_assert(y == spots[i].y && m == spots[i].m && d == spots[i].d,
			  "day %lld -> %lld-%d-%d, want %d-%d-%d", spots[i].days, (long long)y, m, d,
			  spots[i].y, spots[i].m, spots[i].d);
	}
}

Test(civil, leap_rules)
{
	/* divisible by 400: leap */
	cr_assert(civil_is_leap(1600));
	cr_assert(civil_is_leap(2000));
	cr_assert(civil_is_leap(0));
	cr_assert(civil_is_leap(2400));
	/* divisible by 100 but not 400: common */
	cr_assert(!civil_is_leap(1700));
	cr_assert(!civil_is_leap(1800));
	cr_assert(!civil_is_leap(1900));
	cr_assert(!civil_is_leap(2100));
	/* divisible by 4 only: leap; otherwise common */
	cr_assert(civil_is_leap(2024));
	cr_assert(civil_is_leap(4));
	cr_assert(civil_is_leap(1996));
	cr_assert(!civil_is_leap(2023));
	cr_assert(!civil_is_leap(2025));
	cr_assert(!civil_is_leap(1));
	cr_assert(!civil_is_leap(9999));
	/* astronomical year numbering before year 0: -4 and -400 leap, -100 not */
	cr_assert(civil_is_leap(-4));
	cr_assert(civil_is_leap(-400));
	cr_assert(!civil_is_leap(-100));
	cr_assert(!civil_is_leap(-1));
}

Test(civil, days_in_month)
{
	static const int common[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++) {
		cr_assert_eq(civil_days_in_month(2023, m), common[m - 1], "2023-%02d", m);
		cr_assert_eq(civil_days_in_month(2024, m), m == 2 ? 29 : common[m - 1], "2024-%02d", m);
	}
	cr_assert_eq(civil_days_in_month(1900, 2), 28);
	cr_assert_eq(civil_days_in_month(2100, 2), 28);
	cr_assert_eq(civil_days_in_month(2000, 2), 29);
	cr_assert_eq(civil_days_in_month(1600, 2), 29);
	cr_assert_eq(civil_days_in_month(0, 2), 29);
}

/* Every day of 0000-01-01..9999-12-31, forward, against the naive counter.
 * Mismatches are counted and the first one reported, rather than asserting
 * millions of times. */
Test(civil, walk_every_day_0000_to_9999)
{
	long long counter = DAY_0000_01_01;
	long long bad_to = 0, bad_from = 0, bad_len = 0;
	char first[128] = "";
	for (long long y = 0; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			int len = naive_month_len(y, m);
			if (civil_days_in_month(y, m) != len) {
				if (!bad_len++ && !first[0])
					snprintf(first, sizeof first, "days_in_month(%lld,%d)", y, m);
			}
			for (int d = 1; d <= len; d++, counter++) {
				if (civil_to_days(y, m, d) != counter) {
					if (!bad_to++ && !first[0])
						snprintf(first, sizeof first, "to_days(%04lld-%02d-%02d)", y, m, d);
				}
				int64_t yy;
				int mm, dd;
				civil_from_days(counter, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d) {
					if (!bad_from++ && !first[0])
						snprintf(first, sizeof first, "from_days(%lld)", counter);
				}
			}
		}
	}
	cr_assert_eq(bad_len, 0, "first mismatch: %s", first);
	cr_assert_eq(bad_to, 0, "first mismatch: %s", first);
	cr_assert_eq(bad_from, 0, "first mismatch: %s", first);
	/* the counter ends one past 9999-12-31, which is day 2932896
	 * (Python: date(9999,12,31).toordinal() - 719163) */
	cr_assert_eq(counter, 2932896 + 1);
}

/* scan.h's unsigned day count, used by the recognizers for years
 * 0000..9999, against the same counter on every day it can be given. */
Test(civil, scan_days_every_day_0000_to_9999)
{
	long long counter = DAY_0000_01_01, bad = 0;
	char first[64] = "";
	for (unsigned y = 0; y <= 9999; y++)
		for (unsigned m = 1; m <= 12; m++)
			for (int d = 1; d <= naive_month_len(y, (int)m); d++, counter++)
				if (scan_days(y, m, (unsigned)d) != counter && !bad++)
					snprintf(first, sizeof first, "%04u-%02u-%02d", y, m, d);
	cr_assert_eq(bad, 0, "first mismatch: %s", first);
}

/* Proleptic before year 0 (astronomical numbering): walk backwards from
 * 0000-01-01 down to -4000-01-01.  Go never produces these, but tstime.h
 * promises the conversion is exact for negative years too. */
Test(civil, walk_backwards_negative_years)
{
	long long counter = DAY_0000_01_01 - 1; /* -0001-12-31 */
	long long bad = 0;
	char first[128] = "";
	for (long long y = -1; y >= -4000; y--) {
		for (int m = 12; m >= 1; m--) {
			for (int d = naive_month_len(y, m); d >= 1; d--, counter--) {
				int64_t yy;
				int mm, dd;
				civil_from_days(counter, &yy, &mm, &dd);
				if (civil_to_days(y, m, d) != counter || yy != y || mm != m || dd != d) {
					if (!bad++)
						snprintf(first, sizeof first, "%lld-%02d-%02d / day %lld", y, m, d,
							 counter);
				}
			}
		}
	}
	cr_assert_eq(bad, 0, "first mismatch: %s", first);
}

/* Both directions agree around the 400-year era boundaries the code splits
 * on (0000-03-01, 0400-03-01, 2000-03-01, ...): the day before an era start
 * is Feb 29 of a year divisible by 400. */
Test(civil, era_boundaries)
{
	for (long long y = -1200; y <= 9600; y += 400) {
		long long start = civil_to_days(y, 3, 1);
		int64_t yy;
		int mm, dd;
		civil_from_days(start - 1, &yy, &mm, &dd);
		cr_assert(yy == y && mm == 2 && dd == 29, "day before %lld-03-01 is %lld-%d-%d", y,
			  (long long)yy, mm, dd);
		/* an era is exactly 146097 days: 400*365 + 97 leap days */
		cr_assert_eq(civil_to_days(y + 400, 3, 1) - start, 146097, "era from %lld", y);
	}
}
