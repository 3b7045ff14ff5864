/* pipeline.c — the hot path.  The framer splits the input into lines in one
 * bounded buffer (no allocation per line; a line over --max-line streams
 * through unchanged in pieces); each line is scanned in place, its message
 * decoded only when it has escapes, and the fields appended before its
 * closing brace with hand-written formatting. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cri.h"
#include "envelope.h"
#include "jsonesc.h"
#include "judge.h"
#include "pipeline.h"

#define READ_CHUNK (256u * 1024u)
#define OUT_CAP (1024u * 1024u)
#define TAIL_MAX 256

static void join_flush(tsn_pipeline *p, int si);

static void flush_on_idle(void *ctx)
{
	tsn_pipeline *p = ctx;
	if (p->sink)
		p->sink_idle(p->sink_ctx);
	else
		out_flush(&p->out);
}

void pipeline_set_sink(tsn_pipeline *p, tsn_rec_fn sink, void (*idle)(void *), void *ctx,
		       const tsn_out *watch)
{
	p->watch = watch ? watch : &p->out;
	p->sink = sink;
	p->sink_idle = idle;
	p->sink_ctx = ctx;
}

/* A record is complete in out: with a sink, hand it over and drop it. */
static void deliver(tsn_pipeline *p)
{
	p->delivered++;
	if (!p->sink)
		return;
	tsn_rec *r = &p->rec;
	if (r->fmt != TSN_REC_NONE) {
		p->last = r->t;
		p->has_last = 1;
	}
	r->has_key = p->has_last;
	r->key = p->last;
	r->bytes = p->out.buf;
	r->n = p->out.len;
	r->input = p->input_idx;
	p->sink(p->sink_ctx, r);
	p->out.len = 0;
	*r = (tsn_rec){.fmt = TSN_REC_NONE, .stream = 2};
}

int pipeline_init(tsn_pipeline *p, const tsn_config *cfg, int out_fd)
{
	memset(p, 0, sizeof *p);
	p->cfg = cfg;
	p->fast_path = !cfg->no_fast_path && cfg->input != TSN_IN_JSON && cfg->input != TSN_IN_CRI;
	p->line_scan = p->fast_path && cfg->input != TSN_IN_RAW;
	p->rec = (tsn_rec){.fmt = TSN_REC_NONE, .stream = 2};
	p->watch = &p->out;
	stats_init(&p->st);
	p->now_sec = (int64_t)time(NULL);
	p->reg = cfg->reg;
	if (!p->reg) {
		char err[128];
		if (tsn_registry_init(&p->own_reg, NULL, NULL, 0, err, sizeof err))
			return -1;
		p->reg = &p->own_reg;
	}
	pipeline_new_input(p, "(stdin)", NULL, 0);

	/* the keys an object's own time may sit under: --app-key's set less
	 * the runtime key; the message keys */
	const char *const *keys = cfg->json_keys ? cfg->json_keys : tsn_default_json_keys;
	size_t nk = cfg->json_keys ? cfg->n_json_keys : TSN_DEFAULT_JSON_KEYS;
	for (size_t i = 0; i < nk && p->n_obj_keys < TSN_MAX_KEYS; i++)
		if (!cfg->runtime_key || strcmp(keys[i], cfg->runtime_key))
			p->obj_keys[p->n_obj_keys++] = keys[i];
	p->rt_key[0] = cfg->runtime_key;
	static const char *const default_msg_keys[] = {"log", "message", "msg"};
	if (cfg->message_keys) {
		for (size_t i = 0; i < cfg->n_message_keys && i < TSN_MAX_KEYS; i++)
			p->msg_keys[p->n_msg_keys++] = cfg->message_keys[i];
	} else {
		for (size_t i = 0; i < 3; i++)
			p->msg_keys[p->n_msg_keys++] = default_msg_keys[i];
	}

	size_t ml = cfg->max_line;
	p->cap = ml + 1 + READ_CHUNK;
	p->buf = malloc(p->cap);
	p->scratch = malloc(ml + 1);
	p->esc = malloc(json_escape_bound(ml) + 16);
	int joins_ok = 1;
	for (int i = 0; i < 2; i++) {
		p->join[i].first = malloc(ml + 1);
		p->join[i].body = malloc(ml + 1);
		joins_ok &= p->join[i].first && p->join[i].body;
	}
	if (!p->buf || !p->scratch || !p->esc || !joins_ok ||
	    out_init(&p->out, out_fd, out_fd < 0 ? 64u * 1024u : OUT_CAP)) {
		pipeline_free(p);
		return -1;
	}
	return 0;
}

