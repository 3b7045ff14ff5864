/* test_finder.c — tsn_find: where the application's own stamp is taken from
 * (RFC 3339 or Go log prefix at the start, logfmt ts=/time=, top-level JSON
 * "time"/"ts"), what is refused, and the fixed offsets --tz reads them in. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "zone.h"
#include "tstime.h"

/* Anchors (date -u -d ... +%s):
 *   2024-05-30T12:34:56Z  1717072496
 *   2024-05-30T10:34:56Z  1717065296
 *   2024-05-30T04:34:56Z  1717043696 */
#define T_123456 1717072496LL

static enum tsn_format find_n(const char *s, size_t n, int32_t tz, tsn_time *t)
{
	tsn_find_opts o = {.tz_offset = tz};
	return tsn_find(s, n, &o, t);
}

static enum tsn_format find(const char *s, tsn_time *t)
{
	return find_n(s, strlen(s), 0, t);
}

static void expect(const char *s, enum tsn_format f, long long sec, long nsec, long prec)
{
	tsn_time t = {0, -1, -1};
	enum tsn_format got = find(s, &t);
	cr_assert_eq(got, f, "%s: found %s, want %s", s, tsn_format_names[got], tsn_format_names[f]);
	cr_expect_eq(t.sec, sec, "%s: sec %lld, want %lld", s, (long long)t.sec, sec);
	cr_expect_eq(t.nsec, nsec, "%s: nsec %ld, want %ld", s, (long)t.nsec, nsec);
	cr_expect_eq(t.prec, prec, "%s: prec %ld, want %ld", s, (long)t.prec, prec);
}

static void none(const char *s)
{
	tsn_time t;
	enum tsn_format got = find(s, &t);
	cr_expect_eq(got, TSN_FMT_NONE, "%s: found %s", s, tsn_format_names[got]);
}

/* ---- RFC 3339 at the start ------------------------------------------ */

Test(finder, rfc3339_at_start)
{
	expect("2024-05-30T12:34:56.123456789Z hello world", TSN_FMT_RFC3339, T_123456, 123456789, 1);
	expect("2024-05-30T12:34:56Z", TSN_FMT_RFC3339, T_123456, 0, 1000000000);
	expect("2024-05-30T12:34:56Z\tmsg", TSN_FMT_RFC3339, T_123456, 0, 1000000000);
	expect("2024-05-30T12:34:56.789+02:00 INFO starting", TSN_FMT_RFC3339, 1717065296, 789000000,
	       1000000);
}

Test(finder, rfc3339_must_be_whole_token)
{
	none("2024-05-30T12:34:56Zabc");
	none("2024-05-30T12:34:56Z:");
	none("2024-05-30T12:34:56.123+0800 x");
	none("2024-05-30T12:34:56+08 x");
	none("2024-05-30T12:34:56 x");
	none("2024-05-30T12:34:56,123Z x");
}

Test(finder, rfc3339_invalid_dates)
{
	none("2024-02-30T12:34:56Z x");
	none("2023-02-29T00:00:00Z x");
	none("2024-05-30T24:00:00Z x");
	none("2024-05-30T23:59:60Z x");
	none("2024-05-30t12:34:56z x");
}

Test(finder, rfc3339_only_at_start)
{
	none("hello 2024-05-30T12:34:56Z");
	none("[2024-05-30T12:34:56Z] x");
}

/* ---- Go log prefix -------------------------------------------------- */

Test(finder, golog_at_start)
{
	expect("2024/05/30 12:34:56 starting server", TSN_FMT_GOLOG, T_123456, 0, 1000000000);
	expect("2024/05/30 12:34:56.123456 main.go:12: x", TSN_FMT_GOLOG, T_123456, 123456000, 1000);
	expect("2024/05/30 12:34:56", TSN_FMT_GOLOG, T_123456, 0, 1000000000);
}

Test(finder, golog_uses_tz_offset)
{
	tsn_time t;
	/* 12:34:56 at +08:00 (28800 s east) = 04:34:56Z = 1717043696 */
	const char *s = "2024/05/30 12:34:56 hi";
	cr_assert_eq(find_n(s, strlen(s), 28800, &t), TSN_FMT_GOLOG);
	cr_assert_eq(t.sec, 1717043696);
	/* zoned stamps ignore it */
	s = "2024-05-30T12:34:56Z hi";
	cr_assert_eq(find_n(s, strlen(s), 28800, &t), TSN_FMT_RFC3339);
	cr_assert_eq(t.sec, T_123456);
}

