/* test_envelope_blocks.c — the scanner's and the decoder's 16-byte blocks:
 * every kind of special byte (quote, escapes, control characters, UTF-8
 * good and bad) at every offset around the block boundaries, on the SSE2
 * path and on the portable one (envelope.c compiled here a second time
 * without SIMD), each against jansson. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "envelope.h"

/* The portable path under other names, so both face the same cases. */
#define docker_scan docker_scan_portable
#define json_unescape json_unescape_portable
#define docker_scan_decode docker_scan_decode_portable
#define docker_scan_line docker_scan_line_portable
#define envelope_use_avx2 envelope_use_avx2_portable
#define docker_parse_slow docker_parse_slow_portable
#define json_object_fields json_object_fields_portable
#define docker_slow_release docker_slow_release_portable
#define TSN_ENVELOPE_NO_SIMD 1
#include "envelope.c"
#undef docker_scan
#undef json_unescape
#undef docker_scan_decode
#undef docker_scan_line
#undef envelope_use_avx2
#undef docker_parse_slow
#undef json_object_fields
#undef docker_slow_release

typedef int (*scan_fn)(const char *, size_t, docker_line *);
typedef size_t (*unescape_fn)(const char *, size_t, char *);
typedef int (*scan_dec_fn)(const char *, size_t, docker_line *, char *);
static const scan_dec_fn scan_decs[] = {docker_scan_decode, docker_scan_decode_portable};
static const scan_fn scans[] = {docker_scan, docker_scan_portable};
static const unescape_fn unescapes[] = {json_unescape, json_unescape_portable};
static const char *const names[] = {"simd", "portable"};

/* What may sit in a log string body, valid or not (as C strings of the
 * line's bytes). */
static const char *const specials[] = {
	"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9",
	"\\u2028", "\\ud83d\\ude00", "\\u0000", "\\\\\\\"", "\\\"\\\"\\\"", "\xc3\xa9",
	"\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xed\x9f\xbf",
	/* invalid: every one makes the line unreadable to both paths */
	"\"", "\x01", "\x1f", "\\x", "\\u12", "\\u12g4", "\\udc00", "\\ud83d", "\\ud83d\\u0041",
	"\\ud83dx", "\xc3", "\xc3(", "\xff", "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
	"\xf4\x90\x80\x80", "\xf0\x9f\x98", "\\",
};

typedef size_t (*scan_line_fn)(const char *, size_t, docker_line *, char *);
static const scan_line_fn scan_lines[] = {docker_scan_line, docker_scan_line_portable};

/* Is this accepted line in the form the framer's shortcut takes: no
 * stream or Docker's own two, then the time (no attrs)? */
static int simple_form(const char *line, const docker_line *f)
{
	const char *after = f->log.p + f->log.n + 1;
	if (f->stream.p) {
		if (f->stream.n != 6 || (memcmp(f->stream.p, "stdout", 6) != 0 &&
					 memcmp(f->stream.p, "stderr", 6) != 0))
			return 0;
		after = f->stream.p + f->stream.n + 1;
	}
	(void)line;
	return strncmp(after, ",\"time\":\"", 9) == 0;
}

/* The framer's shortcut on the line followed by its newline and more: it
 * takes the line (exactly n bytes, the same fields as jansson's) or
 * leaves it to the general way; it must take every line in the simple
 * form; and with no newline in reach it takes nothing. */
static long line_scans_taken; /* lines the shortcut took, both paths */

