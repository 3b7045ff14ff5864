/* userfmt.c — user-defined timestamp formats: JSON definitions (jansson), their
 * regexes compiled once with PCRE2 (JIT, bounded by limits), layouts compiled by
 * layout.c, and the locator that runs both on a message without allocating. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <jansson.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "layout.h"
#include "userfmt.h"

#define MAX_TS_GROUPS 8
#define JIT_STACK_START (32u * 1024u)
/* the reference for checking examples at load: 2000-02-29T00:00:00Z, so a
 * year-less Feb 29 example still finds a leap year among its neighbours */
#define EXAMPLE_REF_SEC 951782400

typedef struct tsn_userfmt {
	tsn_format_def def;    /* def.data points back here */
	char *name;
	char *example;
	pcre2_code *code;
	pcre2_match_data *md;  /* per format, made at load: matching never allocates it */
	uint32_t ts_groups[MAX_TS_GROUPS];
	unsigned n_ts;
	int jit;
	uint64_t limit_hits;
	struct tsn_userfmts *set;
	layout_prog prog;
} tsn_userfmt;

struct tsn_userfmts {
	tsn_userfmt **f;
	size_t n, cap;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	int jit;
	uint64_t limit_hits;
};

/* Why a run found no stamp. */
enum run_result { RUN_OK, RUN_NOMATCH, RUN_LIMIT, RUN_ERROR, RUN_TS_UNSET, RUN_LAYOUT };

static int is_limit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/* The regex from the start of msg, then the layout on the ts group. */
static enum run_result run(tsn_userfmt *f, const char *msg, size_t n, const tsn_parse_ctx *c,
			   tsn_stamp *out, size_t *ts_off, size_t *ts_len)
{
	int rc = pcre2_match(f->code, (PCRE2_SPTR)(msg ? msg : ""), msg ? n : 0, 0, 0, f->md,
			     f->set->mctx);
	if (rc < 0) {
		if (rc == PCRE2_ERROR_NOMATCH)
			return RUN_NOMATCH;
		return is_limit(rc) ? RUN_LIMIT : RUN_ERROR;
	}
	const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(f->md);
	uint32_t nov = pcre2_get_ovector_count(f->md);
	for (unsigned i = 0; i < f->n_ts; i++) {
		uint32_t g = f->ts_groups[i];
		if (g >= nov || (int)g >= rc || ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] < ov[2 * g])
			continue;
		size_t a = ov[2 * g], len = ov[2 * g + 1] - a;
		if (ts_off) {
			*ts_off = a;
			*ts_len = len;
		}
		return layout_match(&f->prog, msg + a, len, c, out) ? RUN_OK : RUN_LAYOUT;
	}
	return RUN_TS_UNSET;
}

static int userfmt_locate(const tsn_format_def *self, const char *msg, size_t n,
			  const tsn_parse_ctx *c, tsn_stamp *out)
{
	/* the format is the set's own, mutable object (its match data is
	 * scratch); the registry only sees it through a const pointer */
	tsn_userfmt *f = (tsn_userfmt *)(uintptr_t)self->data;
	enum run_result r = run(f, msg, n, c, out, NULL, NULL);
	if (r == RUN_LIMIT) {
		f->limit_hits++;
		f->set->limit_hits++;
	}
	return r == RUN_OK;
}

/* ---- the set -------------------------------------------------------- */

tsn_userfmts *userfmt_new(void)
{
	tsn_userfmts *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->mctx = pcre2_match_context_create(NULL);
	if (!s->mctx) {
		free(s);
		return NULL;
	}
	pcre2_set_match_limit(s->mctx, USERFMT_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, USERFMT_DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mctx, USERFMT_HEAP_LIMIT_KIB);
	s->jit = 1;
	return s;
}

static void fmt_free(tsn_userfmt *f)
{
	if (!f)
		return;
	pcre2_match_data_free(f->md);
	pcre2_code_free(f->code);
	free(f->name);
	free(f->example);
	free(f);
}

