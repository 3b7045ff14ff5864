/* test_userfmt.c — user-defined formats: the shipped definitions in
 * formats/user/ and their examples, every load error and its message, the
 * PCRE2 limits (catastrophic backtracking, depth, JIT stack), invalid UTF-8. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "userfmt.h"

/* 2024-05-30T12:34:56Z: date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL
static const tsn_time REF = {T0, 0, 1000000000};

static tsn_parse_ctx ctx_at(const tsn_time *ref)
{
	tsn_parse_ctx c;
	memset(&c, 0, sizeof c);
	c.ref = ref;
	return c;
}

/* Runs def on msg[0..n): 1 and *st, or 0. */
static int locate_n(const tsn_format_def *d, const char *msg, size_t n, tsn_stamp *st)
{
	tsn_parse_ctx c = ctx_at(&REF);
	memset(st, 0, sizeof *st);
	return d->locate(d, msg, n, &c, st);
}

static int locate(const tsn_format_def *d, const char *msg, tsn_stamp *st)
{
	return locate_n(d, msg, strlen(msg), st);
}

static void expect_stamp(const tsn_format_def *d, const char *msg, long long sec, long nsec,
			 long prec, int zoneless)
{
	tsn_stamp st;
	cr_assert_eq(locate(d, msg, &st), 1, "%s: no stamp in \"%s\"", d->name, msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", d->name, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, nsec, "%s: nsec %ld, want %ld", d->name, (long)st.t.nsec, nsec);
	cr_expect_eq(st.t.prec, prec, "%s: prec %ld, want %ld", d->name, (long)st.t.prec, prec);
	cr_expect_eq(st.zoneless, zoneless, "%s: zoneless %d", d->name, st.zoneless);
}

/* A set holding the definitions in json (which must load). */
static tsn_userfmts *set_of(const char *json)
{
	tsn_userfmts *s = userfmt_new();
	cr_assert_not_null(s);
	char err[600] = "";
	int rc = userfmt_load_string(json, "inline", s, err, sizeof err);
	cr_assert_eq(rc, 0, "load failed: %s", err);
	return s;
}

/* Loading json fails with a message holding each of the needles. */
static void load_err(const char *json, const char *n1, const char *n2)
{
	tsn_userfmts *s = userfmt_new();
	char err[600] = "";
	int rc = userfmt_load_string(json, "defs.json", s, err, sizeof err);
	cr_expect_eq(rc, -1, "loaded: %s", json);
	cr_expect_eq(userfmt_count(s), 0);
	cr_expect(strncmp(err, "defs.json", 9) == 0, "message does not name the origin: %s", err);
	cr_expect(strstr(err, n1) != NULL, "message \"%s\" lacks \"%s\"", err, n1);
	if (n2)
		cr_expect(strstr(err, n2) != NULL, "message \"%s\" lacks \"%s\"", err, n2);
	userfmt_free(s);
}

static char tmp_path[512];

/* Writes text to a fresh temporary file; its path is in tmp_path. */
static const char *write_tmp(const char *text)
{
	const char *dir = getenv("TMPDIR");
	snprintf(tmp_path, sizeof tmp_path, "%s/tsnorm-userfmt-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmp_path);
	cr_assert(fd >= 0, "mkstemp");
	size_t n = strlen(text);
	cr_assert_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	return tmp_path;
}

/* ==== the shipped definitions ========================================== */

static const struct shipped {
	const char *name;
	long long sec;
	long nsec, prec;
	int zoneless;
} shipped[] = {
	/* "2024-05-30 12:34:56.123  INFO 1 --- [main] ...": local, ms */
	{"spring-boot-2", T0, 123000000, 1000000, 1},
	/* "2024-05-30T12:34:56.123+02:00  INFO ...": 10:34:56.123Z;
	 * date -u -d '2024-05-30 10:34:56' +%s = 1717065296 */
	{"spring-boot-3", 1717065296, 123000000, 1000000, 0},
	/* "2024-05-30 12:34:56.123 UTC [1] LOG: ..." */
	{"postgresql", T0, 123000000, 1000000, 0},
	/* "1:M 30 May 2024 12:34:56.123 * Ready ...": local, ms */
	{"redis", T0, 123000000, 1000000, 1},
	/* "[30/May/2024:12:34:56 +0200]": 10:34:56Z = 1717065296 */
	{"nginx-access", 1717065296, 0, 1000000000, 0},
};

static const struct shipped *shipped_entry(const char *name)
{
	for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++)
		if (strcmp(shipped[i].name, name) == 0)
			return &shipped[i];
	return NULL;
}

/* Loads every formats/user/ file into one set. */
static tsn_userfmts *load_shipped(size_t *files)
{
	tsn_userfmts *s = userfmt_new();
	char dir[1024], path[2048], err[600];
	snprintf(dir, sizeof dir, "%s/formats/user", TSNORM_SRCDIR);
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	struct dirent *e;
	*files = 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		cr_assert_eq(userfmt_load_file(path, s, err, sizeof err), 0, "%s", err);
		(*files)++;
	}
	closedir(d);
	return s;
}

