/* test_output.c — the output side of the built program: --output loki push
 * bodies parsed back with jansson and checked entry by entry against the
 * input (lines, exact nanosecond times, labels, batching, order inside a
 * body, idle close), the --output text timeline (columns, escaping, colour)
 * and --stats-json (totals, per-source values, the skew histogram's bands
 * at their edges).  Expected values are worked out from README.md, not
 * from tsnorm's output; epoch seconds come from date(1):
 *   date -u -d 2024-05-30T12:34:56Z +%s  = 1717072496
 *   date -u -d 2024-05-30T12:00:00Z +%s  = 1717070400 */
#include <jansson.h>
#include <time.h>

#include "proc.h"

TestSuite(output, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

/* ---- loki bodies, parsed back -------------------------------------------- */

typedef struct entry {
	char labels[512];        /* the stream object, dumped with sorted keys */
	char ns[32];
	char *line;
	size_t line_n;
	int body;                /* which body it came in */
	int used;
} entry;

typedef struct entries {
	entry e[256];
	size_t n;
	int bodies;
	size_t body_entries[64];
	size_t body_bytes[64];
} entries;

/* Every output line must be one push body; collects their entries in the
 * order they are written. */
static void parse_bodies(const char *out, size_t n, entries *es)
{
	memset(es, 0, sizeof *es);
	const char *p = out, *end = out + n;
	cr_assert(n == 0 || out[n - 1] == '\n', "output does not end with a newline");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_error_t err;
		json_t *b = json_loadb(p, (size_t)(nl - p), 0, &err);
		cr_assert(b, "body %d is not JSON (%s): %.*s", es->bodies, err.text, (int)(nl - p), p);
		cr_assert_eq(json_object_size(b), 1, "a body has only \"streams\"");
		json_t *streams = json_object_get(b, "streams");
		cr_assert(json_is_array(streams) && json_array_size(streams) > 0);
		size_t i;
		json_t *s;
		size_t in_body = 0;
		json_array_foreach(streams, i, s) {
			json_t *labels = json_object_get(s, "stream");
			json_t *values = json_object_get(s, "values");
			cr_assert(json_is_object(labels) && json_object_size(labels) > 0);
			cr_assert(json_is_array(values) && json_array_size(values) > 0);
			const char *k;
			json_t *v;
			json_object_foreach(labels, k, v) {
				cr_assert(json_is_string(v), "label %s is not a string", k);
				cr_assert(strncmp(k, "__", 2) != 0, "Loki reserves label %s", k);
			}
			char *ls = json_dumps(labels, JSON_SORT_KEYS | JSON_COMPACT);
			size_t j;
			json_t *val;
			json_array_foreach(values, j, val) {
				cr_assert(json_is_array(val) && json_array_size(val) == 2);
				json_t *ts = json_array_get(val, 0), *line = json_array_get(val, 1);
				cr_assert(json_is_string(ts) && json_is_string(line));
				cr_assert_lt(es->n, 256);
				entry *e = &es->e[es->n++];
				snprintf(e->labels, sizeof e->labels, "%s", ls);
				cr_assert_lt(json_string_length(ts), sizeof e->ns);
				strcpy(e->ns, json_string_value(ts));
				e->line_n = json_string_length(line);
				e->line = malloc(e->line_n + 1);
				memcpy(e->line, json_string_value(line), e->line_n + 1);
				e->body = es->bodies;
				in_body++;
			}
			free(ls);
		}
		json_decref(b);
		cr_assert_lt(es->bodies, 64);
		es->body_entries[es->bodies] = in_body;
		es->body_bytes[es->bodies] = (size_t)(nl - p) + 1;
		es->bodies++;
		p = nl + 1;
	}
}

static void entries_free(entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->e[i].line);
}

/* Takes the one unused entry with these labels, time and line. */
static void expect_entry(entries *es, const char *labels, const char *ns, const char *line,
			 size_t line_n)
{
	for (size_t i = 0; i < es->n; i++) {
		entry *e = &es->e[i];
		if (!e->used && !strcmp(e->labels, labels) && !strcmp(e->ns, ns) &&
		    e->line_n == line_n && !memcmp(e->line, line, line_n)) {
			e->used = 1;
			return;
		}
	}
	cr_assert_fail("no entry %s [%s, \"%.*s\"]", labels, ns, (int)line_n, line);
}

#define EXPECT(es, labels, ns, lit) expect_entry(es, labels, ns, lit, sizeof(lit) - 1)

