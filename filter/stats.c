/* stats.c — counters and the skew histogram behind --stats. */
#include <string.h>

#include "judge.h"
#include "stats.h"

void stats_init(tsn_stats *s)
{
	memset(s, 0, sizeof *s);
}

/* Magnitudes below 64 us get a bucket each; above, 32 buckets per power
 * of two. */
static unsigned bucket_of(uint64_t m)
{
	if (m < 64)
		return (unsigned)m;
	unsigned e = 63u - (unsigned)__builtin_clzll(m);
	unsigned sub = (unsigned)(m >> (e - 5)) & 31u;
	return 64 + (e - 6) * 32 + sub;
}

/* A representative magnitude for a bucket: its middle. */
static uint64_t bucket_mid(unsigned b)
{
	if (b < 64)
		return b;
	unsigned e = (b - 64) / 32 + 6, sub = (b - 64) % 32;
	uint64_t lo = (uint64_t)(32 + sub) << (e - 5), w = (uint64_t)1 << (e - 5);
	return lo + w / 2;
}

void stats_skew(tsn_stats *s, int64_t us)
{
	if (s->skews == 0 || us < s->skew_min_us)
		s->skew_min_us = us;
	if (s->skews == 0 || us > s->skew_max_us)
		s->skew_max_us = us;
	s->skews++;
	if (us < 0)
		s->neg[bucket_of((uint64_t)0 - (uint64_t)us)]++;
	else
		s->pos[bucket_of((uint64_t)us)]++;
}

void stats_add(tsn_stats *d, const tsn_stats *s)
{
#define ADD(f) (d->f += s->f)
	ADD(lines_in), ADD(lines_out), ADD(docker_fast), ADD(docker_slow), ADD(cri), ADD(raw);
	ADD(json_objects), ADD(pieces_joined), ADD(joins_cut), ADD(utf8_replaced);
	ADD(found_object), ADD(unterminated), ADD(runtime_used);
	for (int i = 0; i < PASS_COUNT; i++)
		ADD(pass[i]);
	for (int i = 0; i < TSN_MAX_FORMATS; i++)
		ADD(found[i]);
#undef ADD
	for (uint64_t i = 0; i < s->zone_learned && i < 32; i++)
		if (d->zone_learned < 32)
			d->learned[d->zone_learned++] = s->learned[i];
		else
			d->zone_learned++;
	if (s->zone_learned > 32)
		d->zone_learned += s->zone_learned - 32;
	d->flagged += s->flagged;
	if (s->skews) {
		if (!d->skews || s->skew_min_us < d->skew_min_us)
			d->skew_min_us = s->skew_min_us;
		if (!d->skews || s->skew_max_us > d->skew_max_us)
			d->skew_max_us = s->skew_max_us;
	}
	d->skews += s->skews;
	for (int b = 0; b < TSN_HIST_BUCKETS; b++) {
		d->neg[b] += s->neg[b];
		d->pos[b] += s->pos[b];
	}
	d->inputs += s->inputs;
	d->inputs_bad += s->inputs_bad;
	d->bytes_in += s->bytes_in;
}

int64_t stats_quantile(const tsn_stats *s, double q)
{
	if (!s->skews)
		return 0;
	uint64_t rank = (uint64_t)(q * (double)(s->skews - 1)), seen = 0;
	int64_t v = s->skew_max_us;
	int found = 0;
	for (int b = TSN_HIST_BUCKETS - 1; b >= 0 && !found; b--) {
		seen += s->neg[b];
		if (seen > rank) {
			v = -(int64_t)bucket_mid((unsigned)b);
			found = 1;
		}
	}
	for (int b = 0; b < TSN_HIST_BUCKETS && !found; b++) {
		seen += s->pos[b];
		if (seen > rank) {
			v = (int64_t)bucket_mid((unsigned)b);
			found = 1;
		}
	}
	if (v < s->skew_min_us)
		v = s->skew_min_us;
	if (v > s->skew_max_us)
		v = s->skew_max_us;
	return v;
}

int64_t stats_quantile_abs(const tsn_stats *s, double q)
{
	if (!s->skews)
		return 0;
	uint64_t rank = (uint64_t)(q * (double)(s->skews - 1)), seen = 0;
	int64_t lo = s->skew_min_us < 0 ? -s->skew_min_us : s->skew_min_us;
	int64_t hi = s->skew_max_us < 0 ? -s->skew_max_us : s->skew_max_us;
	int64_t top = lo > hi ? lo : hi;
	for (int b = 0; b < TSN_HIST_BUCKETS; b++) {
		seen += s->neg[b] + s->pos[b];
		if (seen > rank) {
			int64_t v = (int64_t)bucket_mid((unsigned)b);
			return v > top ? top : v;
		}
	}
	return top;
}

