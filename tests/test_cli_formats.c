/* test_cli_formats.c — the timestamp catalogue end to end through the built
 * program: the formats golden pair, --format, --annotate, --app-key, IANA
 * and auto zones, user formats from files (and their errors), and a
 * pathological user regex that must give up, not hang. */
#include "proc.h"

TestSuite(fmt, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

#define FGOLDEN TSNORM_TESTDATA "/golden/formats"

static void expect_out(const char *const *argv, const char *in, const char *want)
{
	run_result r = run(argv, in, strlen(in));
	cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
	cr_assert_str_eq(r.out, want);
	run_free(&r);
}

#define DOCKER(msg, time) "{\"log\":\"" msg "\\n\",\"stream\":\"stdout\",\"time\":\"" time "\"}\n"
#define OUT(msg, time, fields) \
	"{\"log\":\"" msg "\\n\",\"stream\":\"stdout\",\"time\":\"" time "\"" fields "}\n"

Test(fmt, golden_pair_with_annotate)
{
	size_t want_n;
	char *want = slurp(FGOLDEN ".out", &want_n);
	run_result r = run((const char *[]){"tsnorm", "--annotate", FGOLDEN ".in", NULL}, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(r.out_n, want_n);
	cr_assert(memcmp(r.out, want, want_n) == 0, "%s", r.out);
	run_free(&r);
	free(want);
}

Test(fmt, format_restricts_the_families)
{
	/* a Go log prefix with --format logfmt,rfc3339: not tried, runtime used */
	expect_out((const char *[]){"tsnorm", "--format", "logfmt,rfc3339", NULL},
		   DOCKER("2024/05/30 12:34:56 x", "2024-05-30T12:34:56.5Z"),
		   OUT("2024/05/30 12:34:56 x", "2024-05-30T12:34:56.5Z",
		       ",\"__time_ms\":1717072496500,\"__time_src\":\"runtime\""));
	const char *in = DOCKER("x", "2024-05-30T12:34:56Z");
	run_result r = run((const char *[]){"tsnorm", "--format", "golog,nope", NULL}, in, strlen(in));
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "--format: unknown format 'nope'"), "%s", r.err);
	run_free(&r);
}

/* The memory, end to end: per stream and per message shape.  The
 * ambiguous message (an RFC 3339 stamp at 12:34:50 and ts= 12:34:56) is
 * read by rfc3339 on a fresh stream (the table order), by logfmt after a
 * message of its own shape ("2024-", 'T' at byte 10) that only logfmt
 * reads, and still by rfc3339 after a logfmt message of another shape.
 * 1717072490 = 2024-05-30T12:34:50Z (date -u -d ... +%s), 1717072496 the
 * same at :56; skew against the runtime's :56.5 is -5.5 s or 0 (inside
 * [56, 57)). */
#define LINE(msg, stream) \
	"{\"log\":\"" msg "\\n\",\"stream\":\"" stream "\",\"time\":\"2024-05-30T12:34:56.5Z\"}"
#define AMBIGUOUS "2024-05-30T12:34:50Z level=info ts=2024-05-30T12:34:56Z"
#define AS_RFC3339 ",\"__time_ms\":1717072490000,\"__skew_ms\":-5500.000,\"__skew\":true,\"__ts_format\":\"rfc3339\"}\n"
#define AS_LOGFMT ",\"__time_ms\":1717072496000,\"__skew_ms\":0.000,\"__ts_format\":\"logfmt\"}\n"
Test(fmt, memory_is_per_stream_and_per_shape)
{
	const char *in = LINE(AMBIGUOUS, "stdout") "\n"
			 LINE("2024-05-30T12 level=info ts=2024-05-30T12:34:56Z", "stdout") "\n"
			 LINE(AMBIGUOUS, "stdout") "\n"
			 LINE("level=info ts=2024-05-30T12:34:56Z", "stderr") "\n"
			 LINE(AMBIGUOUS, "stderr") "\n";
	const char *want = LINE(AMBIGUOUS, "stdout") AS_RFC3339
			   LINE("2024-05-30T12 level=info ts=2024-05-30T12:34:56Z", "stdout") AS_LOGFMT
			   LINE(AMBIGUOUS, "stdout") AS_LOGFMT
			   LINE("level=info ts=2024-05-30T12:34:56Z", "stderr") AS_LOGFMT
			   LINE(AMBIGUOUS, "stderr") AS_RFC3339;
	/* the line macros end at the closing brace: drop it before the fields */
	char *w = strdup(want), *d = w;
	for (const char *q = want; *q; q++)
		if (!(q[0] == '}' && q[1] == ','))
			*d++ = *q;
	*d = 0;
	expect_out((const char *[]){"tsnorm", "--annotate", NULL}, in, w);
	free(w);
}

