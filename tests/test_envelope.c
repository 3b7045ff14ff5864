/* test_envelope.c — the Docker envelope: the zero-copy scanner and the
 * jansson path must accept the same lines and yield the same fields and the
 * same output; hand cases for what Docker writes and what it never does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "envelope.h"
#include "pipeline.h"
#include "source.h"

/* splitmix64: a fixed, documented sequence for reproducible corpora */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }

/* pieces of JSON string bodies as Docker writes them, and some it doesn't */
static const char *const pieces[] = {
	"hello", " ", "GET /api/v1/items?id=42", "\\n", "\\t", "\\\"quoted\\\"", "\\\\", "\\/",
	"\\u003cb\\u003e", "\\u0026", "\\u0000", "\\u00e9", "\\ud83d\\ude00", "\\u2028", "\xc3\xa9",
	"\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\\b\\f\\r", "time=", "ts=2024-05-30T12:34:56.5Z ",
	"{\\\"time\\\":\\\"2024-05-30T12:34:56.123+02:00\\\",\\\"msg\\\":\\\"x\\\"}",
	"2024/05/30 12:34:56.123456 ", "level=info msg=\\\"a b\\\"", "\\u0041\\u0062",
};
static const char *const starts[] = {
	"", "2024-05-30T12:34:56.123456789Z ", "2024-05-30T12:34:56Z ", "2024/05/30 12:34:56 ",
	"time=\\\"2024-05-30T12:34:55Z\\\" ", "{\\\"ts\\\":\\\"2024-05-30T12:34:56.001Z\\\"} ",
	"1999-12-31T23:59:59.999+14:00 ", "0001-01-01T00:00:00Z ",
};
static const char *const times[] = {
	"2024-05-30T12:34:56Z", "2024-05-30T12:34:56.1Z", "2024-05-30T12:34:56.123456789Z",
	"2024-05-30T12:34:56.12345Z", "2024-02-29T00:00:00.000000001Z", "1969-12-31T23:59:59.999Z",
	"2024-05-30T14:34:56.5+02:00", "2024-05-30T12:34:56.123456789123Z",
};

