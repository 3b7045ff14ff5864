/* layout.h — timestamp layouts for user-defined formats: strptime-style
 * (Fluent Bit's Time_Format, with %L) or Go reference layouts (Promtail / Alloy
 * timestamp stages), compiled once into a token program and matched per line. */
#ifndef TSNORM_LAYOUT_H
#define TSNORM_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "stamp.h"

/* Which dialect a layout is: a layout containing '%' is strptime, any other
 * is a Go reference layout (so a Go layout cannot hold a literal '%'). */
enum layout_dialect { LAYOUT_STRPTIME = 0, LAYOUT_GO = 1 };

#define LAYOUT_MAX_LEN 256  /* bytes of layout text */
#define LAYOUT_MAX_OPS 64   /* tokens after expansion (%T, %F) */
#define LAYOUT_LIT_MAX 12   /* literal bytes per token; longer runs are split */

/* One token.  The fields are read by layout.c only. */
typedef struct layout_op {
	uint8_t kind;
	uint8_t field;   /* which value a number sets */
	uint8_t mode;    /* how digits / names / offsets are read */
	uint8_t width;   /* digit count (fixed), or fraction digits in a Go layout */
	uint8_t skip;    /* leading spaces a number may carry (Go _2 / __2, %e) */
	uint8_t frac;    /* Go seconds: a fraction may follow though the layout has none */
	uint8_t len;     /* literal length */
	char lit[LAYOUT_LIT_MAX];
	int16_t lo, hi;  /* range of a number */
} layout_op;

/* A compiled layout: self-contained (no pointers), so it can be copied and
 * embedded anywhere; compiling and matching never allocate. */
typedef struct layout_prog {
	layout_op ops[LAYOUT_MAX_OPS];
	uint8_t n_ops;
	uint8_t dialect;   /* enum layout_dialect */
	uint8_t has_year, has_month, has_day, has_yday, has_epoch, has_zone, has_frac;
} layout_prog;

/* Compiles a NUL-terminated layout.  Returns 0, or -1 with a message in err
 * (naming the offending token and its byte offset in the layout).
 *
 * strptime: %Y %m %d %e %H %M %S %L %f %z %Z %b %h %B %a %A %y %j %I %p %s
 *   %T (= %H:%M:%S) %F (= %Y-%m-%d) %%; white space matches any run of white
 *   space, possibly empty; other bytes match themselves.  Numbers read as
 *   Fluent Bit's strptime reads them: 1 up to the digits of the field's
 *   maximum (%Y 4, %j 3, others 2).  %L / %f: 1 to 9 fraction digits, more
 *   consumed and dropped.  %y pivots at 69 (69..99 -> 19xx, 00..68 -> 20xx).
 *   %S accepts 60 (a leap second counts as the next second, as timegm does).
 *   %p (AM/PM, any case) may stand before or after the hour; with it, hours
 *   above 12 are rejected; 12 AM = 00, 12 PM = 12.  %z: Z, UTC, UT, GMT,
 *   +hh, +hhmm or +hh:mm (hh <= 24), white space before it skipped.  %Z: a
 *   zone abbreviation read by Go's rules (below).  %s: epoch seconds,
 *   non-negative, up to 9999-12-31; other fields then only add a fraction.
 *   Month and weekday names: English, any case, full or three letters.
 * Go: 2006 06 01 1 Jan January 02 2 _2 002 __2 15 03 3 04 4 05 5 PM pm Mon
 *   Monday MST -0700 -07:00 -07 -070000 -07:00:00 Z0700 Z07:00 Z07 Z070000
 *   Z07:00:00, .000 / ,000 (exactly that many digits) and .999 / ,999
 *   (optional; like Go, any number of digits); a fraction after seconds is
 *   accepted when the layout has none; the value's separator may be '.' or
 *   ','.  A run of spaces in the layout matches a run of spaces in the value
 *   (Go's rule).  Ranges and lexing are Go's time.Parse.  MST / %Z: UTC;
 *   GMT or GMT+h; a signed hour (+03, tzdata's numeric names); ChST, MeST,
 *   WITA; else 3 upper-case letters, or 4-5 ending in T.
 * Both: a layout without a year takes tsn_infer_year's; one without any date
 *   (time of day only) takes the day, of the reference's and its neighbours,
 *   that puts the stamp nearest the reference; a missing month or day is 1.
 *   A day of year (%j, 002, __2) needs a year in the layout. */
int layout_compile(const char *layout, layout_prog *p, char *err, size_t errlen);

/* Matches the whole of s[0..n) against the program.  Returns 1 and fills
 * *out, or 0 (and leaves *out alone).  Zones: a numeric offset, UTC, GMT,
 * GMT+h or a numeric abbreviation (+03) give a UTC instant; another
 * abbreviation gives zoneless = 1 with out->abbr pointing into s; no zone in
 * the layout gives zoneless = 1.  Precision follows the fraction digits
 * actually present (1e9 for none, 1e6 for three, 1 for nine or more).  c is
 * needed only when the layout lacks a year or a date (NULL then: no match). */
int layout_match(const layout_prog *p, const char *s, size_t n, const tsn_parse_ctx *c,
		 tsn_stamp *out);

#endif
