/* test_merge.c — --merge and the time windows through the built program:
 * inputs interleaved in time order, stable on equal times, untimed lines
 * after their predecessor, rotated siblings (Docker .N, .N.gz made by the
 * real gzip, the kubelet's stamps) read oldest first whatever the command
 * line's order; merge_families() on its own; --since / --until / --around
 * edges to the nanosecond with and without --merge; reading stops past
 * --until under --merge (damage after that point is never read, a pipe
 * that never ends is not waited for); a missing input; usage errors.
 * Epoch seconds: date -u -d 2024-05-30T12:00:00Z +%s = 1717070400. */
#include <jansson.h>

#include "merge.h"
#include "proc.h"

TestSuite(merge, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

/* Runs a program found on PATH (posix_spawnp, never fork) and waits. */
static int spawn_wait(const char *const *argv)
{
	pid_t pid;
	int e = posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)argv, environ);
	cr_assert_eq(e, 0, "cannot start %s: %s", argv[0], strerror(e));
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* path.gz from path's content, by the real gzip (path is replaced). */
static void gzip_file(const char *path)
{
	cr_assert_eq(spawn_wait((const char *[]){"gzip", "-n", "-f", path, NULL}), 0);
}

/* A Docker line whose message is "<stamp> <msg>", runtime time = stamp. */
static void dl(char *buf, const char *stamp, const char *msg)
{
	sprintf(buf + strlen(buf),
		"{\"log\":\"%s %s\\n\",\"stream\":\"stdout\",\"time\":\"%s\"}\n", stamp, msg,
		stamp);
}

/* 2024-05-30T12:00:SSZ */
static const char *at(int s)
{
	static char b[8][32];
	static int k;
	char *p = b[k++ % 8];
	snprintf(p, 32, "2024-05-30T12:%02d:%02dZ", s / 60, s % 60);
	return p;
}

/* The messages of the output, in order: each line's word after the stamp
 * (Docker lines), or the whole line when it is not JSON. */
static void words(const char *out, size_t n, char *w, size_t cap)
{
	w[0] = 0;
	const char *p = out, *end = out + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);
		const char *m;
		char tmpw[256];
		if (o && json_is_string(json_object_get(o, "log"))) {
			const char *log = json_string_value(json_object_get(o, "log"));
			const char *sp = strchr(log, ' ');
			snprintf(tmpw, sizeof tmpw, "%.*s", (int)strcspn(sp ? sp + 1 : log, "\n"),
				 sp ? sp + 1 : log);
			m = tmpw;
		} else {
			snprintf(tmpw, sizeof tmpw, "%.*s", (int)(nl - p), p);
			m = tmpw;
		}
		if (o)
			json_decref(o);
		if (w[0])
			strncat(w, " ", cap - strlen(w) - 1);
		strncat(w, m, cap - strlen(w) - 1);
		p = nl + 1;
	}
}

static void put(const char *name, const char *content)
{
	spew(tmp(name), content, strlen(content));
}

