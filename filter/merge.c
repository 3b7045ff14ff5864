/* merge.c — --merge: families of rotated files, one pipeline each, and a
 * binary heap that always writes the earliest next record.  Stable: equal
 * times go in input order, and a record without a time keeps the time of
 * the record before it from the same input, so it stays right after it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "merge.h"

/* ---- families ------------------------------------------------------------ */

enum { ROT_DOCKER, ROT_KUBELET, ROT_LIVE };

typedef struct rot_name {
	const char *path;
	size_t dir_n;            /* the directory part, its slash included */
	size_t base_n;           /* the name without the rotation suffix */
	int kind;
	long long rank;          /* DOCKER: -N; KUBELET: the stamp as digits */
	size_t pos;              /* place on the command line */
} rot_name;

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static void rot_parse(const char *path, size_t pos, rot_name *r)
{
	size_t n = strlen(path);
	const char *slash = strrchr(path, '/');
	*r = (rot_name){.path = path, .dir_n = slash ? (size_t)(slash - path) + 1 : 0,
			.base_n = n, .kind = ROT_LIVE, .pos = pos};
	size_t end = n;
	if (end >= 3 && !memcmp(path + end - 3, ".gz", 3))
		end -= 3;
	const char *dot = NULL;
	for (size_t i = end; i > r->dir_n; i--)
		if (path[i - 1] == '.') {
			dot = path + i - 1;
			break;
		}
	if (!dot || dot == path + r->dir_n)
		return;
	const char *suf = dot + 1;
	size_t k = (size_t)(path + end - suf);
	if (all_digits(suf, k) && suf[0] != '0' && k <= 9) {
		r->kind = ROT_DOCKER;
		r->rank = -strtoll(suf, NULL, 10);
		r->base_n = (size_t)(dot - path);
	} else if (k == 15 && suf[8] == '-' && all_digits(suf, 8) && all_digits(suf + 9, 6)) {
		r->kind = ROT_KUBELET;
		r->rank = strtoll(suf, NULL, 10) * 1000000 + strtoll(suf + 9, NULL, 10);
		r->base_n = (size_t)(dot - path);
	}
}

static const rot_name *g_rot;

static int same_family(const rot_name *a, const rot_name *b)
{
	return a->base_n == b->base_n && !memcmp(a->path, b->path, a->base_n) &&
	       strcmp(a->path, "-") && strcmp(b->path, "-");
}

