/* test_gzip.c — the gzip source on its own, with whichever inflate the build
 * has (ISA-L or zlib) and both with and without the inflate thread: files
 * made by the real gzip, read with input buffers and read sizes small
 * enough that member boundaries, headers and trailers fall across buffer
 * boundaries; a cut at every byte; bad trailers; a stop; live input. */
#include "proc.h"

#include "source.h"

TestSuite(gzip, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 300);

typedef struct got {
	char *b;
	size_t n;
	ssize_t last; /* the read that ended it: 0 or -1 */
	char err[256];
} got;

/* Reads path to its end through an input buffer of bufsize bytes, cap bytes
 * at most per read. */
static got read_all(const char *path, size_t bufsize, size_t cap, int no_thread)
{
	tsn_source s;
	cr_assert_eq(source_open(&s, path, bufsize), 0, "%s: %s", path, strerror(errno));
	s.no_thread = no_thread;
	got g = {0};
	size_t bcap = 0;
	char *buf = malloc(cap);
	for (;;) {
		ssize_t r = source_read(&s, buf, cap);
		if (r <= 0) {
			g.last = r;
			break;
		}
		append(&g.b, &g.n, &bcap, buf, (size_t)r);
	}
	if (g.last < 0)
		snprintf(g.err, sizeof g.err, "%s", s.err);
	source_close(&s);
	free(buf);
	return g;
}

/* Varied text, not too compressible: n lines from line first on. */
static void make_text(const char *path, int first, int n)
{
	sh("awk 'BEGIN { for (i = %d; i < %d; i++) printf \"line %%d %%d %%x\\n\", i, (i * 7919) %% 1000003, i * i }' > '%s'",
	   first, first + n, path);
}

static const int modes[] = {0, 1}; /* no_thread */

Test(gzip, members_across_every_buffer_boundary)
{
	/* members made by gzip: a file (with its name in the header), an empty
	 * one, one from stdin at -9, one at -1 */
	make_text(tmp("a"), 0, 20000);
	make_text(tmp("b"), 20000, 3000);
	make_text(tmp("c"), 23000, 7);
	sh("cd '%s' && gzip -c a > a.gz && gzip -c < /dev/null > e.gz && gzip -9 -c < b > b.gz && "
	   "gzip -1 -c c > c.gz && cat a.gz e.gz b.gz e.gz c.gz > all.gz && cat a b c > want",
	   tmpdir);
	size_t want_n;
	char *want = slurp(tmp("want"), &want_n);
	static const size_t bufs[] = {32, 33, 1000, 4096, 256 * 1024};
	static const size_t caps[] = {1, 7, 4096, 1 << 20};
	for (size_t m = 0; m < 2; m++)
		for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
			for (size_t j = 0; j < sizeof caps / sizeof *caps; j++) {
				if (caps[j] < 4096 && bufs[i] > 4096)
					continue; /* slow and adds nothing */
				got g = read_all(tmp("all.gz"), bufs[i], caps[j], modes[m]);
				cr_assert_eq(g.last, 0, "buf %zu cap %zu thread %d: %s", bufs[i], caps[j],
					     !modes[m], g.err);
				cr_assert_eq(g.n, want_n, "buf %zu cap %zu", bufs[i], caps[j]);
				cr_assert(memcmp(g.b, want, want_n) == 0, "buf %zu cap %zu", bufs[i], caps[j]);
				free(g.b);
			}
	/* an empty member alone is an empty input, read cleanly */
	got e = read_all(tmp("e.gz"), 4096, 4096, 0);
	cr_assert_eq(e.last, 0, "%s", e.err);
	cr_assert_eq(e.n, 0);
	free(e.b);
	free(want);
}

