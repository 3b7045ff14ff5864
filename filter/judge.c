/* judge.c — the line's time and its precision-aware skew, in integers. */
#include <string.h>

#include "judge.h"

/* A signed duration as whole seconds plus nanoseconds in [0, 1e9). */
typedef struct dur {
	int64_t s;
	int64_t ns;
} dur;

static dur dur_norm(int64_t s, int64_t ns)
{
	s += ns / TSN_NS_PER_SEC;
	ns %= TSN_NS_PER_SEC;
	if (ns < 0) {
		ns += TSN_NS_PER_SEC;
		s--;
	}
	return (dur){s, ns};
}

static int dur_sign(dur d)
{
	return d.s < 0 ? -1 : (d.s > 0 || d.ns > 0);
}

/* Whole microseconds, rounded to nearest, halves away from zero. */
static int64_t dur_us_round(dur d)
{
	if (d.s < 0) { /* negate: -(s + ns/1e9) */
		dur m = dur_norm(-d.s, -d.ns);
		return -(m.s * 1000000 + (m.ns + 500) / 1000);
	}
	return d.s * 1000000 + (d.ns + 500) / 1000;
}

void judge(const tsn_time *app, const tsn_time *rt, int64_t max_skew_ns, tsn_verdict *v)
{
	v->from_app = app != 0;
	v->has_skew = app && rt;
	v->flagged = 0;
	v->skew_ns = 0;
	v->skew_us = 0;
	if (app)
		v->t = *app;
	else if (rt)
		v->t = *rt;
	if (!v->has_skew)
		return;

	/* Clocks within a few years of each other (every real line): the
	 * same arithmetic in plain nanoseconds, far from overflow (|lo| <
	 * 1e17, prec < 1e15); below, the general way for any distance. */
	int64_t ds = app->sec - rt->sec;
	if (ds > -100000000 && ds < 100000000 && app->prec >= 0 && app->prec < 1000000000000000LL) {
		int64_t lo_ns = ds * TSN_NS_PER_SEC + ((int64_t)app->nsec - rt->nsec);
		int64_t hi_ns = lo_ns + app->prec;
		int64_t sk_ns = lo_ns > 0 ? lo_ns : hi_ns < 0 ? hi_ns : 0;
		v->skew_ns = sk_ns;
		v->skew_us = sk_ns >= 0 ? (sk_ns + 500) / 1000 : -((500 - sk_ns) / 1000);
		v->flagged = (sk_ns < 0 ? -sk_ns : sk_ns) > max_skew_ns;
		return;
	}

	dur lo = dur_norm(app->sec - rt->sec, (int64_t)app->nsec - rt->nsec);
	dur hi = dur_norm(lo.s, lo.ns + app->prec);
	dur sk = {0, 0};
	if (dur_sign(lo) > 0)
		sk = lo;          /* the app's stamp is after the runtime's */
	else if (dur_sign(hi) < 0)
		sk = hi;          /* the whole interval is before it */
	v->skew_ns = tsn_ns_saturated(sk.s, sk.ns);
	v->skew_us = dur_us_round(sk);
	int64_t mag = v->skew_ns < 0 ? -v->skew_ns : v->skew_ns;
	v->flagged = mag > max_skew_ns;
}

/* "00".."99": two digits per division, written from the end */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static size_t format_u64(uint64_t u, char *out)
{
	static const uint64_t pow10[20] = {
		0ULL /* so that 0 has one digit */, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
		100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
		10000000000000ULL, 100000000000000ULL, 1000000000000000ULL,
		10000000000000000ULL, 100000000000000000ULL, 1000000000000000000ULL,
		10000000000000000000ULL,
	};
	/* digits from the bit length (1233/4096 ~ log10 2), corrected by one
	 * comparison with 10^t */
	unsigned bits = 64 - (unsigned)__builtin_clzll(u | 1);
	unsigned t = (bits * 1233) >> 12;
	size_t len = t + 1 - (u < pow10[t]);
	char *e = out + len;
	/* eight digits at a time in 32-bit arithmetic, then pairs */
	while (u >= 100000000) {
		uint32_t lo = (uint32_t)(u % 100000000);
		u /= 100000000;
		for (int k = 0; k < 4; k++) {
			e -= 2;
			memcpy(e, digit_pairs + 2 * (lo % 100), 2);
			lo /= 100;
		}
	}
	uint32_t w = (uint32_t)u;
	while (w >= 100) {
		e -= 2;
		memcpy(e, digit_pairs + 2 * (w % 100), 2);
		w /= 100;
	}
	if (w >= 10)
		memcpy(e - 2, digit_pairs + 2 * w, 2);
	else
		e[-1] = (char)('0' + w);
	return len;
}

size_t format_i64(int64_t v, char *out)
{
	if (v < 0) {
		out[0] = '-';
		return 1 + format_u64((uint64_t)0 - (uint64_t)v, out + 1);
	}
	return format_u64((uint64_t)v, out);
}

size_t format_i64_memo(tsn_i64_memo *m, int64_t v, char *out)
{
	uint64_t d = (uint64_t)v - (uint64_t)m->base;
	if (m->base <= 0 || v < m->base || d >= 100000) {
		if (v < 100000)
			return format_i64(v, out); /* no digit above the last five */
		m->base = v - v % 100000;
		m->head_n = format_u64((uint64_t)(v / 100000), m->head);
		d = (uint64_t)(v - m->base);
	}
	/* the kept digits (at most 14: INT64_MAX has 19), then five */
	memcpy(out, m->head, 16);
	char *e = out + m->head_n;
	unsigned lo = (unsigned)d;
	memcpy(e, digit_pairs + 2 * (lo / 1000), 2);
	lo %= 1000;
	memcpy(e + 2, digit_pairs + 2 * (lo / 10), 2);
	e[4] = (char)('0' + lo % 10);
	return m->head_n + 5;
}

size_t format_skew_ms(int64_t us, char *out)
{
	size_t o = 0;
	uint64_t u = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
	if (us < 0)
		out[o++] = '-';
	o += format_u64(u / 1000, out + o);
	unsigned frac = (unsigned)(u % 1000);
	out[o] = '.';
	out[o + 1] = (char)('0' + frac / 100);
	memcpy(out + o + 2, digit_pairs + 2 * (frac % 100), 2);
	return o + 4;
}