void pipeline_new_input(tsn_pipeline *p, const char *name, const char *origin, size_t origin_n)
{
	pipeline_flush_joins(p);
	p->input = name;
	p->origin = origin ? origin : "";
	p->origin_n = origin ? origin_n : 0;
	p->fstart = p->fend = 0;
	p->skipping = 0;
	p->ended = 0;
	for (int i = 0; i < 3; i++) {
		p->streams[i] = (tsn_stream_state){0};
		tsn_memo_init(&p->streams[i].memo);
	}
}

static int stream_index(const tsn_slice *stream)
{
	if (stream->n == 6 && memcmp(stream->p, "stdout", 6) == 0)
		return 0;
	if (stream->n == 6 && memcmp(stream->p, "stderr", 6) == 0)
		return 1;
	return 2;
}

#define QUARTER_HOUR 900
#define MAX_ZONE (14 * 3600)
#define ZONE_VOTES 3

/* --tz auto: the whole quarter hour nearest app - runtime, if the rest is
 * within the skew threshold; ZONE_VOTES agreeing lines in a row settle it. */
static void learn_zone(tsn_pipeline *p, tsn_stream_state *ss, int si, const tsn_time *local,
		       const tsn_time *rt)
{
	int64_t ds = local->sec - rt->sec;
	if (ds > MAX_ZONE + QUARTER_HOUR || ds < -MAX_ZONE - QUARTER_HOUR)
		return;
	int64_t diff_ns = ds * TSN_NS_PER_SEC + local->nsec - rt->nsec;
	int64_t q = QUARTER_HOUR * TSN_NS_PER_SEC;
	int64_t k = (diff_ns >= 0 ? diff_ns + q / 2 : diff_ns - q / 2) / q;
	int32_t off = (int32_t)(k * QUARTER_HOUR);
	if (off > MAX_ZONE || off < -MAX_ZONE)
		return;
	tsn_time shifted = *local;
	shifted.sec -= off;
	tsn_verdict v;
	judge(&shifted, rt, p->cfg->max_skew_ns, &v);
	if (v.flagged)
		return;
	if (ss->zone_have && ss->zone_off == off) {
		ss->zone_votes++;
	} else {
		ss->zone_have = 1;
		ss->zone_off = off;
		ss->zone_votes = 1;
	}
	if (ss->zone_votes >= ZONE_VOTES) {
		ss->zone_locked = 1;
		if (p->st.zone_learned < 32)
			p->st.learned[p->st.zone_learned] =
				(struct tsn_learned){.input = p->input, .stream = si, .offset = off};
		p->st.zone_learned++;
	}
}

/* A stamp that carried no zone (or only an abbreviation) becomes UTC. */
static void apply_zone(tsn_pipeline *p, int si, tsn_stamp *st, const tsn_time *rt)
{
	const tsn_config *c = p->cfg;
	tsn_stream_state *ss = &p->streams[si];
	int32_t off;
	if (!c->tz_auto ||
	    (st->abbr && tsn_zone_abbr_offset(c->zone, st->abbr, st->abbr_len, &off) == 0)) {
		tsn_stamp_to_utc(st, c->zone);
		return;
	}
	if (!ss->zone_locked && rt)
		learn_zone(p, ss, si, &st->t, rt);
	if (ss->zone_have)
		st->t.sec -= ss->zone_off;
}

void pipeline_free(tsn_pipeline *p)
{
	free(p->buf);
	free(p->scratch);
	free(p->esc);
	for (int i = 0; i < 2; i++) {
		free(p->join[i].first);
		free(p->join[i].body);
		p->join[i].first = p->join[i].body = NULL;
	}
	p->esc = NULL;
	out_free(&p->out);
	p->buf = p->scratch = NULL;
}

