/* test_iso8601.c — iso8601_parse/_parse_exact/_locate: Python, log4j, zap
 * stamps, fraction precision, zones, the bracketed form, every rejection.
 * Expected epochs come from `date -u -d ... +%s` or Python calendar.timegm. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "families_a.h"

static const tsn_format_def def = {"iso8601", "", iso8601_locate, NULL, 0};
static const tsn_parse_ctx ctx = {NULL, 0, NULL, 0};

/* date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL

/* The locator accepts msg with these values. */
static void expect_loc(const char *msg, long long sec, long nsec, long prec, int zoneless)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	int r = iso8601_locate(&def, msg, strlen(msg), &ctx, &st);
	cr_assert_eq(r, 1, "not located: \"%s\"", msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", msg, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, nsec, "%s: nsec %ld, want %ld", msg, (long)st.t.nsec, nsec);
	cr_expect_eq(st.t.prec, prec, "%s: prec %ld, want %ld", msg, (long)st.t.prec, prec);
	cr_expect_eq(st.zoneless, zoneless, "%s: zoneless %d", msg, st.zoneless);
	cr_expect_null(st.abbr, "%s: abbr set", msg);
	cr_expect_eq(st.abbr_len, 0, "%s: abbr_len set", msg);
}

/* The exact parser accepts s with these values. */
static void expect_exact(const char *s, long long sec, long nsec, long prec, int zoneless)
{
	tsn_stamp st = {{0, -1, -1}, -1, NULL, 0};
	int k = iso8601_parse_exact(s, strlen(s), &st);
	cr_assert_eq(k, (int)strlen(s), "%s: returned %d", s, k);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", s, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, nsec, "%s: nsec %ld, want %ld", s, (long)st.t.nsec, nsec);
	cr_expect_eq(st.t.prec, prec, "%s: prec %ld, want %ld", s, (long)st.t.prec, prec);
	cr_expect_eq(st.zoneless, zoneless, "%s: zoneless %d", s, st.zoneless);
}

static void reject_loc(const char *msg)
{
	tsn_stamp st;
	cr_expect_eq(iso8601_locate(&def, msg, strlen(msg), &ctx, &st), 0, "located: \"%s\"", msg);
}

static void reject_exact(const char *s)
{
	tsn_stamp st;
	cr_expect_eq(iso8601_parse_exact(s, strlen(s), &st), -1, "exact-accepted: \"%s\"", s);
}

/* Rejected everywhere: exact, prefix parse, locator bare and bracketed. */
static void reject_all(const char *s)
{
	tsn_stamp st;
	char buf[128];
	reject_exact(s);
	cr_expect_eq(iso8601_parse(s, strlen(s), &st), -1, "prefix-accepted: \"%s\"", s);
	reject_loc(s);
	snprintf(buf, sizeof buf, "%s INFO x", s);
	reject_loc(buf);
	snprintf(buf, sizeof buf, "[%s] INFO x", s);
	reject_loc(buf);
}

/* ---- accepted forms --------------------------------------------------- */

Test(iso8601, python_logging_comma_millis)
{
	expect_loc("2024-05-30 12:34:56,123 - root - INFO - hello", T0, 123000000, 1000000, 1);
	expect_loc("2024-05-30 12:34:56,123", T0, 123000000, 1000000, 1);
}

Test(iso8601, logback_dot_millis_and_whole_seconds)
{
	expect_loc("2024-05-30 12:34:56.123 INFO  [main] c.e.App - up", T0, 123000000, 1000000, 1);
	expect_loc("2024-05-30 12:34:56 INFO x", T0, 0, 1000000000, 1);
	expect_loc("2024-05-30T12:34:56 INFO x", T0, 0, 1000000000, 1);
}

Test(iso8601, t_without_zone_is_zoneless)
{
	expect_loc("2024-05-30T12:34:56.123 msg", T0, 123000000, 1000000, 1);
	expect_exact("2024-05-30T12:34:56.123", T0, 123000000, 1000000, 1);
}

Test(iso8601, zulu)
{
	expect_exact("2024-05-30T12:34:56Z", T0, 0, 1000000000, 0);
	expect_exact("2024-05-30 12:34:56,5Z", T0, 500000000, 100000000, 0);
	expect_loc("2024-05-30T12:34:56.123Z level=info", T0, 123000000, 1000000, 0);
}

