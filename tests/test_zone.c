/* test_zone.c — formats/zone.c: UTC and fixed offsets, IANA zones from the
 * system's TZif files (history, DST both ways, gaps and overlaps, the footer
 * rule far in the future), hand-made TZif files, abbreviations and errors. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zone.h"

/* Every expected value below was computed outside zone.c: with GNU date
 * (glibc's own TZif and TZ-string code) as shown next to it, or with
 * Python's zoneinfo where noted, or by construction of a hand-made file. */

static tsn_zone *open_ok(const char *spec)
{
	char err[512] = "";
	tsn_zone *z = tsn_zone_open(spec, err, sizeof err);
	cr_assert(z, "tsn_zone_open(\"%s\") failed: %s", spec, err);
	return z;
}

static void expect_off(const tsn_zone *z, int64_t t, int32_t off)
{
	int32_t got = tsn_zone_offset_at(z, t);
	cr_expect_eq(got, off, "%s: offset at %lld is %d, want %d", tsn_zone_name(z), (long long)t,
		     (int)got, (int)off);
}

static void expect_utc(const tsn_zone *z, int64_t local, int64_t utc)
{
	int64_t got = tsn_zone_to_utc(z, local);
	cr_expect_eq(got, utc, "%s: local %lld -> %lld, want %lld", tsn_zone_name(z), (long long)local,
		     (long long)got, (long long)utc);
}

/* The offset switches from before to after exactly at t. */
static void expect_switch(const tsn_zone *z, int64_t t, int32_t before, int32_t after)
{
	expect_off(z, t - 1, before);
	expect_off(z, t, after);
}

static void expect_abbr(const tsn_zone *z, const char *abbr, int32_t off)
{
	int32_t got = 12345;
	int r = tsn_zone_abbr_offset(z, abbr, strlen(abbr), &got);
	cr_expect_eq(r, 0, "%s: abbreviation %s unknown", tsn_zone_name(z), abbr);
	cr_expect_eq(got, off, "%s: %s is %d, want %d", tsn_zone_name(z), abbr, (int)got, (int)off);
}

static void expect_no_abbr(const tsn_zone *z, const char *abbr)
{
	int32_t got = 12345;
	cr_expect_eq(tsn_zone_abbr_offset(z, abbr, strlen(abbr), &got), -1, "%s: %s known as %d",
		     tsn_zone_name(z), abbr, (int)got);
}

static void expect_error(const char *spec, const char *part1, const char *part2)
{
	char err[512] = "";
	tsn_zone *z = tsn_zone_open(spec, err, sizeof err);
	cr_expect_null(z, "\"%s\" opened", spec);
	tsn_zone_free(z);
	cr_expect(strstr(err, part1), "\"%s\": message \"%s\" lacks \"%s\"", spec, err, part1);
	if (part2)
		cr_expect(strstr(err, part2), "\"%s\": message \"%s\" lacks \"%s\"", spec, err, part2);
}

/* ---- UTC and fixed offsets ---------------------------------------------- */

Test(zone, utc_spellings)
{
	const char *specs[] = {"UTC", "utc", "Z"};
	for (size_t i = 0; i < 3; i++) {
		tsn_zone *z = open_ok(specs[i]);
		cr_expect_str_eq(tsn_zone_name(z), specs[i]);
		expect_off(z, 0, 0);
		expect_off(z, 1717243200, 0);
		expect_off(z, -3786825600, 0);
		expect_utc(z, 1717243200, 1717243200);
		tsn_zone_free(z);
	}
}

Test(zone, fixed_offsets)
{
	/* date -u -d '2024-06-01 12:00' +%s = 1717243200 (that wall time read as UTC) */
	struct {
		const char *spec;
		int32_t off;
		int64_t utc;
	} c[] = {
		{"+08:00", 28800, 1717214400},   /* date -d '2024-06-01 12:00 +08:00' +%s */
		{"+0800", 28800, 1717214400},
		{"+08", 28800, 1717214400},
		{"-0530", -19800, 1717263000},   /* date -d '2024-06-01 12:00 -05:30' +%s */
		{"-05:30", -19800, 1717263000},
		{"+23:59", 86340, 1717156860},   /* date -d '2024-06-01 12:00 +23:59' +%s */
		{"-00:00", 0, 1717243200},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		tsn_zone *z = open_ok(c[i].spec);
		cr_expect_str_eq(tsn_zone_name(z), c[i].spec);
		expect_off(z, 1717243200, c[i].off);
		expect_off(z, -3786825600, c[i].off);
		expect_utc(z, 1717243200, c[i].utc);
		expect_abbr(z, "UTC", 0);
		expect_no_abbr(z, "CST");
		tsn_zone_free(z);
	}
}

