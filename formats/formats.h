/* formats.h — timestamp recognizers and the finder that locates the
 * application's own stamp inside a log message.  Every recognizer is a pure
 * function over (buf, len): it returns the number of bytes it consumed (> 0)
 * or -1, and writes the instant it read.  Nothing here allocates. */
#ifndef TSNORM_FORMATS_H
#define TSNORM_FORMATS_H

#include "tstime.h"

/* Go's fast RFC 3339 parser (time.Parse with RFC3339/RFC3339Nano, and JSON
 * since Go 1.20): "YYYY-MM-DDThh:mm:ss" fixed width, an optional "." and one
 * or more digits (past the ninth dropped, not rounded), then "Z" or "+hh:mm"
 * / "-hh:mm".  Parses the longest such prefix of s; the caller decides what
 * may follow it.  Returns the bytes consumed or -1. */
int rfc3339_parse(const char *s, size_t n, tsn_time *out);
/* The whole of s must be the stamp (Go's "and nothing else"). */
int rfc3339_parse_exact(const char *s, size_t n, tsn_time *out);

/* Go's log package prefix: "2006/01/02 15:04:05" or, with Lmicroseconds,
 * "2006/01/02 15:04:05.000000" (exactly six digits).  The stamp carries no
 * zone: it is read as local time at tz_offset seconds east of UTC.  Returns
 * the bytes consumed or -1; the caller checks what follows. */
int golog_parse(const char *s, size_t n, int32_t tz_offset, tsn_time *out);

/* The families the finder knows, for --stats and later --annotate. */
enum tsn_format {
	TSN_FMT_NONE = 0,
	TSN_FMT_RFC3339,        /* at the start of the message */
	TSN_FMT_GOLOG,          /* Go log prefix at the start */
	TSN_FMT_LOGFMT,         /* ts=/time= value, bare or quoted (slog text, logrus) */
	TSN_FMT_JSON,           /* "time"/"ts" string member of a JSON message */
	TSN_FMT_COUNT
};
extern const char *const tsn_format_names[TSN_FMT_COUNT];

typedef struct tsn_find_opts {
	int32_t tz_offset;      /* seconds east of UTC for zone-less stamps */
} tsn_find_opts;

/* Looks for the application's timestamp in an (unescaped) message.
 * Returns the format found (TSN_FMT_NONE if none) and fills *out. */
enum tsn_format tsn_find(const char *msg, size_t n, const tsn_find_opts *o, tsn_time *out);


#endif