/* Docker, CRI, another JSON object, text, an empty line and bytes that are
 * not UTF-8, from stdin (no source labels): each entry's line is the
 * decoded message without its final newline, its time the app time to the
 * nanosecond, else the runtime's, else the time of the record before it. */
Test(output, loki_entries_match_the_input)
{
	static const char in[] =
		/* app 2024-05-30T12:34:56.123456789Z:
		 * 1717072496 s * 1e9 + 123456789 = 1717072496123456789 */
		"{\"log\":\"2024-05-30T12:34:56.123456789Z say \\\"hi\\\" \\\\ \\u00e9\\ttab\\n\","
		"\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.124Z\"}\n"
		/* no stamp: the runtime's 12:34:57.5 = 1717072497500000000; a
		 * control character, and a CR before the final newline stays */
		"{\"log\":\"ctl \\u0001 end\\r\\n\",\"stream\":\"stderr\","
		"\"time\":\"2024-05-30T12:34:57.5Z\"}\n"
		/* text, an empty line, invalid UTF-8: no time, so the time of the
		 * record before: 1717072497500000000; no stream, no label: job */
		"plain text line\n"
		"\n"
		"bad \xff\xfe end\n"
		/* CRI: the app's ts= 12:35:00.25 (12:35:00 = 1717072496 + 4 s)
		 * = 1717072500250000000 */
		"2024-05-30T12:35:00.000000001Z stdout F level=info ts=2024-05-30T12:35:00.25Z "
		"msg=x\n"
		/* another object: its own time member 12:35:01.000000002
		 * = 1717072501000000002; the line is its msg member */
		"{\"msg\":\"obj \\\"m\\\"\",\"time\":\"2024-05-30T12:35:01.000000002Z\"}\n";
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", NULL}, in, sizeof in - 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.bodies, 1, "all 7 records fit one body at the end");
	cr_assert_eq(es.n, 7, "one entry per record, got %zu", es.n);
	EXPECT(&es, "{\"stream\":\"stdout\"}", "1717072496123456789",
	       "2024-05-30T12:34:56.123456789Z say \"hi\" \\ \xc3\xa9\ttab");
	EXPECT(&es, "{\"stream\":\"stderr\"}", "1717072497500000000", "ctl \x01 end\r");
	EXPECT(&es, "{\"job\":\"tsnorm\"}", "1717072497500000000", "plain text line");
	EXPECT(&es, "{\"job\":\"tsnorm\"}", "1717072497500000000", "");
	/* one U+FFFD (ef bf bd) per byte that is not UTF-8 */
	EXPECT(&es, "{\"job\":\"tsnorm\"}", "1717072497500000000",
	       "bad \xef\xbf\xbd\xef\xbf\xbd end");
	EXPECT(&es, "{\"stream\":\"stdout\"}", "1717072500250000000",
	       "level=info ts=2024-05-30T12:35:00.25Z msg=x");
	EXPECT(&es, "{\"job\":\"tsnorm\"}", "1717072501000000002", "obj \"m\"");
	/* the streams in the order of their first entry: stdout, stderr, job */
	cr_assert_str_eq(es.e[0].labels, "{\"stream\":\"stdout\"}");
	cr_assert_str_eq(es.e[2].labels, "{\"stream\":\"stderr\"}");
	cr_assert_str_eq(es.e[3].labels, "{\"job\":\"tsnorm\"}");
	entries_free(&es);
	run_free(&r);
}

/* An object without a message member: its entry is the whole line. */
Test(output, loki_object_without_a_message_member_is_the_whole_line)
{
	static const char in[] = "{\"level\":\"warn\",\"ts\":\"2024-05-30T12:35:02Z\"}\n";
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", NULL}, in, sizeof in - 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.n, 1);
	/* its own ts member, 12:35:02 = 1717072496 + 6 s */
	EXPECT(&es, "{\"job\":\"tsnorm\"}", "1717072502000000000",
	       "{\"level\":\"warn\",\"ts\":\"2024-05-30T12:35:02Z\"}");
	entries_free(&es);
	run_free(&r);
}

/* A line before any timed record takes the time it was read. */
Test(output, loki_untimed_first_line_takes_the_time_it_was_read)
{
	static const char in[] = "no time at all\n";
	int64_t before = (int64_t)time(NULL);
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", NULL}, in, sizeof in - 1);
	int64_t after = (int64_t)time(NULL);
	cr_assert_eq(r.status, 0);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.n, 1);
	long long ns = atoll(es.e[0].ns);
	cr_assert(ns / 1000000000LL >= before && ns / 1000000000LL <= after, "%s not in [%lld, %lld]",
		  es.e[0].ns, (long long)before, (long long)after);
	entries_free(&es);
	run_free(&r);
}

