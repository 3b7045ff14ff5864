/* finder.c — locates the application's own timestamp inside a message.
 * The places are tried cheapest first, each rejecting a non-match in a byte
 * or two: a JSON message's top-level "time"/"ts" string, a stamp at the very
 * start (RFC 3339, then Go's log prefix), then logfmt-style ts= / time=
 * values anywhere at a key boundary, bare or quoted (slog text, logrus).
 * A complete JSON object without a time member has no stamp: text inside
 * its string values is not searched.
 * A stamp must be a whole token: what follows it is the end of the message,
 * white space, or (quoted) the closing quote. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "scan.h"
#include "families_a.h"
#include "families_b.h"
#include "formats.h"
#include "stamp.h"

const char *const tsn_format_names[TSN_FMT_COUNT] = {
	[TSN_FMT_NONE] = "none",
	[TSN_FMT_RFC3339] = "rfc3339",
	[TSN_FMT_GOLOG] = "golog",
	[TSN_FMT_LOGFMT] = "logfmt",
	[TSN_FMT_JSON] = "json",
};

/* End of the JSON string whose opening quote is at s[i]: the index just past
 * its closing quote, or 0 if it does not close. *esc says if it had escapes.
 * A backslash takes the byte after it, whatever it is (so a quote after an
 * odd run of backslashes is escaped); 16 bytes at a time up to a quote or
 * a backslash where SSE2 is there. */
static size_t json_string_end(const char *s, size_t n, size_t i, int *esc)
{
	*esc = 0;
	i++;
	for (;;) {
#if defined(__SSE2__)
		const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
		while (i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
			unsigned m = (unsigned)_mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
			if (m) {
				i += (size_t)__builtin_ctz(m);
				break;
			}
			i += 16;
		}
#endif
		while (i < n && s[i] != '"' && s[i] != '\\')
			i++;
		if (i >= n)
			return 0;
		if (s[i] == '"')
			return i + 1;
		*esc = 1;
		i += 2; /* the backslash and the byte it escapes */
	}
}

/* Index just past the JSON value starting at s[i] (any type, nested), or 0. */
static size_t json_value_end(const char *s, size_t n, size_t i)
{
	int esc;
	if (i >= n)
		return 0;
	if (s[i] == '"')
		return json_string_end(s, n, i, &esc);
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		while (i < n) {
			char c = s[i];
			if (c == '"') {
				i = json_string_end(s, n, i, &esc);
				if (!i)
					return 0;
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				return i + 1;
			i++;
		}
		return 0;
	}
	while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_ws(s[i]))
		i++;
	return i;
}

/* Decodes the simple escapes a time stamp could be written with
 * (\uXXXX for ASCII, \/ and the like) into out; -1 if anything else. */
static int unescape_short(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\') {
			if (++i >= n)
				return -1;
			c = s[i];
			if (c == 'u') {
				if (i + 4 >= n)
					return -1;
				unsigned v = 0;
				for (int k = 1; k <= 4; k++) {
					char h = s[i + k];
					v <<= 4;
					if (is_digit(h))
						v |= (unsigned)(h - '0');
					else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
						v |= (unsigned)((h | 0x20) - 'a' + 10);
					else
						return -1;
				}
				if (v == 0 || v > 0x7f)
					return -1;
				c = (char)v;
				i += 4;
			} else if (c != '"' && c != '\\' && c != '/') {
				return -1;
			}
		}
		if (o == cap)
			return -1;
		out[o++] = c;
	}
	return (int)o;
}

static const char *const default_keys[] = {"time", "ts"};

static int key_matches(const tsn_parse_ctx *c, const char *k, size_t n)
{
	const char *const *keys = c->json_keys ? c->json_keys : default_keys;
	size_t nk = c->json_keys ? c->n_json_keys : 2;
	for (size_t i = 0; i < nk; i++) {
		/* byte by byte: most keys differ in the first, and the
		 * terminator ends a shorter one (k may hold any byte, NUL too) */
		const char *w = keys[i];
		size_t j = 0;
		while (j < n && w[j] && w[j] == k[j])
			j++;
		if (j == n && !w[n])
			return 1;
	}
	return 0;
}

/* A time member's value: an RFC 3339 string (zap's ISO 8601 "+0800" too, as
 * the extended set allows), or an epoch number told apart by magnitude. */
static int json_value_stamp(const tsn_parse_ctx *c, const char *v, size_t n, int is_string,
			    tsn_stamp *out)
{
	out->zoneless = 0;
	out->abbr = NULL;
	out->abbr_len = 0;
	if (is_string) {
		if (rfc3339_parse_exact(v, n, &out->t) > 0)
			return 1;
		return c->json_keys && iso8601_parse_exact(v, n, out) > 0;
	}
	return c->json_keys && epoch_parse(v, n, out) > 0;
}

/* A JSON object message: the first top-level member under one of the time
 * keys whose value reads as a time.  Stops quietly at malformed JSON (a
 * message cut by the runtime still yields a stamp that came before the
 * cut).  *whole is set when the object closed without such a member: its
 * string values are data, not log text, and are not searched further. */