Test(gzip, cut_at_every_byte)
{
	make_text(tmp("a"), 0, 300);
	make_text(tmp("b"), 300, 200);
	sh("cd '%s' && gzip -c a > a.gz && gzip -c < /dev/null > e.gz && gzip -9 -c < b > b.gz && "
	   "cat a.gz e.gz b.gz > all.gz && cat a b > want",
	   tmpdir);
	size_t want_n, all_n, a_n, e_n, a_len;
	char *want = slurp(tmp("want"), &want_n);
	char *all = slurp(tmp("all.gz"), &all_n);
	free(slurp(tmp("a.gz"), &a_n));
	free(slurp(tmp("e.gz"), &e_n));
	free(slurp(tmp("a"), &a_len));
	/* where a member ends: the file may end there cleanly */
	size_t ends[] = {a_n, a_n + e_n, all_n};
	for (size_t cut = 2; cut <= all_n; cut++) {
		spew(tmp("cut.gz"), all, cut);
		for (size_t m = 0; m < 2; m++) {
			got g = read_all(tmp("cut.gz"), 64, 4096, modes[m]);
			cr_assert_leq(g.n, want_n);
			cr_assert(memcmp(g.b ? g.b : "", want, g.n) == 0, "cut %zu: not a prefix", cut);
			int at_end = 0, after_end = 0;
			for (size_t k = 0; k < 3; k++) {
				at_end |= cut == ends[k];
				after_end |= cut == ends[k] + 1;
			}
			char msg[128];
			if (at_end) {
				cr_assert_eq(g.last, 0, "cut %zu at a member's end: %s", cut, g.err);
				cr_assert_eq(g.n, cut < a_n + e_n ? a_len : cut < all_n ? a_len : want_n);
			} else if (after_end) {
				cr_assert_eq(g.last, -1, "cut %zu", cut);
				snprintf(msg, sizeof msg, "trailing garbage after the last gzip member at compressed byte %zu",
					 cut - 1);
				cr_assert_str_eq(g.err, msg, "cut %zu", cut);
			} else {
				cr_assert_eq(g.last, -1, "cut %zu", cut);
				snprintf(msg, sizeof msg, "truncated gzip stream: input ends at compressed byte %zu", cut);
				cr_assert_str_eq(g.err, msg, "cut %zu", cut);
				if (cut > a_n)
					cr_assert_geq(g.n, a_len, "cut %zu: the first member is lost", cut);
			}
			free(g.b);
		}
	}
	free(want);
	free(all);
}

Test(gzip, bad_trailer_is_crc_or_length_with_zlibs_words_and_offsets)
{
	make_text(tmp("a"), 0, 50000);
	sh("gzip -c '%s' > '%s'", tmp("a"), tmp("a.gz"));
	size_t n, want_n;
	char *gz = slurp(tmp("a.gz"), &n);
	char *want = slurp(tmp("a"), &want_n);
	char msg[128];
	for (size_t m = 0; m < 2; m++) {
		gz[n - 8] ^= 1; /* CRC-32 */
		spew(tmp("crc.gz"), gz, n);
		gz[n - 8] ^= 1;
		got c = read_all(tmp("crc.gz"), 256 * 1024, 256 * 1024, modes[m]);
		cr_assert_eq(c.last, -1);
		snprintf(msg, sizeof msg, "corrupt gzip data (incorrect data check) at compressed byte %zu", n - 4);
		cr_assert_str_eq(c.err, msg);
		cr_assert_eq(c.n, want_n);
		cr_assert(memcmp(c.b, want, want_n) == 0);
		gz[n - 1] ^= 1; /* ISIZE */
		spew(tmp("len.gz"), gz, n);
		gz[n - 1] ^= 1;
		/* with a read size that leaves the output full as the input ends */
		got l = read_all(tmp("len.gz"), 256 * 1024, want_n, modes[m]);
		cr_assert_eq(l.last, -1);
		snprintf(msg, sizeof msg, "corrupt gzip data (incorrect length check) at compressed byte %zu", n);
		cr_assert_str_eq(l.err, msg);
		cr_assert_eq(l.n, want_n);
		free(c.b);
		free(l.b);
	}
	free(gz);
	free(want);
}

