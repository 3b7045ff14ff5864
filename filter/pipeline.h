/* pipeline.h — the per-line path: framer -> envelope -> finder -> judge ->
 * sink, with the configuration every stage reads. */
#ifndef TSNORM_PIPELINE_H
#define TSNORM_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "zone.h"
#include "out.h"
#include "source.h"
#include "stats.h"

typedef struct tsn_config {
	int64_t max_skew_ns;     /* --max-skew */
	size_t max_line;         /* --max-line */
	int time_string;         /* --time-string: also write "__time" */
	int annotate;            /* --annotate: also write "__ts_format" */
	const tsn_registry *reg; /* the families to try (--format, --formats-file);
	                            NULL: every built-in */
	const tsn_zone *zone;    /* --tz for zone-less stamps; NULL: UTC */
	int tz_auto;             /* --tz auto: learn each stream's offset */
	const char *const *json_keys; /* time keys of JSON messages (--app-key);
	                                 NULL: tsn_default_json_keys */
	size_t n_json_keys;
	int no_fast_path;        /* tests only: every line through jansson */
} tsn_config;

/* What tsnorm remembers per stream (input x stdout/stderr/other). */
typedef struct tsn_stream_state {
	int memo;                /* registry index of the last match, or -1 */
	int zone_have;           /* --tz auto: a candidate offset exists */
	int zone_locked;         /* ... confirmed by enough lines */
	int zone_votes;
	int32_t zone_off;
} tsn_stream_state;

typedef struct tsn_pipeline {
	const tsn_config *cfg;
	tsn_out out;
	tsn_stats st;
	char *buf;               /* framer buffer: max_line + one read */
	size_t cap;
	char *scratch;           /* decoded message, at most max_line */
	const char *input;       /* the current input's name, for --stats */
	tsn_stream_state streams[3];
	int64_t now_sec;         /* reference for year-less stamps without runtime time */
	tsn_registry own_reg;    /* used when cfg->reg is NULL: every built-in */
	const tsn_registry *reg;
} tsn_pipeline;

int pipeline_init(tsn_pipeline *p, const tsn_config *cfg, int out_fd);
void pipeline_free(tsn_pipeline *p);
/* Forgets the per-stream memory: a new input begins. */
void pipeline_new_input(tsn_pipeline *p, const char *name);
/* Reads s to its end.  Returns 0, or -1 if the input was damaged or
 * unreadable (s->err says why; everything before it was processed). */
int pipeline_run(tsn_pipeline *p, tsn_source *s);
/* One line without its newline: writes exactly one output line. */
void pipeline_line(tsn_pipeline *p, const char *line, size_t n);

#endif
