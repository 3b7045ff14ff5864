/* test_syslog.c — syslog5424_* (PRI, VERSION, RFC 3339 stamp or NILVALUE) and
 * syslog3164_* (BSD header, year inference, optional PRI and fraction).
 * Expected epochs come from `date -u -d ... +%s` or Python calendar.timegm. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "families_a.h"

static const tsn_format_def def5424 = {"syslog5424", "", syslog5424_locate, NULL, 0};
static const tsn_format_def def3164 = {"syslog3164", "", syslog3164_locate, NULL, 0};

/* calendar.timegm((2024,6,1,0,0,0)) = 1717200000: a reference in mid-2024 */
#define REF_2024_06_01 1717200000LL
/* date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL

static int loc(const tsn_format_def *d, const char *msg, long long ref_sec, tsn_stamp *st)
{
	tsn_time ref = {ref_sec, 0, 1000000000};
	tsn_parse_ctx c = {&ref, 0, NULL, 0};
	return d->locate(d, msg, strlen(msg), &c, st);
}

static void check(const char *msg, const tsn_stamp *st, long long sec, long nsec, long prec,
		  int zoneless)
{
	cr_expect_eq(st->t.sec, sec, "%s: sec %lld, want %lld", msg, (long long)st->t.sec, sec);
	cr_expect_eq(st->t.nsec, nsec, "%s: nsec %ld, want %ld", msg, (long)st->t.nsec, nsec);
	cr_expect_eq(st->t.prec, prec, "%s: prec %ld, want %ld", msg, (long)st->t.prec, prec);
	cr_expect_eq(st->zoneless, zoneless, "%s: zoneless %d", msg, st->zoneless);
	cr_expect_null(st->abbr, "%s: abbr set", msg);
	cr_expect_eq(st->abbr_len, 0, "%s: abbr_len set", msg);
}

static void expect5424(const char *msg, long long sec, long nsec, long prec)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	cr_assert_eq(loc(&def5424, msg, REF_2024_06_01, &st), 1, "not located: \"%s\"", msg);
	check(msg, &st, sec, nsec, prec, 0);
}

static void reject5424(const char *msg)
{
	tsn_stamp st;
	cr_expect_eq(loc(&def5424, msg, REF_2024_06_01, &st), 0, "5424 located: \"%s\"", msg);
}

static void expect3164_at(const char *msg, long long ref_sec, long long sec, long nsec,
			  long prec)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	cr_assert_eq(loc(&def3164, msg, ref_sec, &st), 1, "not located: \"%s\"", msg);
	check(msg, &st, sec, nsec, prec, 1);
}

static void expect3164(const char *msg, long long sec, long nsec, long prec)
{
	expect3164_at(msg, REF_2024_06_01, sec, nsec, prec);
}

static void reject3164_at(const char *msg, long long ref_sec)
{
	tsn_stamp st;
	cr_expect_eq(loc(&def3164, msg, ref_sec, &st), 0, "3164 located: \"%s\"", msg);
}

static void reject3164(const char *msg)
{
	reject3164_at(msg, REF_2024_06_01);
}

/* ---- RFC 5424 --------------------------------------------------------- */

Test(syslog5424, rfc_examples_shape)
{
	expect5424("<34>1 2024-05-30T12:34:56.123Z mymachine.example.com su - ID47 - msg", T0,
		   123000000, 1000000);
	/* 12:34:56.003-07:00 = 19:34:56.003Z; date -u -d '2024-05-30T19:34:56Z' +%s = 1717097696 */
	expect5424("<165>1 2024-05-30T12:34:56.003-07:00 host evntslog - ID47 [x@1 a=\"b\"] m",
		   1717097696, 3000000, 1000000);
	/* 12:34:56+08:00 = 04:34:56Z; date -u -d '2024-05-30T12:34:56+08:00' +%s = 1717043696 */
	expect5424("<13>1 2024-05-30T12:34:56+08:00 h a p m - x", 1717043696, 0, 1000000000);
}