Test(finder, golog_must_be_whole_token)
{
	none("2024/05/30 12:34:56x");
	none("2024/05/30 12:34:56.123456x");
	none("2024/05/30 12:34:56.1234567 x");
	none("2024/05/30 12:34:56.12345 x");
	none("2024/02/30 12:34:56 x");
}

/* ---- logfmt ---------------------------------------------------------- */

Test(finder, logfmt_slog_text)
{
	expect("time=2024-05-30T12:34:56.789+02:00 level=INFO msg=hi", TSN_FMT_LOGFMT, 1717065296,
	       789000000, 1000000);
	expect("level=info ts=2024-05-30T12:34:56.789Z caller=main.go:1", TSN_FMT_LOGFMT, T_123456,
	       789000000, 1000000);
	expect("level=info\tts=2024-05-30T12:34:56Z", TSN_FMT_LOGFMT, T_123456, 0, 1000000000);
	/* 12:34:56-05:30 = 18:04:56Z; date -u -d '2024-05-30T18:04:56Z' +%s = 1717092296 */
	expect("msg=hi ts=2024-05-30T12:34:56-05:30", TSN_FMT_LOGFMT, 1717092296, 0, 1000000000);
}

Test(finder, logfmt_logrus_quoted)
{
	expect("time=\"2024-05-30T12:34:56Z\" level=info msg=\"hi there\"", TSN_FMT_LOGFMT, T_123456, 0,
	       1000000000);
	expect("level=info time=\"2024-05-30T12:34:56.5+02:00\"", TSN_FMT_LOGFMT, T_123456 - 7200,
	       500000000, 100000000);
}

Test(finder, logfmt_first_valid_key_wins)
{
	/* an unparsable time= does not hide a later ts= */
	expect("time=yesterday ts=2024-05-30T12:34:56Z", TSN_FMT_LOGFMT, T_123456, 0, 1000000000);
}

Test(finder, logfmt_key_boundaries)
{
	none("xts=2024-05-30T12:34:56Z");
	none("times=2024-05-30T12:34:56Z");
	none("mytime=2024-05-30T12:34:56Z");
	none("timestamp=2024-05-30T12:34:56Z");
	none("msg=xtime=2024-05-30T12:34:56Z");
	none("a=b,ts=2024-05-30T12:34:56Z");
	none("TIME=2024-05-30T12:34:56Z");
	none("time =2024-05-30T12:34:56Z");
}

Test(finder, logfmt_value_must_be_whole_stamp)
{
	none("time=2024-05-30T12:34:56Zabc level=info");
	none("time=\"2024-05-30T12:34:56Z x\" level=info");
	none("time=2024-02-30T00:00:00Z");
	none("time=2024-05-30T12:34:56+0800");
	none("time=2024/05/30 12:34:56");
	none("time=");
	none("ts=\"\"");
}

/* ---- JSON ------------------------------------------------------------ */

Test(finder, json_slog)
{
	expect("{\"time\":\"2024-05-30T12:34:56.789+02:00\",\"level\":\"INFO\",\"msg\":\"hi\"}",
	       TSN_FMT_JSON, 1717065296, 789000000, 1000000);
}

Test(finder, json_zerolog_and_ts)
{
	expect("{\"level\":\"info\",\"time\":\"2024-05-30T12:34:56Z\",\"message\":\"hi\"}", TSN_FMT_JSON,
	       T_123456, 0, 1000000000);
	expect("{\"level\":\"info\",\"ts\":\"2024-05-30T12:34:56.123456Z\",\"msg\":\"hi\"}",
	       TSN_FMT_JSON, T_123456, 123456000, 1000);
}

Test(finder, json_whitespace_and_leading_blanks)
{
	expect("  { \"time\" : \"2024-05-30T12:34:56Z\" , \"msg\" : \"x\" }", TSN_FMT_JSON, T_123456,
	       0, 1000000000);
	expect("{\n\t\"msg\": \"x\",\n\t\"time\": \"2024-05-30T12:34:56Z\"\n}", TSN_FMT_JSON, T_123456,
	       0, 1000000000);
}

