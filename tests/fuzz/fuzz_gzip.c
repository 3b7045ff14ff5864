/* fuzz_gzip.c — libFuzzer harness for the gzip source: corrupt, truncated
 * and concatenated streams read through a pipe end without a crash or a
 * hang, every byte returned before the damage is reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/tsnorm-fuzz-gz-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	/* a gzip magic in front half of the time, so inflate is reached */
	if (size && (data[0] & 1) && write(fd, "\x1f\x8b", 2) != 2)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	tsn_source s;
	if (source_open(&s, path, 4096))
		abort();
	static char buf[1 << 16];
	size_t total = 0;
	for (;;) {
		ssize_t r = source_read(&s, buf, sizeof buf);
		if (r <= 0)
			break;
		total += (size_t)r;
		if (total > (size_t)1 << 30)
			abort(); /* a decompression bomb would be a hang here */
	}
	source_close(&s);
	unlink(path);
	return 0;
}