Test(zone, fixed_offsets_rejected)
{
	const char *bad[] = {"+8", "+08:", "+24:00", "+2400", "+08:60", "+08:0", "+080",
			     "+08:00:00", "-", "+", "+ab:cd", "-05:30 "};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_error(bad[i], bad[i], "offset");
}

/* ---- Asia/Shanghai, Asia/Kolkata: no DST now --------------------------- */

Test(zone, shanghai)
{
	tsn_zone *z = open_ok("Asia/Shanghai");
	cr_expect_str_eq(tsn_zone_name(z), "Asia/Shanghai");
	/* TZ=Asia/Shanghai date -d '2024-06-01 12:00' +%s = 1717214400;
	 * date -u -d '2024-06-01 12:00' +%s = 1717243200 */
	expect_off(z, 1717214400, 28800);
	expect_utc(z, 1717243200, 1717214400);
	/* DST 1986..1991: date -u -d '1988-07-01 00:00' +%s = 583718400,
	 * TZ=Asia/Shanghai date -d @583718400 +%z = +0900;
	 * date -u -d '1988-01-01 00:00' +%s = 567993600 -> +0800 */
	expect_off(z, 583718400, 32400);
	expect_off(z, 567993600, 28800);
	/* TZ=Asia/Shanghai date -d '1988-07-01 12:00' +%s = 583729200;
	 * that wall time read as UTC: 583718400 + 43200 = 583761600 */
	expect_utc(z, 583761600, 583729200);
	/* LMT before the first transition: 1850-01-01T00:00Z = -3786825600,
	 * Python zoneinfo utcoffset = 29143 s (+8:05:43; date shows +0805) */
	expect_off(z, -3786825600, 29143);
	/* far future, past every transition: only the footer "CST-8" answers:
	 * date -u -d '2100-07-01' +%s = 4118083200, TZ=Asia/Shanghai date -d @4118083200 +%z = +0800 */
	expect_off(z, 4118083200, 28800);
	expect_abbr(z, "CST", 28800);
	expect_abbr(z, "CDT", 32400);
	tsn_zone_free(z);
}

Test(zone, kolkata)
{
	tsn_zone *z = open_ok("Asia/Kolkata");
	/* TZ=Asia/Kolkata date -d '2024-06-01 12:00' +%s = 1717223400 */
	expect_off(z, 1717223400, 19800);
	expect_utc(z, 1717243200, 1717223400);
	/* pre-1970, war time: date -u -d '1943-01-01' +%s = -852076800,
	 * TZ=Asia/Kolkata date -d @-852076800 +%z = +0630;
	 * date -u -d '1950-01-01' +%s = -631152000 -> +0530 */
	expect_off(z, -852076800, 23400);
	expect_off(z, -631152000, 19800);
	/* 1850: Python zoneinfo utcoffset = 21208 s (+5:53:28) */
	expect_off(z, -3786825600, 21208);
	/* TZ=Asia/Kolkata date -d @4118083200 +%z = +0530 (2100) */
	expect_off(z, 4118083200, 19800);
	expect_abbr(z, "IST", 19800);
	tsn_zone_free(z);
}

/* ---- America/New_York ----------------------------------------------------- */

Test(zone, new_york_transitions)
{
	tsn_zone *z = open_ok("America/New_York");
	/* date -u -d '2024-03-10 07:00:00' +%s = 1710054000;
	 * TZ=America/New_York date -d @1710053999 +%z = -0500, @1710054000 = -0400 */
	expect_switch(z, 1710054000, -18000, -14400);
	/* date -u -d '2024-11-03 06:00:00' +%s = 1730613600;
	 * TZ=America/New_York date -d @1730613599 +%z = -0400, @1730613600 = -0500 */
	expect_switch(z, 1730613600, -14400, -18000);
	/* ordinary summer wall time: TZ=America/New_York date -d '2024-07-04 12:00' +%s
	 * = 1720108800; date -u -d '2024-07-04 12:00' +%s = 1720094400 */
	expect_utc(z, 1720094400, 1720108800);
	/* pre-1970: date -u -d '1960-07-01' +%s = -299894400,
	 * TZ=America/New_York date -d @-299894400 +%z = -0400;
	 * TZ=America/New_York date -d '1960-07-01 12:00' +%s = -299836800, and
	 * that wall time read as UTC is -299894400 + 43200 = -299851200 */
	expect_off(z, -299894400, -14400);
	expect_utc(z, -299851200, -299836800);
	/* before the first transition (1883), LMT: Python zoneinfo gives
	 * utcoffset -17762 s (-4:56:02) at 1850-01-01T00:00Z = -3786825600 */
	expect_off(z, -3786825600, -17762);
	tsn_zone_free(z);
}