Test(finder, json_skips_values_of_every_type)
{
	expect("{\"n\":-1.5e3,\"b\":true,\"z\":null,\"a\":[1,{\"x\":\"}\"},\"]\"],\"o\":{\"p\":{}},"
	       "\"time\":\"2024-05-30T12:34:56Z\"}",
	       TSN_FMT_JSON, T_123456, 0, 1000000000);
}

Test(finder, json_numeric_ts_is_not_a_stamp)
{
	/* zap's default epoch-float ts is not an RFC 3339 string */
	none("{\"level\":\"info\",\"ts\":1717072496.123,\"msg\":\"x\"}");
	/* but a later string member still counts */
	expect("{\"ts\":1717072496.123,\"time\":\"2024-05-30T12:34:56Z\"}", TSN_FMT_JSON, T_123456, 0,
	       1000000000);
	/* and an invalid "time" does not hide a valid "ts" */
	expect("{\"time\":\"2024-02-30T00:00:00Z\",\"ts\":\"2024-05-30T12:34:56Z\"}", TSN_FMT_JSON,
	       T_123456, 0, 1000000000);
}

Test(finder, json_nested_keys_do_not_count)
{
	none("{\"ctx\":{\"time\":\"2024-05-30T12:34:56Z\"},\"msg\":\"x\"}");
	none("{\"a\":[{\"ts\":\"2024-05-30T12:34:56Z\"}]}");
	none("{\"a\":{\"b\":{\"time\":\"2024-05-30T12:34:56Z\"}}}");
}

Test(finder, json_time_inside_string_values_does_not_count)
{
	/* the text "time":"..." inside an escaped string value */
	none("{\"msg\":\"\\\"time\\\":\\\"2024-05-30T12:34:56Z\\\"\"}");
	none("{\"msg\":\"{\\\"time\\\":\\\"2024-05-30T12:34:56Z\\\"}\"}");
	/* "time" as a value, followed by a stamp under another key */
	none("{\"msg\":\"time\",\"x\":\"2024-05-30T12:34:56Z\"}");
	/* a complete object without a time member: text inside its strings is
	 * data, so a logfmt-looking value there is not the line's stamp */
	none("{\"msg\":\"retry at time=2024-05-30T12:34:56Z soon\"}");
	none("{\"msg\":\"2024-05-30T12:34:56Z\"} ts=2024-05-30T12:34:56Z");
	none("{\"time\":[\"2024-05-30T12:34:56Z\"]}");
	none("{\"time\":{\"v\":\"2024-05-30T12:34:56Z\"}}");
}

Test(finder, json_escaped_backslash_before_quote)
{
	/* "a\\" is a complete string; the next member is a real top-level key */
	expect("{\"msg\":\"a\\\\\",\"time\":\"2024-05-30T12:34:56Z\"}", TSN_FMT_JSON, T_123456, 0,
	       1000000000);
	/* escaped quotes inside an earlier value do not end it early */
	expect("{\"msg\":\"say \\\"hi\\\"\",\"time\":\"2024-05-30T12:34:56Z\"}", TSN_FMT_JSON,
	       T_123456, 0, 1000000000);
	/* "a\"..." is not: the time text is still inside msg */
	none("{\"msg\":\"a\\\",\\\"time\\\":\\\"2024-05-30T12:34:56Z\"}");
}

Test(finder, json_escapes_in_key_and_value)
{
	/* JSON string equality is on the decoded text: "t\u0069me" is "time",
	 * and "\u002b" is "+" */
	expect("{\"t\\u0069me\":\"2024-05-30T12:34:56Z\"}", TSN_FMT_JSON, T_123456, 0, 1000000000);
	expect("{\"time\":\"2024-05-30T12:34:56\\u002b02:00\"}", TSN_FMT_JSON, T_123456 - 7200, 0,
	       1000000000);
}

