/* test_access.c — access_parse / access_locate (Apache and nginx access logs,
 * "[30/May/2024:12:34:56 +0000]" anywhere in the line) and nginx_error_parse /
 * nginx_error_locate ("2024/05/30 12:34:56 [error] ..." at the start). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "families_b.h"

/* date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL

static const tsn_parse_ctx ctx = {NULL, 0, NULL, 0};
static const tsn_format_def access_def = {TSN_ACCESS_NAME, TSN_ACCESS_EXAMPLE, access_locate,
					  NULL, 0};
static const tsn_format_def nginx_def = {TSN_NGINX_ERROR_NAME, TSN_NGINX_ERROR_EXAMPLE,
					 nginx_error_locate, NULL, 0};

/* ---- access_parse -------------------------------------------------------- */

static void expect_stamp(const char *s, long long sec)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	int k = access_parse(s, strlen(s), &st);
	cr_assert_eq(k, 26, "%s: returned %d", s, k);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", s, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, 0, "%s: nsec", s);
	cr_expect_eq(st.t.prec, 1000000000, "%s: prec", s);
	cr_expect_eq(st.zoneless, 0, "%s: zoneless", s);
	cr_expect_null(st.abbr, "%s: abbr", s);
}

static void reject_stamp(const char *s)
{
	tsn_stamp st;
	cr_expect_eq(access_parse(s, strlen(s), &st), -1, "accepted: \"%s\"", s);
}

Test(access_parse, utc_and_offsets)
{
	expect_stamp("30/May/2024:12:34:56 +0000", T0);
	expect_stamp("30/May/2024:12:34:56 -0000", T0);
	/* 12:34:56+02:00 = 10:34:56Z; date -u -d '2024-05-30 10:34:56' +%s = 1717065296 */
	expect_stamp("30/May/2024:12:34:56 +0200", 1717065296);
	/* 12:34:56-07:00 = 19:34:56Z; date -u -d '2024-05-30 19:34:56' +%s = 1717097696 */
	expect_stamp("30/May/2024:12:34:56 -0700", 1717097696);
	/* 12:34:56+05:45 = 06:49:56Z; date -u -d '2024-05-30 06:49:56' +%s = 1717051796 */
	expect_stamp("30/May/2024:12:34:56 +0545", 1717051796);
	/* the extreme offsets: T0 -/+ (86400 - 60) */
	expect_stamp("30/May/2024:12:34:56 +2359", 1716986156);
	expect_stamp("30/May/2024:12:34:56 -2359", 1717158836);
	/* offset carries into the next year: 2025-01-01T00:59:59Z;
	 * date -u -d '2025-01-01 00:59:59' +%s = 1735693199 */
	expect_stamp("31/Dec/2024:23:59:59 -0100", 1735693199);
}

Test(access_parse, every_month_and_calendar)
{
	/* python: calendar.timegm((2024, m, 1, 0, 0, 0)) for m = 1..12 */
	static const char *mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const long long first[12] = {1704067200, 1706745600, 1709251200, 1711929600,
					    1714521600, 1717200000, 1719792000, 1722470400,
					    1725148800, 1727740800, 1730419200, 1733011200};
	for (int m = 0; m < 12; m++) {
		char s[32];
		snprintf(s, sizeof s, "01/%s/2024:00:00:00 +0000", mon[m]);
		expect_stamp(s, first[m]);
	}
	/* leap day: date -u -d '2024-02-29' +%s = 1709164800 */
	expect_stamp("29/Feb/2024:00:00:00 +0000", 1709164800);
	/* 2000 is a leap year: date -u -d '2000-02-29 12:00:00' +%s = 951825600 */
	expect_stamp("29/Feb/2000:12:00:00 +0000", 951825600);
	reject_stamp("29/Feb/2023:00:00:00 +0000");
	reject_stamp("29/Feb/1900:00:00:00 +0000");
	reject_stamp("31/Apr/2024:00:00:00 +0000");
	reject_stamp("00/May/2024:00:00:00 +0000");
	reject_stamp("32/May/2024:00:00:00 +0000");
}

Test(access_parse, field_rejections)
{
	reject_stamp("30/may/2024:12:34:56 +0000"); /* month case is exact */
	reject_stamp("30/MAY/2024:12:34:56 +0000");
	reject_stamp("30/Mai/2024:12:34:56 +0000");
	reject_stamp("30/05/2024:12:34:56 +0000");
	reject_stamp("3/May/2024:12:34:56 +0000");  /* day is two digits */
	reject_stamp(" 3/May/2024:12:34:56 +0000");
	reject_stamp("30/May/24:12:34:56 +0000");
	reject_stamp("30/May/2024 12:34:56 +0000");
	reject_stamp("30/May/2024:24:00:00 +0000");
	reject_stamp("30/May/2024:12:60:00 +0000");
	reject_stamp("30/May/2024:12:34:60 +0000");
	reject_stamp("30/May/2024:12:34:56 +2400");
	reject_stamp("30/May/2024:12:34:56 +0060");
	reject_stamp("30/May/2024:12:34:56 0000");
	reject_stamp("30/May/2024:12:34:56 +00:00");
	reject_stamp("30/May/2024:12:34:56  +0000");
	reject_stamp("30/May/2024:12:34:56.123 +0000");
	reject_stamp("30/May/2024:12:34:56 +000"); /* short */
	reject_stamp("");
}

/* ---- access_locate --------------------------------------------------------- */

static void found(const tsn_format_def *d, const char *msg, long long sec, int zoneless)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	cr_assert_eq(d->locate(d, msg, strlen(msg), &ctx, &st), 1, "not located: \"%s\"", msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", msg, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, 0, "%s: nsec", msg);
	cr_expect_eq(st.t.prec, 1000000000, "%s: prec", msg);
	cr_expect_eq(st.zoneless, zoneless, "%s: zoneless %d", msg, st.zoneless);
	cr_expect_null(st.abbr, "%s: abbr", msg);
}

