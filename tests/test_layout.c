/* test_layout.c — layout_compile / layout_match: every strptime and Go token,
 * fraction precision and Go's fraction rules, 12-hour clock, day of year,
 * two-digit years, zones, year and date inference, compile errors. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "layout.h"

/* Expected instants come from `date -u -d '...' +%s` and Python's
 * calendar.timegm; each is derived in a comment. */

/* 2024-05-30T12:34:56Z: date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL
static const tsn_time REF = {T0, 0, 1000000000};

static tsn_parse_ctx ctx_at(const tsn_time *ref)
{
	tsn_parse_ctx c;
	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.now_sec = 0;
	return c;
}

static void compile_ok(const char *layout, layout_prog *p)
{
	char err[256] = "";
	int rc = layout_compile(layout, p, err, sizeof err);
	cr_assert_eq(rc, 0, "compile \"%s\" failed: %s", layout, err);
}

/* Matches value against layout with the reference REF (or c); 1 or 0. */
static int try_c(const char *layout, const char *value, const tsn_parse_ctx *c, tsn_stamp *st)
{
	layout_prog p;
	compile_ok(layout, &p);
	memset(st, 0, sizeof *st);
	return layout_match(&p, value, strlen(value), c, st);
}

static void ok_c(const char *layout, const char *value, const tsn_parse_ctx *c, long long sec,
		 long nsec, long prec, int zoneless)
{
	tsn_stamp st;
	int r = try_c(layout, value, c, &st);
	cr_assert_eq(r, 1, "layout \"%s\" rejected \"%s\"", layout, value);
	cr_expect_eq(st.t.sec, sec, "\"%s\" / \"%s\": sec %lld, want %lld", layout, value,
		     (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, nsec, "\"%s\" / \"%s\": nsec %ld, want %ld", layout, value,
		     (long)st.t.nsec, nsec);
	cr_expect_eq(st.t.prec, prec, "\"%s\" / \"%s\": prec %ld, want %ld", layout, value,
		     (long)st.t.prec, prec);
	cr_expect_eq(st.zoneless, zoneless, "\"%s\" / \"%s\": zoneless %d, want %d", layout, value,
		     st.zoneless, zoneless);
	if (!zoneless)
		cr_expect_null(st.abbr, "\"%s\" / \"%s\": abbr set with a zone", layout, value);
}

static void ok(const char *layout, const char *value, long long sec, long nsec, long prec,
	       int zoneless)
{
	tsn_parse_ctx c = ctx_at(&REF);
	ok_c(layout, value, &c, sec, nsec, prec, zoneless);
}

/* whole seconds */
static void ok_s(const char *layout, const char *value, long long sec, int zoneless)
{
	ok(layout, value, sec, 0, 1000000000, zoneless);
}

static void no(const char *layout, const char *value)
{
	tsn_parse_ctx c = ctx_at(&REF);
	tsn_stamp st;
	cr_expect_eq(try_c(layout, value, &c, &st), 0, "layout \"%s\" accepted \"%s\"", layout,
		     value);
}

static void ok_abbr(const char *layout, const char *value, long long local_sec, const char *abbr)
{
	tsn_parse_ctx c = ctx_at(&REF);
	tsn_stamp st;
	cr_assert_eq(try_c(layout, value, &c, &st), 1, "layout \"%s\" rejected \"%s\"", layout, value);
	cr_expect_eq(st.t.sec, local_sec, "\"%s\": sec %lld", value, (long long)st.t.sec);
	cr_expect_eq(st.zoneless, 1, "\"%s\": an abbreviation is zoneless", value);
	cr_assert_not_null(st.abbr, "\"%s\": no abbr", value);
	cr_expect_eq(st.abbr_len, strlen(abbr), "\"%s\": abbr_len %zu", value, st.abbr_len);
	cr_expect(memcmp(st.abbr, abbr, strlen(abbr)) == 0, "\"%s\": abbr \"%.*s\"", value,
		  (int)st.abbr_len, st.abbr);
	/* the abbreviation points into the value, not into a copy */
	cr_expect(st.abbr >= value && st.abbr < value + strlen(value));
}

static void compile_err(const char *layout, const char *needle)
{
	layout_prog p;
	char err[256] = "";
	cr_assert_eq(layout_compile(layout, &p, err, sizeof err), -1, "compiled \"%s\"", layout);
	cr_expect(strstr(err, needle) != NULL, "\"%s\": message \"%s\" lacks \"%s\"", layout, err,
		  needle);
}

/* ==== strptime ========================================================= */

Test(strptime, basic_is_zoneless_whole_seconds)
{
	ok_s("%Y-%m-%d %H:%M:%S", "2024-05-30 12:34:56", T0, 1);
	ok_s("%F %T", "2024-05-30 12:34:56", T0, 1);
	ok_s("%FT%T", "2024-05-30T12:34:56", T0, 1);
}

Test(strptime, fraction_precision_per_digit_count)
{
	static const struct { const char *v; long nsec, prec; } t[] = {
		{"2024-05-30 12:34:56.1", 100000000, 100000000},
		{"2024-05-30 12:34:56.12", 120000000, 10000000},
		{"2024-05-30 12:34:56.123", 123000000, 1000000},
		{"2024-05-30 12:34:56.1234", 123400000, 100000},
		{"2024-05-30 12:34:56.12345", 123450000, 10000},
		{"2024-05-30 12:34:56.123456", 123456000, 1000},
		{"2024-05-30 12:34:56.1234567", 123456700, 100},
		{"2024-05-30 12:34:56.12345678", 123456780, 10},
		{"2024-05-30 12:34:56.123456789", 123456789, 1},
		/* a tenth digit and more: consumed, truncated (not rounded) */
		{"2024-05-30 12:34:56.1234567891", 123456789, 1},
		{"2024-05-30 12:34:56.9999999999999", 999999999, 1},
		/* written zeros count as precision */
		{"2024-05-30 12:34:56.500", 500000000, 1000000},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		ok("%Y-%m-%d %H:%M:%S.%L", t[i].v, T0, t[i].nsec, t[i].prec, 1);
		ok("%Y-%m-%d %H:%M:%S.%f", t[i].v, T0, t[i].nsec, t[i].prec, 1);
	}
	no("%Y-%m-%d %H:%M:%S.%L", "2024-05-30 12:34:56.");
	no("%Y-%m-%d %H:%M:%S.%L", "2024-05-30 12:34:56");
	no("%Y-%m-%d %H:%M:%S.%L", "2024-05-30 12:34:56.12x");
}

Test(strptime, numeric_offsets)
{
	const char *l = "%Y-%m-%d %H:%M:%S %z";
	/* 12:34:56+08:00 = 04:34:56Z: date -u -d '2024-05-30 04:34:56' +%s = 1717043696 */
	ok_s(l, "2024-05-30 12:34:56 +0800", 1717043696, 0);
	ok_s(l, "2024-05-30 12:34:56 +08:00", 1717043696, 0);
	ok_s(l, "2024-05-30 12:34:56 +08", 1717043696, 0);
	/* 12:34:56-05:30 = 18:04:56Z = 1717092296 (as in test_rfc3339) */
	ok_s(l, "2024-05-30 12:34:56 -0530", 1717092296, 0);
	ok_s(l, "2024-05-30 12:34:56 Z", T0, 0);
	ok_s(l, "2024-05-30 12:34:56 UTC", T0, 0);
	ok_s(l, "2024-05-30 12:34:56 GMT", T0, 0);
	/* Fluent Bit's %z skips white space before the offset */
	ok_s("%Y-%m-%dT%H:%M:%S%z", "2024-05-30T12:34:56 +0800", 1717043696, 0);
	ok("%Y-%m-%dT%H:%M:%S.%L%z", "2024-05-30T12:34:56.250Z", T0, 250000000, 1000000, 0);
	no(l, "2024-05-30 12:34:56 +2500");
	no(l, "2024-05-30 12:34:56 +08:");
	no(l, "2024-05-30 12:34:56 +0860");
	no(l, "2024-05-30 12:34:56 +8");
	no(l, "2024-05-30 12:34:56 0800");
	no(l, "2024-05-30 12:34:56");
}

Test(strptime, zone_abbreviations)
{
	const char *l = "%Y-%m-%d %H:%M:%S %Z";
	ok_s(l, "2024-05-30 12:34:56 UTC", T0, 0);
	ok_s(l, "2024-05-30 12:34:56 GMT", T0, 0);
	/* GMT+3 is three hours east: 09:34:56Z = 1717061696 (timegm) */
	ok_s(l, "2024-05-30 12:34:56 GMT+3", 1717061696, 0);
	/* GMT-5: 17:34:56Z = 1717090496 (timegm) */
	ok_s(l, "2024-05-30 12:34:56 GMT-5", 1717090496, 0);
	/* tzdata's numeric names: +03 is UTC+3 */
	ok_s(l, "2024-05-30 12:34:56 +03", 1717061696, 0);
	/* names: zoneless local time, the caller resolves the abbreviation */
	ok_abbr(l, "2024-05-30 12:34:56 CEST", T0, "CEST");
	ok_abbr(l, "2024-05-30 12:34:56 MST", T0, "MST");
	ok_abbr(l, "2024-05-30 12:34:56 AEST", T0, "AEST");
	ok_abbr(l, "2024-05-30 12:34:56 ChST", T0, "ChST");
	ok_abbr(l, "2024-05-30 12:34:56 WITA", T0, "WITA");
	no(l, "2024-05-30 12:34:56 cest");
	no(l, "2024-05-30 12:34:56 ABCDEF");
	no(l, "2024-05-30 12:34:56 CESX");
	no(l, "2024-05-30 12:34:56 AB");
	no(l, "2024-05-30 12:34:56 +24");
}

Test(strptime, month_and_weekday_names)
{
	const char *l = "%d %b %Y %H:%M:%S";
	ok_s(l, "30 May 2024 12:34:56", T0, 1);
	ok_s(l, "30 may 2024 12:34:56", T0, 1);
	ok_s(l, "30 MAY 2024 12:34:56", T0, 1);
	ok_s("%d %h %Y %H:%M:%S", "30 May 2024 12:34:56", T0, 1);
	/* strptime takes the full or the short name for %b, %h and %B:
	 * date -u -d '2024-01-30 12:34:56' +%s = 1706618096 */
	ok_s(l, "30 January 2024 12:34:56", 1706618096, 1);
	ok_s("%d %B %Y %H:%M:%S", "30 Jan 2024 12:34:56", 1706618096, 1);
	ok_s("%d %B %Y %H:%M:%S", "30 January 2024 12:34:56", 1706618096, 1);
	no(l, "30 Mai 2024 12:34:56");
	no(l, "30 05 2024 12:34:56");
	/* weekdays are read and not checked: 2024-05-30 was a Thursday */
	ok_s("%a, %d %b %Y %H:%M:%S", "Thu, 30 May 2024 12:34:56", T0, 1);
	ok_s("%a, %d %b %Y %H:%M:%S", "Mon, 30 May 2024 12:34:56", T0, 1);
	ok_s("%A, %d %b %Y %H:%M:%S", "Thursday, 30 May 2024 12:34:56", T0, 1);
	ok_s("%A, %d %b %Y %H:%M:%S", "thu, 30 May 2024 12:34:56", T0, 1);
	no("%a, %d %b %Y %H:%M:%S", "Xyz, 30 May 2024 12:34:56");
}

Test(strptime, two_digit_years_pivot_at_69)
{
	const char *l = "%d/%m/%y %H:%M:%S";
	ok_s(l, "30/05/24 12:34:56", T0, 1);
	/* date -u -d '1969-05-30 12:34:56' +%s = -18617104 */
	ok_s(l, "30/05/69 12:34:56", -18617104, 1);
	/* date -u -d '2068-05-30 12:34:56' +%s = 3105606896 */
	ok_s(l, "30/05/68 12:34:56", 3105606896LL, 1);
	/* timegm((1999,5,30,12,34,56)) = 928067696; (2000,...) = 959690096 */
	ok_s(l, "30/05/99 12:34:56", 928067696, 1);
	ok_s(l, "30/05/00 12:34:56", 959690096, 1);
	no(l, "30/05/2024 12:34:56");
}

Test(strptime, day_of_year)
{
	const char *l = "%Y %j %H:%M:%S";
	/* 2024 is leap: Jan 31 + Feb 29 + Mar 31 + Apr 30 = 121, so day 152 is
	 * May 31: date -u -d '2024-05-31 12:34:56' +%s = 1717158896 */
	ok_s(l, "2024 152 12:34:56", 1717158896, 1);
	/* day 60: Feb 29 in 2024 (1709210096), Mar 1 in 2023 (1677674096) */
	ok_s(l, "2024 060 12:34:56", 1709210096, 1);
	ok_s(l, "2023 060 12:34:56", 1677674096, 1);
	ok_s(l, "2024 60 12:34:56", 1709210096, 1);
	/* day 366 exists only in a leap year: 2024-12-31 = 1735648496 */
	ok_s(l, "2024 366 12:34:56", 1735648496, 1);
	no(l, "2023 366 12:34:56");
	no(l, "2024 367 12:34:56");
	no(l, "2024 000 12:34:56");
	/* a month and day written too must agree with it */
	ok_s("%Y-%m-%d %j %H:%M:%S", "2024-05-31 152 12:34:56", 1717158896, 1);
	no("%Y-%m-%d %j %H:%M:%S", "2024-05-30 152 12:34:56");
}

Test(strptime, twelve_hour_clock)
{
	const char *l = "%Y-%m-%d %I:%M:%S %p";
	/* 12 AM is midnight: date -u -d '2024-05-30 00:00:00' +%s = 1717027200 */
	ok_s(l, "2024-05-30 12:00:00 AM", 1717027200, 1);
	/* 12 PM is noon: 1717070400 */
	ok_s(l, "2024-05-30 12:00:00 PM", 1717070400, 1);
	/* 1:30 PM = 13:30: 1717075800 */
	ok_s(l, "2024-05-30 01:30:00 PM", 1717075800, 1);
	ok_s(l, "2024-05-30 1:30:00 pm", 1717075800, 1);
	/* 11:59:59 PM = 23:59:59: 1717113599 */
	ok_s(l, "2024-05-30 11:59:59 PM", 1717113599, 1);
	/* 12:30 am = 00:30: 1717029000 */
	ok_s(l, "2024-05-30 12:30:00 am", 1717029000, 1);
	/* 11 AM stays 11: 11:00:00 = 1717066800 */
	ok_s(l, "2024-05-30 11:00:00 AM", 1717066800, 1);
	no(l, "2024-05-30 13:00:00 PM");
	no(l, "2024-05-30 00:30:00 AM"); /* %I is 1..12 */
	no(l, "2024-05-30 12:00:00 XM");
	no(l, "2024-05-30 12:00:00");
	/* %p before the hour works too */
	ok_s("%p %I:%M:%S %Y-%m-%d", "PM 01:30:00 2024-05-30", 1717075800, 1);
	/* %H with %p: above 12 is nonsense, 11 PM is 23 */
	no("%Y-%m-%d %H:%M %p", "2024-05-30 13:00 PM");
	ok_s("%Y-%m-%d %H:%M %p", "2024-05-30 11:00 PM", 1717110000, 1);
	/* %I without %p: the hour as written (12 -> 12) */
	ok_s("%Y-%m-%d %I:%M:%S", "2024-05-30 12:00:00", 1717070400, 1);
}

Test(strptime, epoch_seconds)
{
	ok_s("%s", "1717072496", T0, 0);
	ok_s("%s", "0", 0, 0);
	ok("%s.%L", "1717072496.123", T0, 123000000, 1000000, 0);
	/* the last second of 9999: date -u -d '9999-12-31 23:59:59' +%s */
	ok_s("%s", "253402300799", 253402300799LL, 0);
	no("%s", "253402300800");
	no("%s", "-5");
	no("%s", "");
	no("%s", "12ab");
}

Test(strptime, percent_e_and_literals)
{
	/* %e: an optional space before the day; 2024-05-03 = 1714694400 */
	ok_s("%e/%m/%Y", " 3/05/2024", 1714694400, 1);
	ok_s("%e/%m/%Y", "3/05/2024", 1714694400, 1);
	/* 2024-05-03 12:34:56 = 1714739696 */
	ok_s("%b %e %H:%M:%S %Y", "May  3 12:34:56 2024", 1714739696, 1);
	ok_s("%F %% %T", "2024-05-30 % 12:34:56", T0, 1);
	ok_s("[%F %T]", "[2024-05-30 12:34:56]", T0, 1);
	no("[%F %T]", "[2024-05-30 12:34:56");
	no("%F %T", "2024/05/30 12:34:56");
	no("%F %T", "2024-05-30 12:34:56x");
	no("%F %T", "x2024-05-30 12:34:56");
	no("%F %T", "");
}

Test(strptime, white_space_and_widths)
{
	/* white space in the layout matches any run, possibly empty */
	ok_s("%F %T", "2024-05-30\t  12:34:56", T0, 1);
	ok_s("%F %T", "2024-05-3012:34:56", T0, 1);
	/* numbers take 1 digit up to the width of their maximum:
	 * 2024-05-03 01:02:03 = 1714698123 (timegm) */
	ok_s("%Y-%m-%d %H:%M:%S", "2024-5-3 1:2:3", 1714698123, 1);
	/* and compact layouts split by those widths */
	ok_s("%Y%m%d%H%M%S", "20240530123456", T0, 1);
}

Test(strptime, ranges)
{
	const char *l = "%Y-%m-%d %H:%M:%S";
	no(l, "2024-13-30 12:34:56");
	no(l, "2024-00-30 12:34:56");
	no(l, "2024-05-32 12:34:56");
	no(l, "2024-05-00 12:34:56");
	no(l, "2024-02-30 12:34:56");
	no(l, "2023-02-29 12:34:56");
	no(l, "2024-04-31 12:34:56");
	no(l, "2024-05-30 24:00:00");
	no(l, "2024-05-30 12:60:00");
	no(l, "2024-05-30 12:34:61");
	/* Feb 29 of a leap year: 2024-02-29 12:34:56 = 1709210096 */
	ok_s(l, "2024-02-29 12:34:56", 1709210096, 1);
	/* a leap second counts as the next one, as timegm does:
	 * 12:34:60 = 12:35:00 = 1717072500 */
	ok_s(l, "2024-05-30 12:34:60", 1717072500, 1);
}

Test(strptime, missing_year_is_inferred)
{
	tsn_parse_ctx c = ctx_at(&REF);
	ok_c("%b %d %H:%M:%S", "May 30 12:34:56", &c, T0, 0, 1000000000, 1);
	/* a Dec 31 stamp read on Jan 1 belongs to the year before:
	 * ref 2025-01-01T00:00:10Z = 1735689610; 2024-12-31 23:59:59 = 1735689599 */
	tsn_time r2 = {1735689610, 0, 1000000000};
	c = ctx_at(&r2);
	ok_c("%b %d %H:%M:%S", "Dec 31 23:59:59", &c, 1735689599, 0, 1000000000, 1);
	/* Feb 29 near mid-2023 finds 2024 (2024-02-29 00:00:00 = 1709164800);
	 * ref as now_sec, 2023-06-01 = 1685577600 */
	memset(&c, 0, sizeof c);
	c.now_sec = 1685577600;
	ok_c("%b %d %H:%M:%S", "Feb 29 00:00:00", &c, 1709164800, 0, 1000000000, 1);
	/* ... and near mid-2022 (1654041600) none of 2021..2023 has it */
	c.now_sec = 1654041600;
	tsn_stamp st;
	cr_expect_eq(try_c("%b %d %H:%M:%S", "Feb 29 00:00:00", &c, &st), 0);
	/* without a context there is no year to infer */
	cr_expect_eq(try_c("%b %d %H:%M:%S", "May 30 12:34:56", NULL, &st), 0);
	/* a full date needs no context */
	cr_expect_eq(try_c("%F %T", "2024-05-30 12:34:56", NULL, &st), 1);
	cr_expect_eq(st.t.sec, T0);
}

Test(strptime, time_of_day_only_takes_the_nearest_day)
{
	/* ref 2024-05-30T12:00:00Z = 1717070400: 12:34:56 that day = T0 */
	tsn_time r = {1717070400, 0, 1000000000};
	tsn_parse_ctx c = ctx_at(&r);
	ok_c("%H:%M:%S", "12:34:56", &c, T0, 0, 1000000000, 1);
	/* ref 2024-05-31T00:00:10Z = 1717113610: 23:59:59 is the 30th,
	 * 2024-05-30 23:59:59 = 1717113599 */
	r.sec = 1717113610;
	ok_c("%H:%M:%S", "23:59:59", &c, 1717113599, 0, 1000000000, 1);
	/* ref 2024-05-30T23:59:00Z = 1717113540: 00:00:05 is the 31st,
	 * 2024-05-31 00:00:05 = 1717113605 */
	r.sec = 1717113540;
	ok_c("%H:%M:%S.%L", "00:00:05.5", &c, 1717113605, 500000000, 100000000, 1);
	/* with an offset the nearest instant is chosen: ref 2024-05-30T23:30Z
	 * (1717111800); 01:00+02:00 on the 31st is 2024-05-30T23:00Z = 1717110000 */
	r.sec = 1717111800;
	ok_c("%H:%M:%S%z", "01:00:00+02:00", &c, 1717110000, 0, 1000000000, 0);
}

Test(strptime, compile_errors)
{
	compile_err("%Y-%m-%d %Q", "\"%Q\"");
	compile_err("%Y-%m-%d %Q", "byte 9");
	compile_err("%Y-%m-%d %", "lone '%'");
	compile_err("%j %H:%M", "needs a year");
	compile_err("", "empty");
	compile_err("%%", "no conversions");
	char longl[400];
	memset(longl, 'x', sizeof longl - 1);
	longl[sizeof longl - 1] = '\0';
	longl[0] = '%';
	longl[1] = 'Y';
	compile_err(longl, "longer than");
	char many[200] = "";
	for (int i = 0; i < 70; i++)
		strcat(many, "%Y");
	compile_err(many, "too many tokens");
}

Test(strptime, failed_match_leaves_out_alone)
{
	layout_prog p;
	compile_ok("%F %T", &p);
	tsn_stamp st;
	memset(&st, 0x5a, sizeof st);
	tsn_stamp before = st;
	tsn_parse_ctx c = ctx_at(&REF);
	cr_assert_eq(layout_match(&p, "2024-05-30 12:34", 16, &c, &st), 0);
	cr_expect(memcmp(&st, &before, sizeof st) == 0);
	/* only n bytes are read: a longer buffer with the stamp as its prefix */
	cr_expect_eq(layout_match(&p, "2024-05-30 12:34:56 trailing", 19, &c, &st), 1);
	cr_expect_eq(st.t.sec, T0);
}

/* ==== Go =============================================================== */

Test(go, basic_is_zoneless_whole_seconds)
{
	ok_s("2006-01-02 15:04:05", "2024-05-30 12:34:56", T0, 1);
	ok_s("2006-01-02T15:04:05", "2024-05-30T12:34:56", T0, 1);
	ok_s("2006/01/02 15:04:05", "2024/05/30 12:34:56", T0, 1);
}

Test(go, exact_fractions)
{
	const char *l = "2006-01-02 15:04:05.000";
	ok(l, "2024-05-30 12:34:56.123", T0, 123000000, 1000000, 1);
	/* the value's separator may be ',' or '.', whatever the layout says */
	ok(l, "2024-05-30 12:34:56,123", T0, 123000000, 1000000, 1);
	ok("2006-01-02 15:04:05,000", "2024-05-30 12:34:56.123", T0, 123000000, 1000000, 1);
	ok("2006-01-02 15:04:05,000", "2024-05-30 12:34:56,120", T0, 120000000, 1000000, 1);
	/* exactly that many digits */
	no(l, "2024-05-30 12:34:56.12");
	no(l, "2024-05-30 12:34:56.1234");
	no(l, "2024-05-30 12:34:56");
	no(l, "2024-05-30 12:34:56.12a");
	ok("2006-01-02 15:04:05.0", "2024-05-30 12:34:56.5", T0, 500000000, 100000000, 1);
	ok("2006-01-02 15:04:05.000000", "2024-05-30 12:34:56.123456", T0, 123456000, 1000, 1);
	ok("2006-01-02 15:04:05.000000000", "2024-05-30 12:34:56.123456789", T0, 123456789, 1,
	   1);
}

Test(go, optional_fractions)
{
	const char *l = "2006-01-02 15:04:05.999";
	ok(l, "2024-05-30 12:34:56", T0, 0, 1000000000, 1);
	ok(l, "2024-05-30 12:34:56.1", T0, 100000000, 100000000, 1);
	ok(l, "2024-05-30 12:34:56.12", T0, 120000000, 10000000, 1);
	ok(l, "2024-05-30 12:34:56.120", T0, 120000000, 1000000, 1);
	/* like Go, more digits than the layout shows are taken */
	ok(l, "2024-05-30 12:34:56.123456", T0, 123456000, 1000, 1);
	ok(l, "2024-05-30 12:34:56.1234567891", T0, 123456789, 1, 1);
	ok("2006-01-02 15:04:05,999999999", "2024-05-30 12:34:56.5", T0, 500000000, 100000000,
	   1);
	no(l, "2024-05-30 12:34:56.");
	no(l, "2024-05-30 12:34:56.x");
	/* .999 then more layout */
	ok("2006-01-02 15:04:05.999999999Z07:00", "2024-05-30 12:34:56Z", T0, 0, 1000000000, 0);
	ok("2006-01-02 15:04:05.999999999Z07:00", "2024-05-30 12:34:56.25+02:00", 1717065296,
	   250000000, 10000000, 0);
}

Test(go, fraction_after_seconds_without_one_in_the_layout)
{
	const char *l = "2006-01-02 15:04:05";
	ok(l, "2024-05-30 12:34:56.123", T0, 123000000, 1000000, 1);
	ok(l, "2024-05-30 12:34:56,5", T0, 500000000, 100000000, 1);
	ok(l, "2024-05-30 12:34:56.123456789123", T0, 123456789, 1, 1);
	no(l, "2024-05-30 12:34:56.");
	no(l, "2024-05-30 12:34:56.x");
	/* in the middle of a layout too */
	ok("2006-01-02 15:04:05 MST", "2024-05-30 12:34:56.789 UTC", T0, 789000000, 1000000, 0);
	/* single-digit seconds as well */
	ok("2006-01-02 15:04:5", "2024-05-30 12:34:56.5", T0, 500000000, 100000000, 1);
	/* but not when the layout's own fraction follows: .000 wants exactly 3 */
	no("2006-01-02 15:04:05.000", "2024-05-30 12:34:56.123456");
}

Test(go, numbers)
{
	/* 1 and 2: one or two digits; 2024-05-03 12:34:56 = 1714739696 */
	ok_s("1/2/2006 15:04:05", "5/3/2024 12:34:56", 1714739696, 1);
	ok_s("1/2/2006 15:04:05", "05/03/2024 12:34:56", 1714739696, 1);
	/* 2024-12-31 12:34:56 = 1735648496 */
	ok_s("1/2/2006 15:04:05", "12/31/2024 12:34:56", 1735648496, 1);
	/* 01 and 02: exactly two */
	no("01/02/2006 15:04:05", "5/03/2024 12:34:56");
	no("01/02/2006 15:04:05", "05/3/2024 12:34:56");
	/* _2: a space-padded day */
	ok_s("2006-01-_2 15:04:05", "2024-05- 3 12:34:56", 1714739696, 1);
	ok_s("2006-01-_2 15:04:05", "2024-05-03 12:34:56", 1714739696, 1);
	ok_s("Jan _2 2006 15:04:05", "May  3 2024 12:34:56", 1714739696, 1);
	/* 3, 4, 5: one or two digits; 2024-05-30 01:02:03 = 1717030923 */
	ok_s("2006-1-2 3:4:5", "2024-5-30 1:2:3", 1717030923, 1);
	/* 2006: four digits exactly */
	no("2006-01-02 15:04:05", "24-05-30 12:34:56");
	no("2006-01-02 15:04:05", "02024-05-30 12:34:56");
	/* Go's ranges */
	no("2006-01-02 15:04:05", "2024-05-30 24:00:00");
	no("2006-01-02 15:04:05", "2024-05-30 12:60:00");
	no("2006-01-02 15:04:05", "2024-05-30 12:34:60");
	no("2006-01-02 15:04:05", "2024-13-30 12:34:56");
	no("2006-01-02 15:04:05", "2024-02-30 12:34:56");
	no("2006-01-02 15:04:05", "2023-02-29 12:34:56");
	no("2006-01-02 15:04:05", "2024-05-00 12:34:56");
}

Test(go, two_digit_years)
{
	const char *l = "02/01/06 15:04:05";
	ok_s(l, "30/05/24 12:34:56", T0, 1);
	ok_s(l, "30/05/69 12:34:56", -18617104, 1);   /* 1969, as for %y */
	ok_s(l, "30/05/68 12:34:56", 3105606896LL, 1); /* 2068 */
	no(l, "30/05/2024 12:34:56");
	no(l, "30/05/4 12:34:56");
}

Test(go, month_and_weekday_names)
{
	ok_s("January 2, 2006 15:04:05", "May 30, 2024 12:34:56", T0, 1);
	/* 2024-01-30 12:34:56 = 1706618096 */
	ok_s("January 2, 2006 15:04:05", "January 30, 2024 12:34:56", 1706618096, 1);
	no("January 2, 2006 15:04:05", "Jan 30, 2024 12:34:56");
	ok_s("Jan 2, 2006 15:04:05", "May 30, 2024 12:34:56", T0, 1);
	ok_s("Jan 2, 2006 15:04:05", "MAY 30, 2024 12:34:56", T0, 1); /* case-insensitive */
	no("Jan 2, 2006 15:04:05", "June 30, 2024 12:34:56");
	/* ANSIC; weekdays are not checked (2024-05-30 was a Thursday) */
	ok_s("Mon Jan _2 15:04:05 2006", "Thu May 30 12:34:56 2024", T0, 1);
	ok_s("Mon Jan _2 15:04:05 2006", "Mon May 30 12:34:56 2024", T0, 1);
	no("Mon Jan _2 15:04:05 2006", "Thursday May 30 12:34:56 2024");
	/* RFC 850 */
	ok_s("Monday, 02-Jan-06 15:04:05 MST", "Thursday, 30-May-24 12:34:56 UTC", T0, 0);
	no("Monday, 02-Jan-06 15:04:05 MST", "Thu, 30-May-24 12:34:56 UTC");
}

Test(go, twelve_hour_clock)
{
	const char *l = "2006-01-02 3:04PM";
	ok_s(l, "2024-05-30 12:00AM", 1717027200, 1); /* midnight */
	ok_s(l, "2024-05-30 12:00PM", 1717070400, 1); /* noon */
	ok_s(l, "2024-05-30 1:30PM", 1717075800, 1);  /* 13:30 */
	ok_s(l, "2024-05-30 11:00AM", 1717066800, 1); /* 11:00 */
	/* Go reads hour 0 in 12-hour fields: 0:30AM = 00:30 = 1717029000 */
	ok_s(l, "2024-05-30 0:30AM", 1717029000, 1);
	no(l, "2024-05-30 13:00PM");
	no(l, "2024-05-30 1:30pm"); /* PM wants upper case */
	no(l, "2024-05-30 1:30");
	ok_s("2006-01-02 03:04:05 pm", "2024-05-30 11:59:59 pm", 1717113599, 1);
	ok_s("2006-01-02 03:04:05 pm", "2024-05-30 12:00:00 am", 1717027200, 1);
	no("2006-01-02 03:04:05 pm", "2024-05-30 11:59:59 PM");
	no("2006-01-02 03:04:05 pm", "2024-05-30 1:59:59 pm"); /* 03: two digits */
	/* 15 with PM: Go adds 12 only below 12; 13:00 = 1717074000 */
	ok_s("2006-01-02 15:04 PM", "2024-05-30 13:00 PM", 1717074000, 1);
}

Test(go, numeric_zones)
{
	/* +08:00 -> 04:34:56Z = 1717043696; -05:30 -> 18:04:56Z = 1717092296 */
	ok_s("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 +0800", 1717043696, 0);
	ok_s("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 -0530", 1717092296, 0);
	no("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 Z");
	no("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 +08:00");
	ok_s("2006-01-02 15:04:05 -07:00", "2024-05-30 12:34:56 +08:00", 1717043696, 0);
	no("2006-01-02 15:04:05 -07:00", "2024-05-30 12:34:56 Z");
	ok_s("2006-01-02 15:04:05 -07", "2024-05-30 12:34:56 +08", 1717043696, 0);
	/* +02:00 -> 10:34:56Z = 1717065296 */
	ok_s("2006-01-02T15:04:05Z07:00", "2024-05-30T12:34:56Z", T0, 0);
	ok_s("2006-01-02T15:04:05Z07:00", "2024-05-30T12:34:56+02:00", 1717065296, 0);
	ok_s("2006-01-02T15:04:05Z0700", "2024-05-30T12:34:56Z", T0, 0);
	ok_s("2006-01-02T15:04:05Z0700", "2024-05-30T12:34:56+0200", 1717065296, 0);
	ok_s("2006-01-02T15:04:05Z07", "2024-05-30T12:34:56Z", T0, 0);
	/* -05 -> 17:34:56Z = 1717090496 */
	ok_s("2006-01-02T15:04:05Z07", "2024-05-30T12:34:56-05", 1717090496, 0);
	/* with seconds: 12:34:56 - 1:02:03 = 11:32:53Z = 1717068773;
	 * 12:34:56 + 1:02:03 = 13:36:59Z = 1717076219 */
	ok_s("2006-01-02 15:04:05 -070000", "2024-05-30 12:34:56 +010203", 1717068773, 0);
	ok_s("2006-01-02 15:04:05 -07:00:00", "2024-05-30 12:34:56 -01:02:03", 1717076219, 0);
	ok_s("2006-01-02 15:04:05 Z07:00:00", "2024-05-30 12:34:56 Z", T0, 0);
	/* Go allows 24 hours and 60 minutes: +2400 -> 2024-05-29 12:34:56Z =
	 * 1716986096; +0060 -> 11:34:56Z = 1717068896 */
	ok_s("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 +2400", 1716986096, 0);
	ok_s("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 +0060", 1717068896, 0);
	no("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 +2500");
	no("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 +0061");
	no("2006-01-02 15:04:05 -0700", "2024-05-30 12:34:56 *0800");
}

Test(go, zone_abbreviations)
{
	const char *l = "2006-01-02 15:04:05 MST";
	ok_s(l, "2024-05-30 12:34:56 UTC", T0, 0);
	ok_s(l, "2024-05-30 12:34:56 GMT", T0, 0);
	ok_s(l, "2024-05-30 12:34:56 GMT+3", 1717061696, 0);
	ok_s(l, "2024-05-30 12:34:56 +03", 1717061696, 0);
	ok_abbr(l, "2024-05-30 12:34:56 CEST", T0, "CEST");
	ok_abbr(l, "2024-05-30 12:34:56 MST", T0, "MST");
	ok_abbr(l, "2024-05-30 12:34:56 ChST", T0, "ChST");
	ok_abbr(l, "2024-05-30 12:34:56 WITA", T0, "WITA");
	no(l, "2024-05-30 12:34:56 Mountain");
	no(l, "2024-05-30 12:34:56 CESX");
	no(l, "2024-05-30 12:34:56 ABCDEF");
	/* an offset and a name: the offset decides (RFC 1123 with both) */
	ok_s("2006-01-02 15:04:05 -0700 MST", "2024-05-30 12:34:56 +0200 CEST", 1717065296, 0);
}

Test(go, day_of_year)
{
	ok_s("2006-002 15:04:05", "2024-152 12:34:56", 1717158896, 1);
	ok_s("2006-002 15:04:05", "2024-060 12:34:56", 1709210096, 1);
	ok_s("2006-002 15:04:05", "2023-060 12:34:56", 1677674096, 1);
	ok_s("2006-002 15:04:05", "2024-366 12:34:56", 1735648496, 1);
	no("2006-002 15:04:05", "2023-366 12:34:56");
	no("2006-002 15:04:05", "2024-60 12:34:56");
	/* __2: space padded; 2024-01-05 12:34:56 = 1704458096 */
	ok_s("2006-__2 15:04:05", "2024- 60 12:34:56", 1709210096, 1);
	ok_s("2006-__2 15:04:05", "2024-  5 12:34:56", 1704458096, 1);
	ok_s("2006-01-02 002 15:04:05", "2024-05-31 152 12:34:56", 1717158896, 1);
	no("2006-01-02 002 15:04:05", "2024-05-30 152 12:34:56");
}

Test(go, lexing_and_spaces)
{
	/* a run of spaces matches a run of spaces */
	ok_s("2006-01-02 15:04:05", "2024-05-30   12:34:56", T0, 1);
	ok_s("2006-01-02  15:04:05", "2024-05-30 12:34:56", T0, 1);
	no("2006-01-02 15:04:05", "2024-05-3012:34:56");
	/* "_2006" is a literal underscore and a year; 2024-05-30 = 1717027200 */
	ok_s("_2006-01-02", "_2024-05-30", 1717027200, 1);
	/* ".01" is not a fraction: digits follow the zeros */
	ok_s("2006.01.02 15:04:05", "2024.05.30 12:34:56", T0, 1);
	/* "Jan" before a lower-case letter is literal: 2024-01-01 = 1704067200 */
	ok_s("Janet 2006", "Janet 2024", 1704067200, 1);
	/* 'Z' alone and '-' alone are literals */
	ok_s("2006-01-02T15:04:05Z", "2024-05-30T12:34:56Z", T0, 1);
	/* digits 0, 6..9 are literals */
	ok_s("2006-01-02 15:04:05 7", "2024-05-30 12:34:56 7", T0, 1);
	no("2006-01-02 15:04:05 7", "2024-05-30 12:34:56 8");
	/* a layout without a year: the year is inferred */
	ok_s("Jan _2 15:04:05", "May 30 12:34:56", T0, 1);
	/* and one without a date takes the reference's day (REF is T0 itself) */
	ok("15:04:05.000", "12:34:56.000", T0, 0, 1000000, 1);
}

Test(go, compile_errors)
{
	compile_err("yyyy-MM-dd HH:mm:ss", "not a layout");
	compile_err("002 15:04", "needs a year");
}

Test(layout, dialect_is_chosen_by_percent)
{
	layout_prog p;
	compile_ok("%Y-%m-%d", &p);
	cr_expect_eq(p.dialect, LAYOUT_STRPTIME);
	compile_ok("2006-01-02", &p);
	cr_expect_eq(p.dialect, LAYOUT_GO);
	/* "2006" in a strptime layout is literal text */
	ok_s("2006 %Y-%m-%d %H:%M:%S", "2006 2024-05-30 12:34:56", T0, 1);
	/* a '%' makes a Go-looking layout strptime, where 15:04 is literal */
	compile_err("15:04 %%", "no conversions");
}