Test(finder, json_value_must_be_whole_stamp)
{
	none("{\"time\":\"2024-05-30T12:34:56Z extra\"}");
	none("{\"time\":\" 2024-05-30T12:34:56Z\"}");
	none("{\"time\":\"2024-05-30 12:34:56Z\"}");
	none("{\"Time\":\"2024-05-30T12:34:56Z\"}");
	none("{\"timestamp\":\"2024-05-30T12:34:56Z\"}");
}

Test(finder, json_cut_off_message)
{
	/* the stamp came before the cut */
	expect("{\"level\":\"info\",\"time\":\"2024-05-30T12:34:56Z\",\"msg\":\"this line was cu",
	       TSN_FMT_JSON, T_123456, 0, 1000000000);
	expect("{\"time\":\"2024-05-30T12:34:56Z\"", TSN_FMT_JSON, T_123456, 0, 1000000000);
	expect("{\"time\":\"2024-05-30T12:34:56Z\",", TSN_FMT_JSON, T_123456, 0, 1000000000);
	/* cut inside the stamp or before it */
	none("{\"time\":\"2024-05-30T12:3");
	none("{\"time\":\"2024-05-30T12:34:56Z");
	none("{\"msg\":\"cut before the stamp");
	none("{\"ti");
	none("{");
}

/* ---- general negatives ---------------------------------------------- */

Test(finder, empty_and_blank_messages)
{
	tsn_time t;
	cr_assert_eq(find_n("", 0, 0, &t), TSN_FMT_NONE);
	none(" ");
	none("                                        ");
	none("\t \t  \r\n");
	none("no stamp in here at all");
}

Test(finder, length_bound_is_respected)
{
	tsn_time t;
	/* only the first 10 bytes are the message */
	const char *s = "2024-05-30T12:34:56Z hello";
	cr_assert_eq(find_n(s, 10, 0, &t), TSN_FMT_NONE);
	/* cut right after the stamp: whole message is the stamp */
	cr_assert_eq(find_n(s, 20, 0, &t), TSN_FMT_RFC3339);
	cr_assert_eq(t.sec, T_123456);
	/* cut before the Z */
	cr_assert_eq(find_n(s, 19, 0, &t), TSN_FMT_NONE);
	const char *g = "2024/05/30 12:34:56.123456 hi";
	/* cut mid-fraction */
	cr_assert_eq(find_n(g, 23, 0, &t), TSN_FMT_NONE);
	const char *l = "msg=x time=2024-05-30T12:34:56Zgarbage";
	cr_assert_eq(find_n(l, 31, 0, &t), TSN_FMT_LOGFMT);
	cr_assert_eq(t.sec, T_123456);
}

Test(finder, nul_bytes_inside)
{
	tsn_time t;
	/* NUL right after a stamp is not white space */
	static const char a[] = "2024-05-30T12:34:56Z\0rest";
	cr_assert_eq(find_n(a, sizeof a - 1, 0, &t), TSN_FMT_NONE);
	/* NUL inside a stamp */
	static const char b[] = "2024-05-30T12:34\0:56Z x";
	cr_assert_eq(find_n(b, sizeof b - 1, 0, &t), TSN_FMT_NONE);
	/* the message goes on past a NUL: a later logfmt key is still seen */
	static const char c[] = "hello\0world time=2024-05-30T12:34:56Z";
	cr_assert_eq(find_n(c, sizeof c - 1, 0, &t), TSN_FMT_LOGFMT);
	cr_assert_eq(t.sec, T_123456);
	/* NUL as the only content */
	static const char d[] = "\0\0\0\0";
	cr_assert_eq(find_n(d, 4, 0, &t), TSN_FMT_NONE);
}

Test(finder, very_long_message_without_stamp)
{
	/* 1 MiB of logfmt-looking pairs with near-miss keys and values */
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	cr_assert_not_null(buf);
	static const char *const pieces[] = {
		"xts=2024-05-30T12:34:56Z ", "time=2024-05-30T12:34:56 ", "ts=\"2024-05-30T25:00:00Z\" ",
		"times=1 ", "{\"time\":\"x\"} ", "2024/05/30 12:34:56 ", "= ==  ts= time=\" ",
	};
	for (size_t i = 0;; i++) {
		const char *p = pieces[i % (sizeof pieces / sizeof pieces[0])];
		size_t len = strlen(p);
		if (n + len > cap)
			break;
		memcpy(buf + n, p, len);
		n += len;
	}
	tsn_time t;
	cr_assert_eq(find_n(buf, n, 0, &t), TSN_FMT_NONE);
	/* and the same buffer with one valid pair at the very end is found */
	static const char tail[] = " ts=2024-05-30T12:34:56Z";
	memcpy(buf + n - (sizeof tail - 1), tail, sizeof tail - 1);
	cr_assert_eq(find_n(buf, n, 0, &t), TSN_FMT_LOGFMT);
	cr_assert_eq(t.sec, T_123456);
	free(buf);
}