/* Gap: 2024-03-10 02:30 never happens in New York.  Read as UTC it is
 * date -u -d '2024-03-10 02:30' +%s = 1710037800, before the transition at
 * 1710054000, so o1 = EST (-5 h); 1710037800 + 18000 = 1710055800 is past the
 * transition, outside EST's period, so Go takes o2 = the offset at 1710055800,
 * EDT (-4 h): 1710037800 + 14400 = 1710052200, which
 * TZ=America/New_York date -d @1710052200 shows as "01:30:00 EST" (the clock
 * moved back by the gap).  Overlap: 2024-11-03 01:30 happens twice; read as
 * UTC, date -u -d '2024-11-03 01:30' +%s = 1730597400 is before the transition
 * (1730613600), so o1 = EDT; 1730597400 + 14400 = 1730611800 is still before
 * it, so EDT stands: TZ=America/New_York date -d @1730611800 = "01:30:00 EDT",
 * the earlier of the two. */
Test(zone, new_york_gap_and_overlap)
{
	tsn_zone *z = open_ok("America/New_York");
	expect_utc(z, 1710037800, 1710052200);
	expect_utc(z, 1730597400, 1730611800);
	/* the edges: 01:59:59 before the gap is EST, 03:00 after it EDT
	 * (TZ=America/New_York date -d '2024-03-10 01:59:59' +%s = 1710053999,
	 *  TZ=America/New_York date -d '2024-03-10 03:00:00' +%s = 1710054000) */
	expect_utc(z, 1710037800 - 1801, 1710053999);
	expect_utc(z, 1710037800 + 1800, 1710054000);
	/* 02:00 after the overlap is EST only: TZ=America/New_York date -d
	 * '2024-11-03 02:00' +%s = 1730617200 */
	expect_utc(z, 1730597400 + 1800, 1730617200);
	tsn_zone_free(z);
}

/* ---- Europe/Berlin -------------------------------------------------------- */

Test(zone, berlin_transitions)
{
	tsn_zone *z = open_ok("Europe/Berlin");
	/* date -u -d '2024-03-31 01:00' +%s = 1711846800;
	 * TZ=Europe/Berlin date -d @1711846799 +%z = +0100, @1711846800 = +0200 */
	expect_switch(z, 1711846800, 3600, 7200);
	/* date -u -d '2024-10-27 01:00' +%s = 1729990800; +0200 before, +0100 from */
	expect_switch(z, 1729990800, 7200, 3600);
	/* TZ=Europe/Berlin date -d '2024-01-15 12:00' +%s = 1705316400 */
	expect_utc(z, 1705316400 + 3600, 1705316400);
	/* 1945, Central European Midsummer Time: date -u -d '1945-07-01' +%s =
	 * -773280000, TZ=Europe/Berlin date -d @-773280000 +%Z%z = CEMT+0300 */
	expect_off(z, -773280000, 10800);
	/* 1960 (no DST then): TZ=Europe/Berlin date -d @-299894400 +%z = +0100 */
	expect_off(z, -299894400, 3600);
	/* 1850, LMT: Python zoneinfo utcoffset 3208 s (+0:53:28) */
	expect_off(z, -3786825600, 3208);
	tsn_zone_free(z);
}

/* Gap: 2024-03-31 02:30 read as UTC, date -u -d '2024-03-31 02:30' +%s =
 * 1711852200, is past the transition (1711846800): o1 = CEST (+2 h), giving
 * 1711845000, before the transition, outside CEST's period; o2 = the offset
 * at 1711845000 = CET: 1711852200 - 3600 = 1711848600, which
 * TZ=Europe/Berlin date -d @1711848600 shows as "03:30:00 CEST" (the clock
 * moved forward by the gap).  Overlap: 2024-10-27 02:30 read as UTC,
 * date -u -d '2024-10-27 02:30' +%s = 1729996200, is past the transition
 * (1729990800): o1 = CET, 1729996200 - 3600 = 1729992600 is inside CET's
 * period, so the later reading stands: TZ=Europe/Berlin date -d @1729992600
 * = "02:30:00 CET" (the earlier one, "02:30 CEST", is 1729989000). */
Test(zone, berlin_gap_and_overlap)
{
	tsn_zone *z = open_ok("Europe/Berlin");
	expect_utc(z, 1711852200, 1711848600);
	expect_utc(z, 1729996200, 1729992600);
	tsn_zone_free(z);
}

/* ---- Australia/Lord_Howe: 30-minute DST, southern hemisphere -------------- */

