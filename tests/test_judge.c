/* test_judge.c — the chosen time, precision-aware skew, its threshold,
 * decimal formatting and the bounded skew histogram.  Expected values are
 * worked out by hand in the comments from the rules in README.md. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge.h"
#include "stats.h"

/* 2024-05-30T12:34:56Z = 1717072496 s (date -u -d 2024-05-30T12:34:56Z +%s) */
#define T0 1717072496LL
#define MS 1000000LL

static tsn_time at(int64_t sec, int32_t nsec, int32_t prec)
{
	return (tsn_time){.sec = sec, .nsec = nsec, .prec = prec};
}

Test(judge, exact_stamp_skew_is_plain_difference)
{
	/* app .123456789 (9 digits: [t, t+1ns]), runtime .124:
	 * t - r = -543211 ns; the interval's far end t+1ns gives -543210 ns */
	tsn_time app = at(T0, 123456789, 1), rt = at(T0, 124000000, 1);
	tsn_verdict v;
	judge(&app, &rt, 3 * MS, &v);
	cr_assert(v.from_app && v.has_skew);
	cr_assert_eq(v.skew_ns, -543210);
	cr_assert_eq(v.skew_us, -543);
	cr_assert_not(v.flagged);
	cr_assert_eq(v.t.sec, T0);
	cr_assert_eq(v.t.nsec, 123456789);
}

Test(judge, whole_second_stamp_is_an_interval)
{
	tsn_time app = at(T0, 0, 1000000000);
	tsn_verdict v;
	/* runtime inside [56.000, 57.000]: no skew at all */
	tsn_time r1 = at(T0, 999000000, 1);
	judge(&app, &r1, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, 0);
	cr_assert_not(v.flagged);
	/* runtime 57.003 exactly: 3.000 ms past the interval, not beyond 3 ms */
	tsn_time r2 = at(T0 + 1, 3000000, 1);
	judge(&app, &r2, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, -3 * MS);
	cr_assert_not(v.flagged);
	/* one nanosecond more is beyond */
	tsn_time r3 = at(T0 + 1, 3000001, 1);
	judge(&app, &r3, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, -3 * MS - 1);
	cr_assert(v.flagged);
	cr_assert_eq(v.skew_us, -3000); /* printed -3.000, flagged on the exact value */
	/* runtime before the stamp's second: the app is ahead */
	tsn_time r4 = at(T0 - 1, 996000000, 1);
	judge(&app, &r4, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, 4 * MS);
	cr_assert(v.flagged);
}

Test(judge, millisecond_stamp_ahead_of_runtime)
{
	/* app 56.010 (3 digits: [56.010, 56.011]), runtime 56.001: +9 ms */
	tsn_time app = at(T0, 10000000, 1000000), rt = at(T0, 1000000, 1);
	tsn_verdict v;
	judge(&app, &rt, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, 9 * MS);
	cr_assert_eq(v.skew_us, 9000);
	cr_assert(v.flagged);
	/* the same with --max-skew 9.5 */
	judge(&app, &rt, 9500000, &v);
	cr_assert_not(v.flagged);
}

Test(judge, microsecond_stamp_behind_runtime)
{
	/* app 56.000100 (us: [56.000100, 56.000101]), runtime 56.000250: -149 us */
	tsn_time app = at(T0, 100000, 1000), rt = at(T0, 250000, 1);
	tsn_verdict v;
	judge(&app, &rt, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, -149000);
	cr_assert_eq(v.skew_us, -149);
}

Test(judge, no_app_stamp_uses_runtime)
{
	tsn_time rt = at(T0, 100000000, 1);
	tsn_verdict v;
	judge(NULL, &rt, 3 * MS, &v);
	cr_assert_not(v.from_app);
	cr_assert_not(v.has_skew);
	cr_assert_not(v.flagged);
	cr_assert_eq(tsn_time_ms(&v.t), T0 * 1000 + 100);
}

Test(judge, stamps_centuries_apart_saturate_but_print_exactly)
{
	/* 0001-01-01T00:00:00Z = -62135596800 s (Go's zero Time, Unix()).
	 * app - runtime interval end: -62135596800 + 1 - 1717072496 = -63852669295 s */
	tsn_time app = at(-62135596800LL, 0, 1000000000), rt = at(T0, 0, 1);
	tsn_verdict v;
	judge(&app, &rt, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, -INT64_MAX);
	cr_assert_eq(v.skew_us, -63852669295LL * 1000000);
	cr_assert(v.flagged);
}