/* ---- fixed offsets for --tz (formats/zone.c, what the finder's zone-less
 * stamps are read in) ----------------------------------------------------- */

static void zone_ok(const char *s, int32_t want)
{
	char err[256];
	tsn_zone *z = tsn_zone_open(s, err, sizeof err);
	cr_expect(z, "rejected \"%s\": %s", s, err);
	if (!z)
		return;
	int32_t off = tsn_zone_offset_at(z, 1717072496);
	cr_expect_eq(off, want, "\"%s\": %d, want %d", s, off, want);
	tsn_zone_free(z);
}

static void zone_bad(const char *s)
{
	char err[256];
	tsn_zone *z = tsn_zone_open(s, err, sizeof err);
	cr_expect_null(z, "accepted \"%s\"", s);
	tsn_zone_free(z);
}

Test(finder, fixed_zone_accepted)
{
	zone_ok("UTC", 0);
	zone_ok("Z", 0);
	zone_ok("+08:00", 8 * 3600);           /* 28800 */
	zone_ok("-0530", -(5 * 3600 + 30 * 60)); /* -19800 */
	zone_ok("+08", 8 * 3600);
	zone_ok("-00:00", 0);
	zone_ok("+05:45", 5 * 3600 + 45 * 60); /* 20700 */
	zone_ok("-23:59", -(23 * 3600 + 59 * 60));
	zone_ok("+2359", 23 * 3600 + 59 * 60);
}

Test(finder, fixed_zone_rejected)
{
	zone_bad("+8");
	zone_bad("+08:");
	zone_bad("+24:00");
	zone_bad("");
	zone_bad("08:00");
	zone_bad("+08:60");
	zone_bad("+0860");
	zone_bad("+08:0");
	zone_bad("+080");
	zone_bad("+08:000");
	zone_bad("+08:00 ");
	zone_bad("+8:00");
	zone_bad("UTC+8");
	zone_bad("-");
}

/* A JSON message's strings with backslash runs and escaped quotes at every
 * offset of the 16-byte blocks the string scan takes: the top-level "time"
 * after them is found exactly when jansson sees it at the top level, and
 * never when it sits inside a string. */
#include <jansson.h>

Test(finder, json_string_ends_at_every_offset)
{
	char msg[256];
	for (size_t pad = 0; pad <= 40; pad++) {
		for (size_t run = 0; run <= 6; run++) {
			for (int inside = 0; inside < 2; inside++) {
				size_t n = (size_t)snprintf(msg, sizeof msg, "{\"msg\":\"%.*s", (int)pad,
							    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
				memset(msg + n, '\\', run);
				n += run;
				if (run % 2) /* an odd run takes the quote: the string goes on */
					msg[n++] = '"';
				if (inside) /* the time inside the string, its quotes escaped */
					n += (size_t)snprintf(msg + n, sizeof msg - n,
							      " \\\"time\\\":\\\"2024-05-30T12:34:56Z\\\"\"}");
				else
					n += (size_t)snprintf(msg + n, sizeof msg - n,
							      "\",\"time\":\"2024-05-30T12:34:56Z\"}");
				json_error_t e;
				json_t *o = json_loadb(msg, n, 0, &e);
				cr_assert(o, "%s: %s", msg, e.text);
				int want = json_object_get(o, "time") != NULL;
				json_decref(o);
				cr_assert_eq(want, !inside);
				tsn_time t;
				enum tsn_format f = find_n(msg, n, 0, &t);
				cr_assert_eq(f, want ? TSN_FMT_JSON : TSN_FMT_NONE, "%s", msg);
				if (want)
					cr_assert_eq(t.sec, T_123456);
			}
		}
	}
}