static void check_line_scan(const char *line, size_t n, enum docker_verdict v,
			    const docker_slow *s)
{
	static const char next[] = "\n{\"log\":\"the next line\\n\",\"time\":\"2024-05-30T12:34:57Z\"}\n";
	char *buf = malloc(n + sizeof next);
	memcpy(buf, line, n);
	memcpy(buf + n, next, sizeof next);
	for (int impl = 0; impl < 2; impl++) {
		docker_line f, g;
		char *dec = malloc(n + sizeof next);
		size_t got = scan_lines[impl](buf, n + sizeof next - 1, &f, dec);
		int full = scans[impl](line, n, &g);
		if (got) {
			line_scans_taken++;
			cr_assert_eq(got, n, "%s line scan: %zu of %zu: %.*s", names[impl], got, n,
				     (int)n, line);
			cr_assert_eq(v, DOCKER_OK, "%s line scan took what jansson refuses: %.*s",
				     names[impl], (int)n, line);
			cr_assert_eq(f.msg.n, s->log.n, "%s line scan: %.*s", names[impl], (int)n, line);
			cr_assert(memcmp(f.msg.p, s->log.p, f.msg.n) == 0);
			cr_assert_eq(f.stream.n, s->stream.n);
			cr_assert(f.stream.n == 0 || memcmp(f.stream.p, s->stream.p, f.stream.n) == 0);
			cr_assert_eq(f.time.sec, s->time.sec);
			cr_assert_eq(f.time.nsec, s->time.nsec);
			cr_assert_eq(f.close, s->close);
			cr_assert_eq(f.log_esc, g.log_esc);
		} else {
			cr_assert(!full || !simple_form(line, &g), "%s line scan left a simple line: %.*s",
				  names[impl], (int)n, line);
		}
		/* the line alone, in a buffer of exactly its bytes */
		cr_assert_eq(scan_lines[impl](line, n, &f, dec), 0, "%s: no newline, yet taken",
			     names[impl]);
		free(dec);
	}
	free(buf);
}

static void check_line_once(const char *line, size_t n);

/* Each line on the SIMD path twice, with the AVX2 chunk walker (where the
 * processor has it) and with the SSE2 one, and on the portable path. */
static void check_line(const char *line, size_t n)
{
	envelope_use_avx2(0);
	check_line_once(line, n);
	envelope_use_avx2(1);
	check_line_once(line, n);
}

static void check_line_once(const char *line, size_t n)
{
	docker_slow s;
	enum docker_verdict v = docker_parse_slow(line, n, &s);
	for (int impl = 0; impl < 2; impl++) {
		docker_line f;
		int ok = scans[impl](line, n, &f);
		cr_assert_eq(ok, v == DOCKER_OK, "%s: fast %d, jansson %d: %.*s", names[impl], ok,
			     (int)v, (int)n, line);
		if (!ok)
			continue;
		const char *bs = memchr(f.log.p, '\\', f.log.n);
		cr_assert_eq(f.log_esc, bs ? (size_t)(bs - f.log.p) : f.log.n, "%s: %.*s",
			     names[impl], (int)n, line);
		char *dec = malloc(f.log.n + 1);
		for (int u = 0; u < 2; u++) {
			size_t dn = unescapes[u](f.log.p, f.log.n, dec);
			cr_assert_eq(dn, s.log.n, "%s/%s: %.*s", names[impl], names[u], (int)n, line);
			cr_assert(memcmp(dec, s.log.p, dn) == 0, "%s/%s: %.*s", names[impl],
				  names[u], (int)n, line);
		}
		free(dec);
		cr_assert_eq(f.time.sec, s.time.sec);
		cr_assert_eq(f.time.nsec, s.time.nsec);
		cr_assert_eq(f.close, s.close);
	}
	check_line_scan(line, n, v, &s);
	/* the one-pass scan-and-decode: the same verdict, the same message */
	for (int impl = 0; impl < 2; impl++) {
		docker_line f;
		char *dec = malloc(n + 1);
		int ok = scan_decs[impl](line, n, &f, dec);
		cr_assert_eq(ok, v == DOCKER_OK, "%s decode: fast %d, jansson %d: %.*s", names[impl],
			     ok, (int)v, (int)n, line);
		if (ok) {
			cr_assert_eq(f.msg.n, s.log.n, "%s decode: %.*s", names[impl], (int)n, line);
			cr_assert(memcmp(f.msg.p, s.log.p, f.msg.n) == 0, "%s decode: %.*s",
				  names[impl], (int)n, line);
			cr_assert_eq(f.close, s.close);
		}
		free(dec);
	}
	docker_slow_release(&s);
}

/* a log body of pad plain bytes, the special, then tail: the special's
 * first byte lands on every offset of the first three 16-byte blocks and
 * the first two 64-byte chunks (and the line ends at every distance after
 * them) */
Test(envelope_blocks, every_special_at_every_offset)
{
	static const char *const tails[] = {"", "\\n", "abc\\n", "0123456789abcdef0123\\n"};
	char line[512], xs[160];
	memset(xs, 'x', sizeof xs);
	for (size_t sp = 0; sp < sizeof specials / sizeof *specials; sp++) {
		for (size_t pad = 0; pad <= 140; pad++) {
			for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
				size_t n = (size_t)snprintf(line, sizeof line, "{\"log\":\"%.*s%s%s\"",
							    (int)pad, xs, specials[sp], tails[t]);
				n += (size_t)snprintf(line + n, sizeof line - n,
						      ",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.1Z\"}");
				check_line(line, n);
			}
		}
	}
}

