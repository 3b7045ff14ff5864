/* test_cli_envelopes.c — envelopes and reassembly end to end through the
 * built program: the CRI golden pair, Docker's 16 KiB pieces joined (at and
 * across exact boundaries, an escape at the cut), CRI P/F pieces split
 * inside a UTF-8 sequence, interleaved streams, --no-join, --max-line cuts,
 * raw text, generic JSON objects, per-line detection on a mixed file, and
 * labels from Docker and Kubernetes paths. */
#include <jansson.h>

#include "proc.h"

TestSuite(env, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

#define CGOLDEN TSNORM_TESTDATA "/golden/cri"

Test(env, cri_golden_from_a_file_and_a_pipe)
{
	size_t want_n, in_n;
	char *want = slurp(CGOLDEN ".out", &want_n);
	char *in = slurp(CGOLDEN ".in", &in_n);
	run_result a = run((const char *[]){"tsnorm", CGOLDEN ".in", NULL}, NULL, 0);
	cr_assert_eq(a.status, 0, "%s", a.err);
	cr_assert_str_eq(a.out, want);
	run_result b = run((const char *[]){"tsnorm", "--input", "cri", NULL}, in, in_n);
	cr_assert_str_eq(b.out, want);
	run_free(&a);
	run_free(&b);
	free(want);
	free(in);
}

/* A JSON string body for bytes without control characters. */
static size_t esc(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			out[o++] = '\\';
		out[o++] = s[i];
	}
	return o;
}

/* A Docker line for a piece, written as Docker writes it. */
static size_t docker_piece(char *out, const char *raw, size_t n, int nl, const char *stream,
			   const char *time)
{
	size_t o = (size_t)sprintf(out, "{\"log\":\"");
	o += esc(raw, n, out + o);
	o += (size_t)sprintf(out + o, "%s\",\"stream\":\"%s\",\"time\":\"%s\"}\n", nl ? "\\n" : "",
			     stream, time);
	return o;
}

/* Parses one output line and checks its decoded log. */
static json_t *parse_line(const char *line, size_t n)
{
	json_error_t e;
	json_t *o = json_loadb(line, n, 0, &e);
	cr_assert(o, "not JSON (%s): %.*s", e.text, (int)(n > 200 ? 200 : n), line);
	return o;
}

static const char *nth_line(const char *out, int k, size_t *len)
{
	const char *p = out;
	for (int i = 0; i < k; i++)
		p = strchr(p, '\n') + 1;
	*len = (size_t)(strchr(p, '\n') - p);
	return p;
}

