/* sink.c — window, output formats and per-source statistics for records
 * handed over one at a time (see sink.h).  Loki batches are the only state
 * that grows, and they close at --batch-lines / --batch-bytes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "judge.h"
#include "jsonesc.h"
#include "sink.h"
#include "utf8.h"

#define OUT_CAP (1024u * 1024u)

typedef struct loki_entry {
	uint32_t set;            /* index in sets */
	uint64_t seq;            /* arrival order: ties keep it */
	int64_t sec;
	int32_t nsec;
	size_t off, len;         /* the escaped line in arena */
} loki_entry;

typedef struct loki_set {
	char *s;                 /* {"k":"v",...} */
	size_t n;
} loki_set;

struct tsn_sink {
	tsn_sink_config c;
	tsn_out out;
	tsn_sink_input *in;
	size_t n_in;
	int name_w;              /* text: width of the source column */
	uint64_t dropped, batches, seq;
	/* loki: the open batch */
	loki_entry *ent;
	size_t n_ent, cap_ent;
	char *arena;
	size_t arena_n, arena_cap;
	loki_set *sets;
	size_t n_sets, cap_sets;
	size_t batch_size;       /* the body's size so far, near enough */
	uint32_t *cache;         /* (input, stream) -> set + 1 in this batch */
	char *key;               /* a label set being looked up */
	size_t key_cap;
};

tsn_sink *sink_new(const tsn_sink_config *c, int fd, size_t n_inputs)
{
	tsn_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->c = *c;
	s->n_in = n_inputs ? n_inputs : 1;
	s->in = calloc(s->n_in, sizeof *s->in);
	s->cache = calloc(s->n_in * 3, sizeof *s->cache);
	if (!s->in || !s->cache || out_init(&s->out, fd, OUT_CAP)) {
		sink_free(s);
		return NULL;
	}
	for (size_t i = 0; i < s->n_in; i++)
		strcpy(s->in[i].name, "-");
	s->name_w = 1;
	return s;
}

void sink_free(tsn_sink *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->in && i < s->n_in; i++) {
		free(s->in[i].labels);
		free(s->in[i].st);
	}
	for (size_t i = 0; i < s->n_sets; i++)
		free(s->sets[i].s);
	free(s->in);
	free(s->cache);
	free(s->ent);
	free(s->arena);
	free(s->sets);
	free(s->key);
	out_free(&s->out);
	free(s);
}

tsn_out *sink_out(tsn_sink *s)
{
	return &s->out;
}

uint64_t sink_dropped(const tsn_sink *s)
{
	return s->dropped;
}

uint64_t sink_batches(const tsn_sink *s)
{
	return s->batches;
}

tsn_sink_input *sink_input(tsn_sink *s, int i)
{
	return &s->in[i];
}

size_t sink_n_inputs(const tsn_sink *s)
{
	return s->n_in;
}

/* Loki labels from the path part of an origin fragment: ,"__k":"v" pairs
 * with the "__" dropped (Loki reserves names starting with it).  Values are
 * escaped, so an unescaped '"' always delimits. */
static size_t unreserve(const char *frag, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (frag[i] == '"' && i + 2 < n && frag[i + 1] == '_' && frag[i + 2] == '_' &&
		    (i == 0 || frag[i - 1] == ',')) {
			out[o++] = '"';
			i += 2;
			continue;
		}
		out[o++] = frag[i];
	}
	return o;
}

int sink_set_input(tsn_sink *s, int i, const char *name, const tsn_origin *origin,
		   const tsn_origin *statics)
{
	tsn_sink_input *in = &s->in[i];
	size_t k = strlen(name);
	if (k >= sizeof in->name) {
		/* keep the end: the distinguishing part of a long path */
		name += k - (sizeof in->name - 1);
		k = sizeof in->name - 1;
	}
	memcpy(in->name, name, k + 1);
	if ((int)k > s->name_w)
		s->name_w = k > 32 ? 32 : (int)k;
	if (s->c.output == TSN_OUT_LOKI) {
		size_t pn = origin ? origin->len - origin->labels_len : 0;
		size_t sn = statics ? statics->len : 0;
		free(in->labels);
		in->labels = malloc(pn + sn + 1);
		if (!in->labels)
			return -1;
		size_t o = origin ? unreserve(origin->frag, pn, in->labels) : 0;
		if (sn)
			memcpy(in->labels + o, statics->frag, sn);
		o += sn;
		/* drop the leading comma */
		if (o && in->labels[0] == ',')
			memmove(in->labels, in->labels + 1, --o);
		in->labels_n = o;
	}
	if (s->c.stats && !in->st) {
		in->st = calloc(1, sizeof *in->st);
		if (!in->st)
			return -1;
	}
	return 0;
}

