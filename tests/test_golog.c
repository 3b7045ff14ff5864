/* test_golog.c — golog_parse: Go's log prefix "2006/01/02 15:04:05" and
 * "2006/01/02 15:04:05.000000", zone-less and read at a fixed offset east of
 * UTC; bytes consumed, precision, range checks, rejections. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "tstime.h"

static int gp(const char *s, int32_t tz, tsn_time *t)
{
	return golog_parse(s, strlen(s), tz, t);
}

static void expect(const char *s, int32_t tz, int consumed, long long sec, long nsec, long prec)
{
	tsn_time t = {0, -1, -1};
	int k = gp(s, tz, &t);
	cr_assert_eq(k, consumed, "%s @%d: returned %d, want %d", s, tz, k, consumed);
	cr_expect_eq(t.sec, sec, "%s @%d: sec %lld, want %lld", s, tz, (long long)t.sec, sec);
	cr_expect_eq(t.nsec, nsec, "%s @%d: nsec %ld", s, tz, (long)t.nsec);
	cr_expect_eq(t.prec, prec, "%s @%d: prec %ld", s, tz, (long)t.prec);
}

static void reject(const char *s)
{
	tsn_time t;
	cr_expect_eq(gp(s, 0, &t), -1, "accepted: \"%s\"", s);
}

Test(golog, seconds_form_utc)
{
	/* date -u -d '2024-05-30T12:34:56Z' +%s = 1717072496 */
	expect("2024/05/30 12:34:56", 0, 19, 1717072496, 0, 1000000000);
}

Test(golog, microseconds_form_utc)
{
	expect("2024/05/30 12:34:56.123456", 0, 26, 1717072496, 123456000, 1000);
	expect("2024/05/30 12:34:56.000000", 0, 26, 1717072496, 0, 1000);
	expect("2024/05/30 12:34:56.999999", 0, 26, 1717072496, 999999000, 1000);
}

Test(golog, zone_offset_is_subtracted)
{
	/* +08:00 = 28800 s east: 08:00 local = 00:00Z;
	 * date -u -d '2024-05-30T00:00:00Z' +%s = 1717027200 */
	expect("2024/05/30 08:00:00", 28800, 19, 1717027200, 0, 1000000000);
	/* -05:00 = -18000: 19:00 local = 00:00Z next day;
	 * date -u -d '2024-05-31T00:00:00Z' +%s = 1717113600 */
	expect("2024/05/30 19:00:00", -18000, 19, 1717113600, 0, 1000000000);
	/* +05:30 = 19800: 12:34:56 local = 07:04:56Z;
	 * date -u -d '2024-05-30T07:04:56Z' +%s = 1717052696 */
	expect("2024/05/30 12:34:56.500000", 19800, 26, 1717052696, 500000000, 1000);
	/* crossing a year boundary backwards: +08:00 2024-01-01 07:59:59 =
	 * 2023-12-31T23:59:59Z; date -u -d '2023-12-31T23:59:59Z' +%s = 1704067199 */
	expect("2024/01/01 07:59:59", 28800, 19, 1704067199, 0, 1000000000);
}

Test(golog, before_1970_and_range_ends)
{
	/* date -u -d '1969-12-31T23:59:59Z' +%s = -1 */
	expect("1969/12/31 23:59:59.250000", 0, 26, -1, 250000000, 1000);
	/* date -u -d '0000-01-01T00:00:00Z' +%s = -62167219200 */
	expect("0000/01/01 00:00:00", 0, 19, -62167219200LL, 0, 1000000000);
	/* date -u -d '9999-12-31T23:59:59Z' +%s = 253402300799 */
	expect("9999/12/31 23:59:59.999999", 0, 26, 253402300799LL, 999999000, 1000);
	/* 9999-12-31 23:59:59 at -01:00 = 253402300799 + 3600 */
	expect("9999/12/31 23:59:59", -3600, 19, 253402304399LL, 0, 1000000000);
}

Test(golog, leap_days)
{
	/* date -u -d '2024-02-29T23:59:59Z' +%s = 1709251199 */
	expect("2024/02/29 23:59:59", 0, 19, 1709251199, 0, 1000000000);
	/* date -u -d '2000-02-29T00:00:00Z' +%s = 951782400 */
	expect("2000/02/29 00:00:00", 0, 19, 951782400, 0, 1000000000);
	reject("2023/02/29 00:00:00");
	reject("1900/02/29 00:00:00");
	reject("2100/02/29 00:00:00");
}

Test(golog, returns_bytes_consumed_caller_checks_rest)
{
	tsn_time t;
	cr_assert_eq(gp("2024/05/30 12:34:56 message text", 0, &t), 19);
	cr_assert_eq(t.sec, 1717072496);
	cr_assert_eq(gp("2024/05/30 12:34:56.123456 message text", 0, &t), 26);
	cr_assert_eq(t.nsec, 123456000);
	/* what follows is the caller's business */
	cr_assert_eq(gp("2024/05/30 12:34:56x", 0, &t), 19);
	cr_assert_eq(gp("2024/05/30 12:34:56.123456x", 0, &t), 26);
	/* a comma is not a fraction separator: the stamp ends before it */
	cr_assert_eq(gp("2024/05/30 12:34:56,123456", 0, &t), 19);
	cr_assert_eq(t.nsec, 0);
	cr_assert_eq(t.prec, 1000000000);
	/* the length bound is honoured: cut just before the fraction */
	const char *s = "2024/05/30 12:34:56.123456";
	cr_assert_eq(golog_parse(s, 19, 0, &t), 19);
	cr_assert_eq(t.prec, 1000000000);
	cr_assert_eq(t.nsec, 0);
}

Test(golog, rejects_bad_calendar_and_clock)
{
	reject("2024/00/10 00:00:00");
	reject("2024/13/10 00:00:00");
	reject("2024/01/00 00:00:00");
	reject("2024/01/32 00:00:00");
	reject("2024/04/31 00:00:00");
	reject("2024/05/30 24:00:00");
	reject("2024/05/30 12:60:00");
	reject("2024/05/30 23:59:60");
}

Test(golog, rejects_other_shapes)
{
	reject("2024-05-30 12:34:56");
	reject("2024/05/30T12:34:56");
	reject("2024/5/30 12:34:56");
	reject("2024/05/30 2:34:56");
	reject("2024/05/30  12:34:56");
	reject("24/05/30 12:34:56");
	reject("2O24/05/30 12:34:56");
	reject("2024/05/30 12-34-56");
	reject(" 2024/05/30 12:34:56");
	reject("");
}

Test(golog, fraction_must_be_exactly_six_digits)
{
	reject("2024/05/30 12:34:56.12345");
	reject("2024/05/30 12:34:56.12345 msg");
	reject("2024/05/30 12:34:56.1234567");
	reject("2024/05/30 12:34:56.123456789");
	reject("2024/05/30 12:34:56.12345a");
}

/* Every proper prefix of a valid stamp is invalid; each is copied into a
 * buffer of exactly its length so reads past n would be out of bounds.
 * (The seconds-only stamp is itself a prefix of the microseconds one, so
 * only the cuts shorter than 19 bytes and those inside the fraction.) */
Test(golog, truncated_stamps_rejected)
{
	const char *full = "2024/05/30 12:34:56.123456";
	for (size_t n = 0; n < strlen(full); n++) {
		if (n == 19)
			continue;
		char *b = malloc(n ? n : 1);
		cr_assert_not_null(b);
		memcpy(b, full, n);
		tsn_time t;
		cr_expect_eq(golog_parse(b, n, 0, &t), -1, "%.*s", (int)n, full);
		free(b);
	}
}
