/* test_rfc3339.c — rfc3339_parse / rfc3339_parse_exact against the accept set
 * of Go's fast RFC 3339 parser (time.parseRFC3339), plus tsn_time_ms,
 * tsn_format_rfc3339nano round trips and tsn_diff_ns. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "scan.h"
#include "tstime.h"

static int parse_exact(const char *s, tsn_time *t)
{
	return rfc3339_parse_exact(s, strlen(s), t);
}

/* Parses s exactly and checks all three fields. */
static void expect(const char *s, long long sec, long nsec, long prec)
{
	tsn_time t = {0, -1, -1};
	int k = parse_exact(s, &t);
	cr_assert_eq(k, (int)strlen(s), "%s: returned %d", s, k);
	cr_expect_eq(t.sec, sec, "%s: sec %lld, want %lld", s, (long long)t.sec, sec);
	cr_expect_eq(t.nsec, nsec, "%s: nsec %ld, want %ld", s, (long)t.nsec, nsec);
	cr_expect_eq(t.prec, prec, "%s: prec %ld, want %ld", s, (long)t.prec, prec);
}

static void reject(const char *s)
{
	tsn_time t;
	cr_expect_eq(parse_exact(s, &t), -1, "accepted: \"%s\"", s);
	cr_expect_eq(rfc3339_parse(s, strlen(s), &t), -1, "prefix-accepted: \"%s\"", s);
}

/* ---- accepted stamps and their values -------------------------------- */

Test(rfc3339, basic_utc)
{
	/* date -u -d '2024-05-30T12:34:56Z' +%s = 1717072496 */
	expect("2024-05-30T12:34:56Z", 1717072496, 0, 1000000000);
}

Test(rfc3339, offsets_are_subtracted)
{
	/* 12:00+02:00 = 10:00Z; date -u -d '2024-05-30T10:00:00Z' +%s = 1717063200 */
	expect("2024-05-30T12:00:00+02:00", 1717063200, 0, 1000000000);
	/* 12:34:56-05:30 = 18:04:56Z; date -u -d '2024-05-30T18:04:56Z' +%s = 1717092296 */
	expect("2024-05-30T12:34:56-05:30", 1717092296, 0, 1000000000);
	/* -00:00 and +00:00 are UTC */
	expect("2024-05-30T12:34:56-00:00", 1717072496, 0, 1000000000);
	expect("2024-05-30T12:34:56+00:00", 1717072496, 0, 1000000000);
	/* the extreme offsets: 12:34:56+23:59 = 12:35:56Z on the 29th;
	 * 1717072496 - 86400 + 60 = 1716986156 */
	expect("2024-05-30T12:34:56+23:59", 1716986156, 0, 1000000000);
	/* 12:34:56-23:59 = 12:33:56Z on the 31st; 1717072496 + 86400 - 60 = 1717158836 */
	expect("2024-05-30T12:34:56-23:59", 1717158836, 0, 1000000000);
}

Test(rfc3339, slog_style_fraction_and_offset)
{
	/* 12:34:56.789+02:00 = 10:34:56.789Z;
	 * date -u -d '2024-05-30T10:34:56Z' +%s = 1717065296 */
	expect("2024-05-30T12:34:56.789+02:00", 1717065296, 789000000, 1000000);
}

Test(rfc3339, fraction_precision)
{
	/* prec = nanoseconds per last written digit = 10^(9 - digits), 1 past 9 */
	expect("2024-05-30T12:34:56.5Z", 1717072496, 500000000, 100000000);
	expect("2024-05-30T12:34:56.12Z", 1717072496, 120000000, 10000000);
	expect("2024-05-30T12:34:56.123Z", 1717072496, 123000000, 1000000);
	expect("2024-05-30T12:34:56.1234Z", 1717072496, 123400000, 100000);
	expect("2024-05-30T12:34:56.12345Z", 1717072496, 123450000, 10000);
	expect("2024-05-30T12:34:56.123456Z", 1717072496, 123456000, 1000);
	expect("2024-05-30T12:34:56.1234567Z", 1717072496, 123456700, 100);
	expect("2024-05-30T12:34:56.12345678Z", 1717072496, 123456780, 10);
	expect("2024-05-30T12:34:56.123456789Z", 1717072496, 123456789, 1);
	/* trailing zeros still count as written digits */
	expect("2024-05-30T12:34:56.000Z", 1717072496, 0, 1000000);
	expect("2024-05-30T12:34:56.000000001Z", 1717072496, 1, 1);
}