Test(zone, lord_howe)
{
	tsn_zone *z = open_ok("Australia/Lord_Howe");
	/* date -u -d '2024-07-01' +%s = 1719792000, TZ=Australia/Lord_Howe date
	 * -d @1719792000 +%z = +1030; date -u -d '2024-01-01' +%s = 1704067200 -> +1100 */
	expect_off(z, 1719792000, 37800);
	expect_off(z, 1704067200, 39600);
	/* TZ=Australia/Lord_Howe date -d @1712415599 +%z = +1100, @1712415600 = +1030
	 * (date -u -d @1712415600 = Sat Apr 6 15:00:00 UTC 2024) */
	expect_switch(z, 1712415600, 39600, 37800);
	/* TZ=Australia/Lord_Howe date -d '2024-10-06 01:59:59' +%s = 1728142199;
	 * @1728142200 (Sat Oct 5 15:30:00 UTC) is +1100 */
	expect_switch(z, 1728142200, 37800, 39600);
	/* TZ=Australia/Lord_Howe date -d '2024-07-01 12:00' +%s = 1719797400;
	 * that wall time as UTC: 1719792000 + 43200 = 1719835200 */
	expect_utc(z, 1719835200, 1719797400);
	/* gap 02:00..02:30 on 2024-10-06: date -u -d '2024-10-06 02:15' +%s =
	 * 1728180900 is past the transition, o1 = +11 gives 1728141300, before it;
	 * o2 = +10:30: 1728180900 - 37800 = 1728143100, which
	 * TZ=Australia/Lord_Howe date -d @1728143100 shows as "02:45:00 +11" */
	expect_utc(z, 1728180900, 1728143100);
	/* 2100, footer <+1030>-10:30<+11>-11,M10.1.0,M4.1.0: TZ=Australia/Lord_Howe
	 * date -d @4102444800 +%z = +1100, @4118083200 = +1030; the April change,
	 * found by bisection with Python zoneinfo and confirmed with date:
	 * @4110447599 = +1100 "2100-04-04 01:59:59", @4110447600 = +1030 "01:30:00" */
	expect_off(z, 4102444800, 39600);
	expect_off(z, 4118083200, 37800);
	expect_switch(z, 4110447600, 39600, 37800);
	expect_abbr(z, "+1030", 37800);
	expect_abbr(z, "+11", 39600);
	tsn_zone_free(z);
}

/* ---- 2100: only the footer rule can answer -------------------------------- */

Test(zone, far_future_footer)
{
	tsn_zone *ny = open_ok("America/New_York"), *be = open_ok("Europe/Berlin");
	/* date -u -d '2100-01-01' +%s = 4102444800, date -u -d '2100-07-01' +%s =
	 * 4118083200; TZ=America/New_York date -d @... +%z: -0500, -0400;
	 * TZ=Europe/Berlin: +0100, +0200 */
	expect_off(ny, 4102444800, -18000);
	expect_off(ny, 4118083200, -14400);
	expect_off(be, 4102444800, 3600);
	expect_off(be, 4118083200, 7200);
	/* TZ=America/New_York date -d '2100-03-14 01:59:59' +%s = 4108690799,
	 * '2100-03-14 03:00:00' = 4108690800 */
	expect_switch(ny, 4108690800, -18000, -14400);
	/* TZ=America/New_York date -d @4129250399 +%z = -0400, @4129250400 = -0500 */
	expect_switch(ny, 4129250400, -14400, -18000);
	/* TZ=Europe/Berlin date -d '2100-03-28 01:59:59' +%s = 4109878799,
	 * '2100-03-28 03:00:00' = 4109878800 */
	expect_switch(be, 4109878800, 3600, 7200);
	/* gap and overlap computed from the rule: date -u -d '2100-03-14 02:30' +%s
	 * = 4108674600 -> + 14400 = 4108689000, TZ=America/New_York date -d
	 * @4108689000 = "01:30:00 EST"; date -u -d '2100-11-07 01:30' +%s =
	 * 4129234200 -> + 14400 = 4129248600 = "01:30:00 EDT" */
	expect_utc(ny, 4108674600, 4108689000);
	expect_utc(ny, 4129234200, 4129248600);
	/* TZ=America/New_York date -d '2100-07-04 12:00' +%s = 4118400000; as UTC
	 * that wall time is 4118083200 + 3 * 86400 + 43200 = 4118385600 */
	expect_utc(ny, 4118385600, 4118400000);
	tsn_zone_free(ny);
	tsn_zone_free(be);
}

/* Footers with negative and > 24 h rule times, negative DST, and Saturday
 * 24:00 rules; each change in 2100 found by bisection with Python zoneinfo
 * and confirmed with TZ=<zone> date -d @<t-1> / @<t> +%z. */