static size_t make_line(char *buf, size_t cap)
{
	size_t n = 0;
	n += (size_t)snprintf(buf + n, cap - n, "{\"log\":\"%s", starts[pick(8)]);
	unsigned k = pick(12);
	for (unsigned i = 0; i < k; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s", pieces[pick(sizeof pieces / sizeof *pieces)]);
	n += (size_t)snprintf(buf + n, cap - n, "%s\"", pick(5) ? "\\n" : "");
	switch (pick(4)) {
	case 0: break;
	case 1: n += (size_t)snprintf(buf + n, cap - n, ",\"stream\":\"stderr\""); break;
	default: n += (size_t)snprintf(buf + n, cap - n, ",\"stream\":\"stdout\""); break;
	}
	switch (pick(4)) {
	case 0: n += (size_t)snprintf(buf + n, cap - n, ",\"attrs\":{}"); break;
	case 1: n += (size_t)snprintf(buf + n, cap - n, ",\"attrs\":{\"tag\":\"web\\u003c1\\u003e\",\"env\":\"prod\"}"); break;
	default: break;
	}
	n += (size_t)snprintf(buf + n, cap - n, ",\"time\":\"%s\"}", times[pick(8)]);
	return n;
}

static void expect_same(const char *line, size_t n)
{
	docker_line f;
	docker_slow s;
	cr_assert(docker_scan(line, n, &f), "fast path declined a canonical line: %.*s", (int)n, line);
	cr_assert_eq(docker_parse_slow(line, n, &s), DOCKER_OK, "jansson rejected: %.*s", (int)n, line);
	char *dec = malloc(n + 1);
	size_t dn = json_unescape(f.log.p, f.log.n, dec);
	cr_assert_eq(dn, s.log.n, "log length differs for %.*s", (int)n, line);
	cr_assert(memcmp(dec, s.log.p, dn) == 0, "log differs for %.*s", (int)n, line);
	char sdec[4096];
	size_t sn = json_unescape(f.stream.p, f.stream.n, sdec);
	cr_assert_eq(sn, s.stream.n, "stream differs for %.*s", (int)n, line);
	cr_assert(sn == 0 || memcmp(sdec, s.stream.p, sn) == 0);
	cr_assert_eq(f.time.sec, s.time.sec);
	cr_assert_eq(f.time.nsec, s.time.nsec);
	cr_assert_eq(f.close, s.close);
	/* the one-pass scan-and-decode agrees */
	docker_line g;
	cr_assert(docker_scan_decode(line, n, &g, dec), "decode path declined: %.*s", (int)n, line);
	cr_assert_eq(g.msg.n, s.log.n, "decoded log length differs for %.*s", (int)n, line);
	cr_assert(memcmp(g.msg.p, s.log.p, g.msg.n) == 0, "decoded log differs for %.*s", (int)n,
		  line);
	free(dec);
	docker_slow_release(&s);
}

Test(envelope, generated_canonical_lines_agree)
{
	char line[4096];
	for (int i = 0; i < 20000; i++) {
		size_t n = make_line(line, sizeof line);
		expect_same(line, n);
	}
}

/* Runs lines through a whole pipeline, fast path on or off; returns output. */
static char *run_pipeline(const char *input, size_t len, int no_fast, size_t *outlen)
{
	/* pieces of split messages are joined only from Docker's canonical
	 * form (the fast path's): compare line by line */
	tsn_config cfg = {.max_skew_ns = 3000000, .max_line = 1 << 20, .no_fast_path = no_fast,
			  .time_string = 1, .no_join = 1};
	FILE *tmp = tmpfile();
	cr_assert(tmp);
	tsn_pipeline p;
	cr_assert_eq(pipeline_init(&p, &cfg, fileno(tmp)), 0);
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (input[i] == '\n') {
			pipeline_line(&p, input + start, i - start);
			start = i + 1;
		}
	}
	cr_assert_eq(out_flush(&p.out), 0);
	if (no_fast)
		cr_assert_eq(p.st.docker_fast, 0);
	pipeline_free(&p);
	long sz = lseek(fileno(tmp), 0, SEEK_END);
	char *out = malloc((size_t)sz + 1);
	cr_assert_eq(pread(fileno(tmp), out, (size_t)sz, 0), sz);
	fclose(tmp);
	*outlen = (size_t)sz;
	return out;
}

Test(envelope, fast_and_jansson_paths_write_identical_output)
{
	size_t cap = 8 << 20, len = 0;
	char *in = malloc(cap);
	int lines = 0;
	while (len < cap - 8192) {
		len += make_line(in + len, cap - len);
		in[len++] = '\n';
		lines++;
	}
	size_t a_len, b_len;
	char *a = run_pipeline(in, len, 0, &a_len);
	char *b = run_pipeline(in, len, 1, &b_len);
	cr_assert_gt(lines, 10000);
	cr_assert_eq(a_len, b_len, "outputs differ in length: %zu vs %zu", a_len, b_len);
	cr_assert(memcmp(a, b, a_len) == 0, "fast and jansson outputs differ");
	/* and every output line is valid JSON with the input's fields intact */
	size_t s = 0;
	int checked = 0;
	for (size_t i = 0; i < a_len; i++) {
		if (a[i] != '\n')
			continue;
		json_error_t e;
		json_t *o = json_loadb(a + s, i - s, JSON_ALLOW_NUL, &e);
		cr_assert(o, "output line is not JSON (%s): %.*s", e.text, (int)(i - s), a + s);
		cr_assert(json_is_integer(json_object_get(o, "__time_ms")));
		cr_assert(json_is_string(json_object_get(o, "log")));
		cr_assert(json_is_string(json_object_get(o, "__time")));
		json_decref(o);
		checked++;
		s = i + 1;
	}
	cr_assert_eq(checked, lines);
	free(a);
	free(b);
	free(in);
}

/* Input through the whole pump (pipeline_run over a real file), so the
 * framer's shortcut (docker_scan_line) reads the lines it takes and finds
 * their ends; with the fast path off the framer finds each newline first
 * and jansson reads every line.  max_line is the --max-line. */
