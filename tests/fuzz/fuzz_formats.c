/* fuzz_formats.c — libFuzzer harness for every timestamp family: the whole
 * registry searches the input as a message (no crash, no read past it);
 * an RFC 3339 stamp that parses, written back with nine digits and parsed
 * again, is the same instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tsn_registry r;
	static int ready;
	char err[128];
	if (!ready) {
		if (tsn_registry_init(&r, NULL, NULL, 0, err, sizeof err))
			abort();
		ready = 1;
	}
	/* an exact-size copy, so any read past the message is caught */
	char *m = malloc(size ? size : 1);
	memcpy(m, data, size);
	tsn_time ref = {.sec = 1717072496, .nsec = 0, .prec = 1};
	tsn_parse_ctx c = {.ref = &ref, .json_keys = tsn_default_json_keys,
			   .n_json_keys = TSN_DEFAULT_JSON_KEYS};
	tsn_stamp st;
	int memo = -1;
	int k = tsn_registry_find(&r, &memo, m, size, &c, &st);
	if (k >= 0 && (st.t.nsec < 0 || st.t.nsec >= 1000000000 || st.t.prec < 1))
		abort();
	tsn_time t, u;
	if (rfc3339_parse_exact(m, size, &t) > 0) {
		char buf[32];
		size_t w = tsn_format_rfc3339nano(&t, buf);
		if (w && (rfc3339_parse_exact(buf, w, &u) <= 0 || u.sec != t.sec || u.nsec != t.nsec))
			abort();
	}
	free(m);
	return 0;
}
