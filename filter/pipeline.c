/* pipeline.c — the hot path.  The framer splits the input into lines in one
 * bounded buffer (no allocation per line; a line over --max-line streams
 * through unchanged in pieces); each line is scanned in place, its message
 * decoded only when it has escapes, and the fields appended before its
 * closing brace with hand-written formatting. */
#include <stdlib.h>
#include <string.h>

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
	p->cap = cfg->max_line + 1 + READ_CHUNK;
	p->buf = malloc(p->cap);
	p->scratch = malloc(cfg->max_line + 1);
	if (!p->buf || !p->scratch || out_init(&p->out, out_fd, OUT_CAP)) {
		pipeline_free(p);
		return -1;
	}
	return 0;
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
		 const tsn_time *rt)
{
	const tsn_config *c = p->cfg;
	tsn_time app;
	enum tsn_format f = tsn_find(msg->p, msg->n, &c->find, &app);
	tsn_verdict v;
	judge(f != TSN_FMT_NONE ? &app : NULL, rt, c->max_skew_ns, &v);
	p->st.found[f]++;

	char tail[160];
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
		emit(p, line, n, d.close, &msg, &d.time);
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
		emit(p, line, n, s.close, &s.log, &s.time);
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