Test(syslog5424, fraction_precision)
{
	expect5424("<34>1 2024-05-30T12:34:56.1Z h", T0, 100000000, 100000000);
	expect5424("<34>1 2024-05-30T12:34:56.12Z h", T0, 120000000, 10000000);
	expect5424("<34>1 2024-05-30T12:34:56.1234Z h", T0, 123400000, 100000);
	expect5424("<34>1 2024-05-30T12:34:56.12345Z h", T0, 123450000, 10000);
	expect5424("<34>1 2024-05-30T12:34:56.123456Z h", T0, 123456000, 1000);
	/* more than the RFC's six digits: accepted, past the ninth dropped */
	expect5424("<34>1 2024-05-30T12:34:56.123456789Z h", T0, 123456789, 1);
	expect5424("<34>1 2024-05-30T12:34:56.1234567899Z h", T0, 123456789, 1);
}

Test(syslog5424, end_of_message_and_white_space_after_stamp)
{
	expect5424("<34>1 2024-05-30T12:34:56Z", T0, 0, 1000000000);
	expect5424("<34>1 2024-05-30T12:34:56Z\th", T0, 0, 1000000000);
	reject5424("<34>1 2024-05-30T12:34:56Zhost app");
	reject5424("<34>1 2024-05-30T12:34:56Z- app");
	reject5424("<34>1 2024-05-30T12:34:56.Z host");
}

Test(syslog5424, nilvalue_has_no_stamp)
{
	reject5424("<34>1 - host app - - - msg");
	reject5424("<34>1 -");
	tsn_stamp st;
	const char *s = "<34>1 - host";
	cr_expect_eq(syslog5424_parse(s, strlen(s), &st), -1);
}

Test(syslog5424, pri_range_and_shape)
{
	expect5424("<0>1 2024-05-30T12:34:56Z h", T0, 0, 1000000000);
	expect5424("<7>1 2024-05-30T12:34:56Z h", T0, 0, 1000000000);
	expect5424("<191>1 2024-05-30T12:34:56Z h", T0, 0, 1000000000);
	reject5424("<192>1 2024-05-30T12:34:56Z h");
	reject5424("<999>1 2024-05-30T12:34:56Z h");
	reject5424("<1000>1 2024-05-30T12:34:56Z h");
	reject5424("<00>1 2024-05-30T12:34:56Z h");  /* leading zeros: RFC 5424 6.2.1 */
	reject5424("<034>1 2024-05-30T12:34:56Z h");
	reject5424("<>1 2024-05-30T12:34:56Z h");
	reject5424("<-1>1 2024-05-30T12:34:56Z h");
	reject5424("<34 1 2024-05-30T12:34:56Z h");
	reject5424("34>1 2024-05-30T12:34:56Z h");
	reject5424("1 2024-05-30T12:34:56Z h");      /* no PRI */
	reject5424(" <34>1 2024-05-30T12:34:56Z h"); /* not at the start */
}

Test(syslog5424, version_shape)
{
	expect5424("<34>2 2024-05-30T12:34:56Z h", T0, 0, 1000000000);
	expect5424("<34>10 2024-05-30T12:34:56Z h", T0, 0, 1000000000);
	expect5424("<34>999 2024-05-30T12:34:56Z h", T0, 0, 1000000000);
	reject5424("<34>0 2024-05-30T12:34:56Z h");
	reject5424("<34>01 2024-05-30T12:34:56Z h");
	reject5424("<34>1000 2024-05-30T12:34:56Z h");
	reject5424("<34> 2024-05-30T12:34:56Z h");
	reject5424("<34>2024-05-30T12:34:56Z h");
	reject5424("<34>1  2024-05-30T12:34:56Z h");
	reject5424("<34>1\t2024-05-30T12:34:56Z h");
	reject5424("<34>1_2024-05-30T12:34:56Z h");
	reject5424("<34>1-2024-05-30T12:34:56Z h");
}

Test(syslog5424, timestamp_is_strict_rfc3339)
{
	reject5424("<34>1 2024-05-30t12:34:56Z h");
	reject5424("<34>1 2024-05-30T12:34:56z h");
	reject5424("<34>1 2024-05-30 12:34:56Z h");
	reject5424("<34>1 2024-05-30T12:34:56 h");      /* no offset */
	reject5424("<34>1 2024-05-30T12:34:56+0800 h"); /* RFC 3339 needs the colon */
	reject5424("<34>1 2024-05-30T12:34:56+08 h");
	reject5424("<34>1 2023-02-29T12:34:56Z h");
	reject5424("<34>1 2024-04-31T12:34:56Z h");
	reject5424("<34>1 2024-13-30T12:34:56Z h");
	reject5424("<34>1 2024-05-30T24:00:00Z h");
	reject5424("<34>1 2024-05-30T23:60:00Z h");
	reject5424("<34>1 2024-05-30T23:59:60Z h");
	reject5424("<34>1 May 30 12:34:56 h");          /* that is RFC 3164 */
	reject5424("<34>1 ");
}

