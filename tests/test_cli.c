/* test_cli.c — tsnorm end to end: the built program run as a real process
 * through real pipes, on files made by the real gzip; golden outputs, gzip
 * members and damage, exit codes, flushing on idle input, and conservation
 * of lines on adversarial input. */
#include "proc.h"

#define GOLDEN TSNORM_TESTDATA "/golden/basic"

TestSuite(cli, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

Test(cli, golden_from_a_file_and_from_a_pipe)
{
	size_t want_n, in_n;
	char *want = slurp(GOLDEN ".out", &want_n);
	char *in = slurp(GOLDEN ".in", &in_n);
	run_result a = run((const char *[]){"tsnorm", GOLDEN ".in", NULL}, NULL, 0);
	cr_assert_eq(a.status, 0, "stderr: %s", a.err);
	cr_assert_eq(a.out_n, want_n);
	cr_assert(memcmp(a.out, want, want_n) == 0, "output differs from basic.out:\n%s", a.out);
	run_result b = run((const char *[]){"tsnorm", NULL}, in, in_n);
	cr_assert_eq(b.status, 0);
	cr_assert_eq(b.out_n, want_n);
	cr_assert(memcmp(b.out, want, want_n) == 0);
	run_result c = run((const char *[]){"tsnorm", "-", NULL}, in, in_n);
	cr_assert_eq(c.out_n, want_n);
	cr_assert_eq(a.err_n + b.err_n + c.err_n, 0);
	run_free(&a);
	run_free(&b);
	run_free(&c);
	free(want);
	free(in);
}

Test(cli, gzip_detected_by_content_multi_member_and_on_stdin)
{
	size_t want_n, in_n;
	char *want = slurp(GOLDEN ".out", &want_n);
	char *in = slurp(GOLDEN ".in", &in_n);
	/* split the golden input in two members made by gzip, concatenated, and
	 * named without .gz so only the magic bytes can tell */
	sh("head -n 7 '%s' | gzip -c > '%s'", GOLDEN ".in", tmp("a.gz"));
	sh("tail -n +8 '%s' | gzip -9 -c > '%s'", GOLDEN ".in", tmp("b.gz"));
	sh("cat '%s' '%s' > '%s'", tmp("a.gz"), tmp("b.gz"), tmp("both.log"));
	run_result a = run((const char *[]){"tsnorm", tmp("both.log"), NULL}, NULL, 0);
	cr_assert_eq(a.status, 0, "stderr: %s", a.err);
	cr_assert_eq(a.out_n, want_n);
	cr_assert(memcmp(a.out, want, want_n) == 0);
	size_t gz_n;
	char *gz = slurp(tmp("both.log"), &gz_n);
	run_result b = run((const char *[]){"tsnorm", NULL}, gz, gz_n);
	cr_assert_eq(b.status, 0);
	cr_assert_eq(b.out_n, want_n);
	cr_assert(memcmp(b.out, want, want_n) == 0);
	/* a gzip file and a plain file in one run, in order */
	run_result c = run((const char *[]){"tsnorm", "--no-source-labels", tmp("a.gz"), GOLDEN ".in", NULL},
			   NULL, 0);
	cr_assert_eq(c.status, 0);
	cr_assert_eq(count_lines(c.out, c.out_n), 7 + count_lines(in, in_n));
	run_free(&a);
	run_free(&b);
	run_free(&c);
	free(want);
	free(in);
	free(gz);
}

/* A corpus large enough that gzip damage falls mid-stream. */
static void make_big(const char *path, int copies)
{
	sh("for i in $(seq %d); do cat '%s'; done > '%s'", copies, GOLDEN ".in", path);
}

/* Every output line but possibly the last must equal the full output's. */
static void expect_prefix(const run_result *r, const char *full, size_t full_n, size_t min_lines)
{
	size_t lines = count_lines(r->out, r->out_n);
	cr_assert_geq(lines, min_lines, "only %zu lines before the damage", lines);
	const char *last = r->out_n ? memrchr(r->out, '\n', r->out_n - 1) : NULL;
	size_t complete = last ? (size_t)(last - r->out) + 1 : 0;
	cr_assert_leq(complete, full_n);
	cr_assert(memcmp(r->out, full, complete) == 0, "lines before the damage differ");
}

Test(cli, truncated_gzip_keeps_lines_names_offset_and_goes_on)
{
	make_big(tmp("big.log"), 400);
	sh("gzip -c '%s' > '%s'", tmp("big.log"), tmp("big.gz"));
	struct stat st;
	cr_assert_eq(stat(tmp("big.gz"), &st), 0);
	off_t cut = st.st_size / 2;
	sh("head -c %lld '%s' > '%s'", (long long)cut, tmp("big.gz"), tmp("cut.gz"));
	run_result full = run((const char *[]){"tsnorm", tmp("big.log"), NULL}, NULL, 0);
	cr_assert_eq(full.status, 0);
	run_result r = run((const char *[]){"tsnorm", "--no-source-labels", tmp("cut.gz"), GOLDEN ".in", NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, tmp("cut.gz")), "stderr does not name the file: %s", r.err);
	char off[64];
	snprintf(off, sizeof off, "compressed byte %lld", (long long)cut);
	cr_assert(strstr(r.err, off), "stderr does not give the offset %s: %s", off, r.err);
	/* the next file was processed: the output ends with the golden output */
	size_t want_n;
	char *want = slurp(GOLDEN ".out", &want_n);
	cr_assert_geq(r.out_n, want_n);
	cr_assert(memcmp(r.out + r.out_n - want_n, want, want_n) == 0);
	r.out_n -= want_n;
	expect_prefix(&r, full.out, full.out_n, 1000);
	/* the same on stdin */
	size_t cn;
	char *c = slurp(tmp("cut.gz"), &cn);
	run_result s = run((const char *[]){"tsnorm", NULL}, c, cn);
	cr_assert_eq(s.status, 2);
	cr_assert(strstr(s.err, "(stdin)"), "%s", s.err);
	expect_prefix(&s, full.out, full.out_n, 1000);
	/* -q keeps the status and drops the message */
	run_result q = run((const char *[]){"tsnorm", "-q", tmp("cut.gz"), NULL}, NULL, 0);
	cr_assert_eq(q.status, 2);
	cr_assert_eq(q.err_n, 0);
	run_free(&full);
	run_free(&r);
	run_free(&s);
	run_free(&q);
	free(want);
	free(c);
}

Test(cli, corrupt_gzip_is_reported_not_crashed)
{
	make_big(tmp("big.log"), 400);
	sh("gzip -c '%s' > '%s'", tmp("big.log"), tmp("big.gz"));
	size_t n;
	char *gz = slurp(tmp("big.gz"), &n);
	run_result full = run((const char *[]){"tsnorm", tmp("big.log"), NULL}, NULL, 0);
	/* a wrong CRC-32 in the trailer: every line decodes, then the check fails */
	gz[n - 8] ^= 0x01;
	spew(tmp("crc.gz"), gz, n);
	run_result c = run((const char *[]){"tsnorm", tmp("crc.gz"), NULL}, NULL, 0);
	cr_assert_eq(c.status, 2);
	cr_assert(strstr(c.err, "corrupt gzip data (incorrect data check)"), "%s", c.err);
	cr_assert(strstr(c.err, "compressed byte"), "%s", c.err);
	cr_assert_eq(c.out_n, full.out_n);
	cr_assert(memcmp(c.out, full.out, full.out_n) == 0);
	gz[n - 8] ^= 0x01;
	/* scrambled bytes mid-stream: the decoder may produce garbage before it
	 * notices, so only the outcome is certain: reported, status 2, no crash */
	for (size_t i = n / 2; i < n / 2 + 64; i++)
		gz[i] ^= 0x5a;
	spew(tmp("bad.gz"), gz, n);
	run_result r = run((const char *[]){"tsnorm", tmp("bad.gz"), NULL}, NULL, 0);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "gzip"), "%s", r.err);
	cr_assert(strstr(r.err, "compressed byte"), "%s", r.err);
	/* a header that is not gzip at all after the magic */
	spew(tmp("hdr.gz"), "\x1f\x8b\x09garbage", 10);
	run_result h = run((const char *[]){"tsnorm", tmp("hdr.gz"), NULL}, NULL, 0);
	cr_assert_eq(h.status, 2);
	cr_assert(strstr(h.err, "compressed byte"), "%s", h.err);
	run_free(&c);
	run_free(&h);
	/* trailing garbage after a complete member */
	sh("gzip -c '%s' > '%s' && printf 'garbage' >> '%s'", GOLDEN ".in", tmp("trail.gz"),
	   tmp("trail.gz"));
	run_result t = run((const char *[]){"tsnorm", tmp("trail.gz"), NULL}, NULL, 0);
	cr_assert_eq(t.status, 2);
	cr_assert(strstr(t.err, "trailing garbage"), "%s", t.err);
	size_t want_n;
	char *want = slurp(GOLDEN ".out", &want_n);
	cr_assert_eq(t.out_n, want_n);
	cr_assert(memcmp(t.out, want, want_n) == 0);
	run_free(&full);
	run_free(&r);
	run_free(&t);
	free(gz);
	free(want);
}

