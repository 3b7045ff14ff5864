/* families_b.h — declarations for three timestamp families: numeric Unix
 * time (formats/epoch.c), Apache/nginx access and nginx error logs
 * (formats/access.c) and Go's named time layouts (formats/golayout.c). */
#ifndef TSNORM_FAMILIES_B_H
#define TSNORM_FAMILIES_B_H

#include <stddef.h>

#include "stamp.h"

/* ---- epoch --------------------------------------------------------------
 * A number as JSON encoders and zap/zerolog write it: integer digits ("0" or
 * no leading zero), an optional "." and one or more digits, an optional
 * exponent "e"/"E", optional sign, one or more digits.  No sign on the
 * number itself (negative, pre-1970 values are not log stamps), no leading
 * "+", no hex, no white space, at most 64 bytes.
 *
 * The unit follows from the magnitude of the integer part of the value
 * (after the exponent is applied): < 1e11 seconds, < 1e14 milliseconds,
 * < 1e17 microseconds, otherwise nanoseconds; the fraction digits are
 * fractions of that unit.  Plausibility bound: the integer part must be at
 * least 1e8 and below 1e20, so in every unit the instant lies in
 * [1973-03-03T09:46:40Z, 5138-11-16T09:46:40Z) — this rejects durations
 * and counters ("time=0.023", "ts=42") under a time key.
 *
 * prec is the weight of the last written digit in ns, clamped to [1, 1e9]:
 * "1717072496" 1e9, "1717072496.123456" 1e3, "1717072496123.5" 1e5,
 * "1717072496123456789" 1; digits past the nanosecond are dropped (never
 * rounded).  An exponent form whose last digit weighs more than a second
 * ("1.7170725e+09") gets 1e9. */
/* Not a family of its own: the json and logfmt families read epoch values
 * with it (registry.c). */

/* The whole of s must be the number; returns n or -1.  Fills out (zoned, UTC)
 * only on success. */
int epoch_parse(const char *s, size_t n, tsn_stamp *out);

/* ---- access -------------------------------------------------------------
 * Apache/nginx common and combined log format: "[dd/Mon/yyyy:hh:mm:ss ±hhmm]"
 * anywhere in the line (Apache %t, nginx $time_local).  Day two digits,
 * English month abbreviation exact case ("Jan".."Dec"), four-digit year,
 * real calendar days, hour <= 23, minute and second <= 59, offset hh <= 23,
 * mm <= 59, applied.  prec 1e9. */
#define TSN_ACCESS_NAME "access"
#define TSN_ACCESS_EXAMPLE \
	"127.0.0.1 - frank [30/May/2024:12:34:56 +0000] \"GET / HTTP/1.1\" 200 2326"

/* Parses "dd/Mon/yyyy:hh:mm:ss ±hhmm" (26 bytes, no brackets) at the start
 * of s; returns 26 or -1.  The caller checks what follows. */
int access_parse(const char *s, size_t n, tsn_stamp *out);
/* The first "[" in the message that opens such a stamp closed by "]". */
int access_locate(const tsn_format_def *self, const char *msg, size_t n,
		  const tsn_parse_ctx *c, tsn_stamp *out);

/* ---- nginx error log ----------------------------------------------------
 * "yyyy/mm/dd hh:mm:ss [level] pid#tid: ..." at the start of the message,
 * level one of nginx's emerg alert crit error warn notice info debug.  The
 * stamp carries no zone: zoneless = 1, prec 1e9.  The " [level]" is what
 * tells it from Go's log prefix (same date shape). */
#define TSN_NGINX_ERROR_NAME "nginx-error"
#define TSN_NGINX_ERROR_EXAMPLE \
	"2024/05/30 12:34:56 [error] 1234#1234: *5 open() \"/srv/x\" failed (2: No such file or directory)"

/* Parses "yyyy/mm/dd hh:mm:ss" (19 bytes) at the start of s; returns 19 or
 * -1 (also -1 when a digit follows: a fraction is not nginx's). */
int nginx_error_parse(const char *s, size_t n, tsn_stamp *out);
/* The stamp at the very start, then " [", a level word, "]", then the end
 * of the message or a space. */
int nginx_error_locate(const tsn_format_def *self, const char *msg, size_t n,
		       const tsn_parse_ctx *c, tsn_stamp *out);

