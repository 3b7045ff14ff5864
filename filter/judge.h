/* judge.h — choosing the line's time and measuring skew.  Pure arithmetic:
 * no I/O, no allocation. */
#ifndef TSNORM_JUDGE_H
#define TSNORM_JUDGE_H

#include <stdint.h>

#include "tstime.h"

typedef struct tsn_verdict {
	tsn_time t;          /* the chosen time: the app's, else the runtime's */
	int from_app;        /* 1: t is the application's stamp */
	int has_skew;        /* both times known */
	int flagged;         /* |skew| > max skew */
	int64_t skew_ns;     /* app - runtime, precision-aware, saturated */
	int64_t skew_us;     /* the same rounded to the nearest us (exact, no saturation) */
} tsn_verdict;

/* app may be NULL (no stamp found); rt may be NULL (no runtime time).
 * The app stamp stands for the interval [t, t + prec] its digits allow
 * (writers truncate: "12:34:56Z" is some instant of that second); the
 * runtime time is exact (Docker trims only zeros).  Skew is app - runtime
 * measured to the nearest point of that interval, 0 inside it; flagged when
 * its exact magnitude in nanoseconds exceeds max_skew_ns. */
void judge(const tsn_time *app, const tsn_time *rt, int64_t max_skew_ns, tsn_verdict *v);

/* Writes v->skew_us as milliseconds with three decimals ("-0.412");
 * returns the length (at most 24). */
size_t format_skew_ms(int64_t skew_us, char *out);

/* Writes a signed decimal; returns the length (at most 20). */
size_t format_i64(int64_t v, char *out);

/* format_i64 for a stream of nearby values (a log's epoch milliseconds):
 * the digits above the last five are kept from the previous call while
 * they stay the same.  Zero-initialise before the first call.  Writes the
 * same bytes as format_i64, but may store up to 24 bytes at out. */
typedef struct tsn_i64_memo {
	int64_t base;         /* v - v % 100000 of the kept digits; 0: none */
	char head[16];        /* the digits of base / 100000 */
	size_t head_n;
} tsn_i64_memo;
size_t format_i64_memo(tsn_i64_memo *m, int64_t v, char *out);

#endif