Test(shipped, every_example_gives_its_time)
{
	size_t files;
	tsn_userfmts *s = load_shipped(&files);
	cr_expect_geq(files, 3);
	cr_expect_eq(userfmt_count(s), sizeof shipped / sizeof *shipped,
		     "%zu formats shipped, %zu checked here", userfmt_count(s),
		     sizeof shipped / sizeof *shipped);
	for (size_t i = 0; i < userfmt_count(s); i++) {
		const tsn_format_def *d = userfmt_def(s, i);
		cr_assert_not_null(d);
		cr_assert_not_null(d->example, "%s has no example", d->name);
		cr_expect_not_null(d->data);
		const struct shipped *x = shipped_entry(d->name);
		cr_assert_not_null(x, "shipped format %s has no expected time here", d->name);
		expect_stamp(d, d->example, x->sec, x->nsec, x->prec, x->zoneless);
	}
	cr_expect_eq(userfmt_limit_hits(s), 0);
	userfmt_free(s);
}

Test(shipped, other_lines_of_those_families)
{
	size_t files;
	tsn_userfmts *s = load_shipped(&files);
	const tsn_format_def *pg = userfmt_find(s, "postgresql");
	const tsn_format_def *redis = userfmt_find(s, "redis");
	const tsn_format_def *nginx = userfmt_find(s, "nginx-access");
	const tsn_format_def *sb2 = userfmt_find(s, "spring-boot-2");
	cr_assert(pg && redis && nginx && sb2);

	/* a zone name: local 14:34:56 counted as UTC (1717079696), abbr CEST */
	tsn_stamp st;
	const char *m = "2024-05-30 14:34:56.123 CEST [42] LOG:  checkpoint starting: time";
	cr_assert_eq(locate(pg, m, &st), 1);
	cr_expect_eq(st.t.sec, 1717079696);
	cr_expect_eq(st.zoneless, 1);
	cr_assert_not_null(st.abbr);
	cr_expect_eq(st.abbr_len, 4);
	cr_expect(memcmp(st.abbr, "CEST", 4) == 0);
	cr_expect(st.abbr > m && st.abbr < m + strlen(m)); /* into the message */

	/* a replica line: 2025-01-03 00:00:01.001 = 1735862401 (date -u) */
	expect_stamp(redis, "7:S 03 Jan 2025 00:00:01.001 # Error condition on socket for SYNC",
		     1735862401, 1000000, 1000000, 1);
	/* 05:34:56-0700 = 12:34:56Z */
	expect_stamp(nginx, "10.0.0.2 - alice [30/May/2024:05:34:56 -0700] \"POST /api HTTP/2.0\" 201 0",
		     T0, 0, 1000000000, 0);

	/* not their families */
	cr_expect_eq(locate(sb2, "2024-05-30 12:34:56.123 UTC [1] LOG: x", &st), 0);
	cr_expect_eq(locate(pg, "1:M 30 May 2024 12:34:56.123 * Ready", &st), 0);
	cr_expect_eq(locate(redis, "plain text", &st), 0);
	cr_expect_eq(locate(nginx, "", &st), 0);
	/* the regex matches, the layout refuses (month 13) */
	cr_expect_eq(locate(sb2, "2024-13-30 12:34:56.123  INFO 1 --- [main] x", &st), 0);
	userfmt_free(s);
}