static const char *dline(char *buf, const char *app, const char *rt, const char *stream,
			 const char *msg)
{
	sprintf(buf, "{\"log\":\"%s %s\\n\",\"stream\":\"%s\",\"time\":\"%s\"}\n", app, msg, stream,
		rt);
	return buf;
}

/* Labels: the path labels without "__", then --label, then stream; never a
 * per-line value such as __time_ms; "job" only when there is no label. */
Test(output, loki_labels)
{
	char b[512];
	const char *id = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", tmpdir, id);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/%s/%s-json.log", tmpdir, id, id);
	dline(b, "2024-05-30T12:00:01Z", "2024-05-30T12:00:01Z", "stderr", "x");
	strcat(b, "text without a stream\n");
	spew(path, b, strlen(b));
	char c[512];
	dline(c, "2024-05-30T12:00:02Z", "2024-05-30T12:00:02Z", "stdout", "plain");
	spew(tmp("app.log"), c, strlen(c));

	/* one file, --source-labels: the container, without the "__" */
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", "--source-labels", path,
					    NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(!strstr(r.out, "__"), "%s", r.out);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.n, 2);
	/* 12:00:01 = 1717070400 + 1 */
	EXPECT(&es, "{\"container\":\"abcdef012345\",\"stream\":\"stderr\"}", "1717070401000000000",
	       "2024-05-30T12:00:01Z x");
	EXPECT(&es, "{\"container\":\"abcdef012345\"}", "1717070401000000000",
	       "text without a stream");
	entries_free(&es);
	run_free(&r);

	/* --label, and two files (labels on by default): file, then K=V */
	r = run((const char *[]){"tsnorm", "--output", "loki", "--label", "env=prod", path,
				 tmp("app.log"), NULL},
		NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "{\"container\":\"abcdef012345\",\"env\":\"prod\",\"stream\":\"stderr\"}"),
		  "label order: source, --label, stream: %s", r.out);
	cr_assert(!strstr(r.out, "job"), "%s", r.out);
	cr_assert(!strstr(r.out, "time_ms"), "%s", r.out);
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.n, 3);
	EXPECT(&es, "{\"container\":\"abcdef012345\",\"env\":\"prod\",\"stream\":\"stderr\"}",
	       "1717070401000000000", "2024-05-30T12:00:01Z x");
	EXPECT(&es, "{\"container\":\"abcdef012345\",\"env\":\"prod\"}", "1717070401000000000",
	       "text without a stream");
	/* 12:00:02: 1717070402 s */
	EXPECT(&es, "{\"env\":\"prod\",\"file\":\"app.log\",\"stream\":\"stdout\"}",
	       "1717070402000000000",
	       "2024-05-30T12:00:02Z plain");
	entries_free(&es);
	run_free(&r);
}

/* --batch-lines 3 on 10 records: bodies of 3, 3, 3, 1, nothing lost. */
Test(output, loki_batch_lines)
{
	char in[4096] = "", b[512], app[64], msg[16];
	for (int i = 0; i < 10; i++) {
		snprintf(app, sizeof app, "2024-05-30T12:00:%02dZ", i);
		snprintf(msg, sizeof msg, "m%d", i);
		strcat(in, dline(b, app, app, "stdout", msg));
	}
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", "--batch-lines", "3",
					    "--stats", NULL},
			   in, strlen(in));
	cr_assert_eq(r.status, 0, "%s", r.err);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.bodies, 4);
	cr_assert_eq(es.body_entries[0], 3);
	cr_assert_eq(es.body_entries[1], 3);
	cr_assert_eq(es.body_entries[2], 3);
	cr_assert_eq(es.body_entries[3], 1);
	for (int i = 0; i < 10; i++) {
		char ns[32], line[64];
		/* 12:00:i = 1717070400 + i */
		snprintf(ns, sizeof ns, "%lld000000000", 1717070400LL + i);
		snprintf(line, sizeof line, "2024-05-30T12:00:%02dZ m%d", i, i);
		expect_entry(&es, "{\"stream\":\"stdout\"}", ns, line, strlen(line));
		cr_assert_eq(es.e[i].body, i / 3, "entries keep their order across bodies");
	}
	cr_assert(strstr(r.err, "loki push bodies              4"), "%s", r.err);
	entries_free(&es);
	run_free(&r);
}

/* --batch-bytes 1K: bodies of several entries stay within it; a single
 * entry larger than that gets a body of its own. */
