/* sink.h — the end of the pipeline when records are not simply written as
 * they come: the time window (--since/--until/--around), the output formats
 * (json, Loki push bodies, a text timeline) and the per-source incident
 * statistics.  Takes tsn_rec records from a pipeline or from the merge. */
#ifndef TSNORM_SINK_H
#define TSNORM_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "origin.h"
#include "out.h"
#include "record.h"
#include "registry.h"
#include "stats.h"

enum tsn_output { TSN_OUT_JSON, TSN_OUT_LOKI, TSN_OUT_TEXT };

typedef struct tsn_sink_config {
	enum tsn_output output;
	int color;               /* text: ANSI colours */
	size_t batch_lines;      /* loki: entries per push body (--batch-lines) */
	size_t batch_bytes;      /* loki: bytes per push body (--batch-bytes) */
	int has_since, has_until;
	tsn_time since, until;   /* keep keys in [since, until) */
	int stats;               /* keep per-source statistics */
	int64_t max_skew_ns;     /* for the histogram's bands */
} tsn_sink_config;

/* The skew bands of --stats' histogram, by magnitude, T being --max-skew:
 * [0, T/3], (T/3, T], then (T, 10T/3], (10T/3, 100T/3], (100T/3, 1000T/3]
 * and beyond (1 ms, 3 ms, 10 ms, 100 ms, 1 s at the default 3 ms); the
 * line at T is the flag itself, exact to the nanosecond. */
#define TSN_SKEW_BANDS 6
/* The upper edge of band b in microseconds (b < TSN_SKEW_BANDS - 1). */
int64_t sink_band_edge_us(int64_t max_skew_ns, int b);

/* What the sink knows of one input (a file, or a rotated family under
 * --merge). */
typedef struct tsn_sink_input {
	char name[64];           /* shown in the text timeline and the summary */
	char *labels;            /* loki: "k":"v",... without the stream, or NULL */
	size_t labels_n;
	tsn_stats *st;           /* --stats: this input's records (kept ones) */
	int has_first;
	tsn_time first, last;    /* the earliest and latest time kept */
	const char *const *paths; /* its files, oldest first */
	size_t n_paths;
	uint64_t hist[2][TSN_SKEW_BANDS]; /* skews by sign (0: >= 0) and band */
} tsn_sink_input;

typedef struct tsn_sink tsn_sink;

/* fd: where the output goes.  n_inputs: how many inputs there will be. */
tsn_sink *sink_new(const tsn_sink_config *c, int fd, size_t n_inputs);
void sink_free(tsn_sink *s);
/* Input i's display name and labels (origin: its path labels, or NULL;
 * static: the --label labels). */
int sink_set_input(tsn_sink *s, int i, const char *name, const tsn_origin *origin,
		   const tsn_origin *statics);
int sink_set_paths(tsn_sink *s, int i, const char *const *paths, size_t n);
/* A record (a tsn_rec_fn; ctx is the sink). */
void sink_record(void *ctx, const tsn_rec *r);
/* The input would block: close the open batch and write what is buffered. */
void sink_idle(void *ctx);
/* The end: closes the batch and flushes.  Returns 0 or -1 (see sink_out). */
int sink_finish(tsn_sink *s);
tsn_out *sink_out(tsn_sink *s);
/* Records dropped by the window; push bodies written (loki). */
uint64_t sink_dropped(const tsn_sink *s);
uint64_t sink_batches(const tsn_sink *s);
/* Has every later record of a time-ordered stream fallen past --until? */
int sink_past_window(const tsn_sink *s, const tsn_rec *r);
tsn_sink_input *sink_input(tsn_sink *s, int i);
size_t sink_n_inputs(const tsn_sink *s);

#endif
