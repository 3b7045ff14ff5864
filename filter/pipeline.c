/* pipeline.c — the hot path.  The framer splits the input into lines in one
 * bounded buffer (no allocation per line; a line over --max-line streams
 * through unchanged in pieces); each line is scanned in place, its message
 * decoded only when it has escapes, and the fields appended before its
 * closing brace with hand-written formatting. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envelope.h"
#include "judge.h"
#include "pipeline.h"

#define READ_CHUNK (256u * 1024u)
#define OUT_CAP (1024u * 1024u)

static void flush_on_idle(void *ctx)
{
	out_flush(&((tsn_pipeline *)ctx)->out);
}

int pipeline_init(tsn_pipeline *p, const tsn_config *cfg, int out_fd)
{
	memset(p, 0, sizeof *p);
	p->cfg = cfg;
	stats_init(&p->st);
	p->now_sec = (int64_t)time(NULL);
	p->reg = cfg->reg;
	if (!p->reg) {
		char err[128];
		if (tsn_registry_init(&p->own_reg, NULL, NULL, 0, err, sizeof err))
			return -1;
		p->reg = &p->own_reg;
	}
	pipeline_new_input(p, "(stdin)");
	p->cap = cfg->max_line + 1 + READ_CHUNK;
	p->buf = malloc(p->cap);
	p->scratch = malloc(cfg->max_line + 1);
	if (!p->buf || !p->scratch || out_init(&p->out, out_fd, OUT_CAP)) {
		pipeline_free(p);
		return -1;
	}
	return 0;
}

void pipeline_new_input(tsn_pipeline *p, const char *name)
{
	p->input = name;
	for (int i = 0; i < 3; i++)
		p->streams[i] = (tsn_stream_state){.memo = -1};
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
	out_free(&p->out);
	p->buf = p->scratch = NULL;
}

static void passthrough(tsn_pipeline *p, const char *line, size_t n, enum tsn_pass why)
{
	p->st.pass[why]++;
	out_put(&p->out, line, n);
	out_put(&p->out, "\n", 1);
}

/* Writes line[0..close) + the fields + line[close..n) + newline. */
static void emit(tsn_pipeline *p, const char *line, size_t n, size_t close, const tsn_slice *msg,
		 const tsn_time *rt, const tsn_slice *stream)
{
	const tsn_config *c = p->cfg;
	int si = stream_index(stream);
	tsn_parse_ctx pc = {.ref = rt, .now_sec = p->now_sec,
			    .json_keys = c->json_keys ? c->json_keys : tsn_default_json_keys,
			    .n_json_keys = c->json_keys ? c->n_json_keys : TSN_DEFAULT_JSON_KEYS};
	tsn_stamp st;
	int f = tsn_registry_find(p->reg, &p->streams[si].memo, msg->p, msg->n, &pc, &st);
	if (f >= 0) {
		if (st.zoneless)
			apply_zone(p, si, &st, rt);
		p->st.found[f]++;
	} else {
		p->st.runtime_used++;
	}
	tsn_verdict v;
	judge(f >= 0 ? &st.t : NULL, rt, c->max_skew_ns, &v);

	char tail[256];
	size_t t = 0;
#define PUT_LIT(l) (memcpy(tail + t, l, sizeof(l) - 1), t += sizeof(l) - 1)
	PUT_LIT(",\"__time_ms\":");
	t += format_i64(tsn_time_ms(&v.t), tail + t);
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
	} else {
		PUT_LIT(",\"__time_src\":\"runtime\"");
	}
	if (c->annotate && f >= 0) {
		const char *name = p->reg->order[f]->name;
		size_t k = strlen(name);
		if (k > 64)
			k = 64; /* user names are checked at load; this only bounds tail[] */
		PUT_LIT(",\"__ts_format\":\"");
		memcpy(tail + t, name, k);
		t += k;
		tail[t++] = '"';
	}
#undef PUT_LIT
	out_put(&p->out, line, close);
	out_put(&p->out, tail, t);
	out_put(&p->out, line + close, n - close);
	out_put(&p->out, "\n", 1);
}

void pipeline_line(tsn_pipeline *p, const char *line, size_t n)
{
	p->st.lines_in++;
	p->st.lines_out++;
	if (n > p->cfg->max_line) {
		passthrough(p, line, n, PASS_OVERSIZE);
		return;
	}
	if (n == 0) {
		passthrough(p, line, n, PASS_EMPTY);
		return;
	}

	docker_line d;
	if (line[0] == '{' && !p->cfg->no_fast_path && docker_scan(line, n, &d)) {
		p->st.docker_fast++;
		tsn_slice msg = d.log;
		if (d.log_esc + 2 == d.log.n && d.log.p[d.log_esc + 1] == 'n') {
			msg.n -= 2; /* only the final \n: a newline ends a stamp as the end does */
		} else if (d.log_esc < d.log.n) {
			msg.p = p->scratch;
			msg.n = json_unescape(d.log.p, d.log.n, p->scratch);
		}
		emit(p, line, n, d.close, &msg, &d.time, &d.stream);
		return;
	}

	size_t i = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == n || line[i] != '{') {
		passthrough(p, line, n, PASS_TEXT);
		return;
	}
	docker_slow s;
	enum docker_verdict dv = docker_parse_slow(line, n, &s);
	switch (dv) {
	case DOCKER_OK:
		p->st.docker_slow++;
		emit(p, line, n, s.close, &s.log, &s.time, &s.stream);
		break;
	case DOCKER_DONE:
		passthrough(p, line, n, PASS_DONE);
		break;
	case DOCKER_NOT_JSON:
		passthrough(p, line, n, PASS_BAD_JSON);
		break;
	default:
		passthrough(p, line, n, PASS_NOT_DOCKER);
		break;
	}
	docker_slow_release(&s);
}

int pipeline_run(tsn_pipeline *p, tsn_source *src)
{
	size_t start = 0, end = 0;
	int skipping = 0; /* inside a line longer than --max-line */
	int rc = 0;
	src->idle = flush_on_idle;
	src->idle_ctx = p;

	for (;;) {
		char *b = p->buf;
		if (skipping) {
			char *nl = memchr(b + start, '\n', end - start);
			size_t stop = nl ? (size_t)(nl - b) + 1 : end;
			out_put(&p->out, b + start, stop - start);
			start = stop;
			skipping = !nl;
		}
		if (!skipping) {
			char *nl;
			while ((nl = memchr(b + start, '\n', end - start)) != NULL) {
				size_t len = (size_t)(nl - b) - start;
				pipeline_line(p, b + start, len);
				start += len + 1;
			}
			if (end - start > p->cfg->max_line) {
				/* a line over the limit: pass it through in pieces */
				p->st.lines_in++;
				p->st.lines_out++;
				p->st.pass[PASS_OVERSIZE]++;
				out_put(&p->out, b + start, end - start);
				start = end;
				skipping = 1;
			}
		}
		if (out_failed(&p->out))
			return 0;
		if (start > 0) {
			memmove(b, b + start, end - start);
			end -= start;
			start = 0;
		}
		ssize_t r = source_read(src, b + end, p->cap - end);
		if (r > 0) {
			end += (size_t)r;
			p->st.bytes_in += (size_t)r;
			continue;
		}
		if (r < 0)
			rc = -1;
		/* the end: a last line without a newline is still a line */
		if (skipping) {
			out_put(&p->out, "\n", 1);
			p->st.unterminated++;
		} else if (end > start) {
			pipeline_line(p, b + start, end - start);
			p->st.unterminated++;
		}
		return rc;
	}
}