Test(env, docker_16k_pieces_are_joined_across_streams_and_escapes)
{
	/* a 40000-byte message as Docker splits it: 16384 + 16384 + 7232 and
	 * the newline; a quote ends the first piece and '<' starts the second,
	 * so the cut falls where escapes are */
	size_t mn = 40000;
	char *m = malloc(mn);
	const char *stamp = "2024-05-30T12:34:56.5Z ";
	for (size_t i = 0; i < mn; i++)
		m[i] = (char)('a' + i % 26);
	memcpy(m, stamp, strlen(stamp));
	m[16383] = '"';
	m[16384] = '<';
	char *in = malloc(200000);
	size_t n = 0;
	n += docker_piece(in + n, m, 16384, 0, "stdout", "2024-05-30T12:34:56.6Z");
	n += docker_piece(in + n, "err line", 8, 1, "stderr", "2024-05-30T12:34:56.61Z");
	n += docker_piece(in + n, m + 16384, 16384, 0, "stdout", "2024-05-30T12:34:56.62Z");
	n += docker_piece(in + n, m + 32768, mn - 32768, 1, "stdout", "2024-05-30T12:34:56.63Z");
	run_result r = run((const char *[]){"tsnorm", "--stats", NULL}, in, n);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out, r.out_n), 2, "%s", r.err);
	cr_assert(strstr(r.err, "pieces joined                 2"), "%s", r.err);
	size_t len;
	const char *l0 = nth_line(r.out, 0, &len);
	json_t *e = parse_line(l0, len);
	cr_assert_str_eq(json_string_value(json_object_get(e, "log")), "err line\n");
	json_decref(e);
	const char *l1 = nth_line(r.out, 1, &len);
	json_t *o = parse_line(l1, len);
	json_t *log = json_object_get(o, "log");
	cr_assert_eq(json_string_length(log), mn + 1);
	cr_assert(memcmp(json_string_value(log), m, mn) == 0, "joined message differs");
	cr_assert_eq(json_string_value(log)[mn], '\n');
	cr_assert_str_eq(json_string_value(json_object_get(o, "time")), "2024-05-30T12:34:56.6Z");
	/* the stamp at the start of the joined message, [.5, .6], runtime .6 */
	cr_assert_eq(json_integer_value(json_object_get(o, "__time_ms")), 1717072496500LL);
	cr_assert_eq(json_real_value(json_object_get(o, "__skew_ms")), 0.0);
	json_decref(o);
	run_free(&r);

	/* --no-join: four lines, each its own record */
	r = run((const char *[]){"tsnorm", "--no-join", NULL}, in, n);
	cr_assert_eq(count_lines(r.out, r.out_n), 4);
	run_free(&r);

	/* --max-line 20000: a join may not grow past it; what is held is written
	 * and counted, and the pieces' messages still add up to the whole */
	r = run((const char *[]){"tsnorm", "--max-line", "20000", "--stats", NULL}, in, n);
	cr_assert_eq(count_lines(r.out, r.out_n), 4, "%s", r.out);
	cr_assert(strstr(r.err, "2 joins written early at --max-line"), "%s", r.err);
	size_t got = 0;
	for (int k = 0; k < 4; k++) {
		const char *l = nth_line(r.out, k, &len);
		json_t *x = parse_line(l, len);
		const char *s = json_string_value(json_object_get(x, "log"));
		size_t sl = json_string_length(json_object_get(x, "log"));
		if (strcmp(s, "err line\n")) {
			cr_assert_leq(got + sl, mn + 1);
			cr_assert(memcmp(s, m + got, sl - (got + sl == mn + 1)) == 0);
			got += sl;
		}
		json_decref(x);
	}
	cr_assert_eq(got, mn + 1);
	run_free(&r);
	free(m);
	free(in);
}

Test(env, docker_message_of_exactly_16k)
{
	/* 16384 bytes and a newline: Docker writes the 16384 bytes, then a piece
	 * holding only the newline */
	char m[16384];
	memset(m, 'x', sizeof m);
	memcpy(m, "time=2024-05-30T12:34:56Z ", 26);
	char in[40000];
	size_t n = docker_piece(in, m, sizeof m, 0, "stdout", "2024-05-30T12:34:56.1Z");
	n += docker_piece(in + n, "", 0, 1, "stdout", "2024-05-30T12:34:56.2Z");
	run_result r = run((const char *[]){"tsnorm", NULL}, in, n);
	cr_assert_eq(count_lines(r.out, r.out_n), 1);
	json_t *o = parse_line(r.out, r.out_n - 1);
	json_t *log = json_object_get(o, "log");
	cr_assert_eq(json_string_length(log), sizeof m + 1);
	cr_assert(memcmp(json_string_value(log), m, sizeof m) == 0);
	cr_assert_eq(json_integer_value(json_object_get(o, "__time_ms")), 1717072496000LL);
	json_decref(o);
	run_free(&r);
}