static int rot_cmp(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const rot_name *a = &g_rot[i], *b = &g_rot[j];
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

size_t merge_families(const char *const *paths, size_t n, tsn_family *fams, const char **order)
{
	rot_name *r = malloc((n ? n : 1) * sizeof *r);
	size_t *idx = malloc((n ? n : 1) * sizeof *idx);
	int *fam = malloc((n ? n : 1) * sizeof *fam);
	if (!r || !idx || !fam) {
		free(r);
		free(idx);
		free(fam);
		for (size_t i = 0; i < n; i++) { /* no memory: every file its own family */
			order[i] = paths[i];
			fams[i] = (tsn_family){&order[i], 1};
		}
		return n;
	}
	for (size_t i = 0; i < n; i++)
		rot_parse(paths[i], i, &r[i]);
	size_t nf = 0;
	for (size_t i = 0; i < n; i++) {
		fam[i] = -1;
		for (size_t j = 0; j < i && fam[i] < 0; j++)
			if (same_family(&r[i], &r[j]))
				fam[i] = fam[j];
		if (fam[i] < 0)
			fam[i] = (int)nf++;
	}
	size_t o = 0;
	g_rot = r;
	for (size_t f = 0; f < nf; f++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (fam[i] == (int)f)
				idx[k++] = i;
		qsort(idx, k, sizeof *idx, rot_cmp);
		fams[f].paths = &order[o];
		fams[f].n = k;
		for (size_t i = 0; i < k; i++)
			order[o++] = paths[idx[i]];
	}
	g_rot = NULL;
	free(r);
	free(idx);
	free(fam);
	return nf;
}

/* ---- the merge ------------------------------------------------------------ */

typedef struct queued {
	tsn_rec r;
	size_t off;              /* bytes, then msg, in the arena */
} queued;

typedef struct mg_input {
	const tsn_family *fam;
	size_t next;             /* the next file of the family to open */
	tsn_source src;
	int open;
	int done;
	tsn_pipeline p;
	int ready;               /* p initialised */
	queued *q;               /* records of the last line(s) read, in order */
	size_t qh, qn, qcap;
	char *arena;
	size_t an, acap;
	int oom;
	tsn_origin origin;
	const tsn_merge_opts *o;
	int status;
} mg_input;

static void enqueue(void *ctx, const tsn_rec *r)
{
	mg_input *m = ctx;
	size_t need = m->an + r->n + r->msg_n;
	if (m->qn == m->qcap) {
		size_t c = m->qcap ? m->qcap * 2 : 8;
		queued *q = realloc(m->q, c * sizeof *q);
		if (!q) {
			m->oom = 1;
			return;
		}
		m->q = q;
		m->qcap = c;
	}
	if (need > m->acap) {
		size_t c = m->acap ? m->acap : 4096;
		while (c < need)
			c *= 2;
		char *a = realloc(m->arena, c);
		if (!a) {
			m->oom = 1;
			return;
		}
		m->arena = a;
		m->acap = c;
	}
	queued *e = &m->q[m->qn++];
	e->r = *r;
	e->off = m->an;
	memcpy(m->arena + m->an, r->bytes, r->n);
	memcpy(m->arena + m->an + r->n, r->msg, r->msg_n);
	m->an = need;
}

static void input_idle(void *ctx)
{
	(void)ctx; /* merged output is written in time order, not on idle */
}

/* Opens the family's next readable file; 0, or -1 when there is none. */
static int open_next(mg_input *m, int idx)
{
	const tsn_merge_opts *o = m->o;
	while (m->next < m->fam->n && !tsn_stop) {
		const char *path = m->fam->paths[m->next++];
		m->p.st.inputs++;
		if (source_open(&m->src, path, 256u * 1024u)) {
			if (o->progress)
				progress_clear(o->progress);
			if (!o->quiet)
				fprintf(stderr, "tsnorm: %s: %s\n", path, strerror(errno));
			m->p.st.inputs_bad++;
			m->status = 2;
			continue;
		}
		m->open = 1;
		struct stat sb;
		if (o->progress && m->src.is_reg && fstat(m->src.fd, &sb) == 0)
			progress_open(o->progress, m->src.fd, (uint64_t)sb.st_size);
		if (o->source_labels && strcmp(path, "-"))
			origin_from_path(path, &m->origin);
		else
			m->origin.len = m->origin.labels_len = 0;
		pipeline_new_input(&m->p, m->src.name, m->origin.frag, m->origin.len);
		m->p.input_idx = idx;
		return 0;
	}
	return -1;
}

static void close_input(mg_input *m)
{
	if (m->o->progress)
		progress_close(m->o->progress, m->src.fd);
	source_close(&m->src);
	m->open = 0;
}

/* Reads until the input has a record queued or has ended. */
static void fill(mg_input *m, int idx)
{
	while (m->qh == m->qn && !m->done && !m->oom) {
		m->qh = m->qn = 0;
		m->an = 0;
		if (!m->open && open_next(m, idx)) {
			m->done = 1;
			pipeline_flush_joins(&m->p);
			break;
		}
		int r = pipeline_pump(&m->p, &m->src, 1);
		if (r > 0)
			continue;
		if (r < 0) {
			if (m->o->progress)
				progress_clear(m->o->progress);
			if (!m->o->quiet)
				fprintf(stderr, "tsnorm: %s: %s; the lines before it were processed\n",
					m->src.name, m->src.err);
			m->p.st.inputs_bad++;
			m->status = 2;
		}
		close_input(m);
	}
}

/* Heap order: the earlier key; a record with no key yet (nothing timed
 * before it in its input) first; ties by input. */
static int before(const mg_input *in, int a, int b)
{
	const tsn_rec *x = &in[a].q[in[a].qh].r, *y = &in[b].q[in[b].qh].r;
	if (x->has_key != y->has_key)
		return !x->has_key;
	if (x->has_key) {
		int c = tsn_time_cmp(&x->key, &y->key);
		if (c)
			return c < 0;
	}
	return a < b;
}

static void sift_down(const mg_input *in, int *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, best = i;
		if (l < n && before(in, h[l], h[best]))
			best = l;
		if (l + 1 < n && before(in, h[l + 1], h[best]))
			best = l + 1;
		if (best == i)
			return;
		int t = h[i];
		h[i] = h[best];
		h[best] = t;
		i = best;
	}
}