static void passthrough(tsn_pipeline *p, const char *line, size_t n, enum tsn_pass why)
{
	p->st.pass[why]++;
	p->st.lines_out++;
	out_put(&p->out, line, n);
	out_put(&p->out, "\n", 1);
	p->rec.fmt = TSN_REC_NONE;
	p->rec.msg = line;
	p->rec.msg_n = n;
	deliver(p);
}

/* The fields for one record: the application's stamp in msg (for a JSON
 * object line, else among its own top-level time keys), judged against the
 * runtime time rt (may be NULL).  Writes them to tail and returns their
 * length; 0 when the record has no time at all. */
static size_t fields(tsn_pipeline *p, const tsn_slice *msg, const tsn_time *rt, int si,
		     const char *obj, size_t obj_n, char *tail)
{
	const tsn_config *c = p->cfg;
	tsn_parse_ctx pc = {.ref = rt, .now_sec = p->now_sec,
			    .json_keys = c->json_keys ? c->json_keys : tsn_default_json_keys,
			    .n_json_keys = c->json_keys ? c->n_json_keys : TSN_DEFAULT_JSON_KEYS};
	tsn_stamp st;
	/* the message without the newline that ended it, whichever path
	 * decoded it, so a user regex sees the same text on every path */
	tsn_slice m = *msg;
	if (m.n && m.p[m.n - 1] == '\n')
		m.n--;
	int f = tsn_registry_find(p->reg, &p->streams[si].memo, m.p, m.n, &pc, &st);
	const char *fname = f >= 0 ? p->reg->order[f]->name : NULL;
	if (f >= 0) {
		p->st.found[f]++;
	} else if (obj) {
		/* an object's own "time"/"ts"/... (the runtime key excluded) */
		tsn_parse_ctx oc = pc;
		oc.json_keys = p->obj_keys;
		oc.n_json_keys = p->n_obj_keys;
		if (json_locate(NULL, obj, obj_n, &oc, &st) > 0) {
			f = TSN_MAX_FORMATS; /* not a registry family: counted apart */
			fname = "json-object";
			p->st.found_object++;
		}
	}
	if (f >= 0 && st.zoneless)
		apply_zone(p, si, &st, rt);
	tsn_rec *r = &p->rec;
	r->msg = m.p;
	r->msg_n = m.n;
	r->stream = si;
	if (f < 0 && !rt) {
		r->fmt = TSN_REC_NONE;
		return 0;
	}
	if (f < 0)
		p->st.runtime_used++;
	tsn_verdict v;
	judge(f >= 0 ? &st.t : NULL, rt, c->max_skew_ns, &v);
	r->fmt = f < 0 ? TSN_REC_RUNTIME : f == TSN_MAX_FORMATS ? TSN_REC_OBJECT : f;
	r->t = v.t;
	r->has_skew = v.has_skew;
	r->flagged = v.flagged;
	r->skew_us = v.skew_us;

	size_t t = 0;
#define PUT_LIT(l) (memcpy(tail + t, l, sizeof(l) - 1), t += sizeof(l) - 1)
	PUT_LIT(",\"__time_ms\":");
	t += format_i64_memo(&p->ms_memo, tsn_time_ms(&v.t), tail + t);
	if (c->time_string) {
		char iso[32];
		size_t k = tsn_format_rfc3339nano(&v.t, iso);
		if (k) {
			PUT_LIT(",\"__time\":\"");
			memcpy(tail + t, iso, k);
			t += k;
			tail[t++] = '"';
		}
	}
	if (v.has_skew) {
		PUT_LIT(",\"__skew_ms\":");
		t += format_skew_ms(v.skew_us, tail + t);
		stats_skew(&p->st, v.skew_us);
		if (v.flagged) {
			PUT_LIT(",\"__skew\":true");
			p->st.flagged++;
		}
	} else if (f < 0) {
		PUT_LIT(",\"__time_src\":\"runtime\"");
	}
	if (c->annotate && fname) {
		size_t k = strlen(fname);
		if (k > 64)
			k = 64; /* user names are checked at load; this only bounds tail */
		PUT_LIT(",\"__ts_format\":\"");
		memcpy(tail + t, fname, k);
		t += k;
		tail[t++] = '"';
	}
#undef PUT_LIT
	return t;
}