static const char *ms(int64_t us, char *buf)
{
	buf[format_skew_ms(us, buf)] = 0;
	return buf;
}

void stats_report(const tsn_stats *s, FILE *f, int64_t max_skew_ns, const tsn_registry *r)
{
	char a[32], b[32], c[32], d[32];
	uint64_t pass = 0, found = 0;
	for (int i = 0; i < PASS_COUNT; i++)
		pass += s->pass[i];
	for (size_t i = 0; i < r->n; i++)
		found += s->found[i];
	found += s->found_object;
	fprintf(f, "tsnorm: %llu input%s (%llu damaged or unreadable), %llu bytes\n",
		(unsigned long long)s->inputs, s->inputs == 1 ? "" : "s",
		(unsigned long long)s->inputs_bad, (unsigned long long)s->bytes_in);
	fprintf(f, "  lines in           %12llu\n", (unsigned long long)s->lines_in);
	fprintf(f, "  lines out          %12llu\n", (unsigned long long)s->lines_out);
	fprintf(f, "  docker, fast path  %12llu\n", (unsigned long long)s->docker_fast);
	fprintf(f, "  docker, jansson    %12llu\n", (unsigned long long)s->docker_slow);
	if (s->cri)
		fprintf(f, "  cri                %12llu\n", (unsigned long long)s->cri);
	if (s->json_objects)
		fprintf(f, "  other json objects %12llu  (with a time; those without are below)\n",
			(unsigned long long)s->json_objects);
	if (s->raw)
		fprintf(f, "  raw text           %12llu\n", (unsigned long long)s->raw);
	if (s->pieces_joined || s->joins_cut)
		fprintf(f, "  pieces joined      %12llu  (into earlier pieces of their message; "
			   "%llu joins written early at --max-line)\n",
			(unsigned long long)s->pieces_joined, (unsigned long long)s->joins_cut);
	if (s->utf8_replaced)
		fprintf(f, "  invalid UTF-8      %12llu  (bytes written as U+FFFD)\n",
			(unsigned long long)s->utf8_replaced);
	fprintf(f, "  unchanged          %12llu  (text %llu, empty %llu, bad json %llu, "
		   "json without a time %llu, json not docker %llu, already normalized %llu, "
		   "over --max-line %llu)\n",
		(unsigned long long)pass, (unsigned long long)s->pass[PASS_TEXT],
		(unsigned long long)s->pass[PASS_EMPTY], (unsigned long long)s->pass[PASS_BAD_JSON],
		(unsigned long long)s->pass[PASS_NO_TIME], (unsigned long long)s->pass[PASS_NOT_DOCKER],
		(unsigned long long)s->pass[PASS_DONE], (unsigned long long)s->pass[PASS_OVERSIZE]);
	if (s->unterminated)
		fprintf(f, "  no final newline   %12llu  (a newline was added)\n",
			(unsigned long long)s->unterminated);
	fprintf(f, "  app time found     %12llu ", (unsigned long long)found);
	const char *sep = " (";
	for (size_t i = 0; i < r->n; i++) {
		if (!s->found[i])
			continue;
		fprintf(f, "%s%s %llu", sep, r->order[i]->name, (unsigned long long)s->found[i]);
		sep = ", ";
	}
	if (s->found_object)
		fprintf(f, "%sjson-object %llu", sep, (unsigned long long)s->found_object);
	fprintf(f, "%s\n", found ? ")" : "");
	fprintf(f, "  runtime time used  %12llu\n", (unsigned long long)s->runtime_used);
	static const char *const streams[] = {"stdout", "stderr", "other"};
	for (uint64_t i = 0; i < s->zone_learned && i < 32; i++) {
		int32_t o = s->learned[i].offset, mag = o < 0 ? -o : o;
		fprintf(f, "  zone learned       %s %s: %c%02d:%02d\n", s->learned[i].input,
			streams[s->learned[i].stream], o < 0 ? '-' : '+', mag / 3600, mag / 60 % 60);
	}
	if (s->zone_learned > 32)
		fprintf(f, "  zone learned       (%llu more streams)\n",
			(unsigned long long)(s->zone_learned - 32));
	fprintf(f, "  skew flagged       %12llu  (|skew| > %s ms)\n", (unsigned long long)s->flagged,
		ms((max_skew_ns + 999) / 1000, a));
	if (s->skews) {
		fprintf(f, "  skew ms            min %s  median ~%s  max %s\n", ms(s->skew_min_us, a),
			ms(stats_quantile(s, 0.5), b), ms(s->skew_max_us, c));
		fprintf(f, "  |skew| ms          median ~%s  p99 ~%s  (~: within 3.2%%)\n",
			ms(stats_quantile_abs(s, 0.5), a), ms(stats_quantile_abs(s, 0.99), d));
	}
}