Test(env, cri_pieces_split_inside_a_utf8_sequence)
{
	/* "é" is C3 A9: the P piece ends with C3, the F piece starts with A9 */
	const char *in = "2024-05-30T12:34:56.1Z stdout P caf\xc3\n"
			 "2024-05-30T12:34:56.2Z stdout F \xa9 au lait\n";
	run_result r = run((const char *[]){"tsnorm", "--stats", NULL}, in, strlen(in));
	cr_assert_str_eq(r.out, "{\"log\":\"caf\xc3\xa9 au lait\\n\",\"stream\":\"stdout\","
				"\"time\":\"2024-05-30T12:34:56.1Z\",\"__time_ms\":1717072496100,"
				"\"__time_src\":\"runtime\"}\n");
	cr_assert_null(strstr(r.err, "invalid UTF-8"), "%s", r.err);
	run_free(&r);
	/* kept apart, each piece holds an invalid byte: written as U+FFFD */
	r = run((const char *[]){"tsnorm", "--no-join", "--stats", NULL}, in, strlen(in));
	cr_assert_str_eq(r.out, "{\"log\":\"caf\\ufffd\",\"stream\":\"stdout\","
				"\"time\":\"2024-05-30T12:34:56.1Z\",\"__time_ms\":1717072496100,"
				"\"__time_src\":\"runtime\"}\n"
				"{\"log\":\"\\ufffd au lait\\n\",\"stream\":\"stdout\","
				"\"time\":\"2024-05-30T12:34:56.2Z\",\"__time_ms\":1717072496200,"
				"\"__time_src\":\"runtime\"}\n");
	cr_assert(strstr(r.err, "invalid UTF-8                 2"), "%s", r.err);
	run_free(&r);
}

Test(env, raw_text)
{
	const char *in = "2024-05-30T12:34:56.5Z hello\nno \"stamp\"\there\n";
	run_result r = run((const char *[]){"tsnorm", "--input", "raw", NULL}, in, strlen(in));
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.out, "{\"log\":\"2024-05-30T12:34:56.5Z hello\",\"__time_ms\":1717072496500}\n"
				"{\"log\":\"no \\\"stamp\\\"\\u0009here\"}\n");
	run_free(&r);
}

Test(env, generic_json_objects)
{
	/* no runtime key: the object's own "ts" gives the time, no skew */
	const char *a = "{\"ts\":\"2024-05-30T12:34:56.5Z\",\"message\":\"hello\",\"host\":\"a\"}\n";
	run_result r = run((const char *[]){"tsnorm", "--annotate", NULL}, a, strlen(a));
	cr_assert_str_eq(r.out, "{\"ts\":\"2024-05-30T12:34:56.5Z\",\"message\":\"hello\",\"host\":\"a\","
				"\"__time_ms\":1717072496500,\"__ts_format\":\"json-object\"}\n");
	run_free(&r);
	/* --runtime-key @t: the message's stamp .0 ([.0, .1]) against .1: 0 */
	const char *b = "{\"@t\":\"2024-05-30T12:34:56.1Z\",\"msg\":\"2024-05-30T12:34:56.0Z started\"}\n";
	r = run((const char *[]){"tsnorm", "--runtime-key", "@t", NULL}, b, strlen(b));
	cr_assert_str_eq(r.out, "{\"@t\":\"2024-05-30T12:34:56.1Z\",\"msg\":\"2024-05-30T12:34:56.0Z "
				"started\",\"__time_ms\":1717072496000,\"__skew_ms\":0.000}\n");
	run_free(&r);
	/* --message-key, and an epoch-number runtime key kept to the digit:
	 * app .3 ([.3, .4]) against runtime exactly .5: -100 ms, flagged */
	const char *c = "{\"ts\":1717072496.5,\"text\":\"2024-05-30T12:34:56.3Z x\"}\n";
	r = run((const char *[]){"tsnorm", "--runtime-key", "ts", "--message-key", "text", NULL}, c,
		strlen(c));
	cr_assert_str_eq(r.out, "{\"ts\":1717072496.5,\"text\":\"2024-05-30T12:34:56.3Z x\","
				"\"__time_ms\":1717072496300,\"__skew_ms\":-100.000,\"__skew\":true}\n");
	run_free(&r);
	/* no time anywhere: unchanged */
	const char *d = "{\"msg\":\"nothing\",\"n\":1}\n";
	r = run((const char *[]){"tsnorm", NULL}, d, strlen(d));
	cr_assert_str_eq(r.out, d);
	run_free(&r);
	/* --input docker leaves other objects alone */
	r = run((const char *[]){"tsnorm", "--input", "docker", NULL}, a, strlen(a));
	cr_assert_str_eq(r.out, a);
	run_free(&r);
}