Test(cli, unreadable_inputs_are_named_and_the_rest_processed)
{
	run_result r = run((const char *[]){"tsnorm", "--no-source-labels", tmp("missing.log"), tmpdir,
					    GOLDEN ".in", NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "missing.log: No such file or directory"), "%s", r.err);
	cr_assert(strstr(r.err, "Is a directory"), "%s", r.err);
	size_t want_n;
	char *want = slurp(GOLDEN ".out", &want_n);
	cr_assert_eq(r.out_n, want_n);
	cr_assert(memcmp(r.out, want, want_n) == 0);
	run_free(&r);
	free(want);
}

Test(cli, usage_errors_name_the_option)
{
	static const struct { const char *a, *b, *needle; } cases[] = {
		{"--max-skew", "abc", "--max-skew"}, {"--max-skew", "-1", "--max-skew"},
		{"--tz", "Mars/Olympus", "--tz"},   {"--tz", "+25:00", "--tz"},
		{"--max-line", "12", "--max-line"},  {"--max-line", "2G", "--max-line"},
		{"--bogus", NULL, "--bogus"},        {"--max-skew", NULL, "--max-skew"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		run_result r = run((const char *[]){"tsnorm", cases[i].a, cases[i].b, NULL}, NULL, 0);
		cr_assert_eq(r.status, 1, "%s %s gave %d", cases[i].a, cases[i].b, r.status);
		cr_assert(strstr(r.err, cases[i].needle), "%s", r.err);
		cr_assert_eq(r.out_n, 0);
		run_free(&r);
	}
	run_result h = run((const char *[]){"tsnorm", "--help", NULL}, NULL, 0);
	cr_assert_eq(h.status, 0);
	cr_assert(strstr(h.out, "Usage: tsnorm"));
	cr_assert(strstr(h.out, "--max-skew"));
	run_result v = run((const char *[]){"tsnorm", "--version", NULL}, NULL, 0);
	cr_assert_eq(v.status, 0);
	cr_assert(strncmp(v.out, "tsnorm ", 7) == 0);
	run_free(&h);
	run_free(&v);
}

Test(cli, options_change_the_verdict)
{
	/* golden line 4 is 3.5 ms off: not flagged with --max-skew 3.5 */
	const char *l4 = "{\"log\":\"time=\\\"2024-05-30T12:34:56Z\\\" level=info msg=hi\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:57.0035Z\"}\n";
	run_result a = run((const char *[]){"tsnorm", "--max-skew", "3.5", NULL}, l4, strlen(l4));
	cr_assert_eq(a.status, 0);
	cr_assert(strstr(a.out, "\"__skew_ms\":-3.500}"), "%s", a.out);
	/* a Go log stamp read at +08:00: 2024/05/30 20:34:56 is 12:34:56Z */
	const char *gl = "{\"log\":\"2024/05/30 20:34:56 up\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\n";
	run_result b = run((const char *[]){"tsnorm", "--tz", "+08:00", "--time-string", NULL}, gl,
			   strlen(gl));
	cr_assert(strstr(b.out, "\"__time_ms\":1717072496000,\"__time\":\"2024-05-30T12:34:56.000000000Z\",\"__skew_ms\":0.000}"),
		  "%s", b.out);
	run_free(&a);
	run_free(&b);
}

Test(cli, write_error_is_reported)
{
	if (access("/dev/full", W_OK) != 0)
		cr_skip_test("no /dev/full here");
	int st = system(TSNORM_BIN " '" GOLDEN ".in' > /dev/full 2> '" "/dev/null" "'");
	cr_assert(WIFEXITED(st));
	cr_assert_eq(WEXITSTATUS(st), 3);
	sh(TSNORM_BIN " '" GOLDEN ".in' > /dev/full 2> '%s' || true", tmp("err"));
	size_t n;
	char *e = slurp(tmp("err"), &n);
	cr_assert(strstr(e, "write error: No space left on device"), "%s", e);
	free(e);
}

Test(cli, closed_pipe_ends_quietly)
{
	make_big(tmp("big.log"), 2000);
	sh("bash -c '\"%s\" \"%s\" 2> \"%s\" | head -n 1 > /dev/null; echo ${PIPESTATUS[0]} > \"%s\"'",
	   TSNORM_BIN, tmp("big.log"), tmp("err"), tmp("status"));
	size_t n;
	char *s = slurp(tmp("status"), &n);
	cr_assert_eq(atoi(s), 0, "status %s", s);
	char *e = slurp(tmp("err"), &n);
	cr_assert_eq(n, 0, "stderr: %s", e);
	free(s);
	free(e);
}

Test(cli, live_input_is_flushed_while_the_pipe_stays_open)
{
	int pin[2], pout[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
	pid_t pid = spawn_tsnorm((const char *const[]){"tsnorm", NULL}, pin, pout, NULL);
	close(pin[0]);
	close(pout[1]);
	const char *line = "{\"log\":\"live\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n";
	cr_assert_eq(write(pin[1], line, strlen(line)), (ssize_t)strlen(line));
	/* the input stays open: the line must come out without an end of input.
	 * The wait only bounds a hang; nothing here measures how fast. */
	struct pollfd p = {pout[0], POLLIN, 0};
	int ready = poll(&p, 1, 60000);
	cr_assert_eq(ready, 1, "no output while the input was idle");
	char buf[512];
	ssize_t k = read(pout[0], buf, sizeof buf - 1);
	cr_assert_gt(k, 0);
	buf[k] = 0;
	cr_assert(strstr(buf, "\"__time_src\":\"runtime\"}\n"), "%s", buf);
	close(pin[1]);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(pout[0]);
}

/* splitmix64 for a reproducible adversarial corpus */
static uint64_t seed = 42;
static uint64_t rnd(void)
{
	uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(cli, every_line_comes_out_on_adversarial_input)
{
	size_t cap = 64 << 20, n = 0, lines = 0;
	char *in = malloc(cap);
	const char *docker = "{\"log\":\"2024-05-30T12:34:56.1Z ok\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.2Z\"}";
	size_t dl = strlen(docker);
	while (n < cap - (4 << 20)) {
		unsigned kind = (unsigned)(rnd() % 10);
		size_t len;
		switch (kind) {
		case 0: /* random bytes, NULs included, no newline */
			len = rnd() % 300;
			for (size_t i = 0; i < len; i++) {
				char c = (char)(rnd() & 0xff);
				in[n + i] = c == '\n' ? 0 : c;
			}
			break;
		case 1: /* a Docker line cut short */
			len = rnd() % dl;
			memcpy(in + n, docker, len);
			break;
		case 2: /* a Docker line with \r\n */
			memcpy(in + n, docker, dl);
			in[n + dl] = '\r';
			len = dl + 1;
			break;
		case 3: /* empty */
			len = 0;
			break;
		case 4: /* over --max-line 4096 */
			len = 4097 + rnd() % 20000;
			memset(in + n, '{', len);
			break;
		case 5: /* deeply nested JSON */
			len = 0;
			for (int d = 0; d < 3000; d++)
				in[n + len++] = '[';
			break;
		default:
			memcpy(in + n, docker, dl);
			len = dl;
			break;
		}
		n += len;
		in[n++] = '\n';
		lines++;
	}
	/* and a last line of 3 MB with no newline at all */
	memset(in + n, 'x', 3 << 20);
	n += 3 << 20;
	lines++;
	spew(tmp("adv.log"), in, n);
	run_result r = run((const char *[]){"tsnorm", "--max-line", "4096", tmp("adv.log"), NULL}, NULL,
			   0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out, r.out_n), lines);
	/* each line is either unchanged or, for a Docker line, its bytes up to
	 * the closing brace are unchanged */
	size_t a = 0, b = 0;
	for (size_t i = 0; i < lines; i++) {
		const char *ea = memchr(in + a, '\n', n - a);
		size_t la = ea ? (size_t)(ea - in) - a : n - a;
		const char *eb = memchr(r.out + b, '\n', r.out_n - b);
		cr_assert(eb);
		size_t lb = (size_t)(eb - r.out) - b;
		if (la == lb)
			cr_assert(memcmp(in + a, r.out + b, la) == 0, "line %zu changed", i + 1);
		else {
			cr_assert(la >= dl && memcmp(in + a, docker, dl - 1) == 0, "line %zu changed", i + 1);
			cr_assert(memcmp(r.out + b, docker, dl - 1) == 0);
		}
		a += la + 1;
		b += lb + 1;
	}
	run_result g = run((const char *[]){"tsnorm", "--stats", "--max-line", "4096", tmp("adv.log"),
					    NULL},
			   NULL, 0);
	char want[64];
	snprintf(want, sizeof want, "  lines in           %12zu\n", lines);
	cr_assert(strstr(g.err, want), "%s", g.err);
	snprintf(want, sizeof want, "  lines out          %12zu\n", lines);
	cr_assert(strstr(g.err, want), "%s", g.err);
	run_free(&r);
	run_free(&g);
	free(in);
}

Test(cli, last_line_without_newline_does_not_merge_with_the_next_file)
{
	const char *a = "{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}";
	spew(tmp("a.log"), a, strlen(a));
	spew(tmp("b.log"), "text b\n", 7);
	run_result r = run((const char *[]){"tsnorm", "--no-source-labels", tmp("a.log"), tmp("b.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.out, "{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\","
				"\"__time_ms\":1717072496000,\"__time_src\":\"runtime\"}\ntext b\n");
	run_result e = run((const char *[]){"tsnorm", NULL}, NULL, 0);
	cr_assert_eq(e.status, 0);
	cr_assert_eq(e.out_n, 0);
	run_free(&r);
	run_free(&e);
}

Test(cli, stats_count_the_golden_file)
{
	run_result r = run((const char *[]){"tsnorm", "--stats", GOLDEN ".in", NULL}, NULL, 0);
	cr_assert_eq(r.status, 0);
	/* basic.in: 16 lines, 13 Docker (12 fast, line 10 by jansson); text,
	 * empty and a bad time unchanged; 11 app stamps, 2 runtime (lines 7
	 * and 16); 3 flagged (lines 4, 6, 9) */
	cr_assert(strstr(r.err, "lines in                     16\n"), "%s", r.err);
	cr_assert(strstr(r.err, "lines out                    16\n"), "%s", r.err);
	cr_assert(strstr(r.err, "docker, fast path            12\n"), "%s", r.err);
	cr_assert(strstr(r.err, "docker, jansson               1\n"), "%s", r.err);
	cr_assert(strstr(r.err, "unchanged                     3  (text 1, empty 1, bad json 0, json without a time 1,"), "%s", r.err);
	cr_assert(strstr(r.err, "app time found               11"), "%s", r.err);
	cr_assert(strstr(r.err, "runtime time used             2\n"), "%s", r.err);
	cr_assert(strstr(r.err, "skew flagged                  3"), "%s", r.err);
	cr_assert(strstr(r.err, "max 9.000"), "%s", r.err);
	run_free(&r);
}

/* Reads everything fd gives until EOF. */
static char *read_all(int fd, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap + 1);
	for (;;) {
		if (len == cap)
			b = realloc(b, (cap *= 2) + 1);
		ssize_t k = read(fd, b + len, cap - len);
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	b[len] = 0;
	*n = len;
	return b;
}

Test(cli, sigterm_on_live_input_flushes_complete_lines_only)
{
	int pin[2], pout[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
	pid_t pid = spawn_tsnorm((const char *const[]){"tsnorm", NULL}, pin, pout, NULL);
	close(pin[0]);
	close(pout[1]);
	const char *line = "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n";
	for (int i = 0; i < 3; i++)
		cr_assert_eq(write(pin[1], line, strlen(line)), (ssize_t)strlen(line));
	cr_assert_eq(write(pin[1], "{\"log\":\"half", 12), 12);
	/* the three lines come out while the input stays open (flush on idle) */
	char buf[4096];
	size_t got = read_lines(pout[0], buf, sizeof buf, 3);
	cr_assert_eq(kill(pid, SIGTERM), 0);
	size_t rest_n;
	char *rest = read_all(pout[0], &rest_n);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st), "killed by the signal instead of stopping cleanly");
	cr_assert_eq(WEXITSTATUS(st), 128 + SIGTERM);
	cr_assert_eq(rest_n, 0, "after the signal: %s", rest);
	cr_assert_eq(count_lines(buf, got), 3);
	cr_assert_null(memmem(buf, got, "half", 4), "a half line came out");
	free(rest);
	close(pin[1]);
	close(pout[0]);
}

Test(cli, sigterm_mid_file_stops_at_a_line_boundary)
{
	make_big(tmp("big.log"), 20000); /* 320,000 lines */
	run_result full = run((const char *[]){"tsnorm", tmp("big.log"), NULL}, NULL, 0);
	int pin[2], pout[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
	pid_t pid = spawn_tsnorm((const char *const[]){"tsnorm", tmp("big.log"), NULL}, pin, pout,
				 NULL);
	close(pin[0]);
	close(pout[1]);
	char first[1];
	cr_assert_eq(read(pout[0], first, 1), 1); /* it has started writing */
	kill(pid, SIGTERM);
	size_t n;
	char *out = read_all(pout[0], &n);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st));
	/* 143 if the signal came in time, 0 if the file was already done */
	cr_assert(WEXITSTATUS(st) == 128 + SIGTERM || WEXITSTATUS(st) == 0, "status %d",
		  WEXITSTATUS(st));
	cr_assert_eq(first[0], full.out[0]);
	cr_assert_gt(n, 0);
	cr_assert_eq(out[n - 1], '\n', "the output ends inside a line");
	cr_assert_leq(n + 1, full.out_n);
	cr_assert(memcmp(out, full.out + 1, n) == 0, "the lines written differ from a full run's");
	if (WEXITSTATUS(st) == 0)
		cr_assert_eq(n + 1, full.out_n);
	free(out);
	run_free(&full);
	close(pin[1]);
	close(pout[0]);
}

#include <sys/resource.h>

/* Runs tsnorm on a file with stdout to another file; returns the peak RSS
 * in KiB and the exit status. */
static long run_rss(const char *in, const char *out, int *status)
{
	int pin[2], pout[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
	pid_t pid = spawn_tsnorm((const char *const[]){"tsnorm", in, NULL}, pin, pout, NULL);
	close(pin[0]);
	close(pin[1]);
	close(pout[1]);
	FILE *f = fopen(out, "wb");
	char buf[1 << 16];
	ssize_t k;
	while ((k = read(pout[0], buf, sizeof buf)) > 0)
		cr_assert_eq(fwrite(buf, 1, (size_t)k, f), (size_t)k);
	fclose(f);
	close(pout[0]);
	struct rusage ru;
	int st;
	cr_assert_eq(wait4(pid, &st, 0, &ru), pid);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return ru.ru_maxrss;
}

Test(cli, a_100_mb_line_and_a_million_empty_lines_in_bounded_memory)
{
	/* a million empty lines, then a 100 MB line without a newline */
	FILE *f = fopen(tmp("huge.log"), "wb");
	static char chunk[1 << 20];
	memset(chunk, '\n', sizeof chunk);
	cr_assert_eq(fwrite(chunk, 1, 1000000, f), 1000000);
	memset(chunk, 'y', sizeof chunk);
	chunk[0] = '{';
	for (int i = 0; i < 100; i++)
		cr_assert_eq(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
	fclose(f);
	int status;
	long rss = run_rss(tmp("huge.log"), tmp("huge.out"), &status);
	cr_assert_eq(status, 0);
	/* the default --max-line is 1 MiB: memory is bounded by it, not by the
	 * 100 MB line (a generous bound; sanitizer builds use more) */
	cr_assert_lt(rss, 128 * 1024, "peak RSS %ld KiB", rss);
	struct stat a, b;
	cr_assert_eq(stat(tmp("huge.log"), &a), 0);
	cr_assert_eq(stat(tmp("huge.out"), &b), 0);
	cr_assert_eq(b.st_size, a.st_size + 1, "the output is the input plus the last newline");
	sh("cmp -s -n %lld '%s' '%s'", (long long)a.st_size, tmp("huge.log"), tmp("huge.out"));
}

Test(cli, deeply_nested_attrs_pass_through)
{
	/* 5000 levels: past jansson's depth limit, not Docker's attrs shape */
	size_t n = 0;
	char *in = malloc(20000);
	n += (size_t)sprintf(in, "{\"log\":\"x\\n\",\"attrs\":");
	for (int i = 0; i < 5000; i++)
		in[n++] = '[';
	for (int i = 0; i < 5000; i++)
		in[n++] = ']';
	n += (size_t)sprintf(in + n, ",\"time\":\"2024-05-30T12:34:56Z\"}\n");
	run_result r = run((const char *[]){"tsnorm", NULL}, in, n);
	cr_assert_eq(r.status, 0);
	cr_assert_eq(r.out_n, n);
	cr_assert(memcmp(r.out, in, n) == 0);
	run_free(&r);
	free(in);
}