/* scan_fraction on its own (the eight-byte path when eight bytes are
 * there, else byte by byte), every digit count 0..14, the digits running to
 * the very end of the buffer or followed by a byte that is no digit, among
 * them the neighbours of '0'..'9' and bytes whose low nibble is a digit. */
Test(rfc3339, scan_fraction_every_length)
{
	static const char digits[] = "98765432101234";
	static const char stops[] = {'Z', '/', ':', ' ', '\0', (char)0xb0, (char)0xb9, (char)0x39 + 0x40,
				     (char)0xff, 'a'};
	for (size_t len = 0; len <= 14; len++) {
		char buf[32];
		memcpy(buf, digits, len);
		int32_t want = 0, unit = 1000000000;
		for (size_t k = 0; k < len && k < 9; k++) {
			want = want * 10 + (digits[k] - '0');
			unit /= 10;
		}
		for (size_t st = 0; st <= sizeof stops; st++) {
			/* st == sizeof stops: nothing after the digits */
			size_t n = len;
			if (st < sizeof stops) {
				buf[n++] = stops[st];
				memset(buf + n, '7', 8); /* digits after the stop are not read */
				n += 8;
			}
			size_t i = 0;
			int32_t ns = -1;
			int64_t prec = -1;
			scan_fraction(buf, n, &i, &ns, &prec);
			cr_assert_eq(i, len, "len %zu stop %zu", len, st);
			cr_assert_eq(ns, want * unit, "len %zu stop %zu", len, st);
			cr_assert_eq(prec, unit, "len %zu stop %zu", len, st);
		}
	}
}

Test(rfc3339, digits_past_ninth_are_dropped_not_rounded)
{
	expect("2024-05-30T12:34:56.1234567899Z", 1717072496, 123456789, 1);
	/* rounding would carry into the next second */
	expect("2024-05-30T12:34:56.99999999999999999999Z", 1717072496, 999999999, 1);
	expect("2024-05-30T12:34:56.0000000009+02:00", 1717072496 - 7200, 0, 1);
}

Test(rfc3339, leap_days)
{
	/* date -u -d '2000-02-29T00:00:00Z' +%s = 951782400 */
	expect("2000-02-29T00:00:00Z", 951782400, 0, 1000000000);
	/* date -u -d '2024-02-29T23:59:59Z' +%s = 1709251199 */
	expect("2024-02-29T23:59:59Z", 1709251199, 0, 1000000000);
	/* date -u -d '1600-02-29T12:00:00Z' +%s = -11670955200 */
	expect("1600-02-29T12:00:00Z", -11670955200LL, 0, 1000000000);
	/* year 0000 is divisible by 400: date -u -d '0000-02-29T00:00:00Z' +%s */
	expect("0000-02-29T00:00:00Z", -62162121600LL, 0, 1000000000);
}

Test(rfc3339, before_1970)
{
	/* date -u -d '1969-12-31T23:59:59Z' +%s = -1; nsec stays non-negative */
	expect("1969-12-31T23:59:59.5Z", -1, 500000000, 100000000);
	expect("1969-12-31T23:59:59Z", -1, 0, 1000000000);
	/* date -u -d '1900-01-01T00:00:00Z' +%s = -2208988800 */
	expect("1900-01-01T00:00:00Z", -2208988800LL, 0, 1000000000);
	/* 00:30+01:00 on 1970-01-01 is 1969-12-31T23:30:00Z = -1800 */
	expect("1970-01-01T00:30:00+01:00", -1800, 0, 1000000000);
}

Test(rfc3339, year_range_ends)
{
	/* date -u -d '0000-01-01T00:00:00Z' +%s = -62167219200 */
	expect("0000-01-01T00:00:00Z", -62167219200LL, 0, 1000000000);
	/* date -u -d '9999-12-31T23:59:59Z' +%s = 253402300799 */
	expect("9999-12-31T23:59:59.999999999Z", 253402300799LL, 999999999, 1);
	/* offsets may carry the instant outside 0000..9999 (Go accepts these):
	 * -62167219200 - 3600 = -62167222800 */
	expect("0000-01-01T00:00:00+01:00", -62167222800LL, 0, 1000000000);
	/* 253402300799 + 23*3600 + 59*60 = 253402387139 */
	expect("9999-12-31T23:59:59-23:59", 253402387139LL, 0, 1000000000);
}

/* ---- rejected stamps ------------------------------------------------- */