Test(syslog5424, parse_returns_bytes_consumed)
{
	tsn_stamp st;
	const char *s = "<34>1 2024-05-30T12:34:56.123Z host";
	cr_expect_eq(syslog5424_parse(s, strlen(s), &st), 30);
	cr_expect_eq(st.t.sec, T0);
	s = "<191>999 2024-05-30T12:34:56+08:00";
	cr_expect_eq(syslog5424_parse(s, strlen(s), &st), 34);
	cr_expect_eq(syslog5424_parse(s, 33, &st), -1); /* n cuts the offset */
}

/* ---- RFC 3164 --------------------------------------------------------- */

Test(syslog3164, with_and_without_pri)
{
	expect3164("<34>May 30 12:34:56 host sshd[42]: Accepted", T0, 0, 1000000000);
	expect3164("May 30 12:34:56 host sshd[42]: Accepted", T0, 0, 1000000000);
	expect3164("<0>May 30 12:34:56 h", T0, 0, 1000000000);
	expect3164("<191>May 30 12:34:56 h", T0, 0, 1000000000);
	expect3164("May 30 12:34:56", T0, 0, 1000000000);
	expect3164("May 30 12:34:56\tx", T0, 0, 1000000000);
}

Test(syslog3164, day_padding)
{
	/* calendar.timegm((2024,5,3,12,34,56)) = 1714739696 */
	expect3164("May  3 12:34:56 host x", 1714739696, 0, 1000000000);
	expect3164("<13>May 03 12:34:56 host x", 1714739696, 0, 1000000000);
	reject3164("May 3 12:34:56 host x");
	reject3164("May  03 12:34:56 host x");
	reject3164("May   3 12:34:56 host x");
	reject3164("May  0 12:34:56 host x");
	reject3164("May 00 12:34:56 host x");
}

Test(syslog3164, every_month_name)
{
	/* all on the 15th at 12:00 with a reference of 2024-07-01T00:00:00Z
	 * (calendar.timegm = 1719792000): each is nearest in 2024.
	 * calendar.timegm((2024,m,15,12,0,0)) for m = 1..12 */
	static const char *const names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const long long want[12] = {1705320000, 1707998400, 1710504000, 1713182400,
					   1715774400, 1718452800, 1721044800, 1723723200,
					   1726401600, 1728993600, 1731672000, 1734264000};
	for (int m = 0; m < 12; m++) {
		char msg[64];
		snprintf(msg, sizeof msg, "<14>%s 15 12:00:00 host app: x", names[m]);
		expect3164_at(msg, 1719792000LL, want[m], 0, 1000000000);
	}
}

Test(syslog3164, month_names_are_case_sensitive_english)
{
	reject3164("may 30 12:34:56 host x");
	reject3164("MAY 30 12:34:56 host x");
	reject3164("mAY 30 12:34:56 host x");
	reject3164("Mai 30 12:34:56 host x");
	reject3164("Sept 30 12:34:56 host x");
	reject3164("05 30 12:34:56 host x");
}

Test(syslog3164, fraction_precision)
{
	expect3164("May 30 12:34:56.1 h", T0, 100000000, 100000000);
	expect3164("May 30 12:34:56.123 h", T0, 123000000, 1000000);
	expect3164("<34>May 30 12:34:56.123456 h", T0, 123456000, 1000);
	expect3164("May 30 12:34:56.123456789 h", T0, 123456789, 1);
	expect3164("May 30 12:34:56.1234567899 h", T0, 123456789, 1);
	reject3164("May 30 12:34:56. h");
	reject3164("May 30 12:34:56,123 h");
}

Test(syslog3164, new_year_rollover_backwards)
{
	/* Dec 31 23:59:59 read at 2025-01-01T00:00:01Z (1735689601) is 2024:
	 * calendar.timegm((2024,12,31,23,59,59)) = 1735689599 */
	expect3164_at("<34>Dec 31 23:59:59 host x", 1735689601LL, 1735689599LL, 0, 1000000000);
}

