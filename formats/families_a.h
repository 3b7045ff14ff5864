/* families_a.h — declarations for three timestamp families: ISO 8601 as
 * written by non-Go loggers (formats/iso8601.c), the Kubernetes klog/glog
 * header (formats/klog.c) and syslog RFC 5424 / RFC 3164 (formats/syslog.c). */
#ifndef TSNORM_FAMILIES_A_H
#define TSNORM_FAMILIES_A_H

#include <stddef.h>

#include "stamp.h"

/* ---- iso8601 ------------------------------------------------------------
 * "YYYY-MM-DD" then 'T' or ' ' then "hh:mm:ss", an optional fraction ('.' or
 * ',' and one or more digits, past the ninth dropped), then an optional zone:
 * "Z", "+hh:mm", "+hhmm", "+hh" (or '-'), hh <= 23, mm <= 59.  No zone:
 * zoneless = 1.  Upper-case 'T' and 'Z' only.  Year 0000..9999, real
 * calendar days, hour <= 23, minute and second <= 59. */
#define TSN_ISO8601_NAME "iso8601"
#define TSN_ISO8601_EXAMPLE "2024-05-30 12:34:56,123 INFO [main] com.example.App: started"

/* Parses the longest stamp prefix of s; returns the bytes consumed or -1.
 * The caller decides what may follow. */
int iso8601_parse(const char *s, size_t n, tsn_stamp *out);
/* The whole of s must be the stamp (JSON string values such as zap's
 * "ts":"2024-05-30T12:34:56.789+0800"); returns n or -1. */
int iso8601_parse_exact(const char *s, size_t n, tsn_stamp *out);
/* The stamp at the very start of the message, followed by the end or white
 * space; or in square brackets at the very start, "[stamp]" (Kafka, log4j
 * "[%d]" patterns), closed by ']' right after the stamp.  A zoneless stamp
 * followed by " +hhmm" / " -hhmm" (Go's Time.String shape) is declined:
 * reading it zoneless would be silently wrong by the offset. */
int iso8601_locate(const tsn_format_def *self, const char *msg, size_t n,
		   const tsn_parse_ctx *c, tsn_stamp *out);

/* ---- klog ---------------------------------------------------------------
 * "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg", L one of I W E F, exactly
 * six fraction digits (prec 1000).  No year: tsn_infer_year; zoneless = 1. */
#define TSN_KLOG_NAME "klog"
#define TSN_KLOG_EXAMPLE "I0530 12:34:56.789012   12345 main.go:42] Starting controller"

/* Parses "Lmmdd hh:mm:ss.uuuuuu" (21 bytes) at the start of s, inferring the
 * year from c; returns 21 or -1 (also -1 when no year near the reference
 * has that date, e.g. 0229 three years from a leap year). */
int klog_parse(const char *s, size_t n, const tsn_parse_ctx *c, tsn_stamp *out);
/* The header at the very start of the message: the stamp, one or more
 * spaces, one or more thread-id digits and a space; what follows (file:line]
 * and the message) is not checked. */
int klog_locate(const tsn_format_def *self, const char *msg, size_t n, const tsn_parse_ctx *c,
		tsn_stamp *out);

/* ---- syslog RFC 5424 ----------------------------------------------------
 * "<PRI>VERSION SP TIMESTAMP SP ...": PRI 0..191 in 1..3 digits without
 * leading zeros (RFC 5424 6.2.1), VERSION 1..999 without leading zero,
 * TIMESTAMP RFC 3339 as rfc3339_parse reads it (upper-case T and Z, offset
 * "+hh:mm"); the fraction may have more than the RFC's six digits (digits
 * past the ninth dropped).  NILVALUE "-" is a header without a stamp. */
#define TSN_SYSLOG5424_NAME "syslog5424"
#define TSN_SYSLOG5424_EXAMPLE "<34>1 2024-05-30T12:34:56.123Z host app 1234 ID47 - started"

/* Parses "<PRI>VERSION TIMESTAMP" at the start of s; returns the bytes
 * consumed up to the end of the timestamp, or -1 (not such a header, or
 * the TIMESTAMP is NILVALUE or malformed). */
int syslog5424_parse(const char *s, size_t n, tsn_stamp *out);
/* The header at the very start of the message, the timestamp followed by
 * the end or white space. */
int syslog5424_locate(const tsn_format_def *self, const char *msg, size_t n,
		      const tsn_parse_ctx *c, tsn_stamp *out);

/* ---- syslog RFC 3164 (BSD) ----------------------------------------------
 * "[<PRI>]Mmm dd hh:mm:ss[.fff] host ...": English month abbreviation as
 * written ("Jan".."Dec", case-sensitive), day space-padded (" 3") or
 * zero-padded ("03"), optional fraction of one or more digits.  No year:
 * tsn_infer_year; zoneless = 1. */
#define TSN_SYSLOG3164_NAME "syslog3164"
#define TSN_SYSLOG3164_EXAMPLE "<34>May 30 12:34:56 host sshd[42]: Accepted publickey"

/* Parses "Mmm dd hh:mm:ss[.f...]" at the start of s (no PRI), inferring the
 * year from c; returns the bytes consumed or -1. */
int syslog3164_parse(const char *s, size_t n, const tsn_parse_ctx *c, tsn_stamp *out);
/* The stamp at the very start of the message, or right after a PRI
 * "<0>".."<191>", followed by the end or white space. */
int syslog3164_locate(const tsn_format_def *self, const char *msg, size_t n,
		      const tsn_parse_ctx *c, tsn_stamp *out);

#endif
