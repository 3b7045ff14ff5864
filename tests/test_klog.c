/* test_klog.c — klog_parse/klog_locate: severity letters, six fraction digits,
 * the thread id, year inference (New Year, Feb 29), every rejection rule.
 * Expected epochs come from `date -u -d ... +%s` or Python calendar.timegm. */
#include <criterion/criterion.h>
#include <string.h>

#include "families_a.h"

static const tsn_format_def def = {"klog", "", klog_locate, NULL, 0};

/* calendar.timegm((2024,6,1,0,0,0)) = 1717200000: a reference in mid-2024 */
#define REF_2024_06_01 1717200000LL
/* date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL

static int loc_at(const char *msg, long long ref_sec, tsn_stamp *st)
{
	tsn_time ref = {ref_sec, 0, 1000000000};
	tsn_parse_ctx c = {&ref, 0, NULL, 0};
	return klog_locate(&def, msg, strlen(msg), &c, st);
}

static void expect_at(const char *msg, long long ref_sec, long long sec, long nsec)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	cr_assert_eq(loc_at(msg, ref_sec, &st), 1, "not located: \"%s\"", msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", msg, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, nsec, "%s: nsec %ld, want %ld", msg, (long)st.t.nsec, nsec);
	cr_expect_eq(st.t.prec, 1000, "%s: prec %ld", msg, (long)st.t.prec);
	cr_expect_eq(st.zoneless, 1, "%s: not zoneless", msg);
	cr_expect_null(st.abbr);
	cr_expect_eq(st.abbr_len, 0);
}

static void expect(const char *msg, long long sec, long nsec)
{
	expect_at(msg, REF_2024_06_01, sec, nsec);
}

static void reject_at(const char *msg, long long ref_sec)
{
	tsn_stamp st;
	cr_expect_eq(loc_at(msg, ref_sec, &st), 0, "located: \"%s\"", msg);
}

static void reject(const char *msg)
{
	reject_at(msg, REF_2024_06_01);
}

Test(klog, typical_header)
{
	expect("I0530 12:34:56.789012   12345 main.go:42] Starting controller", T0, 789012000);
	expect("I0530 12:34:56.000000       1 server.go:7] x", T0, 0);
	expect("I0530 12:34:56.999999 1 a.go:1] x", T0, 999999000);
}

Test(klog, every_severity_letter)
{
	expect("I0530 12:34:56.000001 7 a.go:1] info", T0, 1000);
	expect("W0530 12:34:56.000001 7 a.go:1] warning", T0, 1000);
	expect("E0530 12:34:56.000001 7 a.go:1] error", T0, 1000);
	expect("F0530 12:34:56.000001 7 a.go:1] fatal", T0, 1000);
}

Test(klog, wrong_severity_letter_rejected)
{
	reject("D0530 12:34:56.789012 12345 a.go:1] x");
	reject("i0530 12:34:56.789012 12345 a.go:1] x");
	reject("w0530 12:34:56.789012 12345 a.go:1] x");
	reject("0530 12:34:56.789012 12345 a.go:1] x");
	reject(" I0530 12:34:56.789012 12345 a.go:1] x");
	reject("II0530 12:34:56.789012 12345 a.go:1] x");
}

Test(klog, thread_id_is_required)
{
	/* the minimum: stamp, spaces, digits, a space; the rest is not checked */
	expect("I0530 12:34:56.789012 12345 anything at all", T0, 789012000);
	reject("I0530 12:34:56.789012");
	reject("I0530 12:34:56.789012 ");
	reject("I0530 12:34:56.789012    ");
	reject("I0530 12:34:56.789012 12345");         /* nothing after the id */
	reject("I0530 12:34:56.789012 12345] x");
	reject("I0530 12:34:56.789012 main.go:42] x"); /* no id */
	reject("I0530 12:34:56.789012 abc 12345 x");
	reject("I0530 12:34:56.78901212345 a.go:1] x");
	reject("I0530 12:34:56.789012\t12345 a.go:1] x");
	reject("I0530 12:34:56.789012 12a45 a.go:1] x");
}

Test(klog, exactly_six_fraction_digits)
{
	reject("I0530 12:34:56.78901 12345 a.go:1] x");
	reject("I0530 12:34:56.7890123 12345 a.go:1] x");
	reject("I0530 12:34:56.789 12345 a.go:1] x");
	reject("I0530 12:34:56 12345 a.go:1] x");
	reject("I0530 12:34:56,789012 12345 a.go:1] x");
	reject("I0530 12:34:56.78901x 12345 a.go:1] x");
}