static char *run_pump(const char *input, size_t len, int no_fast, size_t max_line, size_t *outlen,
		      tsn_stats *st)
{
	tsn_config cfg = {.max_skew_ns = 3000000, .max_line = max_line, .no_fast_path = no_fast,
			  .time_string = 1, .no_join = 1};
	FILE *in = tmpfile(), *out = tmpfile();
	cr_assert(in && out);
	cr_assert_eq(fwrite(input, 1, len, in), len);
	cr_assert_eq(fflush(in), 0);
	char path[64];
	snprintf(path, sizeof path, "/dev/fd/%d", fileno(in));
	tsn_source src;
	cr_assert_eq(source_open(&src, path, 256u * 1024u), 0);
	tsn_pipeline p;
	cr_assert_eq(pipeline_init(&p, &cfg, fileno(out)), 0);
	pipeline_new_input(&p, src.name, NULL, 0);
	cr_assert_eq(pipeline_run(&p, &src), 0);
	cr_assert_eq(out_flush(&p.out), 0);
	*st = p.st;
	pipeline_free(&p);
	source_close(&src);
	long sz = lseek(fileno(out), 0, SEEK_END);
	char *o = malloc((size_t)sz + 1);
	cr_assert_eq(pread(fileno(out), o, (size_t)sz, 0), sz);
	fclose(in);
	fclose(out);
	*outlen = (size_t)sz;
	return o;
}

/* Hostile input for the framer's shortcut: canonical lines, the same with
 * random edits (a quote, a backslash, a raw newline that cuts the line in
 * two, invalid UTF-8, a brace), a canonical line longer than --max-line,
 * lines ending in "\r", and a last line without its newline, across many
 * 256 KiB reads.  Both ways must write the same bytes, one line out for
 * every line in (nothing joined: --no-join), the over-long line unchanged. */
Test(envelope, framer_shortcut_and_general_way_write_identical_output)
{
	size_t cap = 6 << 20, len = 0, max_line = 4096;
	char *in = malloc(cap);
	static const char junk[] = "\"\\{}u\x80\xc3\xff\x01\n\rZ";
	long lines = 0;
	while (len < cap - 3 * max_line) {
		size_t at = len;
		switch (pick(16)) {
		case 0: { /* a canonical line longer than --max-line */
			len += (size_t)sprintf(in + len, "{\"log\":\"");
			for (size_t k = 0; k < max_line; k++)
				in[len++] = (char)('a' + pick(26));
			len += (size_t)sprintf(in + len, "\\n\",\"stream\":\"stdout\","
						   "\"time\":\"2024-05-30T12:34:56Z\"}");
			break;
		}
		case 1: /* "\r\n" line ends */
			len += make_line(in + len, cap - len);
			in[len++] = '\r';
			break;
		case 2:
		case 3:
		case 4: { /* edited: a raw newline here makes two lines */
			len += make_line(in + len, cap - len);
			for (unsigned e = 1 + pick(3); e; e--)
				in[at + pick((unsigned)(len - at))] = junk[pick(sizeof junk - 1)];
			break;
		}
		default:
			len += make_line(in + len, cap - len);
		}
		in[len++] = '\n';
	}
	len += make_line(in + len, cap - len); /* the last line: no newline */
	for (size_t i = 0; i < len; i++)
		lines += in[i] == '\n';
	lines++;

	size_t a_len, b_len;
	tsn_stats sa, sb;
	char *a = run_pump(in, len, 0, max_line, &a_len, &sa);
	char *b = run_pump(in, len, 1, max_line, &b_len, &sb);
	cr_assert_eq(sa.lines_in, (uint64_t)lines);
	cr_assert_eq(sb.lines_in, (uint64_t)lines);
	cr_assert_eq(sa.lines_out, sa.lines_in, "a line lost or added: %llu in, %llu out",
		     (unsigned long long)sa.lines_in, (unsigned long long)sa.lines_out);
	cr_assert_gt(sa.docker_fast, (uint64_t)lines / 2, "the shortcut took too little to mean anything");
	cr_assert_eq(sb.docker_fast, 0);
	cr_assert_gt(sa.pass[PASS_OVERSIZE], 0);
	cr_assert_eq(sa.pass[PASS_OVERSIZE], sb.pass[PASS_OVERSIZE]);
	cr_assert_eq(sa.unterminated, 1);
	cr_assert_eq(a_len, b_len, "outputs differ in length: %zu vs %zu", a_len, b_len);
	size_t d = 0;
	while (d < a_len && a[d] == b[d])
		d++;
	cr_assert_eq(d, a_len, "the outputs differ at byte %zu: %.80s | %.80s", d,
		     a + (d > 40 ? d - 40 : 0), b + (d > 40 ? d - 40 : 0));
	free(a);
	free(b);
	free(in);
}

