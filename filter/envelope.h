/* envelope.h — recognising a Docker json-file line and slicing it.
 * docker_scan is the zero-copy fast path for the canonical form Docker
 * writes; docker_parse_slow (jansson) reads any other JSON object.  Both
 * accept exactly the same set of lines as Docker lines and yield the same
 * fields for every line the fast path accepts. */
#ifndef TSNORM_ENVELOPE_H
#define TSNORM_ENVELOPE_H

#include <stddef.h>

#include "tstime.h"

typedef struct tsn_slice {
	const char *p;
	size_t n;
} tsn_slice;

/* What the fast path hands on: slices into the line. */
typedef struct docker_line {
	tsn_slice log;       /* body of the "log" string, escapes intact */
	tsn_slice stream;    /* body of the "stream" string; n == 0 if absent */
	tsn_time time;       /* the runtime's "time", parsed */
	size_t close;        /* offset of the object's closing brace */
	size_t log_esc;      /* offset in log of its first backslash, or log.n */
	tsn_slice msg;       /* log decoded (docker_scan_decode only; else empty) */
} docker_line;

/* The canonical Docker shape, no white space, keys in Docker's order:
 *   {"log":"...","stream":"...","attrs":{"k":"v",...},"time":"..."}
 * with "stream" and "attrs" optional and the brace the last byte.  Every
 * string is checked as strictly as jansson checks it (escapes, control
 * characters, UTF-8, surrogates).  Returns 1 and fills *d, or 0 to decline:
 * a declined line is not necessarily bad, only not canonical. */
int docker_scan(const char *line, size_t n, docker_line *d);

/* docker_scan that also decodes the log body in the same pass: d->msg is
 * the decoded message, in dec (which holds at least n bytes) when the body
 * has an escape, else the body itself.  Accepts exactly what docker_scan
 * accepts. */
int docker_scan_decode(const char *line, size_t n, docker_line *d, char *dec);

/* The framer's shortcut: buf holds avail bytes from the start of a line
 * whose end is not yet known.  When they begin with a Docker line in the
 * commonest form ({"log":"…"[,"stream":"stdout"|"stderr"],"time":"…"}
 * followed by a newline), returns its length without the newline and
 * fills *d as docker_scan_decode(buf, length, d, dec) would (dec holds at
 * least avail bytes); else 0, and the caller finds the line end and takes
 * the general way.  It reads nothing past avail. */
size_t docker_scan_line(const char *buf, size_t avail, docker_line *d, char *dec);

/* The scanners read 64-byte chunks with AVX2 where the processor has it
 * (chosen on first use), else with SSE2; allow = 0 keeps them on SSE2
 * (the tests run both).  Both accept and decode exactly the same. */
void envelope_use_avx2(int allow);

/* Decodes a JSON string body that docker_scan validated into out (which
 * holds at least n bytes); returns the decoded length. */
size_t json_unescape(const char *s, size_t n, char *out);

/* What the slow path hands on.  The strings live in a jansson value that
 * docker_slow_release frees. */
typedef struct docker_slow {
	tsn_slice log;
	tsn_slice stream;
	tsn_time time;
	size_t close;
	int has_msg;         /* json_object_fields found a message member */
	void *root;          /* json_t *, owned */
} docker_slow;

enum docker_verdict {
	DOCKER_OK = 0,
	DOCKER_NOT_JSON,     /* jansson could not read it as one JSON value */
	DOCKER_NOT_OBJECT,   /* valid JSON, not an object */
	DOCKER_NOT_DOCKER,   /* an object without a string "log" and valid "time" */
	DOCKER_DONE,         /* already carries __time_ms: tsnorm's own output */
};

/* Reads any JSON object with jansson.  A Docker line is an object with a
 * string "log", a "time" string that Go's RFC 3339 parser accepts, and, if
 * present, a string "stream" and an "attrs" object of strings (what
 * Docker's own decoder accepts); other keys are ignored; a duplicated key's
 * last value wins, as in Go's decoder and jansson. */
enum docker_verdict docker_parse_slow(const char *line, size_t n, docker_slow *d);
void docker_slow_release(docker_slow *d);

/* For an object docker_parse_slow read but found not to be a Docker line
 * (DOCKER_NOT_DOCKER): the message is the first of msg_keys holding a
 * string (empty if none), and "stream" if it is a string.  (The runtime
 * key is read from the raw text, so an epoch number keeps every digit.) */
void json_object_fields(docker_slow *d, const char *const *msg_keys, size_t n_msg_keys);

#endif