Test(merge, interleaved_inputs_come_out_in_time_order_stably)
{
	char a[2048] = "", b[2048] = "", c[2048] = "";
	dl(a, at(1), "a1"), dl(a, at(3), "a3"), dl(a, at(10), "a10"), dl(a, at(12), "a12");
	dl(b, at(2), "b2"), dl(b, at(10), "b10"), dl(b, at(11), "b11");
	dl(c, at(0), "c0"), dl(c, at(10), "c10"), dl(c, at(20), "c20");
	put("a.log", a), put("b.log", b), put("c.log", c);
	char w[1024];
	run_result r = run((const char *[]){"tsnorm", "--merge", tmp("a.log"), tmp("b.log"),
					    tmp("c.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	words(r.out, r.out_n, w, sizeof w);
	/* equal times (12:00:10) in command-line order: a, b, c */
	cr_assert_str_eq(w, "c0 a1 b2 a3 a10 b10 c10 b11 a12 c20");
	run_free(&r);
	/* the other way round on the command line: c, b, a at 12:00:10 */
	r = run((const char *[]){"tsnorm", "--merge", tmp("c.log"), tmp("b.log"), tmp("a.log"), NULL},
		NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	words(r.out, r.out_n, w, sizeof w);
	cr_assert_str_eq(w, "c0 a1 b2 a3 c10 b10 a10 b11 a12 c20");
	run_free(&r);
}

/* A line without a time stays right after its predecessor; one before any
 * timed record of its input comes first. */
Test(merge, untimed_lines_follow_their_predecessor)
{
	char a[2048] = "", b[2048] = "";
	dl(a, at(1), "a1");
	strcat(a, "after-a1\n\n");
	dl(a, at(5), "a5");
	strcat(b, "b-head\n");
	dl(b, at(2), "b2");
	dl(b, at(3), "b3");
	strcat(b, "after-b3\n");
	put("a.log", a), put("b.log", b);
	run_result r = run((const char *[]){"tsnorm", "--merge", tmp("a.log"), tmp("b.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char w[1024];
	words(r.out, r.out_n, w, sizeof w);
	/* the empty line is an empty word between two spaces */
	cr_assert_str_eq(w, "b-head a1 after-a1  b2 b3 after-b3 a5");
	cr_assert_eq(count_lines(r.out, r.out_n), 8, "lines out = lines in");
	run_free(&r);
}

/* x-json.log.2.gz (oldest, by the real gzip), x-json.log.1, x-json.log
 * (live), named in a scrambled order, next to another input. */
Test(merge, rotated_siblings_are_read_oldest_first)
{
	char live[2048] = "", one[2048] = "", two[2048] = "", y[2048] = "";
	dl(two, at(1), "r1"), dl(two, at(2), "r2");
	dl(one, at(3), "r3"), dl(one, at(4), "r4");
	dl(live, at(5), "r5"), dl(live, at(6), "r6");
	/* y's times collide with the family's: the family is named first */
	dl(y, at(2), "y2"), dl(y, at(5), "y5");
	put("x-json.log", live), put("x-json.log.1", one), put("x-json.log.2", two), put("y.log", y);
	gzip_file(tmp("x-json.log.2"));
	run_result r = run((const char *[]){"tsnorm", "--merge", "--stats", tmp("x-json.log"),
					    tmp("x-json.log.2.gz"), tmp("y.log"), tmp("x-json.log.1"),
					    NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char w[1024];
	words(r.out, r.out_n, w, sizeof w);
	cr_assert_str_eq(w, "r1 r2 y2 r3 r4 r5 y5 r6");
	cr_assert_eq(count_lines(r.out, r.out_n), 8);
	/* two sources; the family named after its live file, with 3 files */
	cr_assert(strstr(r.err, "incident summary, 2 sources"), "%s", r.err);
	cr_assert(strstr(r.err, "(3 files, "), "%s", r.err);
	cr_assert(strstr(r.err, "x-json.log.2.gz first)"), "%s", r.err);
	run_free(&r);
}

/* Docker's layout (<id>/<id>-json.log.N) and the kubelet's
 * (<ns>_<pod>_<uid>/<container>/0.log.YYYYMMDD-HHMMSS[.gz]). */
Test(merge, docker_and_kubelet_layouts)
{
	const char *id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char d[512], p0[1024], p1[1024];
	snprintf(d, sizeof d, "%s/%s", tmpdir, id);
	cr_assert_eq(mkdir(d, 0755), 0);
	snprintf(p0, sizeof p0, "%s/%s-json.log", d, id);
	snprintf(p1, sizeof p1, "%s/%s-json.log.1", d, id);
	char live[1024] = "", old[1024] = "";
	dl(old, at(1), "d1"), dl(live, at(4), "d4");
	spew(p0, live, strlen(live));
	spew(p1, old, strlen(old));

	char kd[512], k0[1024], ka[1024], kb[1024], kbgz[1100];
	snprintf(kd, sizeof kd, "%s/default_web-0_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", tmpdir);
	cr_assert_eq(mkdir(kd, 0755), 0);
	strcat(kd, "/nginx");
	cr_assert_eq(mkdir(kd, 0755), 0);
	snprintf(k0, sizeof k0, "%s/0.log", kd);
	snprintf(ka, sizeof ka, "%s/0.log.20240530-110000", kd);
	snprintf(kb, sizeof kb, "%s/0.log.20240530-123456", kd);
	snprintf(kbgz, sizeof kbgz, "%s.gz", kb);
	/* CRI lines: the earliest rotation, then the later one (gzipped), then live */
	const char *ka_c = "2024-05-30T12:00:00.5Z stdout F k0 early\n";
	const char *kb_c = "2024-05-30T12:00:02.5Z stdout F k2 later\n";
	const char *k0_c = "2024-05-30T12:00:03.5Z stdout F k3 live\n";
	spew(ka, ka_c, strlen(ka_c));
	spew(kb, kb_c, strlen(kb_c));
	spew(k0, k0_c, strlen(k0_c));
	gzip_file(kb);
	run_result r = run((const char *[]){"tsnorm", "--merge", "--output", "loki", k0, p0, kbgz, p1,
					    ka, NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_t *body = json_loads(r.out, 0, NULL);
	cr_assert(body, "%s", r.out);
	json_t *streams = json_object_get(body, "streams");
	/* two families, two label sets (plus stream) */
	cr_assert_eq(json_array_size(streams), 2, "%s", r.out);
	json_t *k = json_array_get(streams, 0), *dk = json_array_get(streams, 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(k, "stream"), "pod")),
			 "web-0");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(k, "stream"), "namespace")),
			 "default");
	cr_assert_str_eq(
		json_string_value(json_object_get(json_object_get(dk, "stream"), "container")),
		"0123456789ab");
	json_t *kv = json_object_get(k, "values");
	cr_assert_eq(json_array_size(kv), 3);
	/* 12:00:00.5 = 1717070400.5 s, 12:00:02.5, 12:00:03.5 */
	cr_assert_str_eq(json_string_value(json_array_get(json_array_get(kv, 0), 1)), "k0 early");
	cr_assert_str_eq(json_string_value(json_array_get(json_array_get(kv, 0), 0)),
			 "1717070400500000000");
	cr_assert_str_eq(json_string_value(json_array_get(json_array_get(kv, 1), 1)), "k2 later");
	cr_assert_str_eq(json_string_value(json_array_get(json_array_get(kv, 2), 1)), "k3 live");
	json_t *dv = json_object_get(dk, "values");
	cr_assert_eq(json_array_size(dv), 2);
	cr_assert_str_eq(json_string_value(json_array_get(json_array_get(dv, 0), 0)),
			 "1717070401000000000");
	cr_assert_str_eq(json_string_value(json_array_get(json_array_get(dv, 1), 0)),
			 "1717070404000000000");
	json_decref(body);
	run_free(&r);

	/* and in the JSON output the order is by time across both families */
	r = run((const char *[]){"tsnorm", "--merge", k0, p0, kbgz, p1, ka, NULL}, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char w[512];
	words(r.out, r.out_n, w, sizeof w);
	/* CRI lines become {"log":"k0 early\n",...}: the word after the first
	 * space */
	cr_assert_str_eq(w, "early d1 later live d4");
	run_free(&r);
}

/* ---- merge_families() ------------------------------------------------------ */

static void fam_str(const char *const *paths, size_t n, char *out, size_t cap)
{
	tsn_family fams[16];
	const char *order[16];
	size_t nf = merge_families(paths, n, fams, order);
	out[0] = 0;
	for (size_t f = 0; f < nf; f++) {
		strncat(out, "[", cap - strlen(out) - 1);
		for (size_t i = 0; i < fams[f].n; i++) {
			if (i)
				strncat(out, " ", cap - strlen(out) - 1);
			strncat(out, fams[f].paths[i], cap - strlen(out) - 1);
		}
		strncat(out, "]", cap - strlen(out) - 1);
	}
}

Test(merge, families_docker)
{
	char s[1024];
	const char *p[] = {"d/x-json.log", "d/x-json.log.2.gz", "d/x-json.log.1", "d/x-json.log.10",
			   "d/x-json.log.3"};
	fam_str(p, 5, s, sizeof s);
	/* the highest N oldest (10 > 3 > 2 > 1, numerically), the live file last */
	cr_assert_str_eq(s, "[d/x-json.log.10 d/x-json.log.3 d/x-json.log.2.gz d/x-json.log.1 "
			    "d/x-json.log]");
}

Test(merge, families_kubelet)
{
	char s[1024];
	const char *p[] = {"c/0.log", "c/0.log.20240530-123456.gz", "c/0.log.20240529-235959",
			   "c/0.log.20240530-000000"};
	fam_str(p, 4, s, sizeof s);
	cr_assert_str_eq(s, "[c/0.log.20240529-235959 c/0.log.20240530-000000 "
			    "c/0.log.20240530-123456.gz c/0.log]");
}

Test(merge, families_are_per_directory_and_name_in_first_named_order)
{
	char s[1024];
	const char *p[] = {"b/x.log", "a/x.log.1", "a/y.log", "a/x.log", "b/x.log.1", "-", "-"};
	fam_str(p, 7, s, sizeof s);
	/* same name in another directory is another family; stdin never joins */
	cr_assert_str_eq(s, "[b/x.log.1 b/x.log][a/x.log.1 a/x.log][a/y.log][-][-]");
}

Test(merge, families_single_and_not_rotations)
{
	char s[1024];
	/* a non-numeric suffix and a stamp of the wrong length are names, not
	 * rotations: each its own family */
	const char *p[] = {"x.log", "x.log.old", "x.log.2024-05-30"};
	fam_str(p, 3, s, sizeof s);
	cr_assert_str_eq(s, "[x.log][x.log.old][x.log.2024-05-30]");
	const char *q[] = {"only.log"};
	fam_str(q, 1, s, sizeof s);
	cr_assert_str_eq(s, "[only.log]");
}

/* ---- windows ---------------------------------------------------------------- */

/* Lines at T - 1 ns, T, T + 1 ns (T = 12:00:10), U - 1 ns, U, U + 1 ns
 * (U = 12:00:20), with untimed lines after T - 1 ns and after U - 1 ns. */
static const char window_in[] =
	"{\"log\":\"2024-05-30T12:00:09.999999999Z Tm1\\n\",\"stream\":\"stdout\","
	"\"time\":\"2024-05-30T12:00:09.999999999Z\"}\n"
	"untimed-after-Tm1\n"
	"{\"log\":\"2024-05-30T12:00:10.000000000Z T\\n\",\"stream\":\"stdout\","
	"\"time\":\"2024-05-30T12:00:10Z\"}\n"
	"{\"log\":\"2024-05-30T12:00:10.000000001Z Tp1\\n\",\"stream\":\"stdout\","
	"\"time\":\"2024-05-30T12:00:10.000000001Z\"}\n"
	"{\"log\":\"2024-05-30T12:00:19.999999999Z Um1\\n\",\"stream\":\"stdout\","
	"\"time\":\"2024-05-30T12:00:19.999999999Z\"}\n"
	"untimed-after-Um1\n"
	"{\"log\":\"2024-05-30T12:00:20.000000000Z U\\n\",\"stream\":\"stdout\","
	"\"time\":\"2024-05-30T12:00:20Z\"}\n"
	"untimed-after-U\n"
	"{\"log\":\"2024-05-30T12:00:20.000000001Z Up1\\n\",\"stream\":\"stdout\","
	"\"time\":\"2024-05-30T12:00:20.000000001Z\"}\n";

static void window_case(int merge, const char *const *opts, const char *want, int dropped)
{
	put("w.log", window_in);
	const char *argv[16];
	int k = 0;
	argv[k++] = "tsnorm";
	argv[k++] = "--stats";
	if (merge)
		argv[k++] = "--merge";
	while (*opts)
		argv[k++] = *opts++;
	argv[k++] = tmp("w.log");
	argv[k] = NULL;
	run_result r = run(argv, NULL, 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char w[1024];
	words(r.out, r.out_n, w, sizeof w);
	cr_assert_str_eq(w, want, "merge %d", merge);
	/* with --merge, records past --until are never read, so not counted */
	char d[64];
	snprintf(d, sizeof d, "outside the window %12d", dropped);
	if (dropped)
		cr_assert(strstr(r.err, d), "want %s: %s", d, r.err);
	else
		cr_assert(!strstr(r.err, "outside the window"), "%s", r.err);
	run_free(&r);
}

Test(merge, window_edges_to_the_nanosecond)
{
	for (int m = 0; m < 2; m++) {
		/* --since inclusive: T stays, T - 1 ns and its untimed line go */
		window_case(m, (const char *[]){"--since", "2024-05-30T12:00:10Z", NULL},
			    "T Tp1 Um1 untimed-after-Um1 U untimed-after-U Up1", 2);
		/* --until exclusive: U goes, and the untimed line after it */
		window_case(m, (const char *[]){"--until", "2024-05-30T12:00:20Z", NULL},
			    "Tm1 untimed-after-Tm1 T Tp1 Um1 untimed-after-Um1", m ? 0 : 3);
		/* an offset: 14:00:10+02:00 is 12:00:10Z */
		window_case(m,
			    (const char *[]){"--since", "2024-05-30T14:00:10+02:00", "--until",
					     "2024-05-30T12:00:19.999999999Z", NULL},
			    "T Tp1", m ? 2 : 7);
		/* --around 12:00:15 --window 5s: [12:00:10, 12:00:20) */
		window_case(m,
			    (const char *[]){"--around", "2024-05-30T12:00:15Z", "--window", "5s",
					     NULL},
			    "T Tp1 Um1 untimed-after-Um1", m ? 2 : 5);
		/* --window 4999999999ns: [12:00:10.000000001, 12:00:19.999999999) */
		window_case(m,
			    (const char *[]){"--around", "2024-05-30T12:00:15Z", "--window",
					     "4999999999ns", NULL},
			    "Tp1", m ? 3 : 8);
	}
}

/* Without --merge a file's first untimed line has no predecessor in its
 * input: it is before --since, even when the file before it was timed. */
Test(merge, untimed_head_of_a_second_file_is_before_since)
{
	char a[1024] = "", b[1024] = "";
	dl(a, at(30), "a30");
	strcat(b, "b-head\n");
	dl(b, at(40), "b40");
	put("a.log", a), put("b.log", b);
	for (int m = 0; m < 2; m++) {
		run_result r = run((const char *[]){"tsnorm", m ? "--merge" : "--stats", "--since",
						    "2024-05-30T12:00:20Z", tmp("a.log"), tmp("b.log"),
						    NULL},
				   NULL, 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		char w[256];
		words(r.out, r.out_n, w, sizeof w);
		cr_assert_str_eq(w, "a30 b40", "merge %d", m);
		run_free(&r);
	}
}

/* A file of records past --until followed by damage: under --merge reading
 * stops at the first record past the window, so the damage is never read;
 * without --merge the file is read to its end and the damage reported. */
Test(merge, reading_stops_past_until)
{
	/* 6 MB of lines with hex noise (poorly compressible), the first at
	 * 12:00:05, the rest from 12:01:00 on; gzip, then garbage after it */
	size_t cap = 7u << 20, n = 0;
	char *big = malloc(cap);
	uint32_t x = 12345;
	n += (size_t)sprintf(big + n, "{\"log\":\"%s in\\n\",\"stream\":\"stdout\",\"time\":\"%s\"}\n",
			     at(5), at(5));
	for (int i = 0; n < (6u << 20); i++) {
		char noise[129];
		for (int j = 0; j < 128; j++) {
			x = x * 1103515245u + 12345u;
			noise[j] = "0123456789abcdef"[(x >> 16) & 15];
		}
		noise[128] = 0;
		n += (size_t)sprintf(big + n,
				     "{\"log\":\"%s %s\\n\",\"stream\":\"stdout\",\"time\":\"%s\"}\n",
				     at(60 + i % 3000), noise, at(60 + i % 3000));
	}
	spew(tmp("big.log"), big, n);
	free(big);
	gzip_file(tmp("big.log"));
	/* damage: bytes after the gzip member that are not gzip */
	FILE *f = fopen(tmp("big.log.gz"), "ab");
	cr_assert(f);
	fputs("this is not gzip data\n", f);
	fclose(f);
	char a[1024] = "";
	dl(a, at(1), "a1"), dl(a, at(7), "a7"), dl(a, at(70), "a70");
	put("a.log", a);

	run_result r = run((const char *[]){"tsnorm", "--merge", "--until", "2024-05-30T12:00:30Z",
					    tmp("a.log"), tmp("big.log.gz"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 0, "the damage was read: %s", r.err);
	cr_assert_str_eq(r.err, "");
	char w[256];
	words(r.out, r.out_n, w, sizeof w);
	cr_assert_str_eq(w, "a1 in a7");
	run_free(&r);

	/* the damage is real: read to the end, it is reported */
	r = run((const char *[]){"tsnorm", "--until", "2024-05-30T12:00:30Z", tmp("a.log"),
				 tmp("big.log.gz"), NULL},
		NULL, 0);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "big.log.gz"), "%s", r.err);
	words(r.out, r.out_n, w, sizeof w);
	cr_assert_str_eq(w, "a1 a7 in");
	run_free(&r);
}

/* A pipe that stays open: once its next record is past --until and the
 * other input has nothing earlier, tsnorm ends without waiting for more
 * (a hang here fails the suite's timeout, not a timing assertion). */
Test(merge, a_pipe_that_never_ends_is_not_waited_for)
{
	char a[1024] = "";
	dl(a, at(1), "a1"), dl(a, at(3), "a3");
	put("a.log", a);
	int pin[2], pout[2], perr[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0 && pipe(perr) == 0);
	pid_t pid = spawn_tsnorm((const char *[]){"tsnorm", "--merge", "--until",
						  "2024-05-30T12:00:10Z", tmp("a.log"), "-", NULL},
				 pin, pout, perr);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	char s[1024] = "";
	dl(s, at(2), "s2"), dl(s, at(50), "s50");
	cr_assert_eq(write(pin[1], s, strlen(s)), (ssize_t)strlen(s));
	/* stdin stays open while tsnorm runs */
	char out[8192];
	size_t n = 0;
	ssize_t k;
	while ((k = read(pout[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)k;
	out[n] = 0;
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char w[256];
	words(out, n, w, sizeof w);
	cr_assert_str_eq(w, "a1 s2 a3");
	close(pin[1]);
	close(pout[0]);
	close(perr[0]);
}

Test(merge, a_missing_input_is_reported_and_the_others_merged)
{
	char a[1024] = "", b[1024] = "";
	dl(a, at(1), "a1"), dl(a, at(3), "a3");
	dl(b, at(2), "b2");
	put("a.log", a), put("b.log", b);
	run_result r = run((const char *[]){"tsnorm", "--merge", tmp("a.log"), tmp("nope.log"),
					    tmp("b.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "nope.log"), "%s", r.err);
	char w[256];
	words(r.out, r.out_n, w, sizeof w);
	cr_assert_str_eq(w, "a1 b2 a3");
	run_free(&r);
	r = run((const char *[]){"tsnorm", "--merge", "-q", tmp("a.log"), tmp("nope.log"),
				 tmp("b.log"), NULL},
		NULL, 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "");
	run_free(&r);
}

static void usage_case(const char *const *argv, const char *names)
{
	run_result r = run(argv, "x\n", 2);
	cr_assert_eq(r.status, 1, "%s: status %d", names, r.status);
	cr_assert_eq(r.out_n, 0, "nothing read: %s", r.out);
	cr_assert(strstr(r.err, names), "want %s in: %s", names, r.err);
	run_free(&r);
}

Test(merge, usage_errors_name_the_option)
{
	usage_case((const char *[]){"tsnorm", "--window", "5s", NULL}, "--window");
	usage_case((const char *[]){"tsnorm", "--around", "2024-05-30T12:00:00Z", "--since",
				    "2024-05-30T12:00:00Z", NULL},
		   "--around");
	usage_case((const char *[]){"tsnorm", "--until", "2024-05-30T12:00:00Z", "--around",
				    "2024-05-30T12:00:00Z", NULL},
		   "--around");
	usage_case((const char *[]){"tsnorm", "--around", "2024-05-30T12:00:00Z", "--window", "5x",
				    NULL},
		   "--window");
	usage_case((const char *[]){"tsnorm", "--around", "2024-05-30T12:00:00Z", "--window", "-5s",
				    NULL},
		   "--window");
	usage_case((const char *[]){"tsnorm", "--since", "yesterday", NULL}, "--since");
	usage_case((const char *[]){"tsnorm", "--until", "2024-05-30 12:00:00", NULL}, "--until");
	usage_case((const char *[]){"tsnorm", "--around", "2024-13-30T12:00:00Z", NULL}, "--around");
	usage_case((const char *[]){"tsnorm", "--output", "xml", NULL}, "--output");
	usage_case((const char *[]){"tsnorm", "--batch-lines", "0", NULL}, "--batch-lines");
	usage_case((const char *[]){"tsnorm", "--batch-bytes", "1000", NULL}, "--batch-bytes");
	usage_case((const char *[]){"tsnorm", "--color", "sometimes", NULL}, "--color");
}
