/* registry.h — the table of timestamp families, the order they are tried
 * in (--format, user formats first), and the per-stream memory of which
 * family matched last for each shape of message, so a stream of one
 * format, or of several that look different, pays for one locator. */
#ifndef TSNORM_REGISTRY_H
#define TSNORM_REGISTRY_H

#include "stamp.h"

#define TSN_MAX_FORMATS 64
#define TSN_DEFAULT_JSON_KEYS 5

extern const char *const tsn_default_json_keys[TSN_DEFAULT_JSON_KEYS];

/* locators of the core families (finder.c) */
int json_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		tsn_stamp *out);
int rfc3339_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		   tsn_stamp *out);
int golog_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		 tsn_stamp *out);
int logfmt_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		  tsn_stamp *out);

/* The built-in families in their default order. */
size_t tsn_builtin_count(void);
const tsn_format_def *tsn_builtin(size_t i);

typedef struct tsn_registry {
	const tsn_format_def *order[TSN_MAX_FORMATS];
	size_t n;
	int json;                  /* index of "json" in order, or -1 */
	/* for each TSN_START_* class (by bit number), the indices in order
	 * of the families a message starting with it may match: the search
	 * walks only these */
	unsigned char by_start[7][TSN_MAX_FORMATS];
	unsigned char n_by_start[7];
} tsn_registry;

/* A stream's memory: for each message shape, the index in order of the
 * family that last found a stamp in a message of that shape, or -1.  The
 * shape is three things the common stamps differ in: the class of the
 * first byte (TSN_START_*), what byte 4 is (a digit, '-', '/', anything
 * else or none: "2024-", "2024/", "10.1.", "time=") and whether byte 10
 * is 'T' ("2024-05-30T" against "2024-05-30 "). */
#define TSN_MEMO_SHAPES (7 * 4 * 2)
typedef struct tsn_memo {
	int last[TSN_MEMO_SHAPES];
} tsn_memo;

/* Empties the memory (every shape -1). */
void tsn_memo_init(tsn_memo *m);
/* The slot of msg's shape in m->last. */
int *tsn_memo_slot(tsn_memo *m, const char *msg, size_t n);

/* names: a comma-separated list choosing and ordering the families (built-in
 * or user-defined names), or NULL for all of them, user formats first.
 * Returns 0, or -1 with err naming the unknown or repeated name. */
int tsn_registry_init(tsn_registry *r, const char *names, const tsn_format_def *const *user,
		      size_t n_user, char *err, size_t errlen);

/* Finds the message's stamp: the family the memory holds for the
 * message's shape (the stream's last match on such a message) first, then
 * the rest in order; "json" always first, and a complete JSON object
 * without a time member ends the search (its strings are data).  Returns
 * the index in r->order of the family that matched (and remembers it for
 * the shape), or -1. */
int tsn_registry_find(const tsn_registry *r, tsn_memo *memo, const char *msg, size_t n,
		      const tsn_parse_ctx *c, tsn_stamp *out);

struct tsn_zone;
/* A zone-less stamp to UTC (z NULL: UTC): its abbreviation when the zone knows it ("CET"
 * in Europe/Berlin), else its civil time read in the zone. */
void tsn_stamp_to_utc(tsn_stamp *st, const struct tsn_zone *z);

#endif