/* Whatever the fast path accepts, jansson must read the same way: mutate
 * canonical lines byte by byte and check the implication. */
Test(envelope, mutated_lines_fast_accept_implies_jansson_agrees)
{
	char line[4200];
	long accepted = 0;
	static const char junk[] = "\"\\{}:,u0dD8\x80\xc3\xff\x01 \t\nZ.";
	for (int i = 0; i < 200000; i++) {
		size_t n = make_line(line, sizeof line - 16);
		unsigned edits = 1 + pick(3);
		for (unsigned e = 0; e < edits && n > 2; e++) {
			size_t at = pick((unsigned)n);
			char c = junk[pick(sizeof junk - 1)];
			switch (pick(3)) {
			case 0: line[at] = c; break;
			case 1: memmove(line + at + 1, line + at, n - at); line[at] = c; n++; break;
			default: memmove(line + at, line + at + 1, n - at - 1); n--; break;
			}
		}
		docker_line f;
		if (!docker_scan(line, n, &f))
			continue;
		accepted++;
		expect_same(line, n);
	}
	cr_assert_gt(accepted, 1000, "too few mutants accepted to mean anything: %ld", accepted);
}

#define L(s) s, sizeof(s) - 1

Test(envelope, canonical_docker_line)
{
	docker_line d;
	const char *line = "{\"log\":\"hi \\u003cb\\u003e\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.1Z\"}";
	cr_assert(docker_scan(line, strlen(line), &d));
	cr_assert_eq(d.log.n, strlen("hi \\u003cb\\u003e\\n"));
	cr_assert_eq(d.stream.n, 6);
	/* 2024-05-30T12:34:56Z = 1717072496 (date -u -d 2024-05-30T12:34:56Z +%s) */
	cr_assert_eq(d.time.sec, 1717072496);
	cr_assert_eq(d.time.nsec, 100000000);
	cr_assert_eq(d.close, strlen(line) - 1);
	char out[64];
	size_t n = json_unescape(d.log.p, d.log.n, out);
	cr_assert_eq(n, 7);
	cr_assert(memcmp(out, "hi <b>\n", 7) == 0);
}

Test(envelope, unescape_surrogate_pair_and_nul)
{
	char out[16];
	size_t n = json_unescape(L("\\ud83d\\ude00\\u0000\\u00e9"), out);
	/* U+1F600 is F0 9F 98 80; U+00E9 is C3 A9 */
	cr_assert_eq(n, 7);
	cr_assert(memcmp(out, "\xf0\x9f\x98\x80\0\xc3\xa9", 7) == 0);
}