Test(iso8601, offsets_all_shapes)
{
	/* 12:34:56+08:00 = 04:34:56Z; date -u -d '2024-05-30T12:34:56+08:00' +%s = 1717043696 */
	expect_exact("2024-05-30T12:34:56+08:00", 1717043696, 0, 1000000000, 0);
	expect_exact("2024-05-30T12:34:56+0800", 1717043696, 0, 1000000000, 0);
	expect_exact("2024-05-30T12:34:56+08", 1717043696, 0, 1000000000, 0);
	/* 12:34:56-05:30 = 18:04:56Z; date -u -d '2024-05-30T12:34:56-05:30' +%s = 1717092296 */
	expect_exact("2024-05-30T12:34:56-05:30", 1717092296, 0, 1000000000, 0);
	expect_exact("2024-05-30T12:34:56-0530", 1717092296, 0, 1000000000, 0);
	/* 12:34:56-05 = 17:34:56Z; calendar.timegm((2024,5,30,17,34,56)) = 1717090496 */
	expect_exact("2024-05-30T12:34:56-05", 1717090496, 0, 1000000000, 0);
	/* +00 / -00:00 are UTC but zoned */
	expect_exact("2024-05-30T12:34:56+00", T0, 0, 1000000000, 0);
	expect_exact("2024-05-30T12:34:56-00:00", T0, 0, 1000000000, 0);
	/* the space form with an offset, as Python's str(datetime) writes it */
	expect_exact("2024-05-30 12:34:56.123456+08:00", 1717043696, 123456000, 1000, 0);
	expect_loc("2024-05-30 12:34:56-0530 x", 1717092296, 0, 1000000000, 0);
}

Test(iso8601, zap_iso8601_encoder)
{
	/* 12:34:56.789+0800 = 04:34:56.789Z: 1717043696 (see offsets_all_shapes) */
	expect_exact("2024-05-30T12:34:56.789+0800", 1717043696, 789000000, 1000000, 0);
	expect_loc("2024-05-30T12:34:56.789+0800\tINFO\tmain.go:12\tstarted", 1717043696,
		   789000000, 1000000, 0);
}

Test(iso8601, offset_crossing_a_day_and_year)
{
	/* 2024-01-01T07:59:59+08:00 = 2023-12-31T23:59:59Z;
	 * date -u -d '2023-12-31T23:59:59Z' +%s = 1704067199 */
	expect_exact("2024-01-01T07:59:59+0800", 1704067199, 0, 1000000000, 0);
	/* zoneless: counted as UTC; calendar.timegm((2024,1,1,7,59,59)) = 1704095999 */
	expect_exact("2024-01-01 07:59:59", 1704095999, 0, 1000000000, 1);
}

Test(iso8601, fraction_precision_each_length)
{
	expect_exact("2024-05-30 12:34:56,1", T0, 100000000, 100000000, 1);
	expect_exact("2024-05-30 12:34:56,12", T0, 120000000, 10000000, 1);
	expect_exact("2024-05-30 12:34:56,123", T0, 123000000, 1000000, 1);
	expect_exact("2024-05-30 12:34:56.1234", T0, 123400000, 100000, 1);
	expect_exact("2024-05-30 12:34:56.12345", T0, 123450000, 10000, 1);
	expect_exact("2024-05-30T12:34:56.123456", T0, 123456000, 1000, 1);
	expect_exact("2024-05-30T12:34:56.1234567", T0, 123456700, 100, 1);
	expect_exact("2024-05-30T12:34:56,12345678Z", T0, 123456780, 10, 0);
	expect_exact("2024-05-30T12:34:56.123456789Z", T0, 123456789, 1, 0);
	/* trailing zeros are written digits */
	expect_exact("2024-05-30 12:34:56,000", T0, 0, 1000000, 1);
}

Test(iso8601, digits_past_ninth_dropped_not_rounded)
{
	expect_exact("2024-05-30T12:34:56.1234567899", T0, 123456789, 1, 1);
	expect_exact("2024-05-30 12:34:56,9999999999999+08:00", 1717043696, 999999999, 1, 0);
}

