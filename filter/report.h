/* report.h — the incident summary behind --stats (per source, then a
 * histogram of skew) and --stats-json (the same and the totals as JSON). */
#ifndef TSNORM_REPORT_H
#define TSNORM_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "registry.h"
#include "sink.h"
#include "stats.h"

/* Per source: lines, formats seen, skew p50 / p99 of |skew| / the largest,
 * lines flagged, learned zones, first and last time; then the histogram
 * over all sources.  sink NULL: nothing. */
void report_sources(tsn_sink *sink, const tsn_stats *st, FILE *f, int64_t max_skew_ns,
		    const tsn_registry *reg);

/* Writes the totals, the sources and the histogram to path as one JSON
 * object.  Returns 0, or -1 with a message in err. */
int report_json(tsn_sink *sink, const tsn_stats *st, const char *path, int64_t max_skew_ns,
		const tsn_registry *reg, uint64_t regex_hits, char *err, size_t errlen);

#endif