/* ---- Go named layouts ---------------------------------------------------
 * Exactly as Go's time.Format writes them, at the very start of the message,
 * followed by the end or white space.  Names exact case ("Mon", "Monday",
 * "Jan"); any valid weekday is accepted, as Go's Parse does ("The day of the
 * week is checked for syntax but it is otherwise ignored").  No fraction
 * (Format does not write one for these layouts).  Real calendar days, hour
 * <= 23, minute and second <= 59.  Two-digit years as Go's Parse reads
 * them: 69..99 -> 19xx, 00..68 -> 20xx.  prec 1e9, and 6e10 for the RFC 822
 * layouts, which write minutes.
 *
 * Zones written for "MST":
 *   "UTC", "GMT"                    offset 0, zoned
 *   "+hh", "+hhmm" (or "-")         the offset, applied, zoned: the name
 *                                   tzdata gives zones without a letter
 *                                   abbreviation, hh <= 23, mm <= 59
 *   letters, by Go's parseTimeZone: 3 upper case; 4 upper case ending in
 *   "T", or "WITA"; 5 upper case ending in "T"; "ChST", "MeST"
 *                                   zoneless = 1, abbr/abbr_len point at it
 *                                   in the message, t is the civil time
 *   anything else ("GMT+8", "Z", "mst", 6 letters) is not a stamp.
 * Zones written for "-0700": sign and four digits, hh <= 23, mm <= 59. */
#define TSN_ANSIC_NAME "ansic"
#define TSN_ANSIC_EXAMPLE "Thu May 30 12:34:56 2024 worker started"
#define TSN_UNIXDATE_NAME "unixdate"
#define TSN_UNIXDATE_EXAMPLE "Thu May 30 12:34:56 UTC 2024 worker started"
#define TSN_RFC1123_NAME "rfc1123"
#define TSN_RFC1123_EXAMPLE "Thu, 30 May 2024 12:34:56 GMT worker started"
#define TSN_RFC1123Z_NAME "rfc1123z"
#define TSN_RFC1123Z_EXAMPLE "Thu, 30 May 2024 12:34:56 +0200 worker started"
#define TSN_RFC822_NAME "rfc822"
#define TSN_RFC822_EXAMPLE "30 May 24 12:34 UTC worker started"
#define TSN_RFC822Z_NAME "rfc822z"
#define TSN_RFC822Z_EXAMPLE "30 May 24 12:34 -0700 worker started"
#define TSN_RFC850_NAME "rfc850"
#define TSN_RFC850_EXAMPLE "Thursday, 30-May-24 12:34:56 UTC worker started"

/* Each parses its layout at the start of s; returns the bytes consumed or
 * -1.  The caller checks what follows. */
int ansic_parse(const char *s, size_t n, tsn_stamp *out);    /* Mon Jan _2 15:04:05 2006 */
int unixdate_parse(const char *s, size_t n, tsn_stamp *out); /* Mon Jan _2 15:04:05 MST 2006 */
int rfc1123_parse(const char *s, size_t n, tsn_stamp *out);  /* Mon, 02 Jan 2006 15:04:05 MST */
int rfc1123z_parse(const char *s, size_t n, tsn_stamp *out); /* Mon, 02 Jan 2006 15:04:05 -0700 */
int rfc822_parse(const char *s, size_t n, tsn_stamp *out);   /* 02 Jan 06 15:04 MST */
int rfc822z_parse(const char *s, size_t n, tsn_stamp *out);  /* 02 Jan 06 15:04 -0700 */
int rfc850_parse(const char *s, size_t n, tsn_stamp *out);   /* Monday, 02-Jan-06 15:04:05 MST */

/* The layout at the very start of the message, followed by the end or
 * white space. */
int ansic_locate(const tsn_format_def *self, const char *msg, size_t n, const tsn_parse_ctx *c,
		 tsn_stamp *out);
int unixdate_locate(const tsn_format_def *self, const char *msg, size_t n,
		    const tsn_parse_ctx *c, tsn_stamp *out);
int rfc1123_locate(const tsn_format_def *self, const char *msg, size_t n,
		   const tsn_parse_ctx *c, tsn_stamp *out);
int rfc1123z_locate(const tsn_format_def *self, const char *msg, size_t n,
		    const tsn_parse_ctx *c, tsn_stamp *out);
int rfc822_locate(const tsn_format_def *self, const char *msg, size_t n, const tsn_parse_ctx *c,
		  tsn_stamp *out);
int rfc822z_locate(const tsn_format_def *self, const char *msg, size_t n,
		   const tsn_parse_ctx *c, tsn_stamp *out);
int rfc850_locate(const tsn_format_def *self, const char *msg, size_t n, const tsn_parse_ctx *c,
		  tsn_stamp *out);

#endif