void userfmt_free(tsn_userfmts *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		fmt_free(s->f[i]);
	free(s->f);
	pcre2_jit_stack_free(s->jstack);
	pcre2_match_context_free(s->mctx);
	free(s);
}

size_t userfmt_count(const tsn_userfmts *s)
{
	return s ? s->n : 0;
}

const tsn_format_def *userfmt_def(const tsn_userfmts *s, size_t i)
{
	return s && i < s->n ? &s->f[i]->def : NULL;
}

const tsn_format_def *userfmt_find(const tsn_userfmts *s, const char *name)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (strcmp(s->f[i]->name, name) == 0)
			return &s->f[i]->def;
	return NULL;
}

int userfmt_uses_jit(const tsn_userfmts *s, size_t i)
{
	return s && i < s->n ? s->f[i]->jit : 0;
}

uint64_t userfmt_limit_hits(const tsn_userfmts *s)
{
	return s ? s->limit_hits : 0;
}

uint64_t userfmt_limit_hits_at(const tsn_userfmts *s, size_t i)
{
	return s && i < s->n ? s->f[i]->limit_hits : 0;
}

void userfmt_set_limits(tsn_userfmts *s, uint32_t match_limit, uint32_t depth_limit)
{
	if (match_limit)
		pcre2_set_match_limit(s->mctx, match_limit);
	if (depth_limit)
		pcre2_set_depth_limit(s->mctx, depth_limit);
}

void userfmt_set_jit(tsn_userfmts *s, int enable)
{
	s->jit = enable != 0;
}

/* ---- loading -------------------------------------------------------- */