/* pre + fields + source labels + static labels + post + newline */
static void write_record(tsn_pipeline *p, const char *pre, size_t pre_n, const char *tail,
			 size_t t, const char *post, size_t post_n)
{
	out_put(&p->out, pre, pre_n);
	out_put(&p->out, tail, t);
	out_put(&p->out, p->origin, p->origin_n);
	out_put(&p->out, p->cfg->labels, p->cfg->labels_n);
	out_put(&p->out, post, post_n);
	out_put(&p->out, "\n", 1);
	p->st.lines_out++;
	deliver(p);
}

/* A JSON object line: fields before its closing brace, or unchanged when
 * it carries no time at all. */
static int emit_object(tsn_pipeline *p, const char *line, size_t n, size_t close,
		       const tsn_slice *msg, const tsn_time *rt, int si, int search_obj)
{
	char tail[TAIL_MAX];
	tsn_out *o = &p->out;
	size_t labels_n = p->cfg->labels_n;
	/* When the whole record fits in the output buffer, the fields are
	 * written in place, between the line's two parts, and nothing is
	 * copied twice; else they go through tail. */
	size_t room = n + TAIL_MAX + p->origin_n + labels_n + 1;
	char *d = o->cap - o->len >= room ? o->buf + o->len : NULL;
	size_t t = fields(p, msg, rt, si, search_obj ? line : NULL, n, d ? d + close : tail);
	if (p->msg_is_line) {
		/* an object without a message member: to a sink, the line is it */
		p->rec.msg = line;
		p->rec.msg_n = n;
	}
	if (!t) {
		passthrough(p, line, n, PASS_NO_TIME);
		return 0;
	}
	if (!d) {
		write_record(p, line, close, tail, t, line + close, n - close);
		return 1;
	}
	memcpy(d, line, close);
	size_t k = close + t;
	if (p->origin_n) {
		memcpy(d + k, p->origin, p->origin_n);
		k += p->origin_n;
	}
	if (labels_n) {
		memcpy(d + k, p->cfg->labels, labels_n);
		k += labels_n;
	}
	if (n - close == 1) { /* the brace alone: Docker's lines */
		d[k++] = line[close];
	} else {
		memcpy(d + k, line + close, n - close);
		k += n - close;
	}
	d[k++] = '\n';
	o->len += k;
	p->st.lines_out++;
	deliver(p);
	return 1;
}

/* A record tsnorm writes as a new object in Docker's shape:
 * {"log":"<msg, escaped>[\n]"[,"stream":"…","time":"…"]<fields>} */
static void emit_built(tsn_pipeline *p, const tsn_slice *msg, int final_nl, const tsn_slice *stream,
		       const tsn_slice *time_text, const tsn_time *rt)
{
	char tail[TAIL_MAX];
	tsn_slice m = *msg;
	int si = stream ? stream_index(stream) : 2;
	size_t t = fields(p, &m, rt, si, NULL, 0, tail);
	size_t invalid = 0;
	size_t e = json_escape(msg->p, msg->n, p->esc, &invalid);
	p->st.utf8_replaced += invalid;
	out_put(&p->out, "{\"log\":\"", 8);
	out_put(&p->out, p->esc, e);
	if (final_nl)
		out_put(&p->out, "\\n", 2);
	out_put(&p->out, "\"", 1);
	if (stream) {
		out_put(&p->out, ",\"stream\":\"", 11);
		out_put(&p->out, stream->p, stream->n);
		out_put(&p->out, "\",\"time\":\"", 10);
		out_put(&p->out, time_text->p, time_text->n);
		out_put(&p->out, "\"", 1);
	}
	write_record(p, NULL, 0, tail, t, "}", 1);
}

/* ---- reassembly of split messages ---------------------------------------- */

/* The decoded message of a Docker log body, without copying when it has no
 * escape but its final \n. */
static tsn_slice docker_message(tsn_pipeline *p, const char *body, size_t n, size_t first_esc)
{
	tsn_slice m = {body, n};
	if (first_esc + 2 == n && body[first_esc + 1] == 'n') {
		m.n -= 2; /* only the final \n: a newline ends a stamp as the end does */
	} else if (first_esc < n) {
		m.p = p->scratch;
		m.n = json_unescape(body, n, p->scratch);
	}
	return m;
}