Test(rfc3339, rejects_bad_calendar_dates)
{
	reject("2023-02-29T00:00:00Z");
	reject("1900-02-29T00:00:00Z");
	reject("2100-02-29T00:00:00Z");
	reject("2024-02-30T00:00:00Z");
	reject("2024-04-31T00:00:00Z");
	reject("2024-06-31T00:00:00Z");
	reject("2024-09-31T00:00:00Z");
	reject("2024-11-31T00:00:00Z");
	reject("2024-01-32T00:00:00Z");
	reject("2024-01-00T00:00:00Z");
	reject("2024-00-10T00:00:00Z");
	reject("2024-13-10T00:00:00Z");
}

Test(rfc3339, rejects_bad_clock)
{
	reject("2024-05-30T24:00:00Z");
	reject("2024-05-30T12:60:00Z");
	reject("2024-05-30T23:59:60Z"); /* no leap second */
	reject("2024-05-30T99:00:00Z");
}

Test(rfc3339, rejects_wrong_letters_and_separators)
{
	reject("2024-05-30t12:34:56Z");
	reject("2024-05-30T12:34:56z");
	reject("2024-05-30 12:34:56Z");
	reject("2024/05/30T12:34:56Z");
	reject("2024-05-30T12.34.56Z");
	reject("2024-05-30T12:34:56,123Z"); /* comma fraction */
	reject("2024-05-30T12:34:56.Z");    /* dot without digits */
	reject("2024-05-30T12:34:56.+02:00");
	reject("2024-05-30T12:34:56.12a3Z");
}

Test(rfc3339, rejects_non_fixed_width_fields)
{
	reject("2024-5-30T12:34:56Z");
	reject("2024-05-3T12:34:56Z");
	reject("2024-05-30T2:34:56Z");
	reject("12024-05-30T12:34:56Z");
	reject("-2024-05-30T12:34:56Z");
	reject("+2024-05-30T12:34:56Z");
	reject("2O24-05-30T12:34:56Z");
	reject("2024-05-30T12: 4:56Z");
	reject("2024-05-30T12:-4:56Z");
	reject(" 2024-05-30T12:34:56Z");
}

Test(rfc3339, rejects_bad_offsets)
{
	reject("2024-05-30T12:34:56"); /* no zone at all */
	reject("2024-05-30T12:34:56+24:00");
	reject("2024-05-30T12:34:56+05:60");
	reject("2024-05-30T12:34:56+0530");
	reject("2024-05-30T12:34:56+05");
	reject("2024-05-30T12:34:56+5:30");
	reject("2024-05-30T12:34:56 02:00");
	reject("2024-05-30T12:34:56+02-00");
	reject("2024-05-30T12:34:56+02:0a");
	reject("2024-05-30T12:34:56UTC");
}

Test(rfc3339, rejects_empty_and_short)
{
	tsn_time t;
	cr_assert_eq(rfc3339_parse_exact("", 0, &t), -1);
	cr_assert_eq(rfc3339_parse("", 0, &t), -1);
	reject("2024-05-30");
	reject("Z");
}

/* Every proper prefix of a valid stamp is invalid; each is copied into a
 * buffer of exactly its length so reads past n would be out of bounds. */
Test(rfc3339, every_proper_prefix_rejected)
{
	static const char *const full[] = {
		"2024-05-30T12:34:56.123+02:00",
		"2024-05-30T12:34:56Z",
		"2024-05-30T12:34:56-00:00",
	};
	for (size_t f = 0; f < sizeof full / sizeof full[0]; f++) {
		size_t len = strlen(full[f]);
		for (size_t n = 0; n < len; n++) {
			char *b = malloc(n ? n : 1);
			cr_assert_not_null(b);
			memcpy(b, full[f], n);
			tsn_time t;
			cr_expect_eq(rfc3339_parse(b, n, &t), -1, "%.*s", (int)n, full[f]);
			cr_expect_eq(rfc3339_parse_exact(b, n, &t), -1, "%.*s", (int)n, full[f]);
			free(b);
		}
	}
}

/* ---- prefix parse vs exact parse ------------------------------------ */