static int find_json(const char *s, size_t n, const tsn_parse_ctx *c, tsn_stamp *out, int *whole)
{
	*whole = 0;
	size_t i = 1;
	char kb[64], vb[64];
	for (;;) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n || s[i] != '"')
			return 0;
		int kesc, vesc;
		size_t ke = json_string_end(s, n, i, &kesc);
		if (!ke)
			return 0;
		const char *key = s + i + 1;
		size_t klen = ke - i - 2;
		if (kesc) {
			int k = unescape_short(key, klen, kb, sizeof kb);
			key = kb;
			klen = k < 0 ? 0 : (size_t)k;
		}
		i = ke;
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n || s[i] != ':')
			return 0;
		i++;
		while (i < n && is_ws(s[i]))
			i++;
		if (i < n && key_matches(c, key, klen)) {
			size_t ve;
			const char *v;
			size_t vlen;
			int str = s[i] == '"';
			if (str) {
				ve = json_string_end(s, n, i, &vesc);
				if (!ve)
					return 0;
				v = s + i + 1;
				vlen = ve - i - 2;
				if (vesc) {
					int k = unescape_short(v, vlen, vb, sizeof vb);
					v = vb;
					vlen = k < 0 ? 0 : (size_t)k;
				}
			} else {
				ve = json_value_end(s, n, i);
				if (!ve)
					return 0;
				v = s + i;
				vlen = ve - i;
				str = 0;
				if (!is_digit(*v))
					vlen = 0; /* objects, arrays, literals, negatives */
			}
			if (vlen && json_value_stamp(c, v, vlen, str, out))
				return 1;
			i = ve;
		} else {
			i = json_value_end(s, n, i);
			if (!i)
				return 0;
		}
		while (i < n && is_ws(s[i]))
			i++;
		if (i < n && s[i] == '}')
			*whole = 1;
		if (i >= n || s[i] != ',')
			return 0;
		i++;
	}
}

/* logfmt / slog text / logrus: "time=" or "ts=" at the start of the message
 * or after white space, value bare (up to white space) or in double quotes:
 * RFC 3339, or (with the full catalogue) an epoch number. */
static int find_logfmt(const char *s, size_t n, const tsn_parse_ctx *c, tsn_stamp *out)
{
	const char *p = s, *end = s + n;
	while ((p = memchr(p, '=', (size_t)(end - p))) != NULL) {
		const char *eq = p++;
		size_t klen;
		if (eq - s >= 2 && eq[-2] == 't' && eq[-1] == 's')
			klen = 2;
		else if (eq - s >= 4 && memcmp(eq - 4, "time", 4) == 0)
			klen = 4;
		else
			continue;
		const char *key = eq - klen;
		if (key != s && !is_ws(key[-1]))
			continue;
		const char *v = p, *ve;
		if (v < end && *v == '"') {
			v++;
			ve = memchr(v, '"', (size_t)(end - v));
			if (!ve)
				continue;
		} else {
			ve = v;
			while (ve < end && !is_ws(*ve))
				ve++;
		}
		out->zoneless = 0;
		out->abbr = NULL;
		out->abbr_len = 0;
		if (rfc3339_parse_exact(v, (size_t)(ve - v), &out->t) > 0)
			return 1;
		if (c->json_keys && ve > v && is_digit(*v) && epoch_parse(v, (size_t)(ve - v), out) > 0)
			return 1;
	}
	return 0;
}

/* ---- locators for the registry (stamp.h) -------------------------------- */

int json_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		tsn_stamp *out)
{
	(void)self;
	size_t i = 0;
	int whole;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '{')
		return 0;
	if (find_json(s + i, n - i, c, out, &whole))
		return 1;
	return whole ? -1 : 0;
}

int rfc3339_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		   tsn_stamp *out)
{
	(void)self;
	(void)c;
	if (n < 20 || !is_digit(s[0]) || s[4] != '-')
		return 0;
	int k = rfc3339_parse(s, n, &out->t);
	if (k <= 0 || ((size_t)k != n && !is_ws(s[k])))
		return 0;
	out->zoneless = 0;
	out->abbr = NULL;
	out->abbr_len = 0;
	return 1;
}

int golog_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		 tsn_stamp *out)
{
	(void)self;
	(void)c;
	if (n < 19 || !is_digit(s[0]) || s[4] != '/')
		return 0;
	int k = golog_parse(s, n, 0, &out->t);
	if (k <= 0 || ((size_t)k != n && !is_ws(s[k])))
		return 0;
	out->zoneless = 1;
	out->abbr = NULL;
	out->abbr_len = 0;
	return 1;
}

int logfmt_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		  tsn_stamp *out)
{
	(void)self;
	return find_logfmt(s, n, c, out);
}

/* The first four families with RFC 3339 values only and "time"/"ts" keys,
 * zone-less stamps at a fixed offset: the core's finder, kept for its tests. */
enum tsn_format tsn_find(const char *s, size_t n, const tsn_find_opts *o, tsn_time *out)
{
	tsn_parse_ctx c = {0};
	tsn_stamp st;
	int k = json_locate(NULL, s, n, &c, &st);
	if (k < 0)
		return TSN_FMT_NONE;
	if (k > 0) {
		*out = st.t;
		return TSN_FMT_JSON;
	}
	if (rfc3339_locate(NULL, s, n, &c, &st)) {
		*out = st.t;
		return TSN_FMT_RFC3339;
	}
	if (golog_locate(NULL, s, n, &c, &st)) {
		*out = st.t;
		out->sec -= o->tz_offset;
		return TSN_FMT_GOLOG;
	}
	if (find_logfmt(s, n, &c, &st)) {
		*out = st.t;
		return TSN_FMT_LOGFMT;
	}
	return TSN_FMT_NONE;
}