static void not_found(const tsn_format_def *d, const char *msg)
{
	tsn_stamp st;
	cr_expect_eq(d->locate(d, msg, strlen(msg), &ctx, &st), 0, "located: \"%s\"", msg);
}

Test(access_locate, common_and_combined)
{
	found(&access_def, TSN_ACCESS_EXAMPLE, T0, 0);
	found(&access_def,
	      "10.0.0.1 - - [30/May/2024:12:34:56 -0700] \"GET /x HTTP/1.1\" 404 153 "
	      "\"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\"",
	      1717097696, 0);
	/* at the start and at the end of the message */
	found(&access_def, "[30/May/2024:12:34:56 +0000] GET /", T0, 0);
	found(&access_def, "request done [30/May/2024:12:34:56 +0000]", T0, 0);
	found(&access_def, "[30/May/2024:12:34:56 +0000]", T0, 0);
}

Test(access_locate, first_bracket_that_is_a_stamp)
{
	/* an earlier bracket that is not a stamp is skipped */
	found(&access_def, "[client 10.0.0.1] [30/May/2024:12:34:56 +0200] x", 1717065296, 0);
	found(&access_def, "[[30/May/2024:12:34:56 +0000] x", T0, 0);
	/* of two stamps, the first */
	found(&access_def, "a [30/May/2024:12:34:56 +0000] b [31/May/2024:00:00:00 +0000]", T0,
	      0);
}

Test(access_locate, rejections)
{
	not_found(&access_def, "30/May/2024:12:34:56 +0000 no brackets");
	not_found(&access_def, "x [30/May/2024:12:34:56 +0000 unclosed");
	not_found(&access_def, "x [30/May/2024:12:34:56 +0000");
	not_found(&access_def, "x [30/May/2024:12:34:56 +0000 ]");
	not_found(&access_def, "x [30/May/2024:12:34:56] no offset");
	not_found(&access_def, "x [30/May/2024:12:34:56.123 +0000]");
	not_found(&access_def, "x [ 30/May/2024:12:34:56 +0000]");
	not_found(&access_def, "x [31/Jun/2024:12:34:56 +0000]");
	not_found(&access_def, "x [2024-05-30T12:34:56Z]");
	not_found(&access_def, "");
	not_found(&access_def, "[");
}

Test(access_locate, reads_only_n_bytes)
{
	const char *msg = "x [30/May/2024:12:34:56 +0000] y";
	tsn_stamp st;
	/* cut right before the closing bracket */
	cr_expect_eq(access_locate(&access_def, msg, 29, &ctx, &st), 0);
	cr_expect_eq(access_locate(&access_def, msg, 30, &ctx, &st), 1);
}

/* ---- nginx error log -------------------------------------------------------- */

Test(nginx_error, parse)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	/* zoneless: the civil time counted as if UTC */
	cr_assert_eq(nginx_error_parse("2024/05/30 12:34:56", 19, &st), 19);
	cr_expect_eq(st.t.sec, T0);
	cr_expect_eq(st.t.nsec, 0);
	cr_expect_eq(st.t.prec, 1000000000);
	cr_expect_eq(st.zoneless, 1);
	cr_expect_null(st.abbr);
	/* date -u -d '2024-02-29' +%s = 1709164800 */
	cr_expect_eq(nginx_error_parse("2024/02/29 00:00:00 [info]", 26, &st), 19);
	cr_expect_eq(st.t.sec, 1709164800);

	static const char *bad[] = {"2023/02/29 00:00:00", "2024/13/01 00:00:00",
				    "2024/00/01 00:00:00", "2024/05/00 00:00:00",
				    "2024/05/30 24:00:00", "2024/05/30 12:60:00",
				    "2024/05/30 12:34:60", "2024-05-30 12:34:56",
				    "2024/05/30T12:34:56", "2024/5/30 12:34:56",
				    "2024/05/30 12:34:567", "2024/05/30 12:34:5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(nginx_error_parse(bad[i], strlen(bad[i]), &st), -1, "accepted %s",
			     bad[i]);
}

Test(nginx_error, locate_every_level)
{
	static const char *lv[] = {"emerg", "alert", "crit", "error",
				   "warn",  "notice", "info", "debug"};
	for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++) {
		char msg[96];
		snprintf(msg, sizeof msg, "2024/05/30 12:34:56 [%s] 1234#1234: *5 msg", lv[i]);
		found(&nginx_def, msg, T0, 1);
	}
	found(&nginx_def, TSN_NGINX_ERROR_EXAMPLE, T0, 1);
	found(&nginx_def, "2024/05/30 12:34:56 [error]", T0, 1);
}

Test(nginx_error, locate_rejections)
{
	/* Go's log prefix: same date shape, no level: another format's */
	not_found(&nginx_def, "2024/05/30 12:34:56 main.go:42: started");
	not_found(&nginx_def, "2024/05/30 12:34:56.123456 [error] 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 [warning] 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 [ERROR] 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 [err] 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 [] 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 [error]1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 [error");
	not_found(&nginx_def, "2024/05/30 12:34:56  [error] 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56 error 1#1: x");
	not_found(&nginx_def, "2024/05/30 12:34:56");
	not_found(&nginx_def, " 2024/05/30 12:34:56 [error] 1#1: x");
	not_found(&nginx_def, "x 2024/05/30 12:34:56 [error] 1#1: x");
	not_found(&nginx_def, "2024/02/30 12:34:56 [error] 1#1: x");
	not_found(&nginx_def, "");
}
