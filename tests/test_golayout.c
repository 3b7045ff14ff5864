/* test_golayout.c — Go's named layouts (ANSIC, UnixDate, RFC1123, RFC1123Z,
 * RFC822, RFC822Z, RFC850): values, padded days, two-digit-year pivot, zone
 * abbreviations and offsets, weekday/month names, whole-token rule. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "families_b.h"

/* date -u -d '2024-05-30 12:34:56' +%s = 1717072496 (a Thursday) */
#define T0 1717072496LL
/* Go's reference time 2006-01-02 15:04:05 read as UTC civil time:
 * date -u -d '2006-01-02 15:04:05' +%s = 1136214245 */
#define GOREF 1136214245LL

static const tsn_parse_ctx ctx = {NULL, 0, NULL, 0};

#define DEF(n, N) static const tsn_format_def n##_def = {TSN_##N##_NAME, TSN_##N##_EXAMPLE, n##_locate, NULL, 0}
DEF(ansic, ANSIC);
DEF(unixdate, UNIXDATE);
DEF(rfc1123, RFC1123);
DEF(rfc1123z, RFC1123Z);
DEF(rfc822, RFC822);
DEF(rfc822z, RFC822Z);
DEF(rfc850, RFC850);

static int64_t want_prec(const tsn_format_def *d)
{
	return d == &rfc822_def || d == &rfc822z_def ? 60000000000LL : 1000000000LL;
}

/* Located at the start of msg: a zoned stamp at sec. */
static void zoned(const tsn_format_def *d, const char *msg, long long sec)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	cr_assert_eq(d->locate(d, msg, strlen(msg), &ctx, &st), 1, "%s: not located: \"%s\"",
		     d->name, msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", msg, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, 0, "%s: nsec", msg);
	/* RFC 822 layouts write minutes: the stamp stands for a whole minute */
	cr_expect_eq(st.t.prec, want_prec(d), "%s: prec", msg);
	cr_expect_eq(st.zoneless, 0, "%s: zoneless", msg);
	cr_expect_null(st.abbr, "%s: abbr", msg);
	cr_expect_eq(st.abbr_len, 0, "%s: abbr_len", msg);
}

/* Located: zoneless civil time at sec; abbr NULL (abbr_at < 0) or pointing
 * at msg + abbr_at for abbr_len bytes. */
static void local(const tsn_format_def *d, const char *msg, long long sec, int abbr_at,
		  size_t abbr_len)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	cr_assert_eq(d->locate(d, msg, strlen(msg), &ctx, &st), 1, "%s: not located: \"%s\"",
		     d->name, msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", msg, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, 0, "%s: nsec", msg);
	/* RFC 822 layouts write minutes: the stamp stands for a whole minute */
	cr_expect_eq(st.t.prec, want_prec(d), "%s: prec", msg);
	cr_expect_eq(st.zoneless, 1, "%s: zoneless", msg);
	if (abbr_at < 0) {
		cr_expect_null(st.abbr, "%s: abbr", msg);
	} else {
		cr_expect_eq(st.abbr, msg + abbr_at, "%s: abbr not at %d", msg, abbr_at);
		cr_expect_eq(st.abbr_len, abbr_len, "%s: abbr_len %zu, want %zu", msg,
			     st.abbr_len, abbr_len);
	}
}

static void not_found(const tsn_format_def *d, const char *msg)
{
	tsn_stamp st;
	cr_expect_eq(d->locate(d, msg, strlen(msg), &ctx, &st), 0, "%s: located: \"%s\"",
		     d->name, msg);
}

/* ---- ANSIC "Mon Jan _2 15:04:05 2006" ------------------------------------ */

Test(ansic, values)
{
	local(&ansic_def, "Thu May 30 12:34:56 2024", T0, -1, 0);
	local(&ansic_def, "Mon Jan  2 15:04:05 2006", GOREF, -1, 0);
	local(&ansic_def, TSN_ANSIC_EXAMPLE, T0, -1, 0);
	/* date -u -d '2024-06-02 03:04:05' +%s = 1717297445 */
	local(&ansic_def, "Sun Jun  2 03:04:05 2024\tmsg", 1717297445, -1, 0);
	/* date -u -d '2024-02-29' +%s = 1709164800 */
	local(&ansic_def, "Thu Feb 29 00:00:00 2024", 1709164800, -1, 0);
}

Test(ansic, weekday_is_syntax_only)
{
	/* Go's time.Parse: "The day of the week is checked for syntax but it is
	 * otherwise ignored."  2024-05-30 is a Thursday. */
	local(&ansic_def, "Mon May 30 12:34:56 2024", T0, -1, 0);
	local(&ansic_def, "Sat May 30 12:34:56 2024", T0, -1, 0);
}

