/* pipeline.h — the per-line path: framer -> envelope -> finder -> judge ->
 * sink, with the configuration every stage reads. */
#ifndef TSNORM_PIPELINE_H
#define TSNORM_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "zone.h"
#include "judge.h"
#include "out.h"
#include "record.h"
#include "source.h"
#include "stats.h"

enum tsn_input {           /* --input: which containers a line may be in */
	TSN_IN_AUTO,           /* Docker, CRI or any JSON object, line by line */
	TSN_IN_DOCKER,
	TSN_IN_CRI,
	TSN_IN_JSON,           /* any JSON object, Docker's included, generically */
	TSN_IN_RAW,            /* the whole line is the message */
};

#define TSN_MAX_KEYS 24

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
	enum tsn_input input;    /* --input */
	const char *runtime_key; /* --runtime-key: a JSON object's runtime time */
	const char *const *message_keys; /* --message-key; NULL: log, message, msg */
	size_t n_message_keys;
	int no_join;             /* --no-join: keep split messages apart */
	const char *labels;      /* --label fields, rendered: ,"k":"v"... */
	size_t labels_n;
	int no_fast_path;        /* tests only: every line through jansson */
} tsn_config;

/* A split message being put back together (one per stdout/stderr). */
enum { JOIN_NONE, JOIN_DOCKER, JOIN_CRI };
typedef struct tsn_join {
	int kind;
	int final;               /* CRI: the F piece arrived */
	char *first;             /* Docker: the first piece's line, whole */
	size_t first_n, body_start, body_end, close;
	char *body;              /* the pieces' log bodies (Docker: escaped; CRI: raw) */
	size_t body_n;
	tsn_time rt;             /* the first piece's runtime time */
	char time_text[48];      /* CRI: the first piece's time as written */
	size_t time_n;
} tsn_join;

/* What tsnorm remembers per stream (input x stdout/stderr/other). */
typedef struct tsn_stream_state {
	tsn_memo memo;           /* per shape: the family of the last match */
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
	char *esc;               /* an escaped message for CRI and raw output */
	const char *origin;      /* the current input's source labels, rendered */
	size_t origin_n;
	tsn_join join[2];        /* stdout, stderr */
	const char *obj_keys[TSN_MAX_KEYS]; /* time keys of a JSON object line */
	size_t n_obj_keys;
	const char *rt_key[1];
	const char *msg_keys[TSN_MAX_KEYS];
	size_t n_msg_keys;
	/* the framer's place in buf, kept between pipeline_pump calls */
	size_t fstart, fend;
	int skipping;            /* inside a line longer than --max-line */
	int ended;               /* the input ended: 1 clean, -1 damaged */
	/* with a sink, out is only a staging buffer: each record is built
	 * there, handed to sink as a tsn_rec, and dropped */
	tsn_rec_fn sink;
	void *sink_ctx;
	const tsn_out *watch;    /* reading stops when this output has failed */
	void (*sink_idle)(void *ctx);
	tsn_rec rec;             /* the record being built */
	tsn_i64_memo ms_memo;    /* __time_ms's leading digits, kept */
	int fast_path;           /* Docker lines may take docker_scan_decode */
	int line_scan;           /* ... and the framer's docker_scan_line */
	int msg_is_line;         /* the record's message is its whole line */
	uint64_t delivered;      /* records handed on (written or to the sink) */
	void (*on_read)(void *ctx); /* after each read (progress), or NULL */
	void *on_read_ctx;
	int input_idx;
	int has_last;            /* last: the time of this input's last timed record */
	tsn_time last;
} tsn_pipeline;

/* out_fd < 0: records go to sink(ctx, rec) instead of being written. */
int pipeline_init(tsn_pipeline *p, const tsn_config *cfg, int out_fd);
/* watch: the output whose failure (a closed pipe, a write error) ends the
 * reading, or NULL for none but out. */
void pipeline_set_sink(tsn_pipeline *p, tsn_rec_fn sink, void (*idle)(void *), void *ctx,
		       const tsn_out *watch);
void pipeline_free(tsn_pipeline *p);
/* A new input begins: writes what the previous one left joined, forgets
 * the per-stream memory; origin is the input's rendered source labels. */
void pipeline_new_input(tsn_pipeline *p, const char *name, const char *origin, size_t origin_n);
/* Reads s until `want` more records have been handed on or s ends.
 * Returns 1 while s may have more, 0 at its end, -1 at its end after
 * damage (s->err says why; everything before it was processed). */
int pipeline_pump(tsn_pipeline *p, tsn_source *s, uint64_t want);
/* Writes every split message still held. */
void pipeline_flush_joins(tsn_pipeline *p);
/* Reads s to its end.  Returns 0, or -1 if the input was damaged or
 * unreadable (s->err says why; everything before it was processed). */
int pipeline_run(tsn_pipeline *p, tsn_source *s);
/* One line without its newline: writes one output line, or (a piece of a
 * split message) holds it until the message is complete. */
void pipeline_line(tsn_pipeline *p, const char *line, size_t n);

#endif