Test(rfc3339, prefix_parse_returns_length_consumed)
{
	tsn_time t;
	const char *s = "2024-05-30T12:34:56Z trailing text";
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t), 20);
	cr_assert_eq(t.sec, 1717072496);
	cr_assert_eq(parse_exact(s, &t), -1);

	/* 19 + ".123456" (7) + "+05:30" (6) = 32; 12:34:56+05:30 = 07:04:56Z,
	 * date -u -d '2024-05-30T07:04:56Z' +%s = 1717052696 */
	s = "2024-05-30T12:34:56.123456+05:30xyz";
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t), 32);
	cr_assert_eq(t.sec, 1717052696);
	cr_assert_eq(t.nsec, 123456000);
	cr_assert_eq(t.prec, 1000);
	cr_assert_eq(parse_exact(s, &t), -1);

	s = "2024-05-30T12:34:56.5Zabc";
	cr_assert_eq(rfc3339_parse(s, strlen(s), &t), 22);
	cr_assert_eq(parse_exact(s, &t), -1);

	/* the length bound is honoured: the same text cut right after the Z */
	cr_assert_eq(rfc3339_parse_exact(s, 22, &t), 22);
	cr_assert_eq(t.nsec, 500000000);
}

Test(rfc3339, exact_rejects_any_trailing_byte)
{
	tsn_time t;
	cr_assert_eq(parse_exact("2024-05-30T12:34:56Z ", &t), -1);
	cr_assert_eq(parse_exact("2024-05-30T12:34:56+02:00 ", &t), -1);
	cr_assert_eq(parse_exact("2024-05-30T12:34:56+02:00Z", &t), -1);
	cr_assert_eq(parse_exact("2024-05-30T12:34:56ZZ", &t), -1);
	/* an embedded NUL is a byte like any other */
	cr_assert_eq(rfc3339_parse_exact("2024-05-30T12:34:56Z\0", 21, &t), -1);
}

/* ---- tsn_time_ms ----------------------------------------------------- */