Test(envelope, fast_path_declines_non_canonical_but_jansson_reads_them)
{
	static const char *const lines[] = {
		"{\"stream\":\"stdout\",\"log\":\"x\\n\",\"time\":\"2024-05-30T12:34:56Z\"}",
		"{ \"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}",
		"{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"} ",
		"{\"\\u006cog\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}",
		"{\"log\":\"x\\n\",\"extra\":[1,2,{\"a\":null}],\"time\":\"2024-05-30T12:34:56Z\"}",
		"{\"log\":\"x\\n\",\"time\":\"2024-05-30T12:34:56Z\",\"stream\":\"stdout\"}",
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		docker_line d;
		docker_slow s;
		size_t n = strlen(lines[i]);
		char dec[256];
		cr_assert_not(docker_scan(lines[i], n, &d), "fast path took %s", lines[i]);
		cr_assert_not(docker_scan_decode(lines[i], n, &d, dec), "decode path took %s",
			      lines[i]);
		cr_assert_eq(docker_parse_slow(lines[i], n, &s), DOCKER_OK, "jansson refused %s", lines[i]);
		cr_assert_eq(s.log.n, 2);
		cr_assert(memcmp(s.log.p, "x\n", 2) == 0);
		cr_assert_eq(s.time.sec, 1717072496);
		cr_assert_eq(lines[i][s.close], '}');
		docker_slow_release(&s);
	}
}

Test(envelope, duplicate_keys_last_wins)
{
	/* Go's encoding/json and jansson both keep the last value */
	const char *line = "{\"log\":\"first\",\"log\":\"second\",\"time\":\"2024-05-30T12:34:56Z\"}";
	docker_slow s;
	cr_assert_eq(docker_parse_slow(line, strlen(line), &s), DOCKER_OK);
	cr_assert_eq(s.log.n, 6);
	cr_assert(memcmp(s.log.p, "second", 6) == 0);
	docker_slow_release(&s);
}

Test(envelope, both_paths_refuse_what_is_not_a_docker_line)
{
	static const struct { const char *line; enum docker_verdict v; } cases[] = {
		/* raw control character inside a string is not JSON */
		{"{\"log\":\"a\tb\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		/* invalid UTF-8 (a lone continuation byte, an overlong, a UTF-8 surrogate) */
		{"{\"log\":\"a\x80\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		{"{\"log\":\"\xc0\xaf\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		{"{\"log\":\"\xed\xa0\x80\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		/* unpaired surrogates, bad escapes */
		{"{\"log\":\"\\ud800\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		{"{\"log\":\"\\udc00x\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		{"{\"log\":\"\\x41\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		{"{\"log\":\"\\u00g1\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		/* time that Go's RFC 3339 parser refuses */
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"2024-05-30t12:34:56z\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"2023-02-29T12:34:56Z\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:60Z\"}", DOCKER_NOT_DOCKER},
		/* wrong types, missing fields */
		{"{\"log\":1,\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"stream\":2,\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"time\":1717072496}", DOCKER_NOT_DOCKER},
		{"{\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"stream\":\"stdout\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"attrs\":{\"a\":{\"b\":\"c\"}},\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_DOCKER},
		{"{\"log\":\"x\",\"attrs\":[],\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_DOCKER},
		/* a NUL in an attrs key: jansson refuses NUL in object keys (found
		 * by fuzz_docker), so the fast path must decline it too */
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"attrs\":{\"a\\u0000b\":\"v\"},\"time\":\"2024-05-30T12:34:56Z\"}", DOCKER_NOT_JSON},
		/* tsnorm's own output is left alone */
		{"{\"log\":\"x\",\"time\":\"2024-05-30T12:34:56Z\",\"__time_ms\":1717072496000}", DOCKER_DONE},
		/* broken JSON */
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"", DOCKER_NOT_JSON},
		{"{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}}", DOCKER_NOT_JSON},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		docker_line d;
		docker_slow s;
		size_t n = strlen(cases[i].line);
		char dec[256];
		cr_assert_not(docker_scan(cases[i].line, n, &d), "fast path took case %zu", i);
		cr_assert_not(docker_scan_decode(cases[i].line, n, &d, dec), "decode path took case %zu",
			      i);
		cr_assert_eq(docker_parse_slow(cases[i].line, n, &s), cases[i].v, "case %zu: %s", i,
			     cases[i].line);
		docker_slow_release(&s);
	}
}

Test(envelope, nul_escape_is_a_docker_line_on_both_paths)
{
	/* Docker writes a NUL byte from the container as \u0000 */
	const char *line = "{\"log\":\"a\\u0000b\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}";
	expect_same(line, strlen(line));
}
