/* fuzz_gzip.c — libFuzzer harness for the gzip source, differential.  The
 * first input byte is an option (bit 0: put gzip's magic in front of the
 * rest, so inflate is reached even from random bytes); the rest is written
 * to a file and read through source_read, and compared with a plain zlib
 * reading of the same file:
 *  - not gzip (no magic at the start): every byte comes out as it is, no
 *    damage;
 *  - gzip that zlib reads member after member to the very end: exactly
 *    zlib's bytes come out, no damage;
 *  - anything else (corrupt, truncated, trailing garbage): damage is
 *    reported, and what came out before it agrees with what zlib decoded.
 * And no crash, hang or decompression bomb. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "source.h"

typedef struct bytes {
	unsigned char *p;
	size_t n, cap;
} bytes;

static void reserve(bytes *b, size_t more)
{
	if (b->n + more > b->cap) {
		b->cap = (b->n + more) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
}

/* zlib's reading: 1 when the whole input is one or more complete gzip
 * members, 0 otherwise; out gets everything inflate produced. */
static int reference(const unsigned char *in, size_t n, bytes *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		abort();
	size_t pos = 0;
	int ok = 0;
	for (;;) {
		if (n - pos < 2 || in[pos] != 0x1f || in[pos + 1] != 0x8b)
			break;
		inflateReset(&z);
		z.next_in = (unsigned char *)in + pos;
		z.avail_in = (uInt)(n - pos);
		int rc;
		do {
			reserve(out, 65536);
			z.next_out = out->p + out->n;
			z.avail_out = 65536;
			rc = inflate(&z, Z_NO_FLUSH);
			out->n += 65536 - z.avail_out;
		} while (rc == Z_OK);
		pos = n - z.avail_in;
		if (rc != Z_STREAM_END)
			break;
		if (pos == n) {
			ok = 1;
			break;
		}
	}
	inflateEnd(&z);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bytes file = {0}, ref = {0}, got = {0};
	reserve(&file, size + 2);
	if (data[0] & 1) {
		memcpy(file.p, "\x1f\x8b", 2);
		file.n = 2;
	}
	memcpy(file.p + file.n, data + 1, size - 1);
	file.n += size - 1;

	char path[] = "/tmp/tsnorm-fuzz-gz-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	if (file.n && write(fd, file.p, file.n) != (ssize_t)file.n)
		abort();
	close(fd);
	tsn_source s;
	if (source_open(&s, path, 4096))
		abort();
	static char buf[1 << 16];
	int damaged = 0;
	for (;;) {
		ssize_t r = source_read(&s, buf, sizeof buf);
		if (r < 0)
			damaged = 1;
		if (r <= 0)
			break;
		reserve(&got, (size_t)r);
		memcpy(got.p + got.n, buf, (size_t)r);
		got.n += (size_t)r;
		if (got.n > (size_t)1 << 30)
			abort(); /* a decompression bomb would be a hang here */
	}
	source_close(&s);
	unlink(path);

	int gz = file.n >= 2 && file.p[0] == 0x1f && file.p[1] == 0x8b;
	if (!gz) {
		if (damaged || got.n != file.n || (got.n && memcmp(got.p, file.p, got.n) != 0))
			abort(); /* plain bytes must pass untouched */
	} else if (reference(file.p, file.n, &ref)) {
		if (damaged || got.n != ref.n || (got.n && memcmp(got.p, ref.p, got.n) != 0))
			abort(); /* sound gzip: exactly zlib's bytes, no damage */
	} else {
		size_t k = got.n < ref.n ? got.n : ref.n;
		if (!damaged || (k && memcmp(got.p, ref.p, k) != 0))
			abort(); /* damage must be reported; what came before agrees */
	}
	free(file.p);
	free(ref.p);
	free(got.p);
	return 0;
}
