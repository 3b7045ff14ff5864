/* fuzz_pipeline.c — libFuzzer harness for the whole per-line path: the
 * input's first byte picks the options (--input mode, --no-join,
 * --time-string, --annotate, a small --max-line, the jansson-only path),
 * the rest is split into lines and fed one at a time; the output goes to
 * a memory file and is read back after every line.  Properties:
 *  - the output has exactly as many lines as the pipeline counts, and
 *    lines out + pieces joined == lines in (with --no-join: one line out
 *    for every line in);
 *  - a line the pipeline counts as written unchanged comes out byte for
 *    byte as it went in;
 *  - with --no-join, every other line comes out either as the input with
 *    fields inserted (",\"__time_ms\":..." between a prefix and the rest
 *    of the input) or as a record tsnorm built ({"log":"...}).
 * And nothing crashes, leaks or reads out of bounds (ASan, UBSan). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pipeline.h"

static char *got;      /* what the last line wrote */
static size_t got_n, got_cap;
static off_t read_off; /* how much of the memory file was read */

static void take_output(tsn_pipeline *p, int fd)
{
	if (out_flush(&p->out))
		abort();
	off_t end = lseek(fd, 0, SEEK_END);
	got_n = (size_t)(end - read_off);
	if (got_n + 1 > got_cap) {
		got_cap = got_n + 1;
		got = realloc(got, got_cap);
	}
	if (got_n && pread(fd, got, got_n, read_off) != (ssize_t)got_n)
		abort();
	read_off = end;
}

static size_t newlines(const char *b, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += b[i] == '\n';
	return k;
}

static uint64_t passed(const tsn_stats *st)
{
	uint64_t k = 0;
	for (int i = 0; i < PASS_COUNT; i++)
		k += st->pass[i];
	return k;
}

/* out (one line, without its newline) is in with fields inserted at some
 * point k: in[0..k) ",\"__time_ms\":..." in[k..n). */
static int inserted(const char *out, size_t on, const char *in, size_t n)
{
	static const char mark[] = ",\"__time_ms\":";
	if (on <= n)
		return 0;
	for (size_t k = 0; k <= n; k++) {
		if (memcmp(out + k, mark, sizeof mark - 1) == 0 && memcmp(out, in, k) == 0 &&
		    memcmp(out + on - (n - k), in + k, n - k) == 0)
			return 1;
		if (k < n && out[k] != in[k])
			return 0;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("fuzz_pipeline", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	read_off = 0;
	uint8_t opt = data[0];
	tsn_config cfg = {
		.max_skew_ns = 3000000,
		.max_line = (opt & 0x40) ? 256 : 1 << 16,
		.input = (enum tsn_input)(opt % 5),
		.no_join = (opt >> 3) & 1,
		.time_string = (opt >> 4) & 1,
		.annotate = (opt >> 5) & 1,
		.no_fast_path = (opt >> 7) & 1,
	};
	tsn_pipeline p;
	if (pipeline_init(&p, &cfg, fd))
		abort();
	const char *s = (const char *)data + 1;
	size_t n = size - 1, start = 0, total_out = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			if (i > start || i < n) {
				const char *line = s + start;
				size_t len = i - start;
				uint64_t pass0 = passed(&p.st);
				pipeline_line(&p, line, len);
				take_output(&p, fd);
				size_t k = newlines(got, got_n);
				total_out += k;
				if (got_n && got[got_n - 1] != '\n')
					abort(); /* half a line written */
				if (cfg.no_join && k != 1)
					abort();
				if (passed(&p.st) != pass0) {
					/* written unchanged: the last line out is this one */
					if (got_n < len + 1 ||
					    memcmp(got + got_n - len - 1, line, len) != 0 ||
					    (got_n > len + 1 && got[got_n - len - 2] != '\n'))
						abort();
				} else if (cfg.no_join) {
					size_t on = got_n - 1;
					int built = on >= 9 && memcmp(got, "{\"log\":\"", 8) == 0 &&
						    got[on - 1] == '}';
					if (!built && !inserted(got, on, line, len))
						abort();
				}
			}
			start = i + 1;
		}
	}
	pipeline_flush_joins(&p);
	take_output(&p, fd);
	if (got_n && got[got_n - 1] != '\n')
		abort();
	total_out += newlines(got, got_n);
	if (total_out != p.st.lines_out || p.st.lines_out + p.st.pieces_joined != p.st.lines_in)
		abort();
	pipeline_free(&p);
	return 0;
}