Test(env, per_line_detection_on_a_mixed_file)
{
	const char *in =
		"{\"log\":\"2024/05/30 12:34:56 docker\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\n"
		"2024-05-30T12:34:56.5Z stderr F 2024/05/30 12:34:56 cri\n"
		"{\"time\":\"2024-05-30T12:34:56.5Z\",\"msg\":\"json\"}\n"
		"just text\n";
	run_result r = run((const char *[]){"tsnorm", "--stats", NULL}, in, strlen(in));
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(
		r.out,
		"{\"log\":\"2024/05/30 12:34:56 docker\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\","
		"\"__time_ms\":1717072496000,\"__skew_ms\":0.000}\n"
		"{\"log\":\"2024/05/30 12:34:56 cri\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-30T12:34:56.5Z\","
		"\"__time_ms\":1717072496000,\"__skew_ms\":0.000}\n"
		"{\"time\":\"2024-05-30T12:34:56.5Z\",\"msg\":\"json\",\"__time_ms\":1717072496500}\n"
		"just text\n");
	cr_assert(strstr(r.err, "docker, fast path             1"), "%s", r.err);
	cr_assert(strstr(r.err, "cri                           1"), "%s", r.err);
	cr_assert(strstr(r.err, "other json objects            1"), "%s", r.err);
	cr_assert(strstr(r.err, "(text 1,"), "%s", r.err);
	/* --input cri takes only the CRI line */
	run_result c = run((const char *[]){"tsnorm", "--input", "cri", "--stats", NULL}, in, strlen(in));
	cr_assert(strstr(c.err, "cri                           1"), "%s", c.err);
	cr_assert(strstr(c.err, "(text 3,"), "%s", c.err);
	run_free(&r);
	run_free(&c);
}

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