Test(output, loki_batch_bytes)
{
	size_t cap = 64 * 1024, n = 0;
	char *in = malloc(cap);
	char msg[300];
	memset(msg, 'x', 199);
	msg[199] = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)sprintf(in + n, "{\"log\":\"%s %d\\n\",\"stream\":\"stdout\","
					     "\"time\":\"2024-05-30T12:00:%02dZ\"}\n",
				     msg, i, i);
	/* a 3000-byte message in the middle */
	char big[3001];
	memset(big, 'y', 3000);
	big[3000] = 0;
	n += (size_t)sprintf(in + n, "{\"log\":\"%s\\n\",\"stream\":\"stdout\","
				     "\"time\":\"2024-05-30T12:00:30Z\"}\n",
			     big);
	for (int i = 0; i < 5; i++)
		n += (size_t)sprintf(in + n, "{\"log\":\"%s %d\\n\",\"stream\":\"stdout\","
					     "\"time\":\"2024-05-30T12:00:%02dZ\"}\n",
				     msg, 40 + i, 40 + i);
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", "--batch-bytes", "1K", NULL},
			   in, n);
	cr_assert_eq(r.status, 0, "%s", r.err);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.n, 26, "nothing lost");
	/* 20 entries of ~240 bytes in 1K bodies: at least 5 bodies before the
	 * big one, which is alone, then more */
	cr_assert_geq(es.bodies, 7);
	int alone = 0;
	for (int b = 0; b < es.bodies; b++) {
		if (es.body_entries[b] > 1)
			cr_assert_leq(es.body_bytes[b], 1024, "body %d: %zu bytes, %zu entries", b,
				      es.body_bytes[b], es.body_entries[b]);
		else if (es.body_bytes[b] > 3000)
			alone++;
	}
	cr_assert_eq(alone, 1, "the 3000-byte entry has a body of its own");
	for (size_t i = 0; i < es.n; i++)
		if (es.e[i].line_n == 3000)
			cr_assert_eq(es.body_entries[es.e[i].body], 1);
	entries_free(&es);
	free(in);
	run_free(&r);
}

/* Inside a body each stream's entries are in time order, equal times in
 * input order, whatever order the input had. */
Test(output, loki_time_order_within_a_body)
{
	char in[4096] = "", b[512];
	strcat(in, dline(b, "2024-05-30T12:00:03Z", "2024-05-30T12:00:03Z", "stdout", "c"));
	strcat(in, dline(b, "2024-05-30T12:00:09Z", "2024-05-30T12:00:09Z", "stderr", "e9"));
	strcat(in, dline(b, "2024-05-30T12:00:01Z", "2024-05-30T12:00:01Z", "stdout", "a"));
	strcat(in, dline(b, "2024-05-30T12:00:02Z", "2024-05-30T12:00:02Z", "stdout", "b1"));
	strcat(in, dline(b, "2024-05-30T12:00:05Z", "2024-05-30T12:00:05Z", "stderr", "e5"));
	strcat(in, dline(b, "2024-05-30T12:00:02Z", "2024-05-30T12:00:02Z", "stdout", "b2"));
	strcat(in, dline(b, "2024-05-30T12:00:02Z", "2024-05-30T12:00:02Z", "stdout", "b3"));
	run_result r = run((const char *[]){"tsnorm", "--output", "loki", NULL}, in, strlen(in));
	cr_assert_eq(r.status, 0, "%s", r.err);
	entries es;
	parse_bodies(r.out, r.out_n, &es);
	cr_assert_eq(es.bodies, 1);
	static const char *const want[] = {"a", "b1", "b2", "b3", "c", "e5", "e9"};
	static const char *const want_ns[] = {"1717070401000000000", "1717070402000000000",
					      "1717070402000000000", "1717070402000000000",
					      "1717070403000000000", "1717070405000000000",
					      "1717070409000000000"};
	cr_assert_eq(es.n, 7);
	for (int i = 0; i < 7; i++) {
		/* "2024-05-30T12:00:0XZ " is 21 bytes */
		cr_assert_str_eq(es.e[i].line + 21, want[i], "entry %d", i);
		cr_assert_str_eq(es.e[i].ns, want_ns[i]);
		cr_assert_str_eq(es.e[i].labels, i < 5 ? "{\"stream\":\"stdout\"}" : "{\"stream\":\"stderr\"}");
	}
	entries_free(&es);
	run_free(&r);
}

/* A body closes when the input goes idle: one line into a pipe that stays
 * open, and its body comes back before the pipe is closed. */
