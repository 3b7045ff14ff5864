/* judge.c — the line's time and its precision-aware skew, in integers. */
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

size_t format_i64(int64_t v, char *out)
{
	char tmp[20];
	size_t n = 0, o = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	return o;
}

size_t format_skew_ms(int64_t us, char *out)
{
	size_t o = 0;
	uint64_t u = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
	if (us < 0)
		out[o++] = '-';
	o += format_i64((int64_t)(u / 1000), out + o);
	unsigned frac = (unsigned)(u % 1000);
	out[o++] = '.';
	out[o++] = (char)('0' + frac / 100);
	out[o++] = (char)('0' + frac / 10 % 10);
	out[o++] = (char)('0' + frac % 10);
	return o;
}