/* Does a Docker log body end in an escaped newline (a complete message)? */
static int body_ends_line(const char *b, size_t n)
{
	if (n < 2 || b[n - 1] != 'n')
		return 0;
	size_t k = 0; /* backslashes before the n */
	while (k < n - 1 && b[n - 2 - k] == '\\')
		k++;
	return k % 2 == 1;
}

/* Writes what a stream holds: the joined pieces as one record. */
static void join_flush(tsn_pipeline *p, int si)
{
	tsn_join *j = &p->join[si];
	if (!j->kind)
		return;
	if (j->kind == JOIN_DOCKER) {
		size_t esc = j->body_n;
		const char *bs = memchr(j->body, '\\', j->body_n);
		if (bs)
			esc = (size_t)(bs - j->body);
		tsn_slice msg = docker_message(p, j->body, j->body_n, esc);
		char tail[TAIL_MAX];
		size_t t = fields(p, &msg, &j->rt, si, NULL, 0, tail);
		out_put(&p->out, j->first, j->body_start);
		out_put(&p->out, j->body, j->body_n);
		write_record(p, j->first + j->body_end, j->close - j->body_end, tail, t,
			     j->first + j->close, j->first_n - j->close);
	} else {
		tsn_slice msg = {j->body, j->body_n};
		tsn_slice stream = {si ? "stderr" : "stdout", 6};
		tsn_slice tt = {j->time_text, j->time_n};
		emit_built(p, &msg, j->final, &stream, &tt, &j->rt);
	}
	j->kind = 0;
	j->body_n = 0;
	j->final = 0;
}

void pipeline_flush_joins(tsn_pipeline *p)
{
	join_flush(p, 0);
	join_flush(p, 1);
}

/* Appends a piece's body; if it does not fit in --max-line, writes what
 * is held first and starts again (counted). */
static int join_append(tsn_pipeline *p, int si, const char *b, size_t n)
{
	tsn_join *j = &p->join[si];
	if (j->body_n + n > p->cfg->max_line) {
		p->st.joins_cut++;
		join_flush(p, si);
		return -1;
	}
	memcpy(j->body + j->body_n, b, n);
	j->body_n += n;
	p->st.pieces_joined++;
	return 0;
}

/* A canonical Docker line: joined with its stream's pieces, or written. */
static void docker_fast(tsn_pipeline *p, const char *line, size_t n, const docker_line *d)
{
	p->st.docker_fast++;
	int si = stream_index(&d->stream);
	int complete = body_ends_line(d->log.p, d->log.n);
	tsn_join *j = si < 2 && !p->cfg->no_join ? &p->join[si] : NULL;
	if (j && j->kind == JOIN_DOCKER) {
		if (join_append(p, si, d->log.p, d->log.n) == 0) {
			if (complete)
				join_flush(p, si);
			return;
		}
	} else if (j && j->kind) {
		join_flush(p, si); /* a CRI piece of the same stream: end it */
	}
	if (j && !complete) {
		/* the first piece of a split message: keep it whole */
		memcpy(j->first, line, n);
		j->first_n = n;
		j->body_start = (size_t)(d->log.p - line);
		j->body_end = j->body_start + d->log.n;
		j->close = d->close;
		j->rt = d->time;
		memcpy(j->body, d->log.p, d->log.n);
		j->body_n = d->log.n;
		j->kind = JOIN_DOCKER;
		return;
	}
	emit_object(p, line, n, d->close, &d->msg, &d->time, si, 0);
}

/* A CRI line: joined with its stream's P pieces, or written. */
static void cri_record(tsn_pipeline *p, const cri_line *c)
{
	p->st.cri++;
	int si = stream_index(&c->stream);
	tsn_join *j = !p->cfg->no_join ? &p->join[si] : NULL;
	if (j && j->kind == JOIN_CRI) {
		if (join_append(p, si, c->msg.p, c->msg.n) == 0) {
			if (!c->partial) {
				j->final = 1;
				join_flush(p, si);
			}
			return;
		}
	} else if (j && j->kind) {
		join_flush(p, si);
	}
	if (j && c->partial && c->time_text.n <= sizeof j->time_text) {
		memcpy(j->body, c->msg.p, c->msg.n);
		j->body_n = c->msg.n;
		memcpy(j->time_text, c->time_text.p, c->time_text.n);
		j->time_n = c->time_text.n;
		j->rt = c->time;
		j->kind = JOIN_CRI;
		return;
	}
	emit_built(p, &c->msg, !c->partial, &c->stream, &c->time_text, &c->time);
}

