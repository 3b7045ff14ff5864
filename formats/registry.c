/* registry.c — the built-in timestamp families in the order they are tried,
 * the --format selection, and the search with per-stream memory.  Families
 * anchored at the start of a message come first (each rejects a non-match
 * in a byte or two), families that scan the whole message come last. */
#include <stdio.h>
#include <string.h>

#include "families_a.h"
#include "families_b.h"
#include "registry.h"
#include "zone.h"

/* Keys whose value is the time in a JSON message (slog, zerolog, zap,
 * logstash, pino-style "t"), tried in the message's own order. */
const char *const tsn_default_json_keys[TSN_DEFAULT_JSON_KEYS] = {"time", "ts", "timestamp",
								  "@timestamp", "t"};

static const tsn_format_def builtins[] = {
	{"json", "{\"time\":\"2024-05-30T12:34:56.789Z\",\"level\":\"INFO\",\"msg\":\"hi\"}",
	 json_locate, NULL,
	 TSN_START_BRACE | TSN_START_SPACE},
	{"rfc3339", "2024-05-30T12:34:56.789012345Z INFO starting", rfc3339_locate, NULL,
	 TSN_START_DIGIT},
	{"syslog5424", "<34>1 2024-05-30T12:34:56.123Z host app 42 ID47 - started",
	 syslog5424_locate, NULL,
	 TSN_START_LT},
	{"klog", "I0530 12:34:56.789012   12345 main.go:42] started", klog_locate, NULL,
	 TSN_START_UPPER},
	{"iso8601", "2024-05-30 12:34:56,123 INFO root: started", iso8601_locate, NULL,
	 TSN_START_DIGIT | TSN_START_BRACKET},
	{"nginx-error", "2024/05/30 12:34:56 [error] 7#7: *1 open() failed", nginx_error_locate, NULL,
	 TSN_START_DIGIT},
	{"golog", "2024/05/30 12:34:56.789012 started", golog_locate, NULL,
	 TSN_START_DIGIT},
	{"syslog3164", "<34>May 30 12:34:56 host app[42]: started", syslog3164_locate, NULL,
	 TSN_START_LT | TSN_START_UPPER},
	{"ansic", "Thu May 30 12:34:56 2024 started", ansic_locate, NULL,
	 TSN_START_UPPER},
	{"unixdate", "Thu May 30 12:34:56 UTC 2024 started", unixdate_locate, NULL,
	 TSN_START_UPPER},
	/* the numeric-offset layouts first: the others also read "+0000" as a
	 * numeric zone name, with the same instant but the less exact name */
	{"rfc1123z", "Thu, 30 May 2024 12:34:56 +0000 started", rfc1123z_locate, NULL,
	 TSN_START_UPPER},
	{"rfc1123", "Thu, 30 May 2024 12:34:56 UTC started", rfc1123_locate, NULL,
	 TSN_START_UPPER},
	{"rfc822z", "30 May 24 12:34 +0000 started", rfc822z_locate, NULL,
	 TSN_START_DIGIT},
	{"rfc822", "30 May 24 12:34 UTC started", rfc822_locate, NULL,
	 TSN_START_DIGIT},
	{"rfc850", "Thursday, 30-May-24 12:34:56 UTC started", rfc850_locate, NULL,
	 TSN_START_UPPER},
	{"access", "10.0.0.1 - - [30/May/2024:12:34:56 +0000] \"GET / HTTP/1.1\" 200 612",
	 access_locate, NULL,
	 0},
	{"logfmt", "level=info ts=2024-05-30T12:34:56.789Z msg=started", logfmt_locate, NULL,
	 0},
};

size_t tsn_builtin_count(void)
{
	return sizeof builtins / sizeof *builtins;
}

const tsn_format_def *tsn_builtin(size_t i)
{
	return i < tsn_builtin_count() ? &builtins[i] : NULL;
}

static const tsn_format_def *lookup(const char *name, size_t len, const tsn_format_def *const *user,
				    size_t n_user)
{
	for (size_t i = 0; i < n_user; i++)
		if (strlen(user[i]->name) == len && memcmp(user[i]->name, name, len) == 0)
			return user[i];
	for (size_t i = 0; i < tsn_builtin_count(); i++)
		if (strlen(builtins[i].name) == len && memcmp(builtins[i].name, name, len) == 0)
			return &builtins[i];
	return NULL;
}

static int add(tsn_registry *r, const tsn_format_def *d, char *err, size_t errlen)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->order[i] == d) {
			snprintf(err, errlen, "--format: format '%s' is named twice", d->name);
			return -1;
		}
	}
	if (r->n == TSN_MAX_FORMATS) {
		snprintf(err, errlen, "--formats-file: more than %d formats", TSN_MAX_FORMATS);
		return -1;
	}
	if (d->locate == json_locate)
		r->json = (int)r->n;
	r->order[r->n++] = d;
	return 0;
}

static int fill(tsn_registry *r, const char *names, const tsn_format_def *const *user,
		size_t n_user, char *err, size_t errlen);

int tsn_registry_init(tsn_registry *r, const char *names, const tsn_format_def *const *user,
		      size_t n_user, char *err, size_t errlen)
{
	if (fill(r, names, user, n_user, err, errlen))
		return -1;
	for (unsigned b = 0; b < 7; b++) {
		r->n_by_start[b] = 0;
		for (size_t i = 0; i < r->n; i++)
			if (!r->order[i]->starts || (r->order[i]->starts & (1u << b)))
				r->by_start[b][r->n_by_start[b]++] = (unsigned char)i;
	}
	return 0;
}