Test(klog, bad_dates_and_times_rejected)
{
	reject("I1330 12:34:56.789012 1 a.go:1] x");
	reject("I0030 12:34:56.789012 1 a.go:1] x");
	reject("I0500 12:34:56.789012 1 a.go:1] x");
	reject("I0532 12:34:56.789012 1 a.go:1] x");
	reject("I0431 12:34:56.789012 1 a.go:1] x"); /* April has 30 days in every year */
	reject("I0230 12:34:56.789012 1 a.go:1] x");
	reject("I0530 24:00:00.000000 1 a.go:1] x");
	reject("I0530 23:60:00.000000 1 a.go:1] x");
	reject("I0530 23:59:60.000000 1 a.go:1] x");
	reject("I530 12:34:56.789012 1 a.go:1] x");
	reject("I0530 12:34.56.789012 1 a.go:1] x");
	reject("I0530T12:34:56.789012 1 a.go:1] x");
}

Test(klog, new_year_rollover_backwards)
{
	/* a Dec 31 23:59:59 stamp read at 2025-01-01T00:00:01Z belongs to 2024:
	 * calendar.timegm((2025,1,1,0,0,1)) = 1735689601 (ref),
	 * calendar.timegm((2024,12,31,23,59,59)) = 1735689599 */
	expect_at("E1231 23:59:59.500000 9 a.go:1] x", 1735689601LL, 1735689599LL, 500000000);
}

Test(klog, new_year_rollover_forwards)
{
	/* a Jan 1 00:00:01 stamp read at 2024-12-31T23:59:59Z belongs to 2025:
	 * ref 1735689599, stamp calendar.timegm((2025,1,1,0,0,1)) = 1735689601 */
	expect_at("I0101 00:00:01.000000 9 a.go:1] x", 1735689599LL, 1735689601LL, 0);
}

Test(klog, feb_29_nearest_valid_year)
{
	/* reference in the leap year itself: calendar.timegm((2024,3,1,0,0,0)) =
	 * 1709251200; stamp calendar.timegm((2024,2,29,12,0,0)) = 1709208000 */
	expect_at("I0229 12:00:00.000000 1 a.go:1] x", 1709251200LL, 1709208000LL, 0);
	/* reference 2025-03-01 (calendar.timegm = 1740787200): 2025 has no Feb 29,
	 * the nearest candidate that does is 2024 */
	expect_at("I0229 12:00:00.000000 1 a.go:1] x", 1740787200LL, 1709208000LL, 0);
	/* reference 2023-11-30 (calendar.timegm = 1701302400): the next year, 2024 */
	expect_at("I0229 12:00:00.000000 1 a.go:1] x", 1701302400LL, 1709208000LL, 0);
	/* reference 2027-01-15 (calendar.timegm = 1799971200): 2028;
	 * calendar.timegm((2028,2,29,12,0,0)) = 1835438400 */
	expect_at("I0229 12:00:00.000000 1 a.go:1] x", 1799971200LL, 1835438400LL, 0);
	/* reference 2022-06-01 (calendar.timegm = 1654041600): 2021, 2022, 2023
	 * have no Feb 29: no stamp */
	reject_at("I0229 12:00:00.000000 1 a.go:1] x", 1654041600LL);
}

Test(klog, reference_from_now_when_ref_is_null)
{
	tsn_parse_ctx c = {NULL, REF_2024_06_01, NULL, 0};
	tsn_stamp st;
	const char *m = "I0530 12:34:56.789012 1 a.go:1] x";
	cr_assert_eq(klog_locate(&def, m, strlen(m), &c, &st), 1);
	cr_expect_eq(st.t.sec, T0);
	/* calendar.timegm((2023,9,1,0,0,0)) = 1693526400: now in autumn 2023 puts
	 * a May 30 stamp in 2023; date -u -d '2023-05-30 12:34:56' +%s = 1685450096 */
	c.now_sec = 1693526400LL;
	cr_assert_eq(klog_locate(&def, m, strlen(m), &c, &st), 1);
	cr_expect_eq(st.t.sec, 1685450096LL);
}

Test(klog, parse_returns_21_and_respects_n)
{
	tsn_time ref = {REF_2024_06_01, 0, 1000000000};
	tsn_parse_ctx c = {&ref, 0, NULL, 0};
	tsn_stamp st;
	const char *s = "W0530 12:34:56.789012 rest";
	cr_expect_eq(klog_parse(s, strlen(s), &c, &st), 21);
	cr_expect_eq(st.t.sec, T0);
	cr_expect_eq(klog_parse(s, 20, &c, &st), -1);
	cr_expect_eq(klog_parse(s, 21, &c, &st), 21);
	/* a seventh fraction digit is rejected by the parse itself */
	s = "I0530 12:34:56.7890123";
	cr_expect_eq(klog_parse(s, strlen(s), &c, &st), -1);
	cr_expect_eq(klog_parse(s, 21, &c, &st), 21);
	/* the locator needs the thread id, which n may cut off */
	s = "W0530 12:34:56.789012 12345 a.go:1] x";
	cr_expect_eq(klog_locate(&def, s, 27, &c, &st), 0);
	cr_expect_eq(klog_locate(&def, s, 28, &c, &st), 1);
}