Test(fmt, app_key_names_another_json_key)
{
	/* {"when":"2024-05-30T12:34:56.25Z"}: 2 digits, [.25, .26]; runtime .3 */
	const char *in = DOCKER("{\\\"when\\\":\\\"2024-05-30T12:34:56.25Z\\\"}", "2024-05-30T12:34:56.3Z");
	expect_out((const char *[]){"tsnorm", "--app-key", "when", NULL}, in,
		   OUT("{\\\"when\\\":\\\"2024-05-30T12:34:56.25Z\\\"}", "2024-05-30T12:34:56.3Z",
		       ",\"__time_ms\":1717072496250,\"__skew_ms\":-40.000,\"__skew\":true"));
	expect_out((const char *[]){"tsnorm", NULL}, in,
		   OUT("{\\\"when\\\":\\\"2024-05-30T12:34:56.25Z\\\"}", "2024-05-30T12:34:56.3Z",
		       ",\"__time_ms\":1717072496300,\"__time_src\":\"runtime\""));
}

Test(fmt, iana_zone_with_daylight_saving)
{
	/* Berlin in May is CEST (+02:00): 14:34:56 local = 12:34:56Z */
	expect_out((const char *[]){"tsnorm", "--tz", "Europe/Berlin", NULL},
		   DOCKER("2024/05/30 14:34:56 x", "2024-05-30T12:34:56.5Z"),
		   OUT("2024/05/30 14:34:56 x", "2024-05-30T12:34:56.5Z",
		       ",\"__time_ms\":1717072496000,\"__skew_ms\":0.000"));
	/* New York in January is EST (-05:00): 07:00:00 local = 12:00:00Z,
	 * 1705320000 (date -u -d 2024-01-15T12:00:00Z +%s) */
	expect_out((const char *[]){"tsnorm", "--tz", "America/New_York", NULL},
		   DOCKER("2024/01/15 07:00:00 x", "2024-01-15T12:00:00.2Z"),
		   OUT("2024/01/15 07:00:00 x", "2024-01-15T12:00:00.2Z",
		       ",\"__time_ms\":1705320000000,\"__skew_ms\":0.000"));
	run_result r = run((const char *[]){"tsnorm", "--tz", "Mars/Olympus", NULL}, "", 0);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "--tz") && strstr(r.err, "Mars/Olympus"), "%s", r.err);
	run_free(&r);
}

Test(fmt, auto_zone_learns_the_offset_and_reports_it)
{
	/* an app logging India time (+05:30) with Go's log package: 18:04:56
	 * local is 12:34:56Z; each line's runtime time is 0.1 ms after its
	 * microsecond stamp's interval ends, well inside 3 ms of +05:30 */
	char in[4096] = "", want[8192] = "";
	for (int i = 0; i < 5; i++) {
		char line[512];
		snprintf(line, sizeof line,
			 "{\"log\":\"2024/05/30 18:04:5%d.000100 tick\\n\",\"stream\":\"stdout\","
			 "\"time\":\"2024-05-30T12:34:5%d.0002Z\"}\n",
			 i, i);
		strcat(in, line);
		/* [.000100, .000101] vs .0002: -99 us -> -0.099; 1717072490 + i */
		snprintf(line, sizeof line,
			 "{\"log\":\"2024/05/30 18:04:5%d.000100 tick\\n\",\"stream\":\"stdout\","
			 "\"time\":\"2024-05-30T12:34:5%d.0002Z\",\"__time_ms\":%lld,"
			 "\"__skew_ms\":-0.099}\n",
			 i, i, (1717072490LL + i) * 1000);
		strcat(want, line);
	}
	/* a zoned stamp an hour off stays an hour off: auto never hides it */
	strcat(in, DOCKER("2024-05-30T13:34:56Z zoned", "2024-05-30T12:34:56Z"));
	strcat(want, OUT("2024-05-30T13:34:56Z zoned", "2024-05-30T12:34:56Z",
			 ",\"__time_ms\":1717076096000,\"__skew_ms\":3600000.000,\"__skew\":true"));
	run_result r = run((const char *[]){"tsnorm", "--tz", "auto", "--stats", NULL}, in, strlen(in));
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, want);
	cr_assert(strstr(r.err, "zone learned       (stdin) stdout: +05:30"), "%s", r.err);
	run_free(&r);
}