static void sift_up(const mg_input *in, int *h, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!before(in, h[i], h[parent]))
			return;
		int t = h[i];
		h[i] = h[parent];
		h[parent] = t;
		i = parent;
	}
}

int merge_run(const tsn_family *fams, size_t n, const tsn_merge_opts *o, tsn_sink *sink,
	      tsn_stats *st)
{
	mg_input *in = calloc(n ? n : 1, sizeof *in);
	int *heap = malloc((n ? n : 1) * sizeof *heap);
	int status = 0;
	if (!in || !heap) {
		free(in);
		free(heap);
		return -1;
	}
	/* one descriptor per input at once: allow as many as the hard limit */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max && rl.rlim_cur < n + 16) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	size_t hn = 0;
	for (size_t i = 0; i < n; i++) {
		mg_input *m = &in[i];
		m->fam = &fams[i];
		m->o = o;
		if (pipeline_init(&m->p, o->cfg, -1)) {
			status = -1;
			break;
		}
		m->ready = 1;
		pipeline_set_sink(&m->p, enqueue, input_idle, m, NULL);
		origin_init(&m->origin);
	}
	for (size_t i = 0; i < n && status == 0; i++) {
		fill(&in[i], (int)i);
		if (in[i].qh < in[i].qn) {
			heap[hn] = (int)i;
			sift_up(in, heap, hn++);
		}
	}
	uint64_t since_tick = 0;
	if (o->progress)
		progress_tick(o->progress, 0);
	while (hn && status == 0) {
		int i = heap[0];
		mg_input *m = &in[i];
		if (m->oom) {
			status = -1;
			break;
		}
		queued *e = &m->q[m->qh];
		tsn_rec r = e->r;
		if (sink_past_window(sink, &r))
			break; /* every input's next record is past --until */
		r.bytes = m->arena + e->off;
		r.msg = m->arena + e->off + r.n;
		sink_record(sink, &r);
		m->qh++;
		fill(m, i);
		if (m->qh < m->qn) {
			sift_down(in, heap, hn, 0);
		} else {
			heap[0] = heap[--hn];
			sift_down(in, heap, hn, 0);
		}
		if (out_failed(sink_out(sink)))
			break;
		if (o->progress && ++since_tick >= 4096) {
			since_tick = 0;
			uint64_t lines = 0;
			for (size_t k = 0; k < n; k++)
				lines += in[k].p.st.lines_in;
			progress_tick(o->progress, lines);
		}
	}
	for (size_t i = 0; i < n; i++) {
		mg_input *m = &in[i];
		if (m->open)
			close_input(m);
		if (m->ready) {
			stats_add(st, &m->p.st);
			pipeline_free(&m->p);
		}
		if (m->status)
			status = status ? status : m->status;
		if (m->oom)
			status = -1;
		free(m->q);
		free(m->arena);
	}
	free(in);
	free(heap);
	return status;
}