/* ==== loading ========================================================== */

#define GOOD(name) "{\"name\": \"" name "\", \"regex\": \"^(?<ts>\\\\S+ \\\\S+)\", " \
		   "\"layout\": \"2006-01-02 15:04:05\"}"

Test(load, one_object_or_an_array)
{
	tsn_userfmts *s = set_of(GOOD("a"));
	cr_expect_eq(userfmt_count(s), 1);
	char err[600];
	cr_assert_eq(userfmt_load_string("[" GOOD("b") ", " GOOD("c") "]", "more", s, err,
					 sizeof err),
		     0, "%s", err);
	cr_expect_eq(userfmt_count(s), 3);
	cr_expect_str_eq(userfmt_def(s, 0)->name, "a");
	cr_expect_str_eq(userfmt_def(s, 2)->name, "c");
	cr_expect_null(userfmt_def(s, 0)->example);
	cr_expect_eq(userfmt_find(s, "b"), userfmt_def(s, 1));
	cr_expect_null(userfmt_find(s, "nope"));
	cr_expect_null(userfmt_def(s, 3));
	expect_stamp(userfmt_def(s, 1), "2024-05-30 12:34:56 rest", T0, 0, 1000000000, 1);
	userfmt_free(s);
}

Test(load, from_a_file)
{
	const char *p = write_tmp("[\n  " GOOD("file-a") "\n]\n");
	tsn_userfmts *s = userfmt_new();
	char err[600] = "";
	cr_assert_eq(userfmt_load_file(p, s, err, sizeof err), 0, "%s", err);
	cr_expect_eq(userfmt_count(s), 1);
	unlink(p);
	userfmt_free(s);
}

Test(load, missing_file)
{
	char path[600];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/tsnorm-no-such-defs-%ld.json", dir && *dir ? dir : "/tmp",
		 (long)getpid());
	tsn_userfmts *s = userfmt_new();
	char err[800] = "";
	cr_expect_eq(userfmt_load_file(path, s, err, sizeof err), -1);
	cr_expect(strstr(err, path) != NULL, "%s", err);
	cr_expect(strstr(err, "No such file") != NULL, "%s", err);
	/* a directory is not a definitions file */
	cr_expect_eq(userfmt_load_file(TSNORM_SRCDIR "/formats/user", s, err, sizeof err), -1);
	cr_expect(strstr(err, "/formats/user: Is a directory") != NULL, "%s", err);
	cr_expect_eq(userfmt_count(s), 0);
	userfmt_free(s);
}

Test(load, json_syntax_error_has_line_and_column)
{
	/* line 3 lacks a comma between two members */
	const char *p = write_tmp("[\n  {\"name\": \"a\",\n   \"regex\": \"x\" \"layout\": \"y\"}\n]\n");
	tsn_userfmts *s = userfmt_new();
	char err[800] = "";
	cr_expect_eq(userfmt_load_file(p, s, err, sizeof err), -1);
	char want[600];
	snprintf(want, sizeof want, "%s:3:", p);
	cr_expect(strstr(err, want) != NULL, "no \"%s\" in \"%s\"", want, err);
	cr_expect(strstr(err, "JSON") != NULL, "%s", err);
	unlink(p);
	/* the same through load_string */
	load_err("{\"name\": \"a\",\n\"regex\" \"x\"}", "defs.json:2:", "JSON");
	userfmt_free(s);
}

Test(load, top_level_shapes)
{
	load_err("42", "JSON", NULL);
	load_err("[]", "empty array", NULL);
	load_err("[1]", "entry 1: a definition must be an object, not an integer", NULL);
	load_err("[" GOOD("a") ", \"x\"]", "entry 2: a definition must be an object, not a string",
		 NULL);
	/* jansson's own check for repeated keys */
	load_err("{\"name\": \"a\", \"name\": \"b\", \"regex\": \"(?<ts>x)\", \"layout\": \"2006\"}",
		 "duplicate object key", NULL);
}