int sink_set_paths(tsn_sink *s, int i, const char *const *paths, size_t n)
{
	s->in[i].paths = paths;
	s->in[i].n_paths = n;
	return 0;
}

int64_t sink_band_edge_us(int64_t max_skew_ns, int b)
{
	static const int64_t num[] = {1, 3, 10, 100, 1000};
	int64_t t_us = max_skew_ns / 1000;
	return b < 5 ? t_us * num[b] / 3 : INT64_MAX;
}

static int band_of(const tsn_sink *s, const tsn_rec *r)
{
	int64_t m = r->skew_us < 0 ? -r->skew_us : r->skew_us;
	if (!r->flagged)
		return m <= sink_band_edge_us(s->c.max_skew_ns, 0) ? 0 : 1;
	int b = 2;
	while (b < TSN_SKEW_BANDS - 1 && m > sink_band_edge_us(s->c.max_skew_ns, b))
		b++;
	return b;
}

/* ---- loki --------------------------------------------------------------- */

/* t in nanoseconds as a decimal, exactly, for every representable year. */
static size_t format_ns(const tsn_time *t, char *out)
{
	int64_t sec = t->sec, nsec = t->nsec;
	size_t o = 0;
	if (sec < 0) {
		out[o++] = '-';
		/* -(sec*1e9 + nsec) = (-sec-1)*1e9 + (1e9 - nsec) */
		if (nsec) {
			sec = -sec - 1;
			nsec = TSN_NS_PER_SEC - nsec;
		} else {
			sec = -sec;
		}
	}
	if (sec == 0)
		return o + format_i64(nsec, out + o);
	o += format_i64(sec, out + o);
	for (int d = 8; d >= 0; d--, nsec /= 10)
		out[o + (size_t)d] = (char)('0' + nsec % 10);
	return o + 9;
}

static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const loki_entry *x = a, *y = b;
	if (x->set != y->set)
		return x->set < y->set ? -1 : 1;
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->nsec != y->nsec)
		return x->nsec < y->nsec ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Writes the open batch as one push body: the streams in the order they
 * first appeared, each one's entries in time order (ties: arrival). */
static void loki_close(tsn_sink *s)
{
	if (!s->n_ent)
		return;
	qsort(s->ent, s->n_ent, sizeof *s->ent, entry_cmp);
	tsn_out *o = &s->out;
	out_put(o, "{\"streams\":[", 12);
	for (size_t i = 0; i < s->n_ent; i++) {
		const loki_entry *e = &s->ent[i];
		if (i == 0 || e->set != s->ent[i - 1].set) {
			if (i)
				out_put(o, "]},", 3);
			out_put(o, "{\"stream\":", 10);
			out_put(o, s->sets[e->set].s, s->sets[e->set].n);
			out_put(o, ",\"values\":[", 11);
		} else {
			out_put(o, ",", 1);
		}
		char ns[32];
		tsn_time t = {.sec = e->sec, .nsec = e->nsec};
		out_put(o, "[\"", 2);
		out_put(o, ns, format_ns(&t, ns));
		out_put(o, "\",\"", 3);
		out_put(o, s->arena + e->off, e->len);
		out_put(o, "\"]", 2);
	}
	out_put(o, "]}]}\n", 5);
	s->batches++;
	for (size_t i = 0; i < s->n_sets; i++)
		free(s->sets[i].s);
	s->n_sets = 0;
	s->n_ent = 0;
	s->arena_n = 0;
	s->batch_size = 0;
	memset(s->cache, 0, s->n_in * 3 * sizeof *s->cache);
}