Test(zone, footer_rule_times)
{
	struct {
		const char *zone;
		int64_t t;
		int32_t before, after;
	} c[] = {
		/* <-02>2<-01>,M3.5.0/-1,M10.5.0/0: -0200 "2100-03-27 22:59:59" -> -0100 "00:00:00" */
		{"America/Nuuk", 4109878800, -7200, -3600},
		{"America/Nuuk", 4128627600, -3600, -7200},
		/* IST-2IDT,M3.4.4/26,M10.5.0: +0200 "2100-03-26 01:59:59" -> +0300 "03:00:00" */
		{"Asia/Jerusalem", 4109702400, 7200, 10800},
		{"Asia/Jerusalem", 4128620400, 10800, 7200},
		/* IST-1GMT0,M10.5.0,M3.5.0/1 (negative DST): +0000 -> +0100 on 2100-03-28 */
		{"Europe/Dublin", 4109878800, 0, 3600},
		{"Europe/Dublin", 4128627600, 3600, 0},
		/* <-04>4<-03>,M9.1.6/24,M4.1.6/24 */
		{"America/Santiago", 4110490800, -10800, -14400},
		{"America/Santiago", 4123800000, -14400, -10800},
		/* <+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45 */
		{"Pacific/Chatham", 4110444000, 49500, 45900},
		{"Pacific/Chatham", 4125564000, 45900, 49500},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		tsn_zone *z = open_ok(c[i].zone);
		expect_switch(z, c[i].t, c[i].before, c[i].after);
		tsn_zone_free(z);
	}
}

/* ---- the one-period cache must not leak between periods ------------------- */

Test(zone, alternating_lookups)
{
	tsn_zone *z = open_ok("Europe/Berlin");
	for (int i = 0; i < 50; i++) {
		expect_off(z, 4102444800, 3600);     /* 2100-01, footer */
		expect_off(z, 1719792000, 7200);     /* 2024-07 */
		expect_off(z, 1711846799, 3600);     /* last second of CET, March 2024 */
		expect_off(z, 4118083200, 7200);     /* 2100-07, footer */
		expect_utc(z, 1711852200, 1711848600);   /* the gap, as above */
		expect_off(z, -773280000, 10800);    /* 1945 */
	}
	tsn_zone_free(z);
}

/* ---- abbreviations -------------------------------------------------------- */

Test(zone, abbreviations)
{
	tsn_zone *be = open_ok("Europe/Berlin"), *ny = open_ok("America/New_York");
	/* TZ=Europe/Berlin date -d @1705316400 +%Z%z = CET+0100,
	 * TZ=Europe/Berlin date -d @1719792000 +%Z%z = CEST+0200 */
	expect_abbr(be, "CET", 3600);
	expect_abbr(be, "CEST", 7200);
	expect_abbr(be, "CEMT", 10800);
	/* TZ=America/New_York date -d @1705316400 +%Z%z = EST-0500, @1719792000 = EDT-0400 */
	expect_abbr(ny, "EST", -18000);
	expect_abbr(ny, "EDT", -14400);
	expect_abbr(ny, "UTC", 0);
	expect_abbr(ny, "GMT", 0);
	expect_abbr(be, "GMT", 0);
	expect_no_abbr(ny, "CET");
	expect_no_abbr(be, "EST");
	expect_no_abbr(be, "XYZ");
	expect_no_abbr(be, "CES");
	expect_no_abbr(be, "");
	/* only n bytes count */
	int32_t off = 0;
	cr_expect_eq(tsn_zone_abbr_offset(be, "CESTX", 4, &off), 0);
	cr_expect_eq(off, 7200);
	cr_expect_eq(tsn_zone_abbr_offset(be, "CETS", 3, &off), 0);
	cr_expect_eq(off, 3600);
	tsn_zone_free(be);
	tsn_zone_free(ny);
}

/* "IST" in Dublin was Irish Summer Time at +0:34:39 in 1916 (date -u -d
 * '1916-07-01' +%s = -1688428800, TZ=Europe/Dublin date -d @-1688428800
 * +%Z%z = IST+0034, Python zoneinfo: 2079 s) and is +1 h now
 * (TZ=Europe/Dublin date -d @1719792000 +%Z%z = IST+0100): the recent one wins. */
Test(zone, abbreviation_most_recent)
{
	tsn_zone *z = open_ok("Europe/Dublin");
	expect_off(z, -1688428800, 2079);
	expect_abbr(z, "IST", 3600);
	expect_abbr(z, "GMT", 0);
	tsn_zone_free(z);
}

/* ---- errors ---------------------------------------------------------------- */