Test(output, loki_body_closes_when_the_input_is_idle)
{
	int pin[2], pout[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
	pid_t pid = spawn_tsnorm((const char *[]){"tsnorm", "--output", "loki", NULL}, pin, pout,
				 NULL);
	close(pin[0]);
	close(pout[1]);
	char b[512];
	dline(b, "2024-05-30T12:00:07Z", "2024-05-30T12:00:07Z", "stdout", "idle");
	cr_assert_eq(write(pin[1], b, strlen(b)), (ssize_t)strlen(b));
	char out[4096];
	size_t n = 0;
	while (!memchr(out, '\n', n)) {
		struct pollfd p = {pout[0], POLLIN, 0};
		/* generous: only a hang fails */
		cr_assert_eq(poll(&p, 1, 30000), 1, "no body while the input stays open");
		ssize_t k = read(pout[0], out + n, sizeof out - 1 - n);
		cr_assert_gt(k, 0, "output closed before the input was");
		n += (size_t)k;
	}
	out[n] = 0;
	cr_assert_str_eq(out, "{\"streams\":[{\"stream\":{\"stream\":\"stdout\"},\"values\":"
			      "[[\"1717070407000000000\",\"2024-05-30T12:00:07Z idle\"]]}]}\n");
	close(pin[1]);
	ssize_t k = read(pout[0], out, sizeof out);
	cr_assert_eq(k, 0, "nothing more after the end");
	close(pout[0]);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* ---- the text timeline -------------------------------------------------- */

Test(output, text_columns)
{
	char in[4096] = "", b[512];
	/* app .123456789, runtime .124: skew -0.543211 ms -> -0.543 */
	strcat(in, dline(b, "2024-05-30T12:34:56.123456789Z", "2024-05-30T12:34:56.124Z", "stdout",
			 "GET"));
	/* app 12:34:56.130, runtime 56.142: -12 ms, flagged */
	strcat(in, dline(b, "2024-05-30T12:34:56.130000000Z", "2024-05-30T12:34:56.142Z", "stderr",
			 "upstream"));
	strcat(in, "a line with no time\n");
	strcat(in, "{\"log\":\"no stamp\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:57Z\"}\n");
	spew(tmp("db.log"), in, strlen(in));
	run_result r = run((const char *[]){"tsnorm", "--output", "text", tmp("db.log"), NULL}, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* time (30) + 2, source padded to its width (6) + 2, stream (6) + 2,
	 * skew padded to 12 + 2, message */
	cr_assert_str_eq(r.out,
			 "2024-05-30T12:34:56.123456789Z  db.log  stdout  -0.543ms      "
			 "2024-05-30T12:34:56.123456789Z GET\n"
			 "2024-05-30T12:34:56.130000000Z  db.log  stderr  -12.000ms!    "
			 "2024-05-30T12:34:56.130000000Z upstream\n"
			 "-                               db.log  -                     "
			 "a line with no time\n"
			 "2024-05-30T12:34:57.000000000Z  db.log  stdout  runtime       no stamp\n");
	run_free(&r);

	/* stdin is named stdin */
	r = run((const char *[]){"tsnorm", "--output", "text", NULL}, "x\n", 2);
	cr_assert_str_eq(r.out, "-                               stdin  -                     x\n");
	run_free(&r);
}

/* ESC, CR, LF inside the message, C1 controls and bytes that are not UTF-8
 * become escapes; tabs and other UTF-8 stay. */
Test(output, text_escapes_what_could_drive_a_terminal)
{
	static const char in[] =
		"{\"log\":\"a\\u001b[31mred\\rb\\nc\\td \\u00e9\\u0085e\\n\",\"stream\":\"stdout\","
		"\"time\":\"2024-05-30T12:34:57Z\"}\n"
		"raw \x1b]0;title\x07 \xff\xc3 \xc2\x9b end\n";
	run_result r = run((const char *[]){"tsnorm", "--output", "text", "--color", "always", NULL},
			   in, sizeof in - 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "a\\x1b[31mred\\rb\\nc\td \xc3\xa9\\xc2\\x85" "e\n"), "%s", r.out);
	cr_assert(strstr(r.out, "raw \\x1b]0;title\\x07 \\xff\\xc3 \\xc2\\x9b end\n"), "%s", r.out);
	/* every ESC in the output is one of tsnorm's colour codes */
	for (const char *p = r.out; (p = strchr(p, '\033')) != NULL; p++)
		cr_assert(!strncmp(p, "\033[2m", 4) || !strncmp(p, "\033[36m", 5) ||
				  !strncmp(p, "\033[0m", 4) || !strncmp(p, "\033[31m", 5) ||
				  !strncmp(p, "\033[1;31m", 7),
			  "a raw ESC from the message: %s", p);
	cr_assert_eq(count_lines(r.out, r.out_n), 2);
	run_free(&r);
}

Test(output, text_colour)
{
	char in[4096] = "", b[512];
	strcat(in, dline(b, "2024-05-30T12:34:56.130000000Z", "2024-05-30T12:34:56.142Z", "stderr",
			 "late"));
	strcat(in, dline(b, "2024-05-30T12:34:56.142000000Z", "2024-05-30T12:34:56.142Z", "stdout",
			 "fine"));
	/* never, and auto with stdout a pipe: no escape at all */
	const char *never[] = {"tsnorm", "--output", "text", "--color", "never", NULL};
	const char *autom[] = {"tsnorm", "--output", "text", "--color", "auto", NULL};
	const char *dflt[] = {"tsnorm", "--output", "text", NULL};
	const char *const *plain[] = {never, autom, dflt};
	for (int i = 0; i < 3; i++) {
		run_result r = run(plain[i], in, strlen(in));
		cr_assert_eq(r.status, 0);
		cr_assert_eq(count_lines(r.out, r.out_n), 2);
		cr_assert(!strchr(r.out, '\033'), "colour on a pipe (%d): %s", i, r.out);
		run_free(&r);
	}
	run_result r = run((const char *[]){"tsnorm", "--output", "text", "--color", "always", NULL},
			   in, strlen(in));
	cr_assert_eq(r.status, 0);
	/* dim time, cyan source, red stderr, bold red flagged skew */
	cr_assert(strstr(r.out, "\033[2m2024-05-30T12:34:56.130000000Z\033[0m"), "%s", r.out);
	cr_assert(strstr(r.out, "\033[36mstdin\033[0m"), "%s", r.out);
	cr_assert(strstr(r.out, "\033[31mstderr\033[0m"), "%s", r.out);
	cr_assert(strstr(r.out, "\033[1;31m-12.000ms!\033[0m"), "%s", r.out);
	/* the unflagged one is not bold red, and stdout is not red */
	cr_assert(!strstr(r.out, "\033[1;31m+0.000ms"), "%s", r.out);
	cr_assert(!strstr(r.out, "\033[31mstdout"), "%s", r.out);
	run_free(&r);
}

/* ---- --stats-json -------------------------------------------------------- */

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	cr_assert(j, "%s: %s", path, e.text);
	return j;
}

static long long jint(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	cr_assert(json_is_integer(v), "%s is not an integer", k);
	return (long long)json_integer_value(v);
}

/* One Docker line at runtime 2024-05-30T12:00:10Z whose app stamp is off by
 * the given nanoseconds (app - runtime). */
static void skew_line(char *out, long long skew_ns, const char *stream)
{
	/* 12:00:10 = 1717070410 s; the stamp written from sec and ns */
	long long t = 1717070410LL * 1000000000LL + skew_ns;
	time_t sec = (time_t)(t / 1000000000LL);
	long ns = (long)(t % 1000000000LL);
	struct tm tm;
	gmtime_r(&sec, &tm);
	char app[64];
	strftime(app, sizeof app, "%Y-%m-%dT%H:%M:%S", &tm);
	sprintf(out + strlen(out),
		"{\"log\":\"%s.%09ldZ skew\\n\",\"stream\":\"%s\",\"time\":\"2024-05-30T12:00:10Z\"}\n",
		app, ns, stream);
}

/* Skews on both sides of every band edge (T = 3 ms: T/3 = 1 ms, T, 10T/3 =
 * 10 ms, 100T/3 = 100 ms, 1000T/3 = 1 s): |skew| <= edge is in the band
 * below it.  3.000 ms is not flagged; 3.001 ms and 3.0004 ms are (the flag
 * is exact to the ns), and a flagged skew is never in an unflagged band. */
Test(output, stats_json_totals_sources_and_histogram)
{
	static const long long pos[] = {0,        1000000,   1001000,   3000000,
					3001000,  3000400,   10000000,  10001000,
					100000000, 100001000, 1000000000, 1000001000};
	/* bands:                     0 0 1 1 2 2 2 3 3 4 4 5 */
	static const long long neg[] = {-1000000,  -1001000,  -3000000,   -3001000,   -10000000,
					-10001000, -100000000, -100001000, -1000000000, -1000001000};
	/* bands:                      0 1 1 2 2 3 3 4 4 5 */
	char a[8192] = "", b[8192] = "";
	for (size_t i = 0; i < sizeof pos / sizeof *pos; i++)
		skew_line(a, pos[i], "stdout");
	for (size_t i = 0; i < sizeof neg / sizeof *neg; i++)
		skew_line(b, neg[i], "stderr");
	/* in b: a runtime-only line at 12:00:20 and a text line */
	strcat(b, "{\"log\":\"no stamp\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:00:20Z\"}\n"
		  "just text\n");
	spew(tmp("a.log"), a, strlen(a));
	spew(tmp("b.log"), b, strlen(b));
	const char *sj = tmp("s.json");
	char sjp[512];
	snprintf(sjp, sizeof sjp, "%s", sj);
	run_result r = run((const char *[]){"tsnorm", "--stats-json", sjp, tmp("a.log"), tmp("b.log"),
					    NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out, r.out_n), 24, "the JSON output is still written");
	json_t *j = load_json(sjp);
	json_t *tot = json_object_get(j, "totals");
	cr_assert_eq(jint(tot, "inputs"), 2);
	cr_assert_eq(jint(tot, "inputs_bad"), 0);
	cr_assert_eq(jint(tot, "lines_in"), 24);
	cr_assert_eq(jint(tot, "records"), 24);
	/* flagged: 8 of pos (3.001 and above, 3.0004), 7 of neg */
	cr_assert_eq(jint(tot, "flagged"), 15);
	cr_assert_eq(jint(tot, "runtime_used"), 1);
	cr_assert_eq(jint(tot, "outside_window"), 0);
	cr_assert_eq(jint(tot, "loki_bodies"), 0);
	cr_assert_eq(jint(tot, "max_skew_us"), 3000);

	json_t *src = json_object_get(j, "sources");
	cr_assert_eq(json_array_size(src), 2);
	json_t *sa = json_array_get(src, 0), *sb = json_array_get(src, 1);
	cr_assert_str_eq(json_string_value(json_object_get(sa, "name")), "a.log");
	cr_assert_str_eq(json_string_value(json_object_get(sb, "name")), "b.log");
	cr_assert_eq(json_array_size(json_object_get(sa, "files")), 1);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(sa, "files"), 0)),
			 tmp("a.log"));
	cr_assert_eq(jint(sa, "lines"), 12);
	cr_assert_eq(jint(sb, "lines"), 12);
	cr_assert_eq(jint(sa, "skews"), 12);
	cr_assert_eq(jint(sb, "skews"), 10);
	cr_assert_eq(jint(sa, "flagged"), 8);
	cr_assert_eq(jint(sb, "flagged"), 7);
	cr_assert_eq(jint(sa, "runtime_used"), 0);
	cr_assert_eq(jint(sb, "runtime_used"), 1);
	cr_assert_eq(jint(json_object_get(sa, "formats"), "rfc3339"), 12);
	cr_assert_eq(jint(json_object_get(sb, "formats"), "rfc3339"), 10);
	/* the skew farthest from zero, with its sign */
	cr_assert_eq(jint(sa, "skew_max_us"), 1000001);
	cr_assert_eq(jint(sb, "skew_max_us"), -1000001);
	/* p50 of a: the sorted skews' middle lies between +3.000 and +3.001 ms
	 * (6th and 7th of 12), approximate within 3.2 % */
	long long p50 = jint(sa, "skew_p50_us");
	cr_assert(p50 >= 2900 && p50 <= 3100, "p50 %lld", p50);
	/* p99 of |skew| in a: about 1 s */
	long long p99 = jint(sa, "skew_abs_p99_us");
	cr_assert(p99 >= 968000 && p99 <= 1033000, "p99 %lld", p99);
	cr_assert_eq(json_array_size(json_object_get(sa, "zones_learned")), 0);
	/* first and last: a from 12:00:10 (skew 0) to 12:00:11.000001 (1.000001 s);
	 * b from 12:00:10 - 1.000001 s to the runtime-only line at 12:00:20 */
	cr_assert_str_eq(json_string_value(json_object_get(sa, "first")),
			 "2024-05-30T12:00:10.000000000Z");
	cr_assert_str_eq(json_string_value(json_object_get(sa, "last")),
			 "2024-05-30T12:00:11.000001000Z");
	cr_assert_str_eq(json_string_value(json_object_get(sb, "first")),
			 "2024-05-30T12:00:08.999999000Z");
	cr_assert_str_eq(json_string_value(json_object_get(sb, "last")),
			 "2024-05-30T12:00:20.000000000Z");

	/* the histogram: 12 rows, most negative first; edges in us */
	static const struct {
		long long from, to; /* LLONG_MIN: null */
		int flagged;
		long long count;
	} want[] = {
		{INT64_MIN, -1000000, 1, 1},  {-1000000, -100000, 1, 2}, {-100000, -10000, 1, 2},
		{-10000, -3000, 1, 2},        {-3000, -1000, 0, 2},      {-1000, 0, 0, 1},
		{0, 1000, 0, 2},              {1000, 3000, 0, 2},        {3000, 10000, 1, 3},
		{10000, 100000, 1, 2},        {100000, 1000000, 1, 2},   {1000000, INT64_MIN, 1, 1},
	};
	json_t *h = json_object_get(j, "skew_histogram");
	cr_assert_eq(json_array_size(h), 12);
	for (size_t i = 0; i < 12; i++) {
		json_t *e = json_array_get(h, i);
		json_t *from = json_object_get(e, "from_us"), *to = json_object_get(e, "to_us");
		if (want[i].from == INT64_MIN)
			cr_assert(json_is_null(from), "row %zu", i);
		else
			cr_assert_eq(json_integer_value(from), want[i].from, "row %zu", i);
		if (want[i].to == INT64_MIN)
			cr_assert(json_is_null(to), "row %zu", i);
		else
			cr_assert_eq(json_integer_value(to), want[i].to, "row %zu", i);
		cr_assert_eq(json_is_true(json_object_get(e, "flagged")), want[i].flagged, "row %zu", i);
		cr_assert_eq(jint(e, "count"), want[i].count, "row %zu", i);
	}
	json_decref(j);
	run_free(&r);
}