static int fill(tsn_registry *r, const char *names, const tsn_format_def *const *user,
		size_t n_user, char *err, size_t errlen)
{
	r->n = 0;
	r->json = -1;
	for (size_t i = 0; i < n_user; i++) {
		/* "json-object" names an object line's own time key (pipeline.c) */
		for (size_t b = 0; b <= tsn_builtin_count(); b++) {
			const char *bn = b < tsn_builtin_count() ? builtins[b].name : "json-object";
			if (!strcmp(user[i]->name, bn)) {
				snprintf(err, errlen,
					 "--formats-file: user format '%s' has the name of a built-in format",
					 user[i]->name);
				return -1;
			}
		}
	}
	if (!names) {
		for (size_t i = 0; i < n_user; i++)
			if (add(r, user[i], err, errlen))
				return -1;
		for (size_t i = 0; i < tsn_builtin_count(); i++)
			if (add(r, &builtins[i], err, errlen))
				return -1;
		return 0;
	}
	const char *p = names;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const tsn_format_def *d = lookup(p, len, user, n_user);
		if (!d) {
			snprintf(err, errlen,
				 "--format: unknown format '%.*s' (--list-formats shows them)", (int)len,
				 p);
			return -1;
		}
		if (add(r, d, err, errlen))
			return -1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

/* The TSN_START_* class of a message's first byte as a bit number, plus
 * one (0: TSN_START_OTHER). */
#define D (0 + 1)
#define U (1 + 1)
static const unsigned char start_bit[256] = {
	['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D, ['6'] = D, ['7'] = D,
	['8'] = D, ['9'] = D, ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U, ['E'] = U, ['F'] = U,
	['G'] = U, ['H'] = U, ['I'] = U, ['J'] = U, ['K'] = U, ['L'] = U, ['M'] = U, ['N'] = U,
	['O'] = U, ['P'] = U, ['Q'] = U, ['R'] = U, ['S'] = U, ['T'] = U, ['U'] = U, ['V'] = U,
	['W'] = U, ['X'] = U, ['Y'] = U, ['Z'] = U, ['<'] = 2 + 1, ['['] = 3 + 1, ['{'] = 4 + 1,
	[' '] = 5 + 1, ['\t'] = 5 + 1,
};
#undef D
#undef U
#define START_OTHER_BIT 6
_Static_assert(START_OTHER_BIT + 1 == 7 && TSN_MEMO_SHAPES == 7 * 4 * 2,
	       "a shape for each start class, byte-4 class and byte-10 test");
_Static_assert(TSN_START_DIGIT == 1 << 0 && TSN_START_UPPER == 1 << 1 && TSN_START_LT == 1 << 2 &&
		       TSN_START_BRACKET == 1 << 3 && TSN_START_BRACE == 1 << 4 &&
		       TSN_START_SPACE == 1 << 5 && TSN_START_OTHER == 1 << START_OTHER_BIT,
	       "start_bit numbers the TSN_START_* bits");

static inline int may_start(const tsn_format_def *d, unsigned cls)
{
	return !d->starts || (d->starts & cls);
}

/* The start class's bit number of a message. */
static inline unsigned start_of(const char *msg, size_t n)
{
	unsigned bit = n ? start_bit[(unsigned char)msg[0]] : 0;
	return bit ? bit - 1 : START_OTHER_BIT;
}

/* The shape's number: start class, byte 4, byte 10 (registry.h). */
static inline unsigned shape_of(unsigned bit, const char *msg, size_t n)
{
	unsigned c4 = n > 4 ? (unsigned char)msg[4] : 0;
	unsigned f4 = c4 - '0' <= 9 ? 0 : c4 == '-' ? 1 : c4 == '/' ? 2 : 3;
	return (bit * 4 + f4) * 2 + (n > 10 && msg[10] == 'T');
}

void tsn_memo_init(tsn_memo *m)
{
	for (size_t i = 0; i < TSN_MEMO_SHAPES; i++)
		m->last[i] = -1;
}

int *tsn_memo_slot(tsn_memo *m, const char *msg, size_t n)
{
	return &m->last[shape_of(start_of(msg, n), msg, n)];
}

int tsn_registry_find(const tsn_registry *r, tsn_memo *mem, const char *msg, size_t n,
		      const tsn_parse_ctx *c, tsn_stamp *out)
{
	unsigned bit = start_of(msg, n);
	unsigned cls = 1u << bit;
	int *memo = &mem->last[shape_of(bit, msg, n)];
	int skip = r->json;
	if (r->json >= 0 && may_start(r->order[r->json], cls)) {
		int k = r->order[r->json]->locate(r->order[r->json], msg, n, c, out);
		if (k > 0)
			return *memo = r->json;
		if (k < 0)
			return -1;
	}
	int m = *memo;
	if (m >= 0 && (size_t)m < r->n && m != skip && may_start(r->order[m], cls)) {
		if (r->order[m]->locate(r->order[m], msg, n, c, out) > 0)
			return m;
	} else {
		m = -1;
	}
	const unsigned char *list = r->by_start[bit];
	for (size_t k = 0, nk = r->n_by_start[bit]; k < nk; k++) {
		int i = list[k];
		if (i == skip || i == m)
			continue;
		if (r->order[i]->locate(r->order[i], msg, n, c, out) > 0)
			return *memo = i;
	}
	return -1;
}

void tsn_stamp_to_utc(tsn_stamp *st, const tsn_zone *z)
{
	int32_t off;
	if (!st->zoneless)
		return;
	if (!z) { /* UTC */
		st->zoneless = 0;
		return;
	}
	if (st->abbr && tsn_zone_abbr_offset(z, st->abbr, st->abbr_len, &off) == 0)
		st->t.sec -= off;
	else
		st->t.sec = tsn_zone_to_utc(z, st->t.sec);
	st->zoneless = 0;
	st->abbr = NULL;
	st->abbr_len = 0;
}