Test(zone, bad_names)
{
	/* the default directory; TZDIR might be set by whoever runs the tests */
	unsetenv("TZDIR");
	expect_error("Mars/Olympus", "unknown time zone 'Mars/Olympus'", "no file under /usr/share/zoneinfo");
	expect_error("../etc/passwd", "'../etc/passwd'", "'..'");
	expect_error("Europe/../Europe/Berlin", "'Europe/../Europe/Berlin'", "'..'");
	expect_error("/etc/localtime", "'/etc/localtime'", "absolute");
	expect_error("Europe/Ber lin", "'Europe/Ber lin'", "letters, digits");
	expect_error("Europe/Berlin\n", "'Europe/Berlin?'", "letters, digits");
	expect_error("Europe.Berlin", "'Europe.Berlin'", "letters, digits");
	expect_error("America", "'America'", "directory");
	expect_error("", "empty", NULL);
	/* a NULL err buffer is allowed */
	cr_expect_null(tsn_zone_open("Mars/Olympus", NULL, 0));
}

/* ---- hand-made TZif files under a temporary TZDIR ------------------------- */

static char tzdir[256];

static void make_tzdir(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tzdir, sizeof tzdir, "%s/tsnorm-zone-XXXXXX", t && *t ? t : "/tmp");
	cr_assert(mkdtemp(tzdir));
	cr_assert_eq(setenv("TZDIR", tzdir, 1), 0);
}

static void remove_tzdir(void)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tzdir);
	cr_assert_eq(system(cmd), 0);
}

static void put_file(const char *name, const void *b, size_t n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tzdir, name);
	FILE *f = fopen(path, "wb");
	cr_assert(f, "cannot create %s", path);
	cr_assert_eq(fwrite(b, 1, n, f), n);
	fclose(f);
}

typedef struct {
	unsigned char b[4096];
	size_t n;
} buf;

static void put8(buf *o, unsigned v) { o->b[o->n++] = (unsigned char)v; }
static void put32(buf *o, int64_t v)
{
	for (int s = 24; s >= 0; s -= 8)
		put8(o, (unsigned)((uint64_t)v >> s) & 0xff);
}
static void put64(buf *o, int64_t v)
{
	put32(o, (int64_t)((uint64_t)v >> 32));
	put32(o, v);
}
static void putmem(buf *o, const void *p, size_t n)
{
	if (n)
		memcpy(o->b + o->n, p, n);
	o->n += n;
}

typedef struct {
	int32_t off;
	int isdst;
	int abbr;
} ttinfo;

/* A TZif header: magic, version byte, 15 zero bytes, six counts (isut,
 * isstd, leap, time, type, char) — RFC 8536 section 3.1. */
static void header(buf *o, char version, int ntime, int ntype, int nchar)
{
	putmem(o, "TZif", 4);
	put8(o, (unsigned char)version);
	for (int i = 0; i < 15; i++)
		put8(o, 0);
	put32(o, 0);
	put32(o, 0);
	put32(o, 0);
	put32(o, ntime);
	put32(o, ntype);
	put32(o, nchar);
}

static void block(buf *o, int tsz, int ntime, const int64_t *t, const unsigned char *idx, int ntype,
		  const ttinfo *ty, const char *chars, int nchar)
{
	for (int i = 0; i < ntime; i++)
		tsz == 8 ? put64(o, t[i]) : put32(o, t[i]);
	putmem(o, idx, (size_t)ntime);
	for (int i = 0; i < ntype; i++) {
		put32(o, ty[i].off);
		put8(o, (unsigned)ty[i].isdst);
		put8(o, (unsigned)ty[i].abbr);
	}
	putmem(o, chars, (size_t)nchar);
}

/* A version 2 file: a minimal v1 block (one type, as zic -b slim writes),
 * then the 64-bit data and the footer. */
static void put_v2(const char *name, int ntime, const int64_t *t, const unsigned char *idx, int ntype,
		   const ttinfo *ty, const char *chars, int nchar, const char *footer)
{
	buf o = {.n = 0};
	header(&o, '2', 0, 1, 1);
	block(&o, 4, 0, NULL, NULL, 1, (ttinfo[]){{0, 0, 0}}, "", 1);
	header(&o, '2', ntime, ntype, nchar);
	block(&o, 8, ntime, t, idx, ntype, ty, chars, nchar);
	put8(&o, '\n');
	putmem(&o, footer, strlen(footer));
	put8(&o, '\n');
	put_file(name, o.b, o.n);
}

TestSuite(zonefile, .init = make_tzdir, .fini = remove_tzdir);

/* A "slim" New York: no transitions at all, only the footer; 2024 must come
 * out as from the real (fat) file, values as in new_york_transitions. */
