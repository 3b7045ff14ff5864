/* stamp.h — the contract between the finder and every timestamp family:
 * what a locator is given, what it hands back, and the registry entry that
 * names it.  Locators are pure functions over (msg, len): no allocation, no
 * global state, no I/O. */
#ifndef TSNORM_STAMP_H
#define TSNORM_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "tstime.h"

/* What a locator hands back. */
typedef struct tsn_stamp {
	tsn_time t;        /* UTC; when zoneless, the local civil time counted as if UTC */
	int zoneless;      /* the text carried no zone: the caller applies --tz */
	const char *abbr;  /* zone abbreviation as written ("MST"), or NULL; set only */
	size_t abbr_len;   /* together with zoneless = 1: the caller resolves it */
} tsn_stamp;

/* What a locator is given besides the message. */
typedef struct tsn_parse_ctx {
	const tsn_time *ref;  /* the runtime's time for this line, or NULL; years
	                         missing from the text are inferred from it */
	int64_t now_sec;      /* the reference when ref is NULL (wall clock) */
	const char *const *json_keys; /* keys holding the time in JSON messages */
	size_t n_json_keys;
} tsn_parse_ctx;

struct tsn_format_def;

/* Finds its family's stamp wherever that family writes it in a message and
 * parses it: 1 and *out filled, or 0.  self gives access to per-format data
 * (user formats: the compiled regex). */
typedef int (*tsn_locate_fn)(const struct tsn_format_def *self, const char *msg, size_t n,
			     const tsn_parse_ctx *c, tsn_stamp *out);

/* What a message may start with for a family to match it: the search
 * skips a family whose set does not hold the message's first byte's class
 * (0 means any byte). */
enum {
	TSN_START_DIGIT = 1,   /* 0-9 */
	TSN_START_UPPER = 2,   /* A-Z */
	TSN_START_LT = 4,      /* '<' (syslog PRI) */
	TSN_START_BRACKET = 8, /* '[' */
	TSN_START_BRACE = 16,  /* '{' */
	TSN_START_SPACE = 32,  /* ' ', '\t' */
	TSN_START_OTHER = 64,  /* anything else, and the empty message */
};

typedef struct tsn_format_def {
	const char *name;      /* "rfc3339", "klog", …: --format and --annotate */
	const char *example;   /* a message this format recognises: --list-formats */
	tsn_locate_fn locate;
	const void *data;      /* per-format data, or NULL */
	unsigned starts;       /* TSN_START_* set, or 0 for any */
} tsn_format_def;

/* The year for a stamp written without one (klog, RFC 3164): the year that
 * puts the local time month/day h:m:s nearest the reference instant, of the
 * reference's year and its neighbours (so a Dec 31 stamp received on Jan 1
 * belongs to the previous year).  -1 if no candidate is a real date. */
int64_t tsn_infer_year(const tsn_parse_ctx *c, int month, int day, int h, int mi, int s);

/* Local civil seconds (as if UTC) for a date and time; no range checks. */
static inline int64_t tsn_civil_secs(int64_t y, int mo, int d, int h, int mi, int s)
{
	return civil_to_days(y, mo, d) * 86400 + (int64_t)h * 3600 + mi * 60 + s;
}

#endif