/* The batch's index of the record's label set, added if new. */
static long loki_set_of(tsn_sink *s, const tsn_rec *r)
{
	uint32_t *cached = &s->cache[(size_t)r->input * 3 + (size_t)r->stream];
	if (*cached)
		return (long)*cached - 1;
	const tsn_sink_input *in = &s->in[r->input];
	static const char *const names[] = {"stdout", "stderr"};
	size_t need = in->labels_n + 40;
	if (reserve((void **)&s->key, &s->key_cap, need, 1))
		return -1;
	size_t k = 0;
	s->key[k++] = '{';
	memcpy(s->key + k, in->labels ? in->labels : "", in->labels_n);
	k += in->labels_n;
	if (r->stream < 2) {
		if (k > 1)
			s->key[k++] = ',';
		k += (size_t)sprintf(s->key + k, "\"stream\":\"%s\"", names[r->stream]);
	}
	if (k == 1) {
		/* Loki refuses a stream without labels */
		memcpy(s->key + k, "\"job\":\"tsnorm\"", 14);
		k += 14;
	}
	s->key[k++] = '}';
	size_t i = 0;
	while (i < s->n_sets && (s->sets[i].n != k || memcmp(s->sets[i].s, s->key, k)))
		i++;
	if (i == s->n_sets) {
		if (reserve((void **)&s->sets, &s->cap_sets, s->n_sets + 1, sizeof *s->sets))
			return -1;
		char *c = malloc(k);
		if (!c)
			return -1;
		memcpy(c, s->key, k);
		s->sets[s->n_sets++] = (loki_set){c, k};
		s->batch_size += k + 24;
	}
	*cached = (uint32_t)i + 1;
	return (long)i;
}

static void loki_record(tsn_sink *s, const tsn_rec *r, const tsn_time *t)
{
	size_t esc_max = json_escape_bound(r->msg_n);
	size_t cost = esc_max / 3 + 40; /* a guess before escaping, refined below */
	if (s->n_ent && (s->n_ent >= s->c.batch_lines || s->batch_size + cost > s->c.batch_bytes))
		loki_close(s);
	long set = loki_set_of(s, r);
	if (set < 0 || reserve((void **)&s->ent, &s->cap_ent, s->n_ent + 1, sizeof *s->ent) ||
	    reserve((void **)&s->arena, &s->arena_cap, s->arena_n + esc_max, 1)) {
		s->out.err = s->out.err ? s->out.err : 12; /* ENOMEM */
		return;
	}
	size_t len = json_escape(r->msg, r->msg_n, s->arena + s->arena_n, NULL);
	s->ent[s->n_ent++] = (loki_entry){.set = (uint32_t)set, .seq = s->seq++, .sec = t->sec,
					  .nsec = t->nsec, .off = s->arena_n, .len = len};
	s->arena_n += len;
	s->batch_size += len + 30;
	if (s->n_ent >= s->c.batch_lines || s->batch_size >= s->c.batch_bytes)
		loki_close(s);
}

/* ---- text ---------------------------------------------------------------- */

#define C_DIM "\033[2m"
#define C_SRC "\033[36m"
#define C_ERR "\033[31m"
#define C_BAD "\033[1;31m"
#define C_END "\033[0m"

/* The message for a terminal: control characters, C1 controls and bytes
 * that are not UTF-8 shown as escapes, so a log cannot drive the terminal. */
static void put_visible(tsn_out *o, const char *m, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned char c = (unsigned char)m[i];
		size_t k = 0;
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			k = utf8_len((const unsigned char *)m + i, n - i);
			/* U+0080..U+009F: C1 controls */
			if (k == 2 && c == 0xc2 && (unsigned char)m[i + 1] < 0xa0)
				k = 0;
			if (k) {
				i += k;
				continue;
			}
		}
		if (c == '\t') {
			i++;
			continue;
		}
		out_put(o, m + run, i - run);
		char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
		if (c == '\n' || c == '\r') {
			e[1] = c == '\n' ? 'n' : 'r';
			out_put(o, e, 2);
		} else {
			out_put(o, e, 4);
		}
		run = ++i;
	}
	out_put(o, m + run, n - run);
}

static void pad(tsn_out *o, size_t n)
{
	static const char sp[] = "                                        ";
	while (n) {
		size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
		out_put(o, sp, k);
		n -= k;
	}
}