Test(zonefile, slim_footer_only)
{
	put_v2("SlimNY", 0, NULL, NULL, 1, (ttinfo[]){{-18000, 0, 0}}, "EST", 4, "EST5EDT,M3.2.0,M11.1.0");
	tsn_zone *z = open_ok("SlimNY");
	expect_switch(z, 1710054000, -18000, -14400);
	expect_switch(z, 1730613600, -14400, -18000);
	expect_utc(z, 1710037800, 1710052200);   /* gap -> 01:30 EST */
	expect_utc(z, 1730597400, 1730611800);   /* overlap -> 01:30 EDT */
	expect_utc(z, 1720094400, 1720108800);
	expect_off(z, 4118083200, -14400);
	expect_abbr(z, "EST", -18000);
	expect_abbr(z, "EDT", -14400);
	tsn_zone_free(z);
}

/* Jn (Feb 29 never counted) and n (zero-based, Feb 29 counted) in leap 2024:
 * TZ='XST3XDT,J60/2,J300/2' date -d @1709269199 +%z = -0300, @1709269200 = -0200
 *   (date -u -d @1709269200 = Fri Mar 1 05:00:00 UTC 2024), @1730001599 = -0200,
 *   @1730001600 = -0300 (2024-10-27 04:00Z); @1740805200 = -0200 (2025-03-01 05:00Z);
 * TZ='XST3XDT,59/2,299/2' date -d @1709182799 +%z = -0300, @1709182800 = -0200
 *   (Thu Feb 29 05:00:00 UTC 2024), @1729915199 = -0200, @1729915200 = -0300
 *   (2024-10-26 04:00Z). */
Test(zonefile, julian_rules)
{
	ttinfo xst[] = {{-10800, 0, 0}};
	put_v2("J", 0, NULL, NULL, 1, xst, "XST", 4, "XST3XDT,J60/2,J300/2");
	put_v2("N", 0, NULL, NULL, 1, xst, "XST", 4, "XST3XDT,59/2,299/2");
	tsn_zone *j = open_ok("J"), *n = open_ok("N");
	expect_switch(j, 1709269200, -10800, -7200);
	expect_switch(j, 1730001600, -7200, -10800);
	expect_switch(j, 1740805200, -10800, -7200);
	expect_switch(n, 1709182800, -10800, -7200);
	expect_switch(n, 1729915200, -7200, -10800);
	tsn_zone_free(j);
	tsn_zone_free(n);
}

/* RFC 8536 3.3.1: "EST5EDT,0/0,J365/25" is daylight time all year; Python's
 * zoneinfo reading such a file gives -4:00 at 1704085200, 1719792000,
 * 1735707599 and 1735707600 (the last two straddle 2025-01-01T05:00Z, where
 * one year's end meets the next year's start).  glibc's TZ code disagrees in
 * the first hour of the year, so it is not the reference here. */
Test(zonefile, dst_all_year)
{
	put_v2("AllDST", 0, NULL, NULL, 1, (ttinfo[]){{-18000, 0, 0}}, "EST", 4, "EST5EDT,0/0,J365/25");
	tsn_zone *z = open_ok("AllDST");
	expect_off(z, 1704085200, -14400);
	expect_off(z, 1719792000, -14400);
	expect_off(z, 1735707599, -14400);
	expect_off(z, 1735707600, -14400);
	tsn_zone_free(z);
}

/* A version 1 file (32-bit data, no footer) built here: type 0 BBB +2 h is
 * DST, type 1 AAA +1 h standard; transitions at 1e9 -> AAA and 1.1e9 -> BBB.
 * Before the first transition the first standard type rules; after the last
 * the last type stays.  glibc agrees: TZ=<that file> date -d @999999999
 * +%Z%z = AAA+0100, @1100000000 = BBB+0200, @2000000000 = BBB+0200. */
Test(zonefile, version1_file)
{
	buf o = {.n = 0};
	ttinfo ty[] = {{7200, 1, 0}, {3600, 0, 4}};
	header(&o, 0, 2, 2, 8);
	block(&o, 4, 2, (int64_t[]){1000000000, 1100000000}, (unsigned char[]){1, 0}, 2, ty, "BBB\0AAA", 8);
	put_file("V1", o.b, o.n);
	tsn_zone *z = open_ok("V1");
	expect_off(z, 999999999, 3600);
	expect_off(z, -2000000000, 3600);
	expect_switch(z, 1000000000, 3600, 3600);
	expect_switch(z, 1100000000, 3600, 7200);
	expect_off(z, 2000000000, 7200);
	expect_off(z, 4118083200, 7200);
	expect_abbr(z, "AAA", 3600);
	expect_abbr(z, "BBB", 7200);
	tsn_zone_free(z);
}