Test(gzip, header_faults_are_named_before_inflating)
{
	static const struct {
		const char *bytes;
		size_t n;
		const char *err;
	} cases[] = {
		{"\x1f\x8b\x09garbage", 10, "corrupt gzip data (unknown compression method) at compressed byte 4"},
		{"\x1f\x8b\x08\x20\0\0\0\0\0\3", 10, "corrupt gzip data (unknown header flags set) at compressed byte 4"},
		{"\x1f\x8b\x08", 3, "truncated gzip stream: input ends at compressed byte 3"},
		{"\x1f\x8b", 2, "truncated gzip stream: input ends at compressed byte 2"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (size_t m = 0; m < 2; m++) {
			spew(tmp("h.gz"), cases[i].bytes, cases[i].n);
			got g = read_all(tmp("h.gz"), 4096, 4096, modes[m]);
			cr_assert_eq(g.last, -1, "case %zu", i);
			cr_assert_str_eq(g.err, cases[i].err, "case %zu", i);
			cr_assert_eq(g.n, 0);
			free(g.b);
		}
}

Test(gzip, a_stop_ends_the_reads_and_close_joins)
{
	make_text(tmp("a"), 0, 300000);
	sh("gzip -1 -c '%s' > '%s'", tmp("a"), tmp("a.gz"));
	tsn_source s;
	cr_assert_eq(source_open(&s, tmp("a.gz"), 256 * 1024), 0);
	char buf[4096];
	cr_assert_gt(source_read(&s, buf, sizeof buf), 0);
	tsn_stop = SIGTERM;
	/* what the ring holds may still come; then the reads end, cleanly */
	ssize_t r;
	size_t reads = 0;
	while ((r = source_read(&s, buf, sizeof buf)) > 0)
		reads++;
	cr_assert_eq(r, 0);
	tsn_stop = 0;
	source_close(&s); /* joins the worker, which may be waiting for a slot */
}

/* The idle hook closes the writer: it runs only when the reader has taken
 * everything written and would otherwise block. */
static int live_w = -1, idle_calls;
static void close_writer(void *ctx)
{
	(void)ctx;
	idle_calls++;
	if (live_w >= 0)
		close(live_w);
	live_w = -1;
}

Test(gzip, live_input_is_handed_on_before_the_writer_goes_quiet)
{
	make_text(tmp("a"), 0, 100);
	sh("gzip -c '%s' > '%s'", tmp("a"), tmp("a.gz"));
	size_t gz_n, want_n;
	char *gz = slurp(tmp("a.gz"), &gz_n);
	char *want = slurp(tmp("a"), &want_n);
	for (size_t m = 0; m < 2; m++) {
		int p[2];
		cr_assert_eq(pipe(p), 0);
		cr_assert_eq(write(p[1], gz, gz_n), (ssize_t)gz_n);
		int saved = dup(0);
		dup2(p[0], 0);
		close(p[0]);
		live_w = p[1];
		idle_calls = 0;
		tsn_source s;
		cr_assert_eq(source_open(&s, NULL, 4096), 0);
		s.no_thread = modes[m];
		s.idle = close_writer;
		char buf[1 << 16];
		size_t n = 0;
		ssize_t r;
		/* the whole member comes out while the writer is still open: the
		 * hook has not run until everything was read */
		while (n < want_n && (r = source_read(&s, buf + n, sizeof buf - n)) > 0) {
			cr_assert_eq(live_w, p[1], "the idle hook ran before the data was read");
			n += (size_t)r;
		}
		cr_assert_eq(n, want_n);
		cr_assert(memcmp(buf, want, want_n) == 0);
		r = source_read(&s, buf, sizeof buf);
		cr_assert_eq(r, 0, "%s", s.err);
		cr_assert_geq(idle_calls, 1);
		source_close(&s);
		dup2(saved, 0);
		close(saved);
	}
	free(gz);
	free(want);
}
