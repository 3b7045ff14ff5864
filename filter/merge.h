/* merge.h — --merge: every input read at once, records written in time
 * order by a heap over each input's next record.  Rotated siblings of one
 * log are one input, read oldest first.  Memory: one pipeline (framer
 * buffer, joins, one record) per input, so inputs x --max-line. */
#ifndef TSNORM_MERGE_H
#define TSNORM_MERGE_H

#include <stddef.h>

#include "pipeline.h"
#include "progress.h"
#include "sink.h"

/* A family of rotated files: paths[0] is the oldest. */
typedef struct tsn_family {
	const char **paths;
	size_t n;
} tsn_family;

/* Splits paths into families of rotated siblings (same directory, same
 * name once a rotation suffix is taken off: Docker's .N and .N.gz, the
 * kubelet's .YYYYMMDD-HHMMSS and .gz after it), each ordered oldest first
 * (Docker: the highest N; the kubelet: the earliest stamp; the live file
 * last), the families in the order their first member was named.  fams
 * must hold n entries and order n pointers.  Returns the family count. */
size_t merge_families(const char *const *paths, size_t n, tsn_family *fams, const char **order);

typedef struct tsn_merge_opts {
	const tsn_config *cfg;
	int source_labels;       /* add path labels */
	int quiet;
	tsn_progress *progress;  /* told of files opened and closed, ticked */
} tsn_merge_opts;

/* Merges the families into sink.  Adds every pipeline's counters to st.
 * Returns 0, 2 if an input was damaged or unreadable, or -1 when memory ran
 * out. */
int merge_run(const tsn_family *fams, size_t n, const tsn_merge_opts *o, tsn_sink *sink,
	      tsn_stats *st);

#endif
