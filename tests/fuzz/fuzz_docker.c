/* fuzz_docker.c — libFuzzer harness, differential: whatever the zero-copy
 * Docker scanner accepts, jansson must read as a Docker line with the same
 * log, stream and time, and the one-pass scan-and-decode accepts the same
 * lines and decodes the same message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	docker_line f, g;
	char *gdec = malloc(size + 1);
	int fast = docker_scan(s, size, &f);
	/* the one-pass scan-and-decode accepts exactly the same lines */
	if (docker_scan_decode(s, size, &g, gdec) != fast)
		abort();
	if (!fast) {
		free(gdec);
		return 0;
	}
	docker_slow sl;
	if (docker_parse_slow(s, size, &sl) != DOCKER_OK)
		abort();
	if (g.msg.n != sl.log.n || memcmp(g.msg.p, sl.log.p, g.msg.n) != 0)
		abort();
	free(gdec);
	char *dec = malloc(f.log.n + 1);
	size_t dn = json_unescape(f.log.p, f.log.n, dec);
	if (dn != sl.log.n || memcmp(dec, sl.log.p, dn) != 0)
		abort();
	char *sdec = malloc(f.stream.n + 1);
	size_t sn = json_unescape(f.stream.p, f.stream.n, sdec);
	if (sn != sl.stream.n || (sn && memcmp(sdec, sl.stream.p, sn) != 0))
		abort();
	if (f.time.sec != sl.time.sec || f.time.nsec != sl.time.nsec || f.close != sl.close)
		abort();
	free(dec);
	free(sdec);
	docker_slow_release(&sl);
	return 0;
}