Test(iso8601, calendar_edges)
{
	/* date -u -d '2000-02-29T00:00:00Z' +%s = 951782400 */
	expect_exact("2000-02-29 00:00:00", 951782400, 0, 1000000000, 1);
	/* date -u -d '2024-02-29T23:59:59Z' +%s = 1709251199 */
	expect_exact("2024-02-29T23:59:59Z", 1709251199, 0, 1000000000, 0);
	/* date -u -d '0000-01-01T00:00:00Z' +%s = -62167219200 */
	expect_exact("0000-01-01 00:00:00", -62167219200LL, 0, 1000000000, 1);
	/* calendar.timegm((9999,12,31,23,59,59)) = 253402300799 */
	expect_exact("9999-12-31T23:59:59,999", 253402300799LL, 999000000, 1000000, 1);
	/* before 1970 nsec stays non-negative: 1969-12-31T23:59:59 = -1 */
	expect_exact("1969-12-31 23:59:59.5", -1, 500000000, 100000000, 1);
}

Test(iso8601, bracketed_at_start)
{
	expect_loc("[2024-05-30 12:34:56,123] INFO Kafka version: 3.7.0", T0, 123000000, 1000000,
		   1);
	expect_loc("[2024-05-30 12:34:56,123]", T0, 123000000, 1000000, 1);
	expect_loc("[2024-05-30T12:34:56.123Z] x", T0, 123000000, 1000000, 0);
	expect_loc("[2024-05-30T12:34:56+08:00]x", 1717043696, 0, 1000000000, 0);
	/* not closed right after the stamp */
	reject_loc("[2024-05-30 12:34:56,123 INFO x");
	reject_loc("[2024-05-30 12:34:56,123");
	reject_loc("[2024-05-30 12:34:56,123 ] x");
	reject_loc("[2024-05-30 12:34:56,123x] x");
	reject_loc("[ 2024-05-30 12:34:56,123] x");
	reject_loc("[[2024-05-30 12:34:56,123]] x");
	/* other brackets are not this form */
	reject_loc("(2024-05-30 12:34:56,123) x");
}

Test(iso8601, whole_token_rule)
{
	expect_loc("2024-05-30 12:34:56,123\tINFO", T0, 123000000, 1000000, 1);
	expect_loc("2024-05-30 12:34:56,123\n", T0, 123000000, 1000000, 1);
	reject_loc("2024-05-30 12:34:56,123INFO");
	reject_loc("2024-05-30 12:34:56,123|INFO|x");
	reject_loc("2024-05-30 12:34:56,123: x");
	reject_loc("2024-05-30 12:34:56.");
	reject_loc("2024-05-30 12:34:56,");
	reject_loc("2024-05-30 12:34:56.123Zx");
	reject_loc("2024-05-30T12:34:56+08:0 x");
	reject_loc("2024-05-30T12:34:56+080 x");
	reject_loc("2024-05-30T12:34:56+08000 x");
	reject_loc("2024-05-30T12:34:56+ x");
	/* only at the very start of the message */
	reject_loc(" 2024-05-30 12:34:56,123 x");
	reject_loc("INFO 2024-05-30 12:34:56,123 x");
	reject_loc("");
}

Test(iso8601, go_time_string_shape_is_declined)
{
	/* Go's Time.String: reading it zoneless would be off by the offset */
	reject_loc("2024-05-30 12:34:56.789 +0800 CST m=+0.1");
	reject_loc("2024-05-30 12:34:56 -0700");
	/* anything else after a space is fine */
	expect_loc("2024-05-30 12:34:56 +1 retry", T0, 0, 1000000000, 1);
	expect_loc("2024-05-30 12:34:56 - root - x", T0, 0, 1000000000, 1);
	/* a zoned stamp followed by such a token stays accepted */
	expect_loc("2024-05-30T12:34:56Z +0800", T0, 0, 1000000000, 0);
}