Test(rfc3339, time_ms_is_floor)
{
	tsn_time t;
	/* 1717072496 s + 789 ms */
	cr_assert_eq(parse_exact("2024-05-30T12:34:56.789Z", &t), 24);
	cr_assert_eq(tsn_time_ms(&t), 1717072496789LL);
	/* .7899 ms part truncates down to 789 */
	cr_assert_gt(parse_exact("2024-05-30T12:34:56.7899Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), 1717072496789LL);
	/* -0.0005 s = -0.5 ms, floor = -1 */
	cr_assert_gt(parse_exact("1969-12-31T23:59:59.9995Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), -1);
	/* -0.001 s = -1 ms exactly */
	cr_assert_gt(parse_exact("1969-12-31T23:59:59.999Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), -1);
	/* -0.0015 s = -1.5 ms, floor = -2 */
	cr_assert_gt(parse_exact("1969-12-31T23:59:59.9985Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), -2);
	/* +0.0009 s = 0.9 ms, floor = 0 */
	cr_assert_gt(parse_exact("1970-01-01T00:00:00.0009Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), 0);
	/* -62167219200 s * 1000 + 1 */
	cr_assert_gt(parse_exact("0000-01-01T00:00:00.001Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), -62167219199999LL);
	/* 253402300799 s * 1000 + 999 */
	cr_assert_gt(parse_exact("9999-12-31T23:59:59.999999999Z", &t), 0);
	cr_assert_eq(tsn_time_ms(&t), 253402300799999LL);
}

/* ---- tsn_format_rfc3339nano ----------------------------------------- */

static void expect_format(long long sec, long nsec, const char *want)
{
	tsn_time t = {sec, (int32_t)nsec, 1};
	char out[31];
	memset(out, 0, sizeof out);
	size_t n = tsn_format_rfc3339nano(&t, out);
	cr_assert_eq(n, 30, "%lld.%09ld: length %zu", sec, nsec, n);
	cr_assert_str_eq(out, want);
}

Test(rfc3339, format_known_values)
{
	expect_format(0, 0, "1970-01-01T00:00:00.000000000Z");
	expect_format(1717072496, 789000000, "2024-05-30T12:34:56.789000000Z");
	expect_format(-1, 500000000, "1969-12-31T23:59:59.500000000Z");
	/* day boundaries before the epoch: -86400 = 1969-12-31T00:00:00Z and
	 * -86401 = 1969-12-30T23:59:59Z (date -u -d ... +%s) */
	expect_format(-86400, 0, "1969-12-31T00:00:00.000000000Z");
	expect_format(-86401, 1, "1969-12-30T23:59:59.000000001Z");
	expect_format(-62167219200LL, 0, "0000-01-01T00:00:00.000000000Z");
	expect_format(253402300799LL, 999999999, "9999-12-31T23:59:59.999999999Z");
	expect_format(951782400, 0, "2000-02-29T00:00:00.000000000Z");
}

Test(rfc3339, format_outside_0000_9999_returns_0)
{
	char out[30];
	tsn_time t = {-62167219200LL - 1, 0, 1}; /* 0000-01-01 minus one second */
	cr_assert_eq(tsn_format_rfc3339nano(&t, out), 0);
	t.sec = 253402300799LL + 1; /* 10000-01-01T00:00:00Z */
	cr_assert_eq(tsn_format_rfc3339nano(&t, out), 0);
}

Test(rfc3339, format_normalises_offset_to_z)
{
	tsn_time t;
	char out[31] = {0};
	cr_assert_gt(parse_exact("2024-05-30T12:34:56.789+02:00", &t), 0);
	cr_assert_eq(tsn_format_rfc3339nano(&t, out), 30);
	cr_assert_str_eq(out, "2024-05-30T10:34:56.789000000Z");
	cr_assert_gt(parse_exact("2024-05-30T12:34:56.1234567899Z", &t), 0);
	cr_assert_eq(tsn_format_rfc3339nano(&t, out), 30);
	cr_assert_str_eq(out, "2024-05-30T12:34:56.123456789Z");
}

/* format -> parse_exact gives back the same instant, across the whole range. */
Test(rfc3339, format_parse_round_trip)
{
	const long long lo = -62167219200LL, hi = 253402300799LL;
	/* 3 days + 7 s: 7 is coprime to 86400, so the run hits every second of day */
	const long long step = 86400LL * 3 + 7;
	long long bad = 0, first = 0;
	int32_t ns = 0;
	for (long long s = lo; s <= hi; s += step) {
		tsn_time t = {s, ns, 1}, u = {0, -1, -1};
		char out[30];
		ns = (int32_t)((ns + 123456791) % 1000000000);
		if (tsn_format_rfc3339nano(&t, out) != 30 || rfc3339_parse_exact(out, 30, &u) != 30 ||
		    u.sec != t.sec || u.nsec != t.nsec || u.prec != 1) {
			if (!bad++)
				first = s;
		}
	}
	cr_assert_eq(bad, 0, "first failure at sec %lld", first);
}

/* ---- tsn_diff_ns ----------------------------------------------------- */

static tsn_time P(const char *s)
{
	tsn_time t;
	cr_assert_eq(parse_exact(s, &t), (int)strlen(s), "%s", s);
	return t;
}

Test(rfc3339, diff_small)
{
	tsn_time a = P("2024-05-30T12:34:56.1Z"), b = P("2024-05-30T12:34:55.9Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), 200000000);
	cr_assert_eq(tsn_diff_ns(&b, &a), -200000000);
	cr_assert_eq(tsn_diff_ns(&a, &a), 0);
	/* across the epoch: 0.25 - (-0.25) s */
	a = P("1970-01-01T00:00:00.25Z");
	b = P("1969-12-31T23:59:59.75Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), 500000000);
	/* same instant written in two zones */
	a = P("2024-05-30T12:00:00+02:00");
	b = P("2024-05-30T10:00:00Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), 0);
	/* one nanosecond */
	a = P("2024-05-30T12:34:56.000000001Z");
	b = P("2024-05-30T12:34:56Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), 1);
}

Test(rfc3339, diff_large_exact)
{
	/* date -u -d '2200-01-01T00:00:00Z' +%s = 7258118400 */
	tsn_time a = P("2200-01-01T00:00:00Z"), b = P("1970-01-01T00:00:00Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), 7258118400000000000LL);
	cr_assert_eq(tsn_diff_ns(&b, &a), -7258118400000000000LL);
	/* date -u -d '2260-01-01T00:00:00Z' +%s = 9151488000; still fits in int64 */
	a = P("2260-01-01T00:00:00Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), 9151488000000000000LL);
	cr_assert_eq(tsn_diff_ns(&b, &a), -9151488000000000000LL);
	/* date -u -d '2262-04-11T23:47:16Z' +%s = 9223372036, and
	 * INT64_MAX = 9223372036854775807 ns: one below it is exact */
	a = P("2262-04-11T23:47:16.854775806Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), INT64_MAX - 1);
	a = P("2262-04-11T23:47:16.854775807Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), INT64_MAX);
	/* -INT64_MAX ns = -9223372037 s + 145224193 ns;
	 * date -u -d '1677-09-21T00:12:44Z' +%s = -9223372036, so 00:12:43 is -9223372037 */
	a = P("1677-09-21T00:12:43.145224193Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), -INT64_MAX);
	a = P("1677-09-21T00:12:43.145224194Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), -INT64_MAX + 1);
}

Test(rfc3339, diff_saturates)
{
	tsn_time a = P("9999-12-31T23:59:59.999999999Z"), b = P("0000-01-01T00:00:00Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), INT64_MAX);
	cr_assert_eq(tsn_diff_ns(&b, &a), -INT64_MAX);
	/* one nanosecond past INT64_MAX ns after the epoch */
	a = P("2262-04-11T23:47:16.854775808Z");
	b = P("1970-01-01T00:00:00Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), INT64_MAX);
	a = P("1677-09-21T00:12:43.145224192Z");
	cr_assert_eq(tsn_diff_ns(&a, &b), -INT64_MAX);
}

/* ---- the memo of the last date and time ------------------------------ */

/* Stamps sharing their first 19 bytes with a neighbour, or differing from
 * it in one byte of them, good and bad: whatever was parsed before, each
 * one reads the same as straight after an unrelated stamp. */
static const char *const memo_cases[] = {
	"2024-05-30T12:34:56Z", "2024-05-30T12:34:56.123456789Z", "2024-05-30T12:34:56+02:00",
	"2024-05-30T12:34:56.5-07:30", "2024-05-30T12:34:56", "2024-05-30T12:34:56.Z",
	"2024-05-30T12:34:56z", "2024-05-30T12:34:57Z", "2024-05-30T12:34:60Z",
	"2024-05-30t12:34:56Z", "2024-05-30 12:34:56Z", "2024-02-29T00:00:00Z",
	"2023-02-29T00:00:00Z", "2024-05-31T12:34:56Z", "2024-06-31T12:34:56Z",
	"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-05-30T12:34:5ZZ",
	"1970-01-01T00:00:00Z", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
};
#define N_MEMO (sizeof memo_cases / sizeof *memo_cases)

static size_t memo_len(size_t i)
{
	return i == N_MEMO - 1 ? 20 : strlen(memo_cases[i]);
}

Test(rfc3339, memo_never_changes_a_result)
{
	int k0[N_MEMO];
	tsn_time t0[N_MEMO];
	for (size_t b = 0; b < N_MEMO; b++) {
		tsn_time cold;
		rfc3339_parse("1999-01-01T00:00:00Z", 20, &cold); /* unrelated */
		t0[b] = (tsn_time){0, 0, 0};
		k0[b] = rfc3339_parse(memo_cases[b], memo_len(b), &t0[b]);
	}
	cr_assert_eq(k0[0], 20);
	cr_assert_eq(k0[N_MEMO - 1], -1);
	for (size_t a = 0; a < N_MEMO; a++) {
		for (size_t b = 0; b < N_MEMO; b++) {
			tsn_time t = {0, 0, 0};
			rfc3339_parse(memo_cases[a], memo_len(a), &t);
			t = (tsn_time){0, 0, 0};
			int k = rfc3339_parse(memo_cases[b], memo_len(b), &t);
			cr_assert_eq(k, k0[b], "%s after %s", memo_cases[b], memo_cases[a]);
			if (k >= 0)
				cr_assert(t.sec == t0[b].sec && t.nsec == t0[b].nsec &&
					  t.prec == t0[b].prec,
					  "%s after %s", memo_cases[b], memo_cases[a]);
		}
	}
}

/* the memo is per thread: two threads reading different seconds */
#include <pthread.h>

static void *memo_thread(void *arg)
{
	const char *s = arg;
	int64_t want = strcmp(s, "2024-05-30T12:34:56.5Z") == 0 ? 1717072496 : 1717072497;
	for (int i = 0; i < 200000; i++) {
		tsn_time t;
		if (rfc3339_parse(s, strlen(s), &t) < 0 || t.sec != want)
			return (void *)1;
	}
	return NULL;
}

Test(rfc3339, memo_is_per_thread)
{
	pthread_t a, b;
	void *ra, *rb;
	cr_assert_eq(pthread_create(&a, NULL, memo_thread, (void *)"2024-05-30T12:34:56.5Z"), 0);
	cr_assert_eq(pthread_create(&b, NULL, memo_thread, (void *)"2024-05-30T12:34:57.5Z"), 0);
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	cr_assert_null(ra);
	cr_assert_null(rb);
}
