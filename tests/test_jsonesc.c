/* test_jsonesc.c — JSON string escaping as Docker's json-file driver writes
 * it: hand cases from the rules of moby's ffjsonWriteJSONBytesAsString, a
 * line-by-line port of that function as the oracle, and jansson decoding. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonesc.h"

/* The portable path, compiled here a second time with SSE2 turned off, so
 * both paths face the same cases whatever the build machine has. */
size_t json_escape_portable(const char *s, size_t n, char *out, size_t *invalid);
#define json_escape json_escape_portable
#define TSN_JSONESC_NO_SIMD 1
#include "jsonesc.c"
#undef json_escape

typedef size_t (*escape_fn)(const char *, size_t, char *, size_t *);
static const escape_fn impls[] = {json_escape, json_escape_portable};
static const char *const impl_names[] = {"json_escape", "json_escape_portable"};
#define NIMPL 2

/* ---- the oracle ------------------------------------------------------ */

/* Go's utf8.DecodeRune, written independently of jsonesc.c: decode by the
 * lead byte's length, then reject what RFC 3629 forbids.  Returns the rune
 * and its width, or -1 and width 1. */
static long ref_decode(const unsigned char *s, size_t n, size_t *size)
{
	unsigned c = s[0];
	long cp, min;
	size_t len;
	*size = 1;
	if (c < 0x80)
		return (long)c;
	if ((c & 0xe0) == 0xc0) {
		len = 2, cp = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, cp = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (len > n)
		return -1;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*size = len;
	return cp;
}

/* ffjsonWriteJSONBytesAsString (moby daemon/logger/jsonfilelog/jsonlog/
 * jsonlogbytes.go), statement for statement, without the quotes. */
static size_t ref_escape(const unsigned char *s, size_t n, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, start = 0;
#define WRITE(p, len) (memcpy(buf + o, (p), (len)), o += (len))
	for (size_t i = 0; i < n;) {
		unsigned char b = s[i];
		if (b < 0x80) { /* utf8.RuneSelf */
			if (0x20 <= b && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
				i++;
				continue;
			}
			if (start < i)
				WRITE(s + start, i - start);
			switch (b) {
			case '\\': case '"':
				buf[o++] = '\\';
				buf[o++] = (char)b;
				break;
			case '\n':
				buf[o++] = '\\';
				buf[o++] = 'n';
				break;
			case '\r':
				buf[o++] = '\\';
				buf[o++] = 'r';
				break;
			default:
				WRITE("\\u00", 4);
				buf[o++] = hex[b >> 4];
				buf[o++] = hex[b & 0xf];
			}
			i++;
			start = i;
			continue;
		}
		size_t size;
		long c = ref_decode(s + i, n - i, &size);
		if (c < 0 && size == 1) { /* RuneError, width 1 */
			if (start < i)
				WRITE(s + start, i - start);
			WRITE("\\ufffd", 6);
			i += size;
			start = i;
			continue;
		}
		if (c == 0x2028 || c == 0x2029) {
			if (start < i)
				WRITE(s + start, i - start);
			WRITE("\\u202", 5);
			buf[o++] = hex[c & 0xf];
			i += size;
			start = i;
			continue;
		}
		i += size;
	}
	if (start < n)
		WRITE(s + start, n - start);
#undef WRITE
	return o;
}

/* What decoding Docker's output must give: the input with every invalid
 * byte replaced by U+FFFD.  Returns the length; *bad counts replacements. */
static size_t ref_decoded(const unsigned char *s, size_t n, char *buf, size_t *bad)
{
	size_t o = 0;
	*bad = 0;
	for (size_t i = 0; i < n;) {
		size_t size;
		if (ref_decode(s + i, n - i, &size) < 0) {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			(*bad)++;
		} else {
			memcpy(buf + o, s + i, size);
			o += size;
		}
		i += size;
	}
	return o;
}

/* ---- checks ------------------------------------------------------------ */

#define CANARY 0x5a
#define SLACK 32

/* Escapes s with every implementation into a buffer of exactly the bound
 * (plus a guarded tail that must stay untouched); checks the result against
 * want; returns nothing, asserts. */
static void expect_esc_n(const char *s, size_t n, const char *want, size_t wn, size_t want_bad)
{
	size_t bound = json_escape_bound(n);
	for (int f = 0; f < NIMPL; f++) {
		char *out = malloc(bound + SLACK);
		memset(out, CANARY, bound + SLACK);
		size_t bad = 12345;
		size_t on = impls[f](s, n, out, &bad);
		cr_assert_leq(on, bound);
		for (size_t k = bound; k < bound + SLACK; k++)
			cr_assert_eq((unsigned char)out[k], CANARY, "%s wrote past the bound",
				     impl_names[f]);
		cr_assert_eq(on, wn, "%s: length %zu, want %zu for [%.*s]: got [%.*s]",
			     impl_names[f], on, wn, (int)n, s, (int)on, out);
		cr_assert(memcmp(out, want, wn) == 0, "%s: [%.*s] gave [%.*s], want [%.*s]",
			  impl_names[f], (int)n, s, (int)on, out, (int)wn, want);
		cr_assert_eq(bad, want_bad, "%s: invalid count %zu, want %zu", impl_names[f], bad,
			     want_bad);
		/* the count is optional */
		cr_assert_eq(impls[f](s, n, out, NULL), wn);
		free(out);
	}
}
#define EXPECT(lit_in, lit_out, bad) \
	expect_esc_n(lit_in, sizeof(lit_in) - 1, lit_out, sizeof(lit_out) - 1, bad)

Test(jsonesc, plain_text_is_copied)
{
	EXPECT("", "", 0);
	EXPECT("hello", "hello", 0);
	EXPECT("GET /api/v1/items?id=42 HTTP/1.1 200 '~' {}[]", "GET /api/v1/items?id=42 HTTP/1.1 200 '~' {}[]", 0);
	/* '/' is not escaped; DEL is copied (only b < 0x20 counts as control) */
	EXPECT("a/b\x7f", "a/b\x7f", 0);
}

Test(jsonesc, quote_backslash_newline_return)
{
	EXPECT("say \"hi\"", "say \\\"hi\\\"", 0);
	EXPECT("C:\\dir\\", "C:\\\\dir\\\\", 0);
	EXPECT("a\nb\r\n", "a\\nb\\r\\n", 0);
}

Test(jsonesc, tab_and_other_controls_as_u00xx)
{
	/* Docker's switch has short forms for \\ \" \n \r only: a tab is \u0009 */
	EXPECT("a\tb", "a\\u0009b", 0);
	EXPECT("\b\f\v", "\\u0008\\u000c\\u000b", 0);
	EXPECT("\x1b[31mred\x1b[0m", "\\u001b[31mred\\u001b[0m", 0);
	EXPECT("\x01\x1f\x10\x0e", "\\u0001\\u001f\\u0010\\u000e", 0);
	static const char nul[] = "x\0y";
	expect_esc_n(nul, 3, "x\\u0000y", 8, 0);
}

Test(jsonesc, html_characters)
{
	EXPECT("<b>&amp;</b>", "\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e", 0);
	EXPECT("a<b", "a\\u003cb", 0);
}

Test(jsonesc, utf8_and_line_separators)
{
	EXPECT("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", 0);
	EXPECT("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "a\\u2028b\\u2029c", 0);
	/* the neighbours of U+2028/U+2029 stay raw */
	EXPECT("\xe2\x80\xa7\xe2\x80\xaa", "\xe2\x80\xa7\xe2\x80\xaa", 0);
	/* U+FFFD written correctly is valid and copied, not counted */
	EXPECT("\xef\xbf\xbd", "\xef\xbf\xbd", 0);
	/* the extremes */
	EXPECT("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xf0\x90\x80\x80\xf4\x8f\xbf\xbf",
	       "\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 0);
}

Test(jsonesc, invalid_bytes_one_replacement_each)
{
	EXPECT("\xff", "\\ufffd", 1);
	EXPECT("a\xff" "b", "a\\ufffdb", 1);
	EXPECT("\x80", "\\ufffd", 1);                       /* lone continuation */
	EXPECT("\xc3", "\\ufffd", 1);                       /* truncated at the end */
	EXPECT("\xc3(", "\\ufffd(", 1);                     /* bad continuation */
	EXPECT("\xe2\x82", "\\ufffd\\ufffd", 2);            /* truncated 3-byte */
	EXPECT("\xf0\x9f\x98", "\\ufffd\\ufffd\\ufffd", 3); /* truncated 4-byte */
	EXPECT("\xc0\xaf", "\\ufffd\\ufffd", 2);            /* overlong '/' */
	EXPECT("\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd", 3); /* overlong */
	EXPECT("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd", 3); /* surrogate U+D800 */
	EXPECT("\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd", 4); /* > U+10FFFF */
	EXPECT("\xf5\x80\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd", 4);
	EXPECT("\xfe\xfe", "\\ufffd\\ufffd", 2);
	/* a valid sequence right after an invalid lead survives */
	EXPECT("\xe2\xc3\xa9", "\\ufffd\xc3\xa9", 1);
	/* the replacement of a broken U+2028 is per byte, not \u2028 */
	EXPECT("\xe2\x80", "\\ufffd\\ufffd", 2);
}

Test(jsonesc, every_position_across_chunks)
{
	/* one special byte at each position of strings that span several
	 * 16- and 8-byte chunks, and every length up to 70 */
	static const char *const specials[] = {"\"", "\\", "\n", "\t", "<", "&", "\x01",
					       "\xc3\xa9", "\xe2\x80\xa8", "\xff", "\xf0\x9f\x98\x80"};
	char in[96], want[96 * 6];
	for (size_t len = 0; len <= 70; len++) {
		for (size_t sp = 0; sp < sizeof specials / sizeof *specials; sp++) {
			size_t sl = strlen(specials[sp]);
			for (size_t pos = 0; pos + sl <= len; pos++) {
				memset(in, 'x', len);
				memcpy(in + pos, specials[sp], sl);
				size_t wn = ref_escape((const unsigned char *)in, len, want);
				size_t bad = (unsigned char)specials[sp][0] == 0xff;
				expect_esc_n(in, len, want, wn, bad);
			}
		}
	}
}

/* ---- generated strings -------------------------------------------------- */

/* splitmix64: a fixed sequence for reproducible corpora */
static uint64_t rng_state = 0x13198a2e03707344ULL;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t put_utf8(unsigned long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A random valid scalar value, biased to the interesting ones. */
static unsigned long rnd_scalar(void)
{
	static const unsigned long special[] = {'"', '\\', '\n', '\r', '\t', 0, 0x1f, '<', '>', '&',
						0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0x2028,
						0x2029, 0xd7ff, 0xe000, 0x10000, 0x10ffff};
	for (;;) {
		unsigned long cp;
		switch (rnd() % 6) {
		case 0: cp = special[rnd() % (sizeof special / sizeof *special)]; break;
		case 1: cp = rnd() % 0x80; break;
		case 2: cp = 0x80 + rnd() % 0x780; break;
		case 3: cp = 0x800 + rnd() % 0xf800; break;
		case 4: cp = 0x10000 + rnd() % 0x100000; break;
		default: cp = 0x20 + rnd() % 0x5f; break;
		}
		if (cp < 0xd800 || cp > 0xdfff)
			return cp;
	}
}

/* Random bytes: runs of plain ASCII (the fast path), valid characters,
 * and, if with_invalid, arbitrary bytes and cut sequences. */
static size_t rnd_bytes(unsigned char *o, size_t cap, int with_invalid)
{
	size_t n = 0, want = rnd() % cap;
	while (n + 8 <= want) {
		unsigned kind = (unsigned)(rnd() % (with_invalid ? 6 : 4));
		if (kind <= 1) { /* a plain run, sometimes long */
			size_t run = rnd() % (kind ? 40 : 8);
			for (size_t k = 0; k < run && n + 8 <= want; k++)
				o[n++] = (unsigned char)('a' + rnd() % 26);
		} else if (kind <= 3) {
			n += put_utf8(rnd_scalar(), o + n);
		} else if (kind == 4) {
			o[n++] = (unsigned char)rnd();
		} else { /* a valid multi-byte sequence cut short */
			unsigned char tmp[4];
			size_t l = put_utf8(0x80 + rnd() % 0x10ff80, tmp);
			if (l > 1) {
				size_t cut = 1 + rnd() % (l - 1);
				memcpy(o + n, tmp, cut);
				n += cut;
			}
		}
	}
	return n;
}

/* Escapes buf[0..n) with both implementations, compares with the oracle,
 * and decodes the result with jansson. */
static void check_generated(const unsigned char *in, size_t n, int valid)
{
	char *want = malloc(json_escape_bound(n) + 1);
	size_t wn = ref_escape(in, n, want);
	char *dec = malloc(3 * n + 1);
	size_t bad;
	size_t dn = ref_decoded(in, n, dec, &bad);
	if (valid)
		cr_assert_eq(bad, 0);
	expect_esc_n((const char *)in, n, want, wn, bad);

	/* jansson reads "out" back as the input, invalid bytes as U+FFFD */
	char *q = malloc(wn + 2);
	q[0] = '"';
	memcpy(q + 1, want, wn);
	q[wn + 1] = '"';
	json_error_t err;
	json_t *v = json_loadb(q, wn + 2, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	cr_assert(v, "jansson: %s at %d", err.text, err.position);
	cr_assert(json_is_string(v));
	cr_assert_eq(json_string_length(v), dn);
	cr_assert(memcmp(json_string_value(v), dec, dn) == 0);
	if (valid)
		cr_assert(dn == n && memcmp(json_string_value(v), in, n) == 0);
	json_decref(v);

	/* what Docker writes: no raw control byte, no raw < > &, and only the
	 * escapes \" \\ \n \r \uXXXX */
	for (size_t k = 0; k < wn; k++) {
		unsigned char c = (unsigned char)want[k];
		cr_assert(c >= 0x20 && c != '<' && c != '>' && c != '&' && c != '"');
		if (c == '\\') {
			char e = want[k + 1];
			cr_assert(e == '"' || e == '\\' || e == 'n' || e == 'r' || e == 'u',
				  "escape \\%c", e);
			k += e == 'u' ? 5 : 1;
		}
	}
	free(q);
	free(dec);
	free(want);
}

Test(jsonesc, generated_valid_utf8_round_trips)
{
	unsigned char buf[600];
	for (int it = 0; it < 20000; it++) {
		size_t n = rnd_bytes(buf, sizeof buf - 8, 0);
		check_generated(buf, n, 1);
	}
}

Test(jsonesc, generated_bytes_match_docker)
{
	unsigned char buf[600];
	for (int it = 0; it < 20000; it++) {
		size_t n = rnd_bytes(buf, sizeof buf - 8, 1);
		check_generated(buf, n, 0);
	}
	/* and uniformly random bytes */
	for (int it = 0; it < 5000; it++) {
		size_t n = rnd() % 200;
		for (size_t k = 0; k < n; k++)
			buf[k] = (unsigned char)rnd();
		check_generated(buf, n, 0);
	}
}

Test(jsonesc, unaligned_input)
{
	/* the same text at every offset of a buffer gives the same output */
	static const char text[] = "level=info msg=\"a <b> & c\"\tpath=/x \xc3\xa9\xe2\x80\xa8 end of a long-ish line";
	size_t tn = sizeof text - 1;
	char want[sizeof text * 6];
	size_t wn = ref_escape((const unsigned char *)text, tn, want);
	char buf[sizeof text + 32];
	for (size_t off = 0; off < 32; off++) {
		memcpy(buf + off, text, tn);
		expect_esc_n(buf + off, tn, want, wn, 0);
	}
}