Test(ansic, day_padding_as_format_writes_it)
{
	/* "_2" writes " 2" for 1..9 and "12" from 10: nothing else */
	not_found(&ansic_def, "Mon Jan 02 15:04:05 2006");
	not_found(&ansic_def, "Mon Jan 2 15:04:05 2006");
	not_found(&ansic_def, "Mon Jan  0 15:04:05 2006");
	not_found(&ansic_def, "Mon Jan 32 15:04:05 2006");
	not_found(&ansic_def, "Mon Feb 30 15:04:05 2024");
	not_found(&ansic_def, "Mon Feb 29 15:04:05 2023");
}

Test(ansic, rejections)
{
	not_found(&ansic_def, "Xyz Jan  2 15:04:05 2006");  /* no such weekday */
	not_found(&ansic_def, "mon Jan  2 15:04:05 2006");  /* names as written */
	not_found(&ansic_def, "MON Jan  2 15:04:05 2006");
	not_found(&ansic_def, "Monday Jan  2 15:04:05 2006");
	not_found(&ansic_def, "Mon Jna  2 15:04:05 2006");  /* no such month */
	not_found(&ansic_def, "Mon jan  2 15:04:05 2006");
	not_found(&ansic_def, "Mon January  2 15:04:05 2006");
	not_found(&ansic_def, "Mon Jan  2 24:04:05 2006");
	not_found(&ansic_def, "Mon Jan  2 15:60:05 2006");
	not_found(&ansic_def, "Mon Jan  2 15:04:60 2006");
	not_found(&ansic_def, "Mon Jan  2 15:04:05.123 2006"); /* Format writes no fraction */
	not_found(&ansic_def, "Mon Jan  2 15:04:05 06");
	not_found(&ansic_def, "Mon Jan  2 15:04:05 MST 2006"); /* UnixDate's */
	not_found(&ansic_def, "Mon Jan  2 15:04:05 20061");    /* whole token */
	not_found(&ansic_def, "Mon Jan  2 15:04:05 2006:");
	not_found(&ansic_def, " Mon Jan  2 15:04:05 2006");    /* at the start only */
	not_found(&ansic_def, "");
}

/* ---- UnixDate "Mon Jan _2 15:04:05 MST 2006" --------------------------- */

Test(unixdate, utc_and_gmt_are_zoned)
{
	zoned(&unixdate_def, "Thu May 30 12:34:56 UTC 2024", T0);
	zoned(&unixdate_def, "Thu May 30 12:34:56 GMT 2024", T0);
	zoned(&unixdate_def, TSN_UNIXDATE_EXAMPLE, T0);
	zoned(&unixdate_def, "Sun Jun  2 03:04:05 UTC 2024 x", 1717297445);
}

Test(unixdate, abbreviations_are_handed_back)
{
	/* civil time as if UTC, abbr pointing into the message at byte 20 */
	local(&unixdate_def, "Mon Jan  2 15:04:05 MST 2006", GOREF, 20, 3);
	/* 14:34:56 civil; date -u -d '2024-05-30 14:34:56' +%s = 1717079696 */
	local(&unixdate_def, "Thu May 30 14:34:56 CEST 2024", 1717079696, 20, 4);
	local(&unixdate_def, "Thu May 30 12:34:56 AKDT 2024", T0, 20, 4);
	local(&unixdate_def, "Thu May 30 12:34:56 WITA 2024", T0, 20, 4);
	local(&unixdate_def, "Thu May 30 12:34:56 ChST 2024", T0, 20, 4);
	local(&unixdate_def, "Thu May 30 12:34:56 MeST 2024", T0, 20, 4);
	local(&unixdate_def, "Thu May 30 12:34:56 ABCDT 2024", T0, 20, 5);
}

Test(unixdate, numeric_abbreviations_are_offsets)
{
	/* tzdata names zones without letters "+08", "-03", "+0545"; Format
	 * writes "-0700" for a zone with no name.  All applied:
	 * 20:34:56+08 = 12:34:56Z, 09:34:56-03 = 12:34:56Z, 18:19:56+0545 = 12:34:56Z */
	zoned(&unixdate_def, "Thu May 30 20:34:56 +08 2024", T0);
	zoned(&unixdate_def, "Thu May 30 09:34:56 -03 2024", T0);
	zoned(&unixdate_def, "Thu May 30 18:19:56 +0545 2024", T0);
	zoned(&unixdate_def, "Thu May 30 05:34:56 -0700 2024", T0);
	zoned(&unixdate_def, "Thu May 30 12:34:56 +00 2024", T0);
}