static const char user_defs[] =
	"[{\"name\": \"pg\", \"regex\": \"^(?<ts>\\\\d{4}-\\\\d\\\\d-\\\\d\\\\d \\\\S+ UTC) \\\\[\","
	"  \"layout\": \"%Y-%m-%d %H:%M:%S.%L UTC\"},"
	" {\"name\": \"redis\", \"regex\": \"^\\\\d+:[MSCX] (?<ts>\\\\d\\\\d \\\\w{3} \\\\d{4} [\\\\d:.]+) \","
	"  \"layout\": \"02 Jan 2006 15:04:05.000\"}]";

Test(fmt, user_formats_from_a_file)
{
	spew(tmp("u.json"), user_defs, strlen(user_defs));
	/* PostgreSQL 12:34:56.123 UTC against .1235: [.123, .124]: 0 */
	expect_out((const char *[]){"tsnorm", "--annotate", "--formats-file", tmp("u.json"), NULL},
		   DOCKER("2024-05-30 12:34:56.123 UTC [1] LOG:  ready", "2024-05-30T12:34:56.1235Z"),
		   OUT("2024-05-30 12:34:56.123 UTC [1] LOG:  ready", "2024-05-30T12:34:56.1235Z",
		       ",\"__time_ms\":1717072496123,\"__skew_ms\":0.000,\"__ts_format\":\"pg\""));
	/* Redis, zone-less, read in --tz +02:00: 14:34:56.123 = 12:34:56.123Z */
	expect_out((const char *[]){"tsnorm", "--annotate", "--tz", "+02:00", "--formats-file",
				    tmp("u.json"), NULL},
		   DOCKER("1:M 30 May 2024 14:34:56.123 * Ready", "2024-05-30T12:34:56.124Z"),
		   OUT("1:M 30 May 2024 14:34:56.123 * Ready", "2024-05-30T12:34:56.124Z",
		       ",\"__time_ms\":1717072496123,\"__skew_ms\":0.000,\"__ts_format\":\"redis\""));
	/* the shipped definition files load and list their examples */
	run_result l = run((const char *[]){"tsnorm", "--formats-file",
					    TSNORM_SRCDIR "/formats/user/redis.json", "--list-formats",
					    NULL},
			   NULL, 0);
	cr_assert_eq(l.status, 0, "%s", l.err);
	cr_assert(strncmp(l.out, "redis", 5) == 0, "user formats are listed first: %s", l.out);
	cr_assert(strstr(l.out, "\nlogfmt "), "%s", l.out);
	run_free(&l);
}

Test(fmt, user_format_errors_name_file_entry_and_offset)
{
	const char *bad = "[{\"name\":\"ok\",\"regex\":\"(?<ts>x)\",\"layout\":\"%s\"},"
			  "{\"name\":\"broken\",\"regex\":\"(?<ts>[0-9]+\",\"layout\":\"%s\"}]";
	spew(tmp("bad.json"), bad, strlen(bad));
	run_result r = run((const char *[]){"tsnorm", "--formats-file", tmp("bad.json"), NULL}, "", 0);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, tmp("bad.json")), "%s", r.err);
	cr_assert(strstr(r.err, "\"broken\""), "%s", r.err);
	cr_assert(strstr(r.err, "offset"), "%s", r.err);
	run_free(&r);
	spew(tmp("syntax.json"), "[{\"name\": }", 11);
	r = run((const char *[]){"tsnorm", "--formats-file", tmp("syntax.json"), NULL}, "", 0);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "syntax.json:1:"), "%s", r.err);
	run_free(&r);
	r = run((const char *[]){"tsnorm", "--formats-file", tmp("missing.json"), NULL}, "", 0);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "missing.json"), "%s", r.err);
	run_free(&r);
}

Test(fmt, catastrophic_user_regex_gives_up_and_is_counted)
{
	const char *defs = "{\"name\":\"evil\",\"regex\":\"^(?<ts>(a+)+)$\",\"layout\":\"%s\"}";
	spew(tmp("evil.json"), defs, strlen(defs));
	/* 40 a's and a b: exponential backtracking without limits */
	const char *in = DOCKER("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "2024-05-30T12:34:56Z")
		DOCKER("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "2024-05-30T12:34:56Z");
	run_result r = run((const char *[]){"tsnorm", "--formats-file", tmp("evil.json"), "--stats",
					    NULL},
			   in, strlen(in));
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out, r.out_n), 2);
	cr_assert(strstr(r.out, "\"__time_src\":\"runtime\""), "%s", r.out);
	cr_assert(strstr(r.err, "regex limit hits              2"), "%s", r.err);
	run_free(&r);
	r = run((const char *[]){"tsnorm", "--formats-file", tmp("evil.json"), NULL}, in, strlen(in));
	cr_assert(strstr(r.err, "gave up at its match limit 2 time(s)"), "%s", r.err);
	run_free(&r);
}