static void raw_record(tsn_pipeline *p, const char *line, size_t n)
{
	p->st.raw++;
	tsn_slice msg = {line, n};
	emit_built(p, &msg, 0, NULL, NULL, NULL);
}

/* Any JSON object: Docker's when it has Docker's fields (unless --input
 * json), else a generic object: its message key, its runtime key. */
static void json_record(tsn_pipeline *p, const char *line, size_t n)
{
	const tsn_config *c = p->cfg;
	docker_slow s;
	enum docker_verdict dv = docker_parse_slow(line, n, &s);
	if (dv == DOCKER_OK && c->input != TSN_IN_JSON) {
		p->st.docker_slow++;
		/* not Docker's own form: it is not joined, but it ends what its
		 * stream holds, so no piece is glued onto a later message */
		int si = stream_index(&s.stream);
		if (si < 2)
			join_flush(p, si);
		emit_object(p, line, n, s.close, &s.log, &s.time, si, 0);
	} else if (dv == DOCKER_DONE) {
		passthrough(p, line, n, PASS_DONE);
	} else if (dv == DOCKER_NOT_JSON || dv == DOCKER_NOT_OBJECT) {
		passthrough(p, line, n, PASS_BAD_JSON);
	} else if (c->input == TSN_IN_DOCKER) {
		passthrough(p, line, n, PASS_NOT_DOCKER);
	} else {
		json_object_fields(&s, p->msg_keys, p->n_msg_keys);
		tsn_time rt;
		const tsn_time *rtp = NULL;
		if (c->runtime_key) {
			tsn_parse_ctx rc = {.now_sec = p->now_sec, .json_keys = p->rt_key,
					    .n_json_keys = 1};
			tsn_stamp st;
			if (json_locate(NULL, line, n, &rc, &st) > 0 && !st.zoneless) {
				rt = st.t;
				rtp = &rt;
			}
		}
		p->msg_is_line = !s.has_msg;
		p->st.json_objects +=
			(uint64_t)emit_object(p, line, n, s.close, &s.log, rtp, stream_index(&s.stream), 1);
		p->msg_is_line = 0;
	}
	docker_slow_release(&s);
}

void pipeline_line(tsn_pipeline *p, const char *line, size_t n)
{
	const tsn_config *c = p->cfg;
	p->st.lines_in++;
	if (n > c->max_line) {
		passthrough(p, line, n, PASS_OVERSIZE);
		return;
	}
	if (n == 0) {
		passthrough(p, line, n, PASS_EMPTY);
		return;
	}
	if (c->input == TSN_IN_RAW) {
		raw_record(p, line, n);
		return;
	}
	docker_line d;
	if (line[0] == '{' && p->fast_path && docker_scan_decode(line, n, &d, p->scratch)) {
		docker_fast(p, line, n, &d);
		return;
	}
	if (c->input != TSN_IN_CRI) {
		size_t i = 0;
		while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i < n && line[i] == '{') {
			json_record(p, line, n);
			return;
		}
	}
	cri_line cl;
	if ((c->input == TSN_IN_AUTO || c->input == TSN_IN_CRI) && cri_scan(line, n, &cl)) {
		cri_record(p, &cl);
		return;
	}
	passthrough(p, line, n, PASS_TEXT);
}

/* A piece of a line over --max-line, written unchanged (its newline, when
 * this piece ends it, included). */
static void oversize_piece(tsn_pipeline *p, const char *b, size_t n, int ends)
{
	out_put(&p->out, b, n);
	if (ends && (n == 0 || b[n - 1] != '\n'))
		out_put(&p->out, "\n", 1);
	p->rec.fmt = TSN_REC_NONE;
	p->rec.msg = b;
	p->rec.msg_n = n && b[n - 1] == '\n' ? n - 1 : n;
	p->rec.piece = 1;
	deliver(p);
}

