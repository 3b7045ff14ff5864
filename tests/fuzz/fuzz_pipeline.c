/* fuzz_pipeline.c — libFuzzer harness for the whole per-line path: the
 * input's first byte picks the options (--input mode, --no-join,
 * --time-string, --annotate, a small --max-line), the rest is split into
 * lines.  Property: every line comes out, or was joined into another one
 * (lines out + pieces joined == lines in), and nothing crashes. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static int devnull = -1;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY);
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
	if (pipeline_init(&p, &cfg, devnull))
		abort();
	const char *s = (const char *)data + 1;
	size_t n = size - 1, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			if (i > start || i < n)
				pipeline_line(&p, s + start, i - start);
			start = i + 1;
		}
	}
	pipeline_flush_joins(&p);
	out_flush(&p.out);
	if (p.st.lines_out + p.st.pieces_joined != p.st.lines_in)
		abort();
	pipeline_free(&p);
	return 0;
}