/* runs of 1..40 backslashes, then a quote, at every offset: an odd run
 * escapes the quote, an even one ends the string there */
Test(envelope_blocks, backslash_runs_across_blocks)
{
	char line[512], ys[160];
	memset(ys, 'y', sizeof ys);
	for (size_t pad = 0; pad <= 140; pad++) {
		for (size_t run = 1; run <= 40; run++) {
			size_t n = (size_t)snprintf(line, sizeof line, "{\"log\":\"%.*s", (int)pad, ys);
			memset(line + n, '\\', run);
			n += run;
			n += (size_t)snprintf(line + n, sizeof line - n,
					      "\"z\\n\",\"time\":\"2024-05-30T12:34:56Z\"}");
			check_line(line, n);
		}
	}
}

/* the line cut short at every byte: nothing reads past the end */
Test(envelope_blocks, every_truncation)
{
	static const char full[] =
		"{\"log\":\"0123456789abc\\\"de\\u00e9\xe4\xb8\xad\\\\x\\ud83d\\ude00 and a long enough "
		"tail to cross blocks\\n\",\"stream\":\"stderr\",\"attrs\":{\"k\":\"v\\u003c\"},"
		"\"time\":\"2024-05-30T12:34:56.123456789Z\"}";
	for (size_t n = 0; n <= sizeof full - 1; n++) {
		char *line = malloc(n ? n : 1); /* exactly n bytes: ASan sees an over-read */
		memcpy(line, full, n);
		check_line(line, n);
		free(line);
	}
}

/* A line ending in a backslash, its last byte at the end of a page whose
 * next page is unmapped: at every length, so the backslash lands on every
 * offset of a block, no scanner reads the byte after it (a read there is
 * a crash, in any build; fuzz_docker found one). */
Test(envelope_blocks, backslash_at_the_very_end_reads_nothing_after)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	cr_assert(map != MAP_FAILED);
	cr_assert_eq(mprotect(map + pg, (size_t)pg, PROT_NONE), 0);
	for (int avx2 = 0; avx2 <= 1; avx2++) {
		envelope_use_avx2(avx2);
		for (size_t n = 9; n <= 200; n++) {
			char *line = map + pg - n;
			memcpy(line, "{\"log\":\"", 8);
			memset(line + 8, '~', n - 9);
			line[n - 1] = '\\';
			for (int impl = 0; impl < 2; impl++) {
				docker_line f;
				char dec[256];
				cr_assert_not(scans[impl](line, n, &f));
				cr_assert_not(scan_decs[impl](line, n, &f, dec));
				cr_assert_eq(scan_lines[impl](line, n, &f, dec), 0);
			}
		}
	}
	munmap(map, (size_t)pg * 2);
}

/* splitmix64 mutations of long lines: both paths agree on every field */
static uint64_t rng_state = 0x243f6a8885a308d3ULL;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(envelope_blocks, mutated_long_lines_agree)
{
	static const char junk[] = "\"\\u0dD8\x80\xc3\xa9\xff\x01 nZ";
	char line[512];
	long accepted = 0;
	for (int i = 0; i < 100000; i++) {
		size_t body = 20 + rnd() % 200;
		size_t n = (size_t)snprintf(line, sizeof line, "{\"log\":\"");
		for (size_t k = 0; k < body; k++) {
			unsigned r = (unsigned)(rnd() % 16);
			line[n++] = r == 0 ? '\\' : r == 1 ? '"' : (char)('a' + r);
			if (r == 0)
				line[n++] = "\"\\/bfnrt"[rnd() % 8];
			if (r == 1) /* keep the quote escaped: a canonical line */
				line[n - 1] = '\\', line[n++] = '"';
		}
		n += (size_t)snprintf(line + n, sizeof line - n,
				      "\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}");
		unsigned edits = (unsigned)(rnd() % 3);
		for (unsigned e = 0; e < edits; e++)
			line[8 + rnd() % body] = junk[rnd() % (sizeof junk - 1)];
		check_line(line, n);
		docker_line f;
		accepted += docker_scan(line, n, &f);
	}
	cr_assert_gt(accepted, 10000);
	cr_assert_gt(line_scans_taken, 2 * 10000); /* simple form, stdout: on both paths */
}
