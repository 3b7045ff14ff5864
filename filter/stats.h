/* stats.h — what --stats reports: counters by kind and a bounded,
 * log-linear histogram of skew (relative error under 3.2 %), so memory
 * never grows with the input.  Observes records; never changes one. */
#ifndef TSNORM_STATS_H
#define TSNORM_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "registry.h"

#define TSN_HIST_BUCKETS 1920

enum tsn_pass {          /* why a line was written unchanged */
	PASS_TEXT,           /* does not start with '{' */
	PASS_EMPTY,
	PASS_BAD_JSON,       /* starts with '{' but is not valid JSON */
	PASS_NOT_DOCKER,     /* --input docker: a JSON object without Docker's fields */
	PASS_NO_TIME,        /* a JSON object with no time found (nor a runtime key) */
	PASS_DONE,           /* already carries __time_ms */
	PASS_OVERSIZE,       /* longer than --max-line */
	PASS_COUNT
};

typedef struct tsn_stats {
	uint64_t lines_in, lines_out;
	uint64_t docker_fast, docker_slow;
	uint64_t cri, raw;
	uint64_t json_objects;         /* other JSON objects that got a time */
	uint64_t pieces_joined;        /* pieces appended to an earlier one */
	uint64_t joins_cut;            /* joins written early at --max-line */
	uint64_t utf8_replaced;        /* invalid UTF-8 bytes written as U+FFFD */
	uint64_t found_object;         /* a JSON object line's own time key */
	uint64_t pass[PASS_COUNT];
	uint64_t unterminated;         /* last line of an input had no newline */
	uint64_t found[TSN_MAX_FORMATS]; /* by index in the registry's order */
	uint64_t runtime_used;         /* no stamp found: the runtime time */
	uint64_t zone_learned;         /* --tz auto: streams whose offset was learned */
	struct tsn_learned {
		const char *input;
		int stream;            /* 0 stdout, 1 stderr, 2 other */
		int32_t offset;
	} learned[32];
	uint64_t flagged;
	uint64_t skews;
	int64_t skew_min_us, skew_max_us;
	uint64_t neg[TSN_HIST_BUCKETS], pos[TSN_HIST_BUCKETS];
	uint64_t inputs, inputs_bad;
	uint64_t bytes_in;
} tsn_stats;

void stats_init(tsn_stats *s);
void stats_skew(tsn_stats *s, int64_t skew_us);
/* Adds src's counts and histogram to dst (learned zones: as many as fit). */
void stats_add(tsn_stats *dst, const tsn_stats *src);
/* Approximate q-quantile (0..1) of the recorded skews, in microseconds. */
int64_t stats_quantile(const tsn_stats *s, double q);
/* The same over the magnitude |skew|, for the tail whichever its sign. */
int64_t stats_quantile_abs(const tsn_stats *s, double q);
void stats_report(const tsn_stats *s, FILE *f, int64_t max_skew_ns, const tsn_registry *r);

#endif