/* Explicit transitions then the footer: the footer only rules after the
 * last transition.  Types: 0 LMT +0:30, 1 AAA +1 h; one transition at 0 to
 * AAA; footer "AAA-1BBB,M3.5.0,M10.5.0/3" = the Berlin rule with other names.
 * Values as in berlin_transitions (1711846800 is 2024-03-31T01:00Z). */
Test(zonefile, transitions_then_footer)
{
	ttinfo ty[] = {{1800, 0, 0}, {3600, 0, 4}};
	put_v2("TF", 1, (int64_t[]){0}, (unsigned char[]){1}, 2, ty, "LMT\0AAA", 8,
	       "AAA-1BBB,M3.5.0,M10.5.0/3");
	tsn_zone *z = open_ok("TF");
	expect_switch(z, 0, 1800, 3600);
	expect_switch(z, 1711846800, 3600, 7200);
	expect_switch(z, 1729990800, 7200, 3600);
	expect_utc(z, 1711852200, 1711848600);
	expect_abbr(z, "BBB", 7200);
	expect_abbr(z, "LMT", 1800);
	tsn_zone_free(z);
}

/* Recency by construction.  Transitions: 0 -> ZZZ +3 h, 5e8 -> XXT +1 h,
 * 1e9 -> XXT +2 h, 1.1e9 -> YYT +0, 1.2e9 -> ZZZ +4 h; footer "ZZZ-4". */
Test(zonefile, abbreviation_recency)
{
	ttinfo ty[] = {{10800, 0, 4}, {3600, 0, 0}, {7200, 0, 0}, {0, 0, 8}, {14400, 0, 4}};
	put_v2("Rec", 5, (int64_t[]){0, 500000000, 1000000000, 1100000000, 1200000000},
	       (unsigned char[]){0, 1, 2, 3, 4}, 5, ty, "XXT\0ZZZ\0YYT", 12, "ZZZ-4");
	tsn_zone *z = open_ok("Rec");
	expect_abbr(z, "XXT", 7200);
	expect_abbr(z, "ZZZ", 14400);
	expect_abbr(z, "YYT", 0);
	expect_no_abbr(z, "XX");
	expect_off(z, 100, 10800);
	expect_off(z, 600000000, 3600);
	expect_off(z, 1050000000, 7200);
	expect_off(z, 1150000000, 0);
	expect_off(z, 1300000000, 14400);
	tsn_zone_free(z);
}

Test(zonefile, not_tzif)
{
	const char text[] = "# not a zone\nEurope/Berlin\n";
	put_file("Text", text, sizeof text - 1);
	expect_error("Text", "time zone 'Text'", "not a TZif file");
	put_file("Empty", "", 0);
	expect_error("Empty", "'Empty'", "not a TZif file");
	/* right magic, cut short */
	put_file("Short", "TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 24);
	expect_error("Short", "'Short'", "not a TZif file");
	/* a v2 header that promises more than the file holds */
	buf o = {.n = 0};
	header(&o, '2', 50, 1, 4);
	put_file("Truncated", o.b, o.n);
	expect_error("Truncated", "'Truncated'", "damaged");
	/* a footer that is no TZ string */
	put_v2("BadFooter", 0, NULL, NULL, 1, (ttinfo[]){{0, 0, 0}}, "XXX", 4, "EST5EDT,M13.1.0,M11.1.0");
	expect_error("BadFooter", "'BadFooter'", "footer");
	/* a transition to a type that does not exist */
	put_v2("BadIndex", 1, (int64_t[]){0}, (unsigned char[]){3}, 1, (ttinfo[]){{0, 0, 0}}, "XXX", 4, "");
	expect_error("BadIndex", "'BadIndex'", "damaged");
	expect_error("Missing", "unknown time zone 'Missing'", tzdir);
}

/* leapcnt 1 (header bytes 28..31), one 8-byte leap record in the v1 block */
Test(zonefile, leap_seconds_refused)
{
	buf o = {.n = 0};
	header(&o, 0, 0, 1, 4);
	o.b[31] = 1;
	block(&o, 4, 0, NULL, NULL, 1, (ttinfo[]){{0, 0, 0}}, "UTC", 4);
	put32(&o, 78796800);
	put32(&o, 1);
	put_file("Leap", o.b, o.n);
	expect_error("Leap", "'Leap'", "leap-second");
}

Test(zonefile, too_large)
{
	char path[512];
	snprintf(path, sizeof path, "%s/Huge", tzdir);
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite("TZif2", 1, 5, f), 5);
	cr_assert_eq(fseek(f, 2 << 20, SEEK_SET), 0);
	cr_assert_eq(fwrite("x", 1, 1, f), 1);
	fclose(f);
	expect_error("Huge", "'Huge'", "1 MiB");
}