Test(unixdate, zone_rejections)
{
	/* Go's parseTimeZone: 3 letters; 4 ending in T (or WITA); 5 ending in T */
	not_found(&unixdate_def, "Thu May 30 12:34:56 ABCD 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 ABCDE 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 ABCDEF 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 MS 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 mst 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 Mst 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 Z 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 GMT+8 2024"); /* sign convention unclear */
	not_found(&unixdate_def, "Thu May 30 12:34:56 +8 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 +080 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 +08:00 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 +24 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 +0860 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56  UTC 2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 UTC  2024");
	not_found(&unixdate_def, "Thu May 30 12:34:56 UTC 24");
	not_found(&unixdate_def, "Thu May 30 12:34:56 UTC");
	not_found(&unixdate_def, "Thu May 30 12:34:56 2024");    /* ANSIC's */
	not_found(&unixdate_def, "Thu May 30 12:34:56 UTC 2024x");
	not_found(&unixdate_def, "Thu May 31 12:34:56 UTC 2023x");
	not_found(&unixdate_def, "Thu Jun 31 12:34:56 UTC 2024");
}

/* ---- RFC1123 "Mon, 02 Jan 2006 15:04:05 MST" / RFC1123Z "... -0700" ----- */

Test(rfc1123, values)
{
	zoned(&rfc1123_def, "Thu, 30 May 2024 12:34:56 GMT", T0); /* net/http TimeFormat */
	zoned(&rfc1123_def, "Thu, 30 May 2024 12:34:56 UTC", T0);
	zoned(&rfc1123_def, TSN_RFC1123_EXAMPLE, T0);
	zoned(&rfc1123_def, "Sun, 02 Jun 2024 03:04:05 GMT", 1717297445);
	local(&rfc1123_def, "Mon, 02 Jan 2006 15:04:05 MST", GOREF, 26, 3);
	local(&rfc1123_def, "Thu, 30 May 2024 14:34:56 CEST rest", 1717079696, 26, 4);
	/* numeric names are offsets here too */
	zoned(&rfc1123_def, "Thu, 30 May 2024 20:34:56 +08", T0);
	/* the weekday is not checked against the date */
	zoned(&rfc1123_def, "Fri, 30 May 2024 12:34:56 GMT", T0);
}

Test(rfc1123, rejections)
{
	not_found(&rfc1123_def, "Sun,  2 Jun 2024 03:04:05 GMT"); /* "02" is zero-padded */
	not_found(&rfc1123_def, "Sun, 2 Jun 2024 03:04:05 GMT");
	not_found(&rfc1123_def, "Thu 30 May 2024 12:34:56 GMT");
	not_found(&rfc1123_def, "Thursday, 30 May 2024 12:34:56 GMT");
	not_found(&rfc1123_def, "Thu, 30 may 2024 12:34:56 GMT");
	not_found(&rfc1123_def, "Thu, 30 May 24 12:34:56 GMT");
	not_found(&rfc1123_def, "Thu, 30 May 2024 12:34 GMT");
	not_found(&rfc1123_def, "Thu, 31 Apr 2024 12:34:56 GMT");
	not_found(&rfc1123_def, "Thu, 30 May 2024 12:34:56 gmt");
	not_found(&rfc1123_def, "Thu, 30 May 2024 12:34:56 GMT,");
	not_found(&rfc1123_def, "Thu, 30 May 2024 12:34:56");
	not_found(&rfc1123_def, "Thu, 30 May 2024 12:34:56 ");
}