Test(load, name_errors)
{
	load_err("{\"regex\": \"(?<ts>x)\", \"layout\": \"2006\"}", "entry 1: missing \"name\"", NULL);
	load_err("{\"name\": 5, \"regex\": \"(?<ts>x)\", \"layout\": \"2006\"}",
		 "\"name\" must be a string, not an integer", NULL);
	load_err("{\"name\": \"a b\", \"regex\": \"(?<ts>x)\", \"layout\": \"2006\"}", "name \"a b\"",
		 "letters, digits");
	load_err("{\"name\": \"\", \"regex\": \"(?<ts>x)\", \"layout\": \"2006\"}", "name \"\"", NULL);
	load_err("[" GOOD("x") ", " GOOD("x") "]", "entry 2 (\"x\"): duplicate name",
		 "entry 1 of this file");
	/* against a format loaded before; the set keeps only the first */
	tsn_userfmts *s = set_of(GOOD("x"));
	char err[600] = "";
	cr_expect_eq(userfmt_load_string(GOOD("x"), "again.json", s, err, sizeof err), -1);
	cr_expect(strstr(err, "again.json: entry 1 (\"x\"): duplicate name") != NULL, "%s", err);
	cr_expect(strstr(err, "already loaded") != NULL, "%s", err);
	cr_expect_eq(userfmt_count(s), 1);
	userfmt_free(s);
}

Test(load, regex_errors)
{
	load_err("{\"name\": \"r\", \"layout\": \"2006\"}", "entry 1 (\"r\"): missing \"regex\"",
		 NULL);
	load_err("{\"name\": \"r\", \"regex\": [\"a\"], \"layout\": \"2006\"}",
		 "\"regex\" must be a string, not an array", NULL);
	/* PCRE2's message and the offset: the pattern is 9 bytes, unclosed */
	load_err("{\"name\": \"r\", \"regex\": \"(?<ts>\\\\d+\", \"layout\": \"2006\"}",
		 "regex: missing closing parenthesis", "at offset 9");
	load_err("{\"name\": \"r\", \"regex\": \"^(?<ts>\\\\d+[\", \"layout\": \"2006\"}",
		 "regex: missing terminating ] for character class", "at offset");
	load_err("{\"name\": \"r\", \"regex\": \"^(?<time>\\\\d+)\", \"layout\": \"2006\"}",
		 "entry 1 (\"r\"): regex: no group named ts", NULL);
	/* UTF mode cannot be switched on from the pattern */
	load_err("{\"name\": \"r\", \"regex\": \"(*UTF)(?<ts>\\\\d+)\", \"layout\": \"2006\"}",
		 "regex: ", "UTF is disabled");
}

Test(load, layout_errors)
{
	load_err("{\"name\": \"l\", \"regex\": \"(?<ts>x)\"}", "entry 1 (\"l\"): missing \"layout\"",
		 NULL);
	load_err("{\"name\": \"l\", \"regex\": \"(?<ts>x)\", \"layout\": true}",
		 "\"layout\" must be a string, not a boolean", NULL);
	load_err("{\"name\": \"l\", \"regex\": \"(?<ts>x)\", \"layout\": \"%Y-%m-%d %Q\"}",
		 "layout \"%Y-%m-%d %Q\": unsupported conversion \"%Q\"", NULL);
	load_err("{\"name\": \"l\", \"regex\": \"(?<ts>x)\", \"layout\": \"yyyy-MM-dd\"}",
		 "layout \"yyyy-MM-dd\"", "not a layout");
}