typedef struct where {
	const char *origin;
	size_t entry;       /* 1-based */
	const char *name;   /* or NULL while unknown */
	char *err;
	size_t errlen;
} where;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(const where *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (w->name)
		snprintf(w->err, w->errlen, "%s: entry %zu (\"%s\"): %s", w->origin, w->entry, w->name,
			 msg);
	else
		snprintf(w->err, w->errlen, "%s: entry %zu: %s", w->origin, w->entry, msg);
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* The string member key of e: 1 and *out, 0 if absent, -1 (reported) if not a string. */
static int get_string(const where *w, json_t *e, const char *key, const char **out, size_t *len)
{
	json_t *v = json_object_get(e, key);
	if (!v)
		return 0;
	if (!json_is_string(v)) {
		fail(w, "\"%s\" must be a string, not %s", key, json_type_name(v));
		return -1;
	}
	*out = json_string_value(v);
	*len = json_string_length(v);
	return 1;
}

static int name_ok(const char *s, size_t n)
{
	if (n == 0 || n > USERFMT_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* The group numbers named "ts", in name-table order. */
static int find_ts_groups(const where *w, tsn_userfmt *f)
{
	PCRE2_SPTR first, last;
	int rc = pcre2_substring_nametable_scan(f->code, (PCRE2_SPTR) "ts", &first, &last);
	if (rc == PCRE2_ERROR_NOSUBSTRING) {
		fail(w, "regex: no group named ts: put (?<ts>...) around the timestamp");
		return -1;
	}
	if (rc <= 0) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof msg);
		fail(w, "regex: cannot read the group names: %s", (const char *)msg);
		return -1;
	}
	size_t size = (size_t)rc; /* bytes per name-table entry; the first two hold the number */
	for (PCRE2_SPTR e = first; e <= last; e += size) {
		if (f->n_ts == MAX_TS_GROUPS) {
			fail(w, "regex: more than %d groups named ts", MAX_TS_GROUPS);
			return -1;
		}
		f->ts_groups[f->n_ts++] = (uint32_t)e[0] << 8 | e[1];
	}
	return 0;
}

static int ensure_jit_stack(tsn_userfmts *s)
{
	if (s->jstack)
		return 0;
	s->jstack = pcre2_jit_stack_create(JIT_STACK_START, USERFMT_JIT_STACK_MAX, NULL);
	if (!s->jstack)
		return -1; /* JIT then uses its default 32 KiB machine stack */
	pcre2_jit_stack_assign(s->mctx, NULL, s->jstack);
	return 0;
}

static const char *const allowed_keys[] = {"name", "regex", "layout", "example"};

static int check_example(const where *w, tsn_userfmt *f)
{
	tsn_parse_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.now_sec = EXAMPLE_REF_SEC;
	tsn_stamp st;
	size_t a = 0, len = 0, n = strlen(f->example);
	switch (run(f, f->example, n, &ctx, &st, &a, &len)) {
	case RUN_OK:
		return 0;
	case RUN_NOMATCH:
		fail(w, "example: the regex does not match it");
		break;
	case RUN_LIMIT:
		fail(w, "example: the regex hit a PCRE2 limit (match, depth, heap or JIT stack) "
			"on it: the pattern backtracks too much");
		break;
	case RUN_TS_UNSET:
		fail(w, "example: the regex matches but its ts group takes no part");
		break;
	case RUN_LAYOUT:
		fail(w, "example: the layout does not match its ts group \"%.*s\"",
		     (int)(len > 80 ? 80 : len), f->example + a);
		break;
	default:
		fail(w, "example: PCRE2 failed on it");
		break;
	}
	return -1;
}

/* One definition object, checked and compiled; NULL (reported) on error. */
static tsn_userfmt *compile_entry(where *w, json_t *e, tsn_userfmts *set, tsn_userfmt *const *prev,
				  size_t nprev)
{
	if (!json_is_object(e)) {
		fail(w, "a definition must be an object, not %s", json_type_name(e));
		return NULL;
	}
	const char *name = NULL, *rx = NULL, *layout = NULL, *example = NULL;
	size_t name_n = 0, rx_n = 0, layout_n = 0, example_n = 0;
	int r = get_string(w, e, "name", &name, &name_n);
	if (r < 0)
		return NULL;
	if (r == 0) {
		fail(w, "missing \"name\"");
		return NULL;
	}
	if (!name_ok(name, name_n)) {
		fail(w, "name \"%.*s\": use 1 to %d letters, digits, '.', '_' or '-'",
		     (int)(name_n > 80 ? 80 : name_n), name, USERFMT_NAME_MAX);
		return NULL;
	}
	w->name = name;

	const char *key;
	json_t *val;
	json_object_foreach(e, key, val) {
		size_t k = 0;
		while (k < sizeof allowed_keys / sizeof *allowed_keys && strcmp(key, allowed_keys[k]))
			k++;
		if (k == sizeof allowed_keys / sizeof *allowed_keys) {
			fail(w, "unknown key \"%s\" (allowed: name, regex, layout, example)", key);
			return NULL;
		}
	}
	for (size_t i = 0; i < nprev; i++) {
		if (strcmp(prev[i]->name, name) == 0) {
			fail(w, "duplicate name: entry %zu of this file has it too", i + 1);
			return NULL;
		}
	}
	if (userfmt_find(set, name)) {
		fail(w, "duplicate name: a format of that name is already loaded");
		return NULL;
	}

	if ((r = get_string(w, e, "regex", &rx, &rx_n)) <= 0) {
		if (r == 0)
			fail(w, "missing \"regex\"");
		return NULL;
	}
	if ((r = get_string(w, e, "layout", &layout, &layout_n)) <= 0) {
		if (r == 0)
			fail(w, "missing \"layout\"");
		return NULL;
	}
	if (get_string(w, e, "example", &example, &example_n) < 0)
		return NULL;

	tsn_userfmt *f = calloc(1, sizeof *f);
	if (!f) {
		fail(w, "out of memory");
		return NULL;
	}
	f->set = set;
	f->name = dup_n(name, name_n);
	f->example = example ? dup_n(example, example_n) : NULL;
	if (!f->name || (example && !f->example)) {
		fail(w, "out of memory");
		goto bad;
	}

	char lerr[256];
	if (layout_compile(layout, &f->prog, lerr, sizeof lerr) != 0) {
		fail(w, "layout \"%.*s\": %s", (int)(layout_n > 80 ? 80 : layout_n), layout, lerr);
		goto bad;
	}

	int ec;
	PCRE2_SIZE eoff;
	/* no UTF: messages may hold invalid UTF-8 (see userfmt.h) */
	f->code = pcre2_compile((PCRE2_SPTR)rx, rx_n, PCRE2_NEVER_UTF, &ec, &eoff, NULL);
	if (!f->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		fail(w, "regex: %s at offset %zu", (const char *)msg, (size_t)eoff);
		goto bad;
	}
	if (find_ts_groups(w, f))
		goto bad;
	if (set->jit && pcre2_jit_compile(f->code, PCRE2_JIT_COMPLETE) == 0) {
		f->jit = 1;
		ensure_jit_stack(set);
	}
	f->md = pcre2_match_data_create_from_pattern(f->code, NULL);
	if (!f->md) {
		fail(w, "out of memory");
		goto bad;
	}

	/* the interpreter (not JIT) allocates its backtracking frames in the
	 * match data at its first match and keeps them: make that happen here,
	 * not on the first line (the example check below does it too) */
	if (!f->jit)
		(void)pcre2_match(f->code, (PCRE2_SPTR) "", 0, 0, 0, f->md, set->mctx);

	f->def.name = f->name;
	f->def.example = f->example;
	f->def.locate = userfmt_locate;
	f->def.data = f;
	if (f->example && check_example(w, f))
		goto bad;
	return f;
bad:
	fmt_free(f);
	return NULL;
}

static int load_root(json_t *root, const char *origin, tsn_userfmts *set, char *err, size_t errlen)
{
	where w = {origin, 0, NULL, err, errlen};
	size_t count = 1;
	if (json_is_array(root)) {
		count = json_array_size(root);
		if (count == 0) {
			snprintf(err, errlen, "%s: an empty array: no definitions", origin);
			return -1;
		}
	} else if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: the top level must be an object or an array of objects",
			 origin);
		return -1;
	}
	tsn_userfmt **tmp = calloc(count, sizeof *tmp); // NOLINT(bugprone-sizeof-expression): an array of pointers
	if (!tmp) {
		snprintf(err, errlen, "%s: out of memory", origin);
		return -1;
	}
	size_t made = 0;
	for (; made < count; made++) {
		w.entry = made + 1;
		w.name = NULL;
		json_t *e = json_is_array(root) ? json_array_get(root, made) : root;
		tmp[made] = compile_entry(&w, e, set, tmp, made);
		if (!tmp[made])
			goto bad;
	}
	if (set->n + count > set->cap) {
		size_t cap = set->cap ? set->cap : 8;
		while (cap < set->n + count)
			cap *= 2;
		tsn_userfmt **nf = realloc(set->f, cap * sizeof *nf); // NOLINT(bugprone-sizeof-expression): an array of pointers
		if (!nf) {
			snprintf(err, errlen, "%s: out of memory", origin);
			goto bad;
		}
		set->f = nf;
		set->cap = cap;
	}
	memcpy(set->f + set->n, tmp, count * sizeof *tmp); // NOLINT(bugprone-sizeof-expression): an array of pointers
	set->n += count;
	free(tmp);
	return 0;
bad:
	for (size_t i = 0; i < made; i++)
		fmt_free(tmp[i]);
	free(tmp);
	return -1;
}

static void json_fail(const char *origin, const json_error_t *je, char *err, size_t errlen)
{
	if (je->line > 0)
		snprintf(err, errlen, "%s:%d:%d: JSON: %s", origin, je->line, je->column, je->text);
	else
		snprintf(err, errlen, "%s: JSON: %s", origin, je->text);
}

int userfmt_load_string(const char *json, const char *origin, tsn_userfmts *set, char *err,
			size_t errlen)
{
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		json_fail(origin, &je, err, errlen);
		return -1;
	}
	int rc = load_root(root, origin, set, err, errlen);
	json_decref(root);
	return rc;
}

int userfmt_load_file(const char *path, tsn_userfmts *set, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		return -1;
	}
	json_error_t je;
	json_t *root = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
	fclose(fp);
	if (!root) {
		json_fail(path, &je, err, errlen);
		return -1;
	}
	int rc = load_root(root, path, set, err, errlen);
	json_decref(root);
	return rc;
}