/* Only records kept by the window count: --until 12:00:20 leaves out b's
 * runtime-only line (and the text line after it, which goes with it). */
Test(output, stats_json_counts_only_the_window)
{
	char b[8192] = "";
	skew_line(b, -5000000, "stderr");
	strcat(b, "{\"log\":\"no stamp\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:00:20Z\"}\n"
		  "just text\n");
	spew(tmp("b.log"), b, strlen(b));
	char sjp[512];
	snprintf(sjp, sizeof sjp, "%s", tmp("s.json"));
	run_result r = run((const char *[]){"tsnorm", "--stats-json", sjp, "--until",
					    "2024-05-30T12:00:20Z", tmp("b.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out, r.out_n), 1);
	json_t *j = load_json(sjp);
	json_t *tot = json_object_get(j, "totals");
	cr_assert_eq(jint(tot, "outside_window"), 2);
	json_t *s = json_array_get(json_object_get(j, "sources"), 0);
	cr_assert_eq(jint(s, "lines"), 1);
	cr_assert_eq(jint(s, "runtime_used"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(s, "last")),
			 "2024-05-30T12:00:09.995000000Z");
	json_t *h = json_object_get(j, "skew_histogram");
	/* -5 ms: (-10, -3] ms, row 3 */
	cr_assert_eq(jint(json_array_get(h, 3), "count"), 1);
	json_decref(j);
	run_free(&r);
}

/* A reader that goes away ends tsnorm quietly, also when records go
 * through a sink: behind an endless input (yes), tsnorm --output text and
 * --output loki stop at the closed pipe instead of reading forever (a hang
 * here is the suite's timeout, not a timing assertion). */
Test(output, closed_pipe_ends_a_sink_on_endless_input)
{
	static const char line[] =
		"{\"log\":\"2024-05-30T12:34:56Z x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}";
	spew(tmp("line"), line, sizeof line - 1);
	static const char *const outs[] = {"--output text", "--output loki --batch-lines 1",
					   "--stats"};
	for (int i = 0; i < 3; i++) {
		sh("bash -c 'yes \"$(cat \"%s\")\" | \"%s\" %s 2> \"%s\" | head -n 1 > /dev/null;"
		   " echo ${PIPESTATUS[1]} > \"%s\"'",
		   tmp("line"), TSNORM_BIN, outs[i], tmp("err"), tmp("status"));
		size_t n;
		char *st = slurp(tmp("status"), &n);
		cr_assert_eq(atoi(st), 0, "%s: status %s", outs[i], st);
		char *e = slurp(tmp("err"), &n);
		/* --stats reports at the end; the others say nothing */
		cr_assert(i == 2 ? strstr(e, "lines in") != NULL : n == 0, "%s: stderr: %s", outs[i], e);
		free(st);
		free(e);
	}
}