Test(load, unknown_keys_and_example_errors)
{
	load_err("{\"name\": \"k\", \"regex\": \"(?<ts>x)\", \"layuot\": \"2006\"}",
		 "entry 1 (\"k\"): unknown key \"layuot\"", NULL);
	load_err("{\"name\": \"e\", \"regex\": \"(?<ts>x)\", \"layout\": \"2006\", \"example\": null}",
		 "\"example\" must be a string, not null", NULL);
	load_err("{\"name\": \"e\", \"regex\": \"^(?<ts>\\\\d{4}) \", \"layout\": \"2006\", "
		 "\"example\": \"no digits here\"}",
		 "entry 1 (\"e\"): example: the regex does not match it", NULL);
	load_err("{\"name\": \"e\", \"regex\": \"^(?<ts>\\\\S+) \", \"layout\": \"2006-01-02\", "
		 "\"example\": \"2024-13-01 x\"}",
		 "example: the layout does not match its ts group \"2024-13-01\"", NULL);
	load_err("{\"name\": \"e\", \"regex\": \"^(?:(?<ts>\\\\d+)|x)\", \"layout\": \"2006\", "
		 "\"example\": \"x\"}",
		 "ts group takes no part", NULL);
	load_err("{\"name\": \"e\", \"regex\": \"^(?<ts>(a+)+)$\", \"layout\": \"2006\", "
		 "\"example\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"}",
		 "example: the regex hit a PCRE2 limit", NULL);
}

Test(load, all_or_nothing_with_entry_index_and_name)
{
	tsn_userfmts *s = userfmt_new();
	char err[600] = "";
	const char *two = "[" GOOD("first") ", {\"name\": \"second\", \"regex\": \"(\", \"layout\": "
			  "\"2006\"}]";
	const char *p = write_tmp(two);
	cr_expect_eq(userfmt_load_file(p, s, err, sizeof err), -1);
	char want[700];
	snprintf(want, sizeof want, "%s: entry 2 (\"second\"): regex: ", p);
	cr_expect(strstr(err, want) == err, "\"%s\" does not start with \"%s\"", err, want);
	cr_expect_eq(userfmt_count(s), 0, "the good first entry was kept");
	unlink(p);
	/* the set is still usable and "first" is still free */
	cr_expect_eq(userfmt_load_string(GOOD("first"), "ok", s, err, sizeof err), 0, "%s", err);
	cr_expect_eq(userfmt_count(s), 1);
	userfmt_free(s);
}

/* ==== limits =========================================================== */

#define CATASTROPHIC                                                                           \
	"[{\"name\": \"bad\", \"regex\": \"^(?<ts>(a+)+)$\", \"layout\": \"2006\"},"               \
	" {\"name\": \"fine\", \"regex\": \"^(?<ts>\\\\d{4}-\\\\d{2}-\\\\d{2} \\\\S+)\","           \
	" \"layout\": \"2006-01-02 15:04:05\"}]"

static void catastrophic(int jit)
{
	tsn_userfmts *s = userfmt_new();
	userfmt_set_jit(s, jit);
	char err[600] = "";
	cr_assert_eq(userfmt_load_string(CATASTROPHIC, "inline", s, err, sizeof err), 0, "%s", err);
	if (!jit)
		cr_expect_eq(userfmt_uses_jit(s, 0), 0);
	const tsn_format_def *bad = userfmt_def(s, 0), *fine = userfmt_def(s, 1);

	size_t n = 4096;
	char *line = malloc(n + 2);
	memset(line, 'a', n);
	line[n] = 'b';
	line[n + 1] = '\0';
	tsn_stamp st;
	cr_expect_eq(userfmt_limit_hits(s), 0);
	cr_expect_eq(locate(bad, line, &st), 0);
	cr_expect_eq(userfmt_limit_hits(s), 1, "limit hits %llu (jit %d)",
		     (unsigned long long)userfmt_limit_hits(s), jit);
	cr_expect_eq(locate(bad, line, &st), 0);
	cr_expect_eq(userfmt_limit_hits(s), 2);
	cr_expect_eq(userfmt_limit_hits_at(s, 0), 2);
	cr_expect_eq(userfmt_limit_hits_at(s, 1), 0);
	/* a plain miss is not a limit hit */
	cr_expect_eq(locate(bad, "xyz", &st), 0);
	cr_expect_eq(userfmt_limit_hits(s), 2);
	/* the set still works */
	expect_stamp(fine, "2024-05-30 12:34:56 ok", T0, 0, 1000000000, 1);
	cr_expect_eq(userfmt_limit_hits(s), 2);
	free(line);
	userfmt_free(s);
}

Test(limits, catastrophic_backtracking_with_jit)
{
	catastrophic(1);
}