Test(iso8601, prefix_parse_returns_bytes_consumed)
{
	tsn_stamp st;
	const char *s = "2024-05-30 12:34:56,123 INFO";
	cr_expect_eq(iso8601_parse(s, strlen(s), &st), 23);
	s = "2024-05-30T12:34:56.789+0800 rest";
	cr_expect_eq(iso8601_parse(s, strlen(s), &st), 28);
	s = "2024-05-30T12:34:56+08:00]";
	cr_expect_eq(iso8601_parse(s, strlen(s), &st), 25);
	/* an offset that does not complete is not consumed: longest valid prefix */
	s = "2024-05-30T12:34:56+08:0";
	cr_expect_eq(iso8601_parse(s, strlen(s), &st), 22);
	s = "2024-05-30T12:34:56+24:00";
	cr_expect_eq(iso8601_parse(s, strlen(s), &st), 19);
	cr_expect_eq(st.zoneless, 1);
	/* n bounds the read: a stamp cut short is rejected */
	s = "2024-05-30 12:34:56";
	cr_expect_eq(iso8601_parse(s, 18, &st), -1);
	cr_expect_eq(iso8601_parse(s, 19, &st), 19);
	/* a fraction cut by n: digits past n are not read */
	s = "2024-05-30 12:34:56.123456";
	cr_expect_eq(iso8601_parse(s, 23, &st), 23);
	cr_expect_eq(st.t.prec, 1000000);
	cr_expect_eq(st.t.nsec, 123000000);
}

/* ---- rejections ------------------------------------------------------- */

Test(iso8601, lower_case_t_and_z_rejected)
{
	reject_all("2024-05-30t12:34:56");
	reject_all("2024-05-30t12:34:56Z");
	reject_exact("2024-05-30T12:34:56z");
	reject_loc("2024-05-30T12:34:56z x");
	reject_loc("[2024-05-30T12:34:56z] x");
}

Test(iso8601, bad_dates_rejected)
{
	reject_all("2024-13-01 00:00:00");
	reject_all("2024-00-10 00:00:00");
	reject_all("2024-05-00 00:00:00");
	reject_all("2024-05-32 00:00:00");
	reject_all("2024-04-31 00:00:00");
	reject_all("2023-02-29 00:00:00"); /* not a leap year */
	reject_all("1900-02-29 00:00:00"); /* century, not leap */
	reject_all("2024-02-30 00:00:00");
}

Test(iso8601, bad_times_rejected)
{
	reject_all("2024-05-30 24:00:00");
	reject_all("2024-05-30 23:60:00");
	reject_all("2024-05-30 23:59:60"); /* no leap seconds */
	reject_all("2024-05-30T24:00:00Z");
}

Test(iso8601, bad_shapes_rejected)
{
	reject_all("2024-05-30 12:34");       /* missing seconds */
	reject_all("2024-05-30");             /* date only */
	reject_all("2024-5-30 12:34:56");     /* unpadded month */
	reject_all("2024-05-30 2:34:56");     /* unpadded hour */
	reject_all("24-05-30 12:34:56");      /* two-digit year */
	reject_all("2024/05/30 12:34:56");    /* Go log prefix, not this family */
	reject_all("2024-05-30_12:34:56");    /* separator */
	reject_all("2024-05-30  12:34:56");   /* two spaces */
	reject_all("2024-05-30T12.34.56");
	reject_all("20240530T123456Z");       /* basic format not supported */
	reject_all("+2024-05-30 12:34:56");
	reject_all("2024-05-30 1a:34:56");
}

Test(iso8601, bad_offsets_rejected_exactly)
{
	reject_exact("2024-05-30T12:34:56+24:00");
	reject_exact("2024-05-30T12:34:56+08:60");
	reject_exact("2024-05-30T12:34:56+0860");
	reject_exact("2024-05-30T12:34:56+8:00");
	reject_exact("2024-05-30T12:34:56+08:0");
	reject_exact("2024-05-30T12:34:56+08:");
	reject_exact("2024-05-30T12:34:56+");
	reject_exact("2024-05-30T12:34:56 +08:00");
	reject_exact("2024-05-30T12:34:56ZZ");
	reject_exact("2024-05-30T12:34:56Z+08:00");
	reject_exact(" 2024-05-30T12:34:56Z");
	reject_exact("2024-05-30T12:34:56Z ");
}