Test(env, labels_from_docker_and_kubernetes_paths)
{
	const char *dline =
		"{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n";
	const char *cline = "2024-05-30T12:34:56Z stdout F x\n";
	sh("mkdir -p '%s/containers/" ID "' '%s/pods/default_web-1_3f2a6b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c/nginx'",
	   tmpdir, tmpdir);
	char dpath[512], rot[600], kpath[512];
	snprintf(dpath, sizeof dpath, "%s/containers/" ID "/" ID "-json.log", tmpdir);
	snprintf(rot, sizeof rot, "%s.2.gz", dpath);
	snprintf(kpath, sizeof kpath,
		 "%s/pods/default_web-1_3f2a6b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c/nginx/0.log.20240530-123456",
		 tmpdir);
	spew(dpath, dline, strlen(dline));
	sh("printf '%%s' '%s' | gzip -c > '%s'", dline, rot);
	spew(kpath, cline, strlen(cline));
	spew(tmp("plain.log"), dline, strlen(dline));
	run_result r = run((const char *[]){"tsnorm", "--label", "env=prod", rot, dpath, kpath,
					    tmp("plain.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	const char *tail = ",\"__time_ms\":1717072496000,\"__time_src\":\"runtime\"";
	char want[4096];
	snprintf(want, sizeof want,
		 "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"%s,\"__container\":\"0123456789ab\",\"env\":\"prod\"}\n"
		 "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"%s,\"__container\":\"0123456789ab\",\"env\":\"prod\"}\n"
		 "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"%s,\"__namespace\":\"default\",\"__pod\":\"web-1\",\"__container\":\"nginx\",\"env\":\"prod\"}\n"
		 "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"%s,\"__file\":\"plain.log\",\"env\":\"prod\"}\n",
		 tail, tail, tail, tail);
	cr_assert_str_eq(r.out, want);
	run_free(&r);
	/* one file: no source labels unless asked */
	r = run((const char *[]){"tsnorm", dpath, NULL}, NULL, 0);
	cr_assert_null(strstr(r.out, "__container"), "%s", r.out);
	run_free(&r);
	r = run((const char *[]){"tsnorm", "--source-labels", dpath, NULL}, NULL, 0);
	cr_assert(strstr(r.out, ",\"__container\":\"0123456789ab\"}"), "%s", r.out);
	run_free(&r);
	/* a bad label is a usage error naming it */
	r = run((const char *[]){"tsnorm", "--label", "__x=1", dpath, NULL}, NULL, 0);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "--label"), "%s", r.err);
	run_free(&r);
}

Test(env, a_piece_in_another_form_ends_the_join)
{
	/* a canonical piece, then a Docker line in another form (a space after
	 * the brace: jansson's path), then a complete line: the held piece is
	 * written alone, never glued onto the later message */
	const char *in =
		"{\"log\":\"part-a\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
		"{ \"log\":\"middle\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:57Z\"}\n"
		"{\"log\":\"next\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:58Z\"}\n";
	run_result r = run((const char *[]){"tsnorm", NULL}, in, strlen(in));
	cr_assert_str_eq(
		r.out,
		"{\"log\":\"part-a\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\","
		"\"__time_ms\":1717072496000,\"__time_src\":\"runtime\"}\n"
		"{ \"log\":\"middle\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:57Z\","
		"\"__time_ms\":1717072497000,\"__time_src\":\"runtime\"}\n"
		"{\"log\":\"next\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:58Z\","
		"\"__time_ms\":1717072498000,\"__time_src\":\"runtime\"}\n");
	run_free(&r);
}

/* splitmix64: a reproducible hostile corpus */
static uint64_t hseed = 7;
static uint64_t hrnd(void)
{
	uint64_t z = (hseed += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Random message bytes: control characters, quotes, backslashes, invalid
 * and split UTF-8, NULs; never a newline. */
static size_t hostile_bytes(char *o, size_t max)
{
	static const char *const bits[] = {"\"", "\\", "\t", "\r", "\x01", "\xc3", "\xa9", "\xff",
					   "\xe2\x80\xa8", "<&>", "\\u0000", "{", "}", " ", "P ",
					   "2024-05-30T12:34:56.1Z ", "ts=1717072496 ", "\0"};
	size_t n = 0, k = hrnd() % 12;
	for (size_t i = 0; i < k; i++) {
		const char *b = bits[hrnd() % (sizeof bits / sizeof *bits)];
		size_t bl = *b ? strlen(b) : 1;
		if (n + bl > max)
			break;
		memcpy(o + n, b, bl);
		n += bl;
	}
	return n;
}

typedef struct span {
	const char *p;
	size_t n;
} span;

static int span_cmp(const void *a, const void *b)
{
	const span *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, m);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

static long stat_value(const char *err, const char *label)
{
	const char *p = strstr(err, label);
	return p ? strtol(p + strlen(label), NULL, 10) : 0;
}

/* Writes the hostile corpus to hostile.log; returns it (malloc'd), its
 * size in *np and its line count in *linesp. */
static char *make_hostile(size_t *np, size_t *linesp)
{
	size_t cap = 2 << 20, n = 0, lines = 0;
	char *in = malloc(cap);
	const char *streams[] = {"stdout", "stderr", "other"};
	while (n < cap - 4096) {
		char m[512];
		size_t ml = hostile_bytes(m, sizeof m);
		unsigned kind = (unsigned)(hrnd() % 7);
		if (kind == 0) { /* CRI, P or F, either stream */
			n += (size_t)sprintf(in + n, "2024-05-30T12:34:5%dZ %s %s ", (int)(hrnd() % 10),
					     streams[hrnd() % 2], hrnd() % 2 ? "P" : "F");
			memcpy(in + n, m, ml);
			n += ml;
		} else if (kind == 1) { /* a Docker piece or line; log escaped crudely */
			n += (size_t)sprintf(in + n, "{\"log\":\"");
			for (size_t i = 0; i < ml; i++)
				n += (size_t)sprintf(in + n, "\\u%04x", (unsigned char)m[i]);
			n += (size_t)sprintf(in + n, "%s\",\"stream\":\"%s\",\"time\":\"2024-05-30T12:34:56Z\"}",
					     hrnd() % 2 ? "\\n" : "", streams[hrnd() % 3]);
		} else if (kind == 2) { /* broken JSON */
			in[n++] = '{';
			memcpy(in + n, m, ml);
			n += ml;
		} else if (kind == 3) { /* another JSON object */
			n += (size_t)sprintf(in + n, "{\"msg\":\"x\",\"ts\":%llu}",
					     (unsigned long long)(hrnd() % 3000000000ULL));
		} else { /* raw bytes */
			memcpy(in + n, m, ml);
			n += ml;
		}
		in[n++] = '\n';
		lines++;
	}
	spew(tmp("hostile.log"), in, n);
	*np = n;
	*linesp = lines;
	return in;
}

Test(env, hostile_mix_in_every_mode_loses_no_line)
{
	size_t n, lines;
	char *in = make_hostile(&n, &lines);
	/* the input lines, sorted, to look output lines up in */
	span *sorted = malloc(lines * sizeof *sorted);
	size_t k = 0, ls = 0;
	for (size_t i = 0; i < n; i++)
		if (in[i] == '\n') {
			sorted[k++] = (span){in + ls, i - ls};
			ls = i + 1;
		}
	qsort(sorted, k, sizeof *sorted, span_cmp);
	static const char *const modes[] = {"auto", "docker", "cri", "json", "raw"};
	for (int mode = 0; mode < 5; mode++) {
		for (int join = 0; join < 2; join++) {
			const char *argv[] = {"tsnorm", "--stats", "--input", modes[mode], "--max-line",
					      "2048", join ? "--no-join" : "--annotate", tmp("hostile.log"),
					      NULL};
			run_result r = run(argv, NULL, 0);
			cr_assert_eq(r.status, 0, "%s: %s", modes[mode], r.err);
			long in_l = stat_value(r.err, "lines in"), out_l = stat_value(r.err, "lines out");
			long joined = stat_value(r.err, "pieces joined");
			cr_assert_eq(in_l, (long)lines, "%s", modes[mode]);
			cr_assert_eq(out_l + joined, in_l, "--input %s: %ld out + %ld joined != %ld in",
				     modes[mode], out_l, joined, in_l);
			cr_assert_eq((long)count_lines(r.out, r.out_n), out_l);
			if (join)
				cr_assert_eq(joined, 0);
			else if (mode == 0 || mode == 2)
				cr_assert_gt(joined, 0, "--input %s joined nothing: the corpus is too tame",
					     modes[mode]);
			/* every output line is an input line unchanged or valid JSON */
			size_t s = 0;
			for (size_t i = 0; i < r.out_n; i++) {
				if (r.out[i] != '\n')
					continue;
				size_t len = i - s;
				json_error_t e;
				json_t *o = json_loadb(r.out + s, len, JSON_ALLOW_NUL, &e);
				if (o) {
					json_decref(o);
				} else {
					span key = {r.out + s, len};
					int found = bsearch(&key, sorted, k, sizeof *sorted, span_cmp) != NULL;
					cr_assert(found, "--input %s: a line neither JSON nor unchanged: %.*s",
						  modes[mode], (int)(len > 100 ? 100 : len), r.out + s);
					/* raw wraps every line but the empty ones and those
					 * over --max-line, which pass unchanged (README) */
					cr_assert(mode != 4 || len == 0 || len > 2048,
						  "--input raw wrote a line that is not JSON: [%.*s]",
						  (int)(len > 100 ? 100 : len), r.out + s);
				}
				s = i + 1;
			}
			run_free(&r);
		}
	}
	free(sorted);
	free(in);
}

/* The same corpus through the sinks: Loki bodies, the text timeline, the
 * window and --merge.  Every record comes out once: as many Loki entries and
 * timeline lines as the JSON output has lines, every body valid JSON whose
 * lines jansson accepts as UTF-8, and no control byte reaches a terminal. */
Test(env, hostile_mix_through_the_sinks_loses_no_record)
{
	size_t n, lines;
	char *in = make_hostile(&n, &lines);
	const char *f = tmp("hostile.log");
	run_result j = run((const char *const[]){"tsnorm", "--stats", f, NULL}, NULL, 0);
	cr_assert_eq(j.status, 0, "%s", j.err);
	long records = stat_value(j.err, "lines out");
	cr_assert_eq((long)count_lines(j.out, j.out_n), records);
	cr_assert_gt(records, 1000);

	/* loki: entries across bodies == records */
	run_result l = run((const char *const[]){"tsnorm", "--output", "loki", "--batch-lines", "50",
						   "--label", "t=h", f, NULL},
			   NULL, 0);
	cr_assert_eq(l.status, 0, "%s", l.err);
	long entries = 0, bodies = 0;
	size_t s = 0;
	for (size_t i = 0; i < l.out_n; i++) {
		if (l.out[i] != '\n')
			continue;
		json_error_t e;
		/* a NUL in a message is \u0000: valid JSON (Go's decoder and
		 * Loki take it), which jansson reads only when allowed to */
		json_t *o = json_loadb(l.out + s, i - s, JSON_ALLOW_NUL, &e);
		cr_assert(o, "body %ld is not JSON: %s", bodies + 1, e.text);
		json_t *st = json_object_get(o, "streams");
		cr_assert(json_is_array(st));
		size_t k;
		json_t *one;
		long in_body = 0;
		json_array_foreach(st, k, one) {
			json_t *v = json_object_get(one, "values");
			cr_assert(json_is_array(v));
			in_body += (long)json_array_size(v);
			cr_assert_eq(json_string_value(json_object_get(json_object_get(one, "stream"), "t"))[0], 'h');
		}
		cr_assert(in_body >= 1 && in_body <= 50, "a body of %ld entries", in_body);
		entries += in_body;
		bodies++;
		json_decref(o);
		s = i + 1;
	}
	cr_assert_eq(entries, records, "%ld Loki entries for %ld records", entries, records);

	/* text: one line per record, nothing a terminal would act on */
	run_result t = run((const char *const[]){"tsnorm", "--output", "text", "--color", "never", f,
						   NULL},
			   NULL, 0);
	cr_assert_eq(t.status, 0, "%s", t.err);
	cr_assert_eq((long)count_lines(t.out, t.out_n), records);
	for (size_t i = 0; i < t.out_n; i++) {
		unsigned char c = (unsigned char)t.out[i];
		cr_assert(c >= 0x20 ? c != 0x7f : c == '\t' || c == '\n',
			  "byte 0x%02x at %zu of the timeline", c, i);
	}

	/* --merge of two copies: twice the records; a window from the epoch
	 * keeps every timed record and drops only what comes before any time */
	run_result m = run((const char *const[]){"tsnorm", "--merge", "--stats", f, f, NULL}, NULL, 0);
	cr_assert_eq(m.status, 0, "%s", m.err);
	cr_assert_eq((long)count_lines(m.out, m.out_n), 2 * records);
	run_result w = run((const char *const[]){"tsnorm", "--stats", "--since", "0000-01-01T00:00:00Z",
						   f, NULL},
			   NULL, 0);
	cr_assert_eq(w.status, 0, "%s", w.err);
	long dropped = stat_value(w.err, "outside the window");
	cr_assert_eq((long)count_lines(w.out, w.out_n) + dropped, records);
	run_free(&j);
	run_free(&l);
	run_free(&t);
	run_free(&m);
	run_free(&w);
	free(in);
}