Test(limits, catastrophic_backtracking_interpreted)
{
	catastrophic(0);
}

Test(limits, depth_limit_in_the_interpreter)
{
	tsn_userfmts *s = userfmt_new();
	userfmt_set_jit(s, 0);
	char err[600] = "";
	cr_assert_eq(userfmt_load_string("{\"name\": \"deep\", \"regex\": "
					 "\"^(?:x|y)*(?<ts>\\\\d{4}-\\\\d{2}-\\\\d{2})\", "
					 "\"layout\": \"2006-01-02\"}",
					 "inline", s, err, sizeof err),
		     0, "%s", err);
	const tsn_format_def *d = userfmt_def(s, 0);
	size_t n = 5000;
	char *line = malloc(n + 16);
	memset(line, 'x', n);
	strcpy(line + n, "2024-05-30");
	tsn_stamp st;
	userfmt_set_limits(s, 0, 500);
	cr_expect_eq(locate(d, line, &st), 0);
	cr_expect_eq(userfmt_limit_hits(s), 1);
	/* with the default depth the same line matches: 2024-05-30 = 1717027200 */
	userfmt_set_limits(s, 0, USERFMT_DEPTH_LIMIT);
	expect_stamp(d, line, 1717027200, 0, 1000000000, 1);
	cr_expect_eq(userfmt_limit_hits(s), 1);
	free(line);
	userfmt_free(s);
}

Test(limits, jit_stack_or_depth_on_a_huge_line)
{
	/* one backtracking frame per character: a million of them exceed the
	 * 4 MiB JIT stack (or, interpreted, the depth limit) */
	tsn_userfmts *s = set_of("{\"name\": \"deep\", \"regex\": "
				 "\"^(?:x|y)*(?<ts>\\\\d{4}-\\\\d{2}-\\\\d{2})\", "
				 "\"layout\": \"2006-01-02\"}");
	const tsn_format_def *d = userfmt_def(s, 0);
	size_t n = 1000000;
	char *line = malloc(n + 16);
	memset(line, 'x', n);
	strcpy(line + n, "2024-05-30");
	tsn_stamp st;
	cr_expect_eq(locate(d, line, &st), 0);
	cr_expect_eq(userfmt_limit_hits(s), 1, "jit %d", userfmt_uses_jit(s, 0));
	/* a short line of the same shape matches */
	expect_stamp(d, line + n - 100, 1717027200, 0, 1000000000, 1);
	free(line);
	userfmt_free(s);
}

/* ==== bytes ============================================================ */

Test(bytes, invalid_utf8_is_just_bytes)
{
	tsn_userfmts *s = set_of(
		"[{\"name\": \"tail\", \"regex\": \"^(?<ts>\\\\d{4}-\\\\d{2}-\\\\d{2} "
		"\\\\d{2}:\\\\d{2}:\\\\d{2}) .*$\", \"layout\": \"2006-01-02 15:04:05\"},"
		" {\"name\": \"head\", \"regex\": \"^[^ ]+ (?<ts>\\\\S+ \\\\S+)\", \"layout\": "
		"\"%Y-%m-%d %H:%M:%S\"},"
		" {\"name\": \"utf8\", \"regex\": \"^caf\\u00e9 (?<ts>\\\\S+ \\\\S+)\", \"layout\": "
		"\"%F %T\"}]");
	const tsn_format_def *tail = userfmt_def(s, 0), *head = userfmt_def(s, 1),
			     *utf8 = userfmt_def(s, 2);
	/* ".*$" runs over invalid sequences (lone continuation, truncated,
	 * overlong, 0xff) */
	expect_stamp(tail, "2024-05-30 12:34:56 caf\xe9 \xff\xfe\xc3\x28 \x80 \xc0\xaf end", T0, 0,
		     1000000000, 1);
	/* "[^ ]+" takes invalid bytes before the stamp */
	expect_stamp(head, "\xff\xfe\xc3 2024-05-30 12:34:56 x", T0, 0, 1000000000, 1);
	/* a NUL byte inside the message is a byte like another */
	static const char nul[] = "2024-05-30 12:34:56 a\0b";
	tsn_stamp st;
	cr_expect_eq(locate_n(tail, nul, sizeof nul - 1, &st), 1);
	/* invalid bytes only, or inside the stamp: no stamp, no error */
	cr_expect_eq(locate(tail, "\xff\xfe\xfd\x80\x80", &st), 0);
	cr_expect_eq(locate(head, "\xff \xff\xfe \xc3\x28", &st), 0);
	cr_expect_eq(locate(head, "x 2024-05-30\xff 12:34:56", &st), 0);
	/* a UTF-8 literal in the pattern matches its bytes */
	expect_stamp(utf8, "caf\xc3\xa9 2024-05-30 12:34:56", T0, 0, 1000000000, 1);
	cr_expect_eq(locate(utf8, "caf\xe9 2024-05-30 12:34:56", &st), 0);
	/* empty and NULL messages */
	cr_expect_eq(locate_n(tail, "", 0, &st), 0);
	cr_expect_eq(locate_n(tail, NULL, 0, &st), 0);
	cr_expect_eq(userfmt_limit_hits(s), 0);
	userfmt_free(s);
}