/* The skew against its definition worked in 128-bit nanoseconds: the app
 * stamp is [t, t + prec], the skew the signed distance from the runtime's
 * time to the nearest point of it (0 inside), skew_ns that clamped to
 * +-INT64_MAX, skew_us it rounded to the microsecond, halves away from 0.
 * Random pairs from the same instant to centuries apart, so both the
 * plain-nanosecond arithmetic (clocks within about three years) and the
 * general one, and the edge between them, are met. */
Test(judge, skew_matches_its_definition_at_every_distance)
{
	static const int64_t precs[] = {1, 1000, 1000000, 1000000000, 60000000000LL, 86400000000000LL};
	static const int64_t spans[] = {0, 1, 3, 1000, 99999999, 100000000, 100000001,
					3000000000LL, 62135596800LL + T0};
	uint64_t x = 0xa4093822299f31d0ULL;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t span = spans[x % 9];
		int64_t ds = span ? (int64_t)((x >> 8) % (uint64_t)(2 * span + 1)) - span : 0;
		if ((x >> 40) % 4 == 0)
			ds = (x >> 42) % 2 ? span : -span; /* the span's own edges */
		tsn_time rt = at(T0, (int32_t)((x >> 20) % 1000000000), 1);
		tsn_time app = {.sec = T0 + ds, .nsec = (int32_t)((x >> 30) % 1000000000),
				.prec = precs[(x >> 50) % 6]};
		tsn_verdict v;
		judge(&app, &rt, 3 * MS, &v);

		__int128 lo = (__int128)(app.sec - rt.sec) * 1000000000 + (app.nsec - rt.nsec);
		__int128 hi = lo + app.prec;
		__int128 sk = lo > 0 ? lo : hi < 0 ? hi : 0;
		__int128 mag = sk < 0 ? -sk : sk;
		int64_t want_ns = mag > INT64_MAX ? (sk < 0 ? -INT64_MAX : INT64_MAX) : (int64_t)sk;
		int64_t want_us = (int64_t)(sk < 0 ? -((mag + 500) / 1000) : (mag + 500) / 1000);
		cr_assert_eq(v.skew_ns, want_ns, "ds %lld nsec %d/%d prec %lld", (long long)ds,
			     app.nsec, rt.nsec, (long long)app.prec);
		cr_assert_eq(v.skew_us, want_us, "ds %lld nsec %d/%d prec %lld", (long long)ds,
			     app.nsec, rt.nsec, (long long)app.prec);
		cr_assert_eq(v.flagged, mag > 3 * MS);
	}
}

Test(judge, time_ms_floors_before_1970)
{
	/* 1969-12-31T23:59:59.9995Z is -0.5 ms: floor gives -1 */
	tsn_time t = at(-1, 999500000, 100000);
	cr_assert_eq(tsn_time_ms(&t), -1);
	/* 1969-12-31T23:59:59Z is exactly -1000 ms */
	tsn_time u = at(-1, 0, 1000000000);
	cr_assert_eq(tsn_time_ms(&u), -1000);
	/* 1970-01-01T00:00:00.000999999Z is 0 ms */
	tsn_time w = at(0, 999999, 1);
	cr_assert_eq(tsn_time_ms(&w), 0);
}

static void check_ms(int64_t us, const char *want)
{
	char buf[32];
	size_t n = format_skew_ms(us, buf);
	buf[n] = 0;
	cr_assert_str_eq(buf, want);
}

Test(judge, skew_formatting)
{
	check_ms(0, "0.000");
	check_ms(1, "0.001");
	check_ms(-1, "-0.001");
	check_ms(-543, "-0.543");
	check_ms(3000, "3.000");
	check_ms(-12345678, "-12345.678");
	check_ms(1000000, "1000.000");
}

