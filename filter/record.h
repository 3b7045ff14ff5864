/* record.h — one output record as the pipeline hands it to a sink: the
 * bytes of the default JSON output, the message, the normalized time and
 * the verdict.  Every pointer is valid only during the sink call. */
#ifndef TSNORM_RECORD_H
#define TSNORM_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "tstime.h"

typedef struct tsn_rec {
	const char *bytes;       /* the record as --output json writes it,
				    its newline included when it ends a line */
	size_t n;
	const char *msg;         /* the message without its final newline: the
				    decoded log for Docker/CRI/raw, the message
				    key's value of another object, else the line */
	size_t msg_n;
	int input;               /* the input's index (files in command-line order;
				    a rotated family counts as one under --merge) */
	int stream;              /* 0 stdout, 1 stderr, 2 none or other */
	int fmt;                 /* registry index of the app stamp's family,
				    TSN_REC_OBJECT (an object's own time key),
				    TSN_REC_RUNTIME (runtime time used), or
				    TSN_REC_NONE (no time: written unchanged) */
	int has_skew, flagged;
	int64_t skew_us;         /* app - runtime, rounded to the microsecond */
	tsn_time t;              /* the record's own time (fmt != TSN_REC_NONE) */
	int has_key;             /* key is set: the own time, else the time of
				    the last record of the same input that had one */
	tsn_time key;            /* what --merge orders by and windows compare */
	int piece;               /* one piece of a line over --max-line */
} tsn_rec;

#define TSN_REC_NONE (-1)
#define TSN_REC_OBJECT 1000
#define TSN_REC_RUNTIME 1001

typedef void (*tsn_rec_fn)(void *ctx, const tsn_rec *r);

static inline int tsn_time_cmp(const tsn_time *a, const tsn_time *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	return (a->nsec > b->nsec) - (a->nsec < b->nsec);
}

#endif