static void text_record(tsn_sink *s, const tsn_rec *r)
{
	tsn_out *o = &s->out;
	int col = s->c.color;
	char buf[40];
	size_t k = 0;
	if (r->fmt != TSN_REC_NONE)
		k = tsn_format_rfc3339nano(&r->t, buf);
	if (col)
		out_put(o, C_DIM, sizeof C_DIM - 1);
	if (k)
		out_put(o, buf, k);
	else
		out_put(o, "-", 1);
	if (col)
		out_put(o, C_END, sizeof C_END - 1);
	pad(o, 30 - (k ? k : 1) + 2);

	const char *name = s->in[r->input].name;
	size_t nn = strlen(name);
	if (col)
		out_put(o, C_SRC, sizeof C_SRC - 1);
	out_put(o, name, nn);
	if (col)
		out_put(o, C_END, sizeof C_END - 1);
	pad(o, (nn < (size_t)s->name_w ? (size_t)s->name_w - nn : 0) + 2);

	static const char *const streams[] = {"stdout", "stderr", "-     "};
	if (col && r->stream == 1)
		out_put(o, C_ERR, sizeof C_ERR - 1);
	out_put(o, streams[r->stream], 6);
	if (col && r->stream == 1)
		out_put(o, C_END, sizeof C_END - 1);
	pad(o, 2);

	/* the skew column: +0.412ms, a flag after it, 12 wide */
	size_t w = 0;
	if (r->has_skew) {
		if (r->skew_us >= 0)
			buf[w++] = '+';
		w += format_skew_ms(r->skew_us, buf + w);
		memcpy(buf + w, "ms", 2);
		w += 2;
		if (r->flagged)
			buf[w++] = '!';
	} else if (r->fmt == TSN_REC_RUNTIME) {
		memcpy(buf, "runtime", 7);
		w = 7;
	}
	if (col && r->flagged)
		out_put(o, C_BAD, sizeof C_BAD - 1);
	else if (col && w)
		out_put(o, C_DIM, sizeof C_DIM - 1);
	out_put(o, buf, w);
	if (col && w)
		out_put(o, C_END, sizeof C_END - 1);
	pad(o, (w < 12 ? 12 - w : 0) + 2);

	put_visible(o, r->msg, r->msg_n);
	out_put(o, "\n", 1);
}

/* ---- the record ---------------------------------------------------------- */

int sink_past_window(const tsn_sink *s, const tsn_rec *r)
{
	return s->c.has_until && r->has_key && tsn_time_cmp(&r->key, &s->c.until) >= 0;
}

static void observe(tsn_sink *s, const tsn_rec *r)
{
	tsn_sink_input *in = &s->in[r->input];
	tsn_stats *st = in->st;
	if (!st)
		return;
	st->lines_out++;
	if (r->fmt == TSN_REC_NONE)
		return;
	if (r->fmt == TSN_REC_OBJECT)
		st->found_object++;
	else if (r->fmt == TSN_REC_RUNTIME)
		st->runtime_used++;
	else if (r->fmt >= 0 && r->fmt < TSN_MAX_FORMATS)
		st->found[r->fmt]++;
	if (r->has_skew) {
		stats_skew(st, r->skew_us);
		st->flagged += (uint64_t)r->flagged;
		in->hist[r->skew_us < 0][band_of(s, r)]++;
	}
	if (!in->has_first || tsn_time_cmp(&r->t, &in->first) < 0)
		in->first = r->t;
	if (!in->has_first || tsn_time_cmp(&r->t, &in->last) > 0)
		in->last = r->t;
	in->has_first = 1;
}

void sink_record(void *ctx, const tsn_rec *r)
{
	tsn_sink *s = ctx;
	/* the window: [since, until); a record without a time goes with the
	 * last timed record of its input (before any, it is before --since) */
	if ((s->c.has_since && (!r->has_key || tsn_time_cmp(&r->key, &s->c.since) < 0)) ||
	    sink_past_window(s, r)) {
		s->dropped++;
		return;
	}
	observe(s, r);
	switch (s->c.output) {
	case TSN_OUT_JSON:
		out_put(&s->out, r->bytes, r->n);
		break;
	case TSN_OUT_TEXT:
		text_record(s, r);
		break;
	case TSN_OUT_LOKI: {
		tsn_time t = r->key;
		if (r->fmt != TSN_REC_NONE) {
			t = r->t;
		} else if (!r->has_key) {
			/* nothing tells this line's time: when it was read */
			struct timespec now;
			clock_gettime(CLOCK_REALTIME, &now);
			t = (tsn_time){.sec = now.tv_sec, .nsec = (int32_t)now.tv_nsec};
		}
		loki_record(s, r, &t);
		break;
	}
	}
}

void sink_idle(void *ctx)
{
	tsn_sink *s = ctx;
	loki_close(s);
	out_flush(&s->out);
}

int sink_finish(tsn_sink *s)
{
	loki_close(s);
	return out_flush(&s->out);
}