Test(judge, skew_rounds_to_nearest_microsecond)
{
	tsn_time rt = at(T0, 0, 1);
	tsn_verdict v;
	/* +1500 ns: halves go away from zero, 2 us */
	tsn_time a = at(T0, 1500, 1);
	judge(&a, &rt, 3 * MS, &v);
	cr_assert_eq(v.skew_us, 2);
	/* +1499 ns: 1 us */
	tsn_time b = at(T0, 1499, 1);
	judge(&b, &rt, 3 * MS, &v);
	cr_assert_eq(v.skew_us, 1);
	/* -1500 ns (runtime 1501 ns after a 1 ns-wide stamp at 0): -2 us */
	tsn_time r2 = at(T0, 1501, 1), c = at(T0, 0, 1);
	judge(&c, &r2, 3 * MS, &v);
	cr_assert_eq(v.skew_ns, -1500);
	cr_assert_eq(v.skew_us, -2);
}

Test(judge, integer_formatting)
{
	char buf[32];
	buf[format_i64(0, buf)] = 0;
	cr_assert_str_eq(buf, "0");
	buf[format_i64(-62135596800000LL, buf)] = 0;
	cr_assert_str_eq(buf, "-62135596800000");
	buf[format_i64(INT64_MAX, buf)] = 0;
	cr_assert_str_eq(buf, "9223372036854775807");
	buf[format_i64(-INT64_MAX, buf)] = 0;
	cr_assert_str_eq(buf, "-9223372036854775807");
}

/* The pair-at-a-time writer against snprintf: every digit count on both
 * sides of each power of ten, the extremes, and a spread of values. */
Test(judge, integer_formatting_matches_snprintf)
{
	char buf[32], want[32];
	int64_t vals[200];
	size_t nv = 0;
	vals[nv++] = INT64_MIN;
	vals[nv++] = INT64_MAX;
	/* p up to 1e18; unsigned, so the step after the last (1e19) is defined */
	for (uint64_t up = 1, k = 0; k < 19; k++, up *= 10) {
		int64_t p = (int64_t)up;
		vals[nv++] = p - 1;
		vals[nv++] = p;
		vals[nv++] = p + 1;
		vals[nv++] = -p;
		vals[nv++] = 1 - p;
		if (k < 18)
			vals[nv++] = p * 10 - 1; /* 99..9 */
	}
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	while (nv < sizeof vals / sizeof *vals) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		vals[nv++] = (int64_t)(x >> (x & 63));
	}
	for (size_t i = 0; i < nv; i++) {
		size_t n = format_i64(vals[i], buf);
		int w = snprintf(want, sizeof want, "%lld", (long long)vals[i]);
		buf[n] = 0;
		cr_assert_eq(n, (size_t)w, "%s", want);
		cr_assert_str_eq(buf, want);
	}
	size_t n = format_skew_ms(INT64_MIN + 1, buf);
	buf[n] = 0;
	cr_assert_str_eq(buf, "-9223372036854775.807");
}

/* The word-at-a-time digit writer: a million values spread over every
 * length, each against snprintf, and not one byte written past the number
 * (the buffer after it keeps its filler); skews likewise against the
 * arithmetic of their definition (us / 1000 "." us % 1000, three digits). */
Test(judge, integer_formatting_writes_exactly_its_digits)
{
	char buf[48], want[48];
	uint64_t x = 0x243f6a8885a308d3ULL;
	for (int i = 0; i < 1000000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t v = (int64_t)(x >> (x % 64));
		if (i & 1)
			v = -v;
		memset(buf, '#', sizeof buf);
		size_t n = format_i64(v, buf);
		int w = snprintf(want, sizeof want, "%lld", (long long)v);
		cr_assert_eq(n, (size_t)w, "%s", want);
		cr_assert(memcmp(buf, want, n) == 0, "%s: %.*s", want, (int)n, buf);
		for (size_t k = n; k < sizeof buf; k++)
			cr_assert_eq(buf[k], '#', "%s: byte %zu written", want, k);

		int64_t us = v / 1024;
		memset(buf, '#', sizeof buf);
		n = format_skew_ms(us, buf);
		uint64_t mag = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
		w = snprintf(want, sizeof want, "%s%llu.%03u", us < 0 ? "-" : "",
			     (unsigned long long)(mag / 1000), (unsigned)(mag % 1000));
		cr_assert_eq(n, (size_t)w, "%s", want);
		cr_assert(memcmp(buf, want, n) == 0, "%s: %.*s", want, (int)n, buf);
		for (size_t k = n; k < sizeof buf; k++)
			cr_assert_eq(buf[k], '#', "%s: byte %zu written", want, k);
	}
}