Test(rfc1123z, values)
{
	zoned(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +0000", T0);
	zoned(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 -0000", T0);
	/* 12:34:56+02:00 = 10:34:56Z = 1717065296; -07:00 -> 19:34:56Z = 1717097696 */
	zoned(&rfc1123z_def, TSN_RFC1123Z_EXAMPLE, 1717065296);
	zoned(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 -0700", 1717097696);
	/* Go's reference: 15:04:05-07:00 = 22:04:05Z;
	 * date -u -d '2006-01-02 22:04:05' +%s = 1136239445 */
	zoned(&rfc1123z_def, "Mon, 02 Jan 2006 15:04:05 -0700", 1136239445);
	/* the extreme offsets */
	zoned(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +2359", 1716986156);
	zoned(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 -2359", 1717158836);
}

Test(rfc1123z, rejections)
{
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 GMT");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +02:00");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +02");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +020");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +02000");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +2400");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 +0060");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 0200");
	not_found(&rfc1123z_def, "Thu, 30 May 2024 12:34:56 Z");
	not_found(&rfc1123z_def, "Xyz, 30 May 2024 12:34:56 +0000");
}

/* ---- RFC822 "02 Jan 06 15:04 MST" / RFC822Z "02 Jan 06 15:04 -0700" ----- */

Test(rfc822, values)
{
	/* minute resolution: prec is 60 s;
	 * date -u -d '2024-05-30 12:34' +%s = 1717072440 */
	zoned(&rfc822_def, "30 May 24 12:34 UTC", 1717072440);
	zoned(&rfc822_def, TSN_RFC822_EXAMPLE, 1717072440);
	zoned(&rfc822_def, "30 May 24 12:34 GMT x", 1717072440);
	/* date -u -d '2006-01-02 15:04' +%s = 1136214240 */
	local(&rfc822_def, "02 Jan 06 15:04 MST", 1136214240, 16, 3);
	zoned(&rfc822_def, "30 May 24 20:34 +08", 1717072440);
}

Test(rfc822, two_digit_year_pivot)
{
	/* Go's time.Parse, stdYear: "if year >= 69 { year += 1900 } else { year += 2000 }".
	 * python calendar.timegm: (1969,1,2,3,4,0) = -31438560,
	 * (2068,12,31,23,59,0) = 3124223940, (1999,12,31,23,59,0) = 946684740,
	 * (2000,1,1,0,0,0) = 946684800 */
	zoned(&rfc822_def, "02 Jan 69 03:04 UTC", -31438560);
	zoned(&rfc822_def, "31 Dec 68 23:59 UTC", 3124223940LL);
	zoned(&rfc822_def, "31 Dec 99 23:59 UTC", 946684740);
	zoned(&rfc822_def, "01 Jan 00 00:00 UTC", 946684800);
	zoned(&rfc822_def, "01 Jan 70 00:00 UTC", 0);
	/* the leap years follow the pivoted year: 2000 and 2068 are leap,
	 * 1969 and 2001 not.  (2000,2,29) = 951782400, (2068,2,29) = 3097699200 */
	zoned(&rfc822_def, "29 Feb 00 00:00 UTC", 951782400);
	zoned(&rfc822_def, "29 Feb 68 00:00 UTC", 3097699200LL);
	not_found(&rfc822_def, "29 Feb 69 00:00 UTC");
	not_found(&rfc822_def, "29 Feb 01 00:00 UTC");
}

Test(rfc822, rejections)
{
	not_found(&rfc822_def, "30 May 2024 12:34 UTC");    /* four-digit year */
	not_found(&rfc822_def, "30 May 24 12:34:56 UTC");   /* seconds: not RFC822 */
	not_found(&rfc822_def, "3 May 24 12:34 UTC");
	not_found(&rfc822_def, " 3 May 24 12:34 UTC");
	not_found(&rfc822_def, "30 May 24 24:00 UTC");
	not_found(&rfc822_def, "30 May 24 12:60 UTC");
	not_found(&rfc822_def, "30 Mai 24 12:34 UTC");
	not_found(&rfc822_def, "31 Jun 24 12:34 UTC");
	not_found(&rfc822_def, "30 May 24 12:34 ABCD");
	not_found(&rfc822_def, "30 May 24 12:34 UTC:");
	not_found(&rfc822_def, "30 May 24 12:34");
	not_found(&rfc822_def, "Thu, 30 May 24 12:34 UTC");
}

Test(rfc822z, values_and_rejections)
{
	/* 12:34-07:00 = 19:34Z; date -u -d '2024-05-30 19:34' +%s = 1717097640 */
	zoned(&rfc822z_def, TSN_RFC822Z_EXAMPLE, 1717097640);
	zoned(&rfc822z_def, "30 May 24 12:34 +0000", 1717072440);
	/* 15:04-07:00 = 22:04Z; date -u -d '2006-01-02 22:04' +%s = 1136239440 */
	zoned(&rfc822z_def, "02 Jan 06 15:04 -0700", 1136239440);
	zoned(&rfc822z_def, "31 Dec 99 23:59 +0000", 946684740);
	not_found(&rfc822z_def, "30 May 24 12:34 MST");
	not_found(&rfc822z_def, "30 May 24 12:34 -07:00");
	not_found(&rfc822z_def, "30 May 24 12:34 -07");
	not_found(&rfc822z_def, "30 May 24 12:34 -2400");
	not_found(&rfc822z_def, "30 May 24 12:34 -07001");
}

/* ---- RFC850 "Monday, 02-Jan-06 15:04:05 MST" ----------------------------- */

Test(rfc850, values)
{
	zoned(&rfc850_def, "Thursday, 30-May-24 12:34:56 UTC", T0);
	zoned(&rfc850_def, TSN_RFC850_EXAMPLE, T0);
	/* date -u -d '2024-05-29 12:34:56' +%s = 1716986096 */
	zoned(&rfc850_def, "Wednesday, 29-May-24 12:34:56 GMT", 1716986096);
	/* abbr after "Monday, 02-Jan-06 15:04:05 " = 6 + 21 bytes */
	local(&rfc850_def, "Monday, 02-Jan-06 15:04:05 MST", GOREF, 27, 3);
	local(&rfc850_def, "Wednesday, 29-May-24 14:34:56 CEST\tx", 1716986096 + 7200, 30, 4);
	/* the weekday is syntax only */
	zoned(&rfc850_def, "Sunday, 30-May-24 12:34:56 UTC", T0);
	zoned(&rfc850_def, "Tuesday, 02-Jan-69 00:00:00 UTC", -31438560 - 3 * 3600 - 4 * 60);
}

Test(rfc850, rejections)
{
	not_found(&rfc850_def, "Thu, 30-May-24 12:34:56 UTC");   /* long weekday only */
	not_found(&rfc850_def, "thursday, 30-May-24 12:34:56 UTC");
	not_found(&rfc850_def, "Thursdays, 30-May-24 12:34:56 UTC");
	not_found(&rfc850_def, "Funday, 30-May-24 12:34:56 UTC");
	not_found(&rfc850_def, "Thursday 30-May-24 12:34:56 UTC");
	not_found(&rfc850_def, "Thursday, 30 May 24 12:34:56 UTC");
	not_found(&rfc850_def, "Thursday, 30-May-2024 12:34:56 UTC");
	not_found(&rfc850_def, "Thursday, 30-MAY-24 12:34:56 UTC");
	not_found(&rfc850_def, "Thursday, 31-Jun-24 12:34:56 UTC");
	not_found(&rfc850_def, "Thursday, 30-May-24 12:34 UTC");
	not_found(&rfc850_def, "Thursday, 30-May-24 12:34:56 UTCX");
	not_found(&rfc850_def, "Thursday, 30-May-24 12:34:56");
	not_found(&rfc850_def, "Thursday");
}

/* ---- parse functions: bytes consumed, out untouched on failure ---------- */

Test(golayout, parse_returns_bytes_consumed)
{
	tsn_stamp st;
	const char *m = "Thu May 30 12:34:56 CEST 2024 rest";
	cr_expect_eq(ansic_parse("Thu May 30 12:34:56 2024 rest", 29, &st), 24);
	cr_expect_eq(unixdate_parse(m, strlen(m), &st), 29);
	cr_expect_eq(rfc1123_parse("Thu, 30 May 2024 12:34:56 GMT rest", 34, &st), 29);
	cr_expect_eq(rfc1123z_parse("Thu, 30 May 2024 12:34:56 +0000 rest", 36, &st), 31);
	cr_expect_eq(rfc822_parse("30 May 24 12:34 CEST rest", 25, &st), 20);
	cr_expect_eq(rfc822z_parse("30 May 24 12:34 -0700 rest", 26, &st), 21);
	cr_expect_eq(rfc850_parse("Wednesday, 29-May-24 12:34:56 +0545 rest", 40, &st), 35);
	/* n bounds the read: a stamp cut short is not a stamp */
	cr_expect_eq(unixdate_parse(m, 27, &st), -1);
	cr_expect_eq(rfc1123z_parse("Thu, 30 May 2024 12:34:56 +0000", 30, &st), -1);
}

Test(golayout, out_untouched_on_failure)
{
	tsn_stamp st = {{7, 7, 7}, 7, NULL, 7};
	const char *bad[] = {"Thu May 30 12:34:56 2023x", "Thu May 30 12:34:56 XYZW 2024",
			     "Thu, 30 May 2024 12:34:56 +02:00", "30 May 24 12:34"};
	for (size_t i = 0; i < 4; i++) {
		ansic_locate(&ansic_def, bad[i], strlen(bad[i]), &ctx, &st);
		unixdate_locate(&unixdate_def, bad[i], strlen(bad[i]), &ctx, &st);
		rfc1123z_locate(&rfc1123z_def, bad[i], strlen(bad[i]), &ctx, &st);
		rfc822_locate(&rfc822_def, bad[i], strlen(bad[i]), &ctx, &st);
	}
	cr_expect(st.t.sec == 7 && st.t.nsec == 7 && st.t.prec == 7 && st.zoneless == 7 &&
		  st.abbr == NULL && st.abbr_len == 7);
}
