/* fuzz_docker.c — libFuzzer harness, differential: whatever the zero-copy
 * Docker scanner accepts, jansson must read as a Docker line with the same
 * log, stream and time, and the one-pass scan-and-decode accepts the same
 * lines and decodes the same message; a line the framer's shortcut takes
 * is one the decoder takes alike. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	docker_line f, g, h;
	char *gdec = malloc(size + 1);
	/* the framer's shortcut: a line it takes, docker_scan_decode takes
	 * alike (same message, time and closing brace) */
	size_t taken = docker_scan_line(s, size, &h, gdec);
	if (taken) {
		char *hmsg = malloc(h.msg.n + 1);
		memcpy(hmsg, h.msg.p, h.msg.n);
		if (taken >= size || s[taken] != '\n' || memchr(s, '\n', taken) ||
		    !docker_scan_decode(s, taken, &g, gdec) || g.msg.n != h.msg.n ||
		    memcmp(g.msg.p, hmsg, h.msg.n) != 0 || g.time.sec != h.time.sec ||
		    g.time.nsec != h.time.nsec || g.close != h.close)
			abort();
		free(hmsg);
	}
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