/* The memo writer over a walk that mostly steps a little (kept leading
 * digits), sometimes jumps (new ones), crosses every 100000 boundary it
 * meets and goes negative and back: always snprintf's digits. */
Test(judge, memo_formatting_matches_snprintf)
{
	tsn_i64_memo m = {0};
	char buf[48], want[48];
	int64_t v = 1717027199990LL; /* 2024-05-30T00:00:00Z less 10 ms, in ms */
	uint64_t x = 0x13198a2e03707344ULL;
	for (int i = 0; i < 500000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (x % 16) {
		case 0: v = (int64_t)(x >> (1 + x % 63)); break;      /* anywhere */
		case 1: v = -v; break;
		case 2: v = (int64_t)(x % 200000) - 50000; break;    /* near zero */
		case 3: v = INT64_MAX - 20000 - (int64_t)(x % 300000); break;
		default:                                              /* a step */
			if (v > INT64_MAX - 20000)
				v -= 100000;
			v += (int64_t)(x % 9000) - 1000;
			break;
		}
		memset(buf, '#', sizeof buf);
		size_t n = format_i64_memo(&m, v, buf);
		int w = snprintf(want, sizeof want, "%lld", (long long)v);
		cr_assert_eq(n, (size_t)w, "%s", want);
		cr_assert(memcmp(buf, want, n) == 0, "%s: %.*s", want, (int)n, buf);
		for (size_t k = 24; k < sizeof buf; k++)
			cr_assert_eq(buf[k], '#', "%s: byte %zu written", want, k);
	}
}

Test(judge, histogram_quantiles_within_bucket_error)
{
	static tsn_stats s;
	stats_init(&s);
	/* 1000 values -500..499 us: median is -1 (rank 499 of 0..999), p99 is 489 */
	for (int i = -500; i < 500; i++)
		stats_skew(&s, i);
	cr_assert_eq(s.skew_min_us, -500);
	cr_assert_eq(s.skew_max_us, 499);
	int64_t med = stats_quantile(&s, 0.5), p99 = stats_quantile(&s, 0.99);
	cr_assert(med >= -2 && med <= 0, "median %lld", (long long)med);
	/* buckets above 64 us are 1/32 of a power of two wide: 489 is in [480, 496) */
	cr_assert(p99 >= 480 && p99 < 496, "p99 %lld", (long long)p99);
	/* large magnitudes keep their sign and stay within 3.2 % */
	stats_init(&s);
	stats_skew(&s, -1000000);
	int64_t q = stats_quantile(&s, 0.5);
	cr_assert_eq(q, -1000000); /* clamped to the exact min/max */
	stats_skew(&s, -2000000);
	stats_skew(&s, -3000000);
	q = stats_quantile(&s, 0.5);
	cr_assert(q <= -1936000 && q >= -2064000, "median %lld", (long long)q);
}

Test(judge, magnitude_quantiles_see_the_negative_tail)
{
	static tsn_stats s;
	stats_init(&s);
	/* 99 lines 10 us early, one 250 ms early: signed p99 sits near -10 us,
	 * but the magnitude's p99 (rank 98 of 0..99) is 10 and its max 250000 */
	for (int i = 0; i < 99; i++)
		stats_skew(&s, -10);
	stats_skew(&s, -250000);
	cr_assert_eq(stats_quantile_abs(&s, 0.5), 10);
	cr_assert_eq(stats_quantile_abs(&s, 0.99), 10);
	int64_t top = stats_quantile_abs(&s, 1.0); /* the far bucket, clamped to the max */
	cr_assert(top >= 245760 && top <= 250000, "max %lld", (long long)top);
	/* with two of the hundred far out, p99 lands in the far bucket:
	 * 250000 is in [245760, 253952), within 3.2 % */
	stats_skew(&s, -250000);
	int64_t p = stats_quantile_abs(&s, 0.99);
	cr_assert(p >= 245760 && p <= 253952, "p99 %lld", (long long)p);
}