/* The end of the input (or a stop): what is complete goes out. */
static int pump_end(tsn_pipeline *p, int rc)
{
	char *b = p->buf;
	if (tsn_stop) {
		/* told to stop: what is complete goes out, no half line */
		if (p->skipping)
			oversize_piece(p, NULL, 0, 1);
	} else if (p->skipping) {
		/* the end: a last line without a newline is still a line */
		oversize_piece(p, NULL, 0, 1);
		p->st.unterminated++;
	} else if (p->fend > p->fstart) {
		pipeline_line(p, b + p->fstart, p->fend - p->fstart);
		p->st.unterminated++;
	}
	p->skipping = 0;
	p->fstart = p->fend = 0;
	pipeline_flush_joins(p);
	p->ended = rc < 0 ? -1 : 1;
	return rc < 0 ? -1 : 0;
}

/* A Docker line in its commonest form, found and read in one pass from
 * the start of the unread bytes (docker_scan_line): what pipeline_line
 * would do with it, without first looking for its newline.  Returns the
 * line's length, or 0 when the general way must take it. */
static size_t line_scan(tsn_pipeline *p, const char *s, size_t avail)
{
	size_t max = p->cfg->max_line;
	docker_line d;
	/* a line the general way would call oversize is not taken: the scan
	 * stops at max_line + 1 bytes, which is also what scratch holds */
	size_t n = docker_scan_line(s, avail <= max ? avail : max + 1, &d, p->scratch);
	if (!n)
		return 0;
	p->st.lines_in++;
	docker_fast(p, s, n, &d);
	return n;
}

int pipeline_pump(tsn_pipeline *p, tsn_source *src, uint64_t want)
{
	if (p->ended)
		return p->ended < 0 ? -1 : 0;
	uint64_t goal = want > UINT64_MAX - p->delivered ? UINT64_MAX : p->delivered + want;
	size_t start = p->fstart, end = p->fend;
	src->idle = flush_on_idle;
	src->idle_ctx = p;

	for (;;) {
		char *b = p->buf;
		if (p->skipping) {
			char *nl = memchr(b + start, '\n', end - start);
			size_t stop = nl ? (size_t)(nl - b) + 1 : end;
			if (stop > start)
				oversize_piece(p, b + start, stop - start, nl != NULL);
			start = stop;
			p->skipping = !nl;
		}
		if (!p->skipping) {
			char *nl;
			while (p->delivered < goal) {
				size_t len;
				if (p->line_scan && end > start && b[start] == '{' &&
				    (len = line_scan(p, b + start, end - start)) != 0) {
					start += len + 1;
					continue;
				}
				if ((nl = memchr(b + start, '\n', end - start)) == NULL)
					break;
				len = (size_t)(nl - b) - start;
				pipeline_line(p, b + start, len);
				start += len + 1;
			}
			if (p->delivered >= goal) {
				p->fstart = start;
				p->fend = end;
				return 1;
			}
			if (end - start > p->cfg->max_line) {
				/* a line over the limit: pass it through in pieces */
				p->st.lines_in++;
				p->st.lines_out++;
				p->st.pass[PASS_OVERSIZE]++;
				p->skipping = 1;
				oversize_piece(p, b + start, end - start, 0);
				start = end;
			}
		}
		if (out_failed(p->watch)) {
			p->ended = 1;
			return 0;
		}
		if (start > 0) {
			memmove(b, b + start, end - start);
			end -= start;
			start = 0;
		}
		ssize_t r = tsn_stop ? 0 : source_read(src, b + end, p->cap - end);
		if (r > 0) {
			end += (size_t)r;
			p->st.bytes_in += (size_t)r;
			if (p->on_read)
				p->on_read(p->on_read_ctx);
			continue;
		}
		p->fstart = start;
		p->fend = end;
		return pump_end(p, (int)r);
	}
}

int pipeline_run(tsn_pipeline *p, tsn_source *src)
{
	int r;
	while ((r = pipeline_pump(p, src, UINT64_MAX)) > 0)
		;
	return r;
}
