/* pipeline.h — the per-line path: framer -> envelope -> finder -> judge ->
 * sink, with the configuration every stage reads. */
#ifndef TSNORM_PIPELINE_H
#define TSNORM_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "formats.h"
#include "out.h"
#include "source.h"
#include "stats.h"

typedef struct tsn_config {
	int64_t max_skew_ns;     /* --max-skew */
	size_t max_line;         /* --max-line */
	int time_string;         /* --time-string: also write "__time" */
	tsn_find_opts find;      /* --tz */
	int no_fast_path;        /* tests only: every line through jansson */
} tsn_config;

typedef struct tsn_pipeline {
	const tsn_config *cfg;
	tsn_out out;
	tsn_stats st;
	char *buf;               /* framer buffer: max_line + one read */
	size_t cap;
	char *scratch;           /* decoded message, at most max_line */
} tsn_pipeline;

int pipeline_init(tsn_pipeline *p, const tsn_config *cfg, int out_fd);
void pipeline_free(tsn_pipeline *p);
/* Reads s to its end.  Returns 0, or -1 if the input was damaged or
 * unreadable (s->err says why; everything before it was processed). */
int pipeline_run(tsn_pipeline *p, tsn_source *s);
/* One line without its newline: writes exactly one output line. */
void pipeline_line(tsn_pipeline *p, const char *line, size_t n);

#endif