/* ==== regex and layout together ======================================== */

Test(locate, several_groups_named_ts)
{
	tsn_userfmts *s = set_of("{\"name\": \"either\", \"regex\": "
				 "\"(?J)^(?:(?<ts>\\\\S+ \\\\S+) INFO|\\\\[(?<ts>[^\\\\]]+)\\\\])\", "
				 "\"layout\": \"2006-01-02 15:04:05\"}");
	const tsn_format_def *d = userfmt_def(s, 0);
	expect_stamp(d, "2024-05-30 12:34:56 INFO started", T0, 0, 1000000000, 1);
	expect_stamp(d, "[2024-05-30 12:34:56] started", T0, 0, 1000000000, 1);
	tsn_stamp st;
	cr_expect_eq(locate(d, "2024-05-30 12:34:56 WARN x", &st), 0);
	userfmt_free(s);
}

Test(locate, year_from_the_reference)
{
	tsn_userfmts *s = set_of("{\"name\": \"bsd\", \"regex\": "
				 "\"^(?<ts>[A-Z][a-z]{2} [ \\\\d]\\\\d \\\\d{2}:\\\\d{2}:\\\\d{2}) \", "
				 "\"layout\": \"%b %e %H:%M:%S\", \"example\": \"Feb 29 12:00:00 h x\"}");
	const tsn_format_def *d = userfmt_def(s, 0);
	/* ref 2025-01-01T00:00:10Z (1735689610): Dec 31 23:59:59 is 2024's,
	 * 2024-12-31 23:59:59 = 1735689599 */
	tsn_time r = {1735689610, 0, 1000000000};
	tsn_parse_ctx c = ctx_at(&r);
	tsn_stamp st;
	const char *m1 = "Dec 31 23:59:59 host sshd[1]: x";
	cr_assert_eq(d->locate(d, m1, strlen(m1), &c, &st), 1);
	cr_expect_eq(st.t.sec, 1735689599);
	/* May  3 with the reference T0: 2024-05-03 12:34:56 = 1714739696 */
	c = ctx_at(&REF);
	const char *m2 = "May  3 12:34:56 host x";
	cr_assert_eq(d->locate(d, m2, strlen(m2), &c, &st), 1);
	cr_expect_eq(st.t.sec, 1714739696);
	userfmt_free(s);
}

Test(locate, first_regex_match_only)
{
	/* the ts group is the first match's; a later candidate is not tried */
	tsn_userfmts *s = set_of("{\"name\": \"any\", \"regex\": \"(?<ts>\\\\d{4}-\\\\d{2}-\\\\d{2})\", "
				 "\"layout\": \"2006-01-02\"}");
	const tsn_format_def *d = userfmt_def(s, 0);
	tsn_stamp st;
	cr_expect_eq(locate(d, "id 2024-13-45 then 2024-05-30", &st), 0);
	/* unanchored: found anywhere; 2024-05-30 = 1717027200 */
	expect_stamp(d, "at 2024-05-30 something", 1717027200, 0, 1000000000, 1);
	userfmt_free(s);
}