Test(syslog3164, new_year_rollover_forwards)
{
	/* Jan 1 00:00:01 read at 2024-12-31T23:59:59Z (1735689599) is 2025:
	 * calendar.timegm((2025,1,1,0,0,1)) = 1735689601 */
	expect3164_at("Jan  1 00:00:01 host x", 1735689599LL, 1735689601LL, 0, 1000000000);
}

Test(syslog3164, feb_29_nearest_valid_year)
{
	/* ref 2024-03-01 (1709251200): 2024; calendar.timegm((2024,2,29,12,0,0)) = 1709208000 */
	expect3164_at("Feb 29 12:00:00 h", 1709251200LL, 1709208000LL, 0, 1000000000);
	/* ref 2025-01-15 (1736899200), not a leap year: nearest valid is 2024 */
	expect3164_at("Feb 29 12:00:00 h", 1736899200LL, 1709208000LL, 0, 1000000000);
	/* ref 2027-01-15 (1799971200): 2028; calendar.timegm((2028,2,29,12,0,0)) = 1835438400 */
	expect3164_at("Feb 29 12:00:00 h", 1799971200LL, 1835438400LL, 0, 1000000000);
	/* ref 2022-06-01 (1654041600): none of 2021..2023 has Feb 29 */
	reject3164_at("Feb 29 12:00:00 h", 1654041600LL);
}

Test(syslog3164, bad_dates_and_times_rejected)
{
	reject3164("Feb 30 12:00:00 h");
	reject3164("Apr 31 12:00:00 h");
	reject3164("May 32 12:00:00 h");
	reject3164("May 30 24:00:00 h");
	reject3164("May 30 23:60:00 h");
	reject3164("May 30 23:59:60 h");
	reject3164("May 30 12:34 h");      /* missing seconds */
	reject3164("May 30 12:34:5 h");
	reject3164("May 30 1:34:56 h");
	reject3164("May 30");
}

Test(syslog3164, trailing_garbage_and_position)
{
	reject3164("May 30 12:34:56host x");
	reject3164("May 30 12:34:56: x");
	reject3164("May 30 12:34:56Z x");
	reject3164("May 30 2024 12:34:56 host x");
	reject3164(" May 30 12:34:56 host x");
	reject3164("host May 30 12:34:56 x");
	reject3164("<34> May 30 12:34:56 host x");
}

Test(syslog3164, pri_range)
{
	reject3164("<192>May 30 12:34:56 host x");
	reject3164("<1000>May 30 12:34:56 host x");
	reject3164("<00>May 30 12:34:56 host x");
	reject3164("<034>May 30 12:34:56 host x");
	reject3164("<>May 30 12:34:56 host x");
	reject3164("<34May 30 12:34:56 host x");
	reject3164("<34>");
	reject3164("<34>1 2024-05-30T12:34:56Z host x"); /* that is RFC 5424 */
}

Test(syslog3164, parse_returns_bytes_consumed)
{
	tsn_time ref = {REF_2024_06_01, 0, 1000000000};
	tsn_parse_ctx c = {&ref, 0, NULL, 0};
	tsn_stamp st;
	const char *s = "May 30 12:34:56 host";
	cr_expect_eq(syslog3164_parse(s, strlen(s), &c, &st), 15);
	cr_expect_eq(st.t.sec, T0);
	s = "May 30 12:34:56.123456 host";
	cr_expect_eq(syslog3164_parse(s, strlen(s), &c, &st), 22);
	cr_expect_eq(syslog3164_parse(s, 19, &c, &st), 19); /* n cuts the fraction */
	cr_expect_eq(st.t.prec, 1000000);
	cr_expect_eq(syslog3164_parse(s, 14, &c, &st), -1);
	/* the parse function does not take a PRI */
	s = "<34>May 30 12:34:56";
	cr_expect_eq(syslog3164_parse(s, strlen(s), &c, &st), -1);
}

Test(syslog3164, reference_from_now_when_ref_is_null)
{
	tsn_parse_ctx c = {NULL, REF_2024_06_01, NULL, 0};
	tsn_stamp st;
	const char *m = "May 30 12:34:56 h";
	cr_assert_eq(syslog3164_locate(&def3164, m, strlen(m), &c, &st), 1);
	cr_expect_eq(st.t.sec, T0);
}
