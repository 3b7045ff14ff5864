/* tstime.h — the time value every stage of tsnorm passes around, and the
 * civil-date arithmetic (formats/civil.c) that every recognizer shares.
 * All arithmetic is integer; nothing here allocates or touches global state. */
#ifndef TSNORM_TSTIME_H
#define TSNORM_TSTIME_H

#include <stddef.h>
#include <stdint.h>

/* An instant: seconds since 1970-01-01T00:00:00Z (negative before it) plus
 * nanoseconds in [0, 1e9), and the precision the source text carried, in
 * nanoseconds per last written digit: 1e9 for whole seconds, 1e6 for
 * milliseconds, 1e3 for microseconds, 1 for nanoseconds (1e8 for one
 * fraction digit, and so on).  Seconds are kept apart from nanoseconds so
 * that every year 0000..9999 a Go RFC 3339 parser accepts is representable
 * exactly; a single int64 of nanoseconds only spans 1677..2262. */
typedef struct tsn_time {
	int64_t sec;
	int32_t nsec;
	int64_t prec;      /* 64 bits: a minute-resolution stamp (RFC 822) is 6e10 */
} tsn_time;

#define TSN_NS_PER_SEC 1000000000LL

/* Days since 1970-01-01 for a proleptic Gregorian date (month 1..12). */
int64_t civil_to_days(int64_t year, int month, int day);
/* The inverse: the date of a day number. */
void civil_from_days(int64_t days, int64_t *year, int *month, int *day);
/* 28..31 for month 1..12 of the given year. */
int civil_days_in_month(int64_t year, int month);
int civil_is_leap(int64_t year);

/* floor(t / 1 ms) as epoch milliseconds; exact for every representable year. */
static inline int64_t tsn_time_ms(const tsn_time *t)
{
	return t->sec * 1000 + t->nsec / 1000000;
}

/* a - b in nanoseconds, saturated to +-INT64_MAX (only reachable for stamps
 * hundreds of years apart). */
int64_t tsn_diff_ns(const tsn_time *a, const tsn_time *b);
/* sec seconds plus nsec nanoseconds (|nsec| < 1e9) as nanoseconds,
 * saturated to +-INT64_MAX: exact for every duration that fits. */
int64_t tsn_ns_saturated(int64_t sec, int64_t nsec);

/* Writes "YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ" (always nine fraction digits, UTC)
 * into out, which must hold 30 bytes; returns the length (30), or 0 if the
 * year is outside 0000..9999. */
size_t tsn_format_rfc3339nano(const tsn_time *t, char *out);

#endif
