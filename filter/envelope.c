/* envelope.c — Docker json-file lines: the zero-copy canonical scanner, the
 * jansson reader for every other JSON object, and JSON string decoding.
 * The scanner validates strings exactly as strictly as jansson (escapes,
 * control characters, UTF-8 per RFC 3629, paired surrogates, \u0000 allowed
 * as with JSON_ALLOW_NUL) so the two paths accept the same lines. */
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <stdatomic.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#endif
#endif

#include "utf8.h"
#include "envelope.h"
#include "formats.h"

#define BAD ((size_t)-1)

/* byte classes inside a JSON string: 0 plain ASCII, 1 quote or backslash,
 * 2 control character (invalid), 3 start of a multi-byte UTF-8 sequence */
static const unsigned char str_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

static inline int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static inline long hex4(const char *s)
{
	int a = hexval((unsigned char)s[0]), b = hexval((unsigned char)s[1]);
	int c = hexval((unsigned char)s[2]), d = hexval((unsigned char)s[3]);
	if ((a | b | c | d) < 0)
		return -1;
	return (a << 12) | (b << 8) | (c << 4) | d;
}

/* The characters a backslash may stand before other than 'u' (two-byte
 * escapes). */
static const unsigned char esc_short[256] = {
	['"'] = 1, ['\\'] = 1, ['/'] = 1, ['b'] = 1, ['f'] = 1, ['n'] = 1, ['r'] = 1, ['t'] = 1,
};

/* The length of the valid escape at s[i] (a backslash): 2, 6, or 12 for a
 * surrogate pair; 0 when it is not one jansson accepts. */
static inline size_t esc_len(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (i + 1 >= n)
		return 0;
	if (esc_short[u[i + 1]])
		return 2;
	if (u[i + 1] != 'u' || i + 6 > n)
		return 0;
	long v = hex4(s + i + 2);
	if (v < 0 || (v >= 0xdc00 && v <= 0xdfff))
		return 0;
	if (v >= 0xd800 && v <= 0xdbff) {
		if (i + 12 > n || s[i + 6] != '\\' || s[i + 7] != 'u')
			return 0;
		long lo = hex4(s + i + 8);
		if (lo < 0xdc00 || lo > 0xdfff)
			return 0;
		return 12;
	}
	return 6;
}

/* One byte that stopped the fast loop, at s[i] (a quote, backslash, control
 * character or byte >= 0x80).  Returns the offset after it and what it
 * starts, or BAD; *end is set when it is the closing quote. */
static size_t str_special(const char *s, size_t n, size_t i, size_t *esc, int *end)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char cls = str_class[u[i]];
	if (cls == 0)
		return i + 1;
	if (u[i] == '"') {
		*end = 1;
		return i;
	}
	if (cls == 2)
		return BAD;
	if (cls == 3) {
		size_t k = utf8_len(u + i, n - i);
		return k ? i + k : BAD;
	}
	/* backslash */
	if (*esc == BAD)
		*esc = i;
	size_t k = esc_len(s, n, i);
	return k ? i + k : BAD;
}

/* s[i] is just past an opening quote.  Returns the offset of the closing
 * quote, or BAD.  *esc gets the offset of the first backslash (or BAD). */
static size_t str_scan(const char *s, size_t n, size_t i, size_t *esc)
{
	*esc = BAD;
	int end = 0;
#if defined(__SSE2__) && !defined(TSN_ENVELOPE_NO_SIMD)
	const unsigned char *u = (const unsigned char *)s;
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	while (i + 16 <= n) {
		/* 16 bytes at a time: a quote, a backslash, or a byte that is
		 * (as a signed char) below 0x20 -- a control character or any
		 * byte >= 0x80 -- is special.  The common two-byte escapes are
		 * taken inside the block (clearing the bit of the character they
		 * escape); anything else goes to str_special. */
		__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
		__m128i hit = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
			_mm_cmplt_epi8(v, space));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);
		size_t next = i + 16;
		while (m) {
			unsigned k = (unsigned)__builtin_ctz(m);
			size_t at = i + k;
			unsigned char c = u[at];
			if (c == '"')
				return at;
			if (c == '\\' && at + 1 < n && esc_short[u[at + 1]]) {
				if (*esc == BAD)
					*esc = at;
				if (k == 15) {
					next = at + 2; /* the escaped byte is the next block's first */
					break;
				}
				m &= ~(3u << k);
				continue;
			}
			next = str_special(s, n, at, esc, &end);
			if (next == BAD || end)
				return next;
			break;
		}
		i = next;
	}
#endif
	while (i < n) {
		i = str_special(s, n, i, esc, &end);
		if (i == BAD || end)
			return i;
	}
	return BAD;
}

/* What each two-byte escape stands for (0: not one), looked up without a
 * branch. */
static const char short_escape[256] = {
	['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
	['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

/* One escape at s[*i] (a backslash; the string was validated) decoded into
 * out[*o]; both offsets advanced. */
static inline void unescape_one(const char *s, size_t *i, char *out, size_t *o)
{
	unsigned char c = (unsigned char)s[*i + 1];
	if (c != 'u') {
		out[(*o)++] = short_escape[c];
		*i += 2;
		return;
	}
	unsigned long v = (unsigned long)hex4(s + *i + 2);
	*i += 6;
	if (v >= 0xd800 && v <= 0xdbff) {
		unsigned long lo = (unsigned long)hex4(s + *i + 2);
		v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
		*i += 6;
	}
	char *d = out + *o;
	if (v < 0x80) {
		d[0] = (char)v;
		*o += 1;
	} else if (v < 0x800) {
		d[0] = (char)(0xc0 | (v >> 6));
		d[1] = (char)(0x80 | (v & 0x3f));
		*o += 2;
	} else if (v < 0x10000) {
		d[0] = (char)(0xe0 | (v >> 12));
		d[1] = (char)(0x80 | ((v >> 6) & 0x3f));
		d[2] = (char)(0x80 | (v & 0x3f));
		*o += 3;
	} else {
		d[0] = (char)(0xf0 | (v >> 18));
		d[1] = (char)(0x80 | ((v >> 12) & 0x3f));
		d[2] = (char)(0x80 | ((v >> 6) & 0x3f));
		d[3] = (char)(0x80 | (v & 0x3f));
		*o += 4;
	}
}

/* Copies n <= 16 bytes with at most two moves each, none outside
 * [d, d + n). */
static inline void copy_short(char *d, const char *s, size_t n)
{
	if (n >= 8) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
	} else if (n) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

size_t json_unescape(const char *s, size_t n, char *out)
{
	size_t o = 0, i = 0;
#if defined(__SSE2__) && !defined(TSN_ENVELOPE_NO_SIMD)
	/* 16 bytes at a time, stored before they are looked at: the store
	 * stays inside out's n bytes since o <= i and i + 16 <= n */
	const __m128i bslash = _mm_set1_epi8('\\');
	while (i + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		_mm_storeu_si128((__m128i *)(out + o), v);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash));
		if (!m) {
			i += 16;
			o += 16;
			continue;
		}
		unsigned k = (unsigned)__builtin_ctz(m);
		i += k;
		o += k;
		unescape_one(s, &i, out, &o);
	}
	/* the last partial block: its backslashes from the line's last 16
	 * bytes (loaded again, those before i dropped), the plain runs
	 * between them copied in at most two moves each */
	if (i < n && n >= 16) {
		size_t base = n - 16;
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + base)), bslash));
		for (;;) {
			m &= ~0u << (i - base); /* i - base <= 16 */
			size_t stop = m ? base + (size_t)__builtin_ctz(m) : n;
			copy_short(out + o, s + i, stop - i);
			o += stop - i;
			i = stop;
			if (i >= n)
				return o;
			unescape_one(s, &i, out, &o);
			if (i >= n)
				return o;
		}
	}
#endif
	while (i < n) {
		if (s[i] != '\\')
			out[o++] = s[i++];
		else
			unescape_one(s, &i, out, &o);
	}
	return o;
}

/* One special byte at s[*pi] that is not a quote -- a backslash (bs), or
 * a control character or a byte >= 0x80 -- decoded into out at *po, both
 * advanced; *first is set at the first backslash.  Returns 0, or -1 where
 * the string is invalid. */
static inline int take_special(const char *s, size_t n, char *out, size_t *pi, size_t *po,
			       size_t *first, int bs)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *pi, o = *po;
	if (bs) {
		if (*first == BAD)
			*first = i;
		/* (a backslash may be the input's last byte: the escaped
		 * byte is checked) */
		char r = i + 1 < n ? short_escape[u[i + 1]] : 0;
		if (r) {
			out[o] = r;
			*pi = i + 2;
			*po = o + 1;
			return 0;
		}
		if (!esc_len(s, n, i))
			return -1;
		unescape_one(s, pi, out, po);
		return 0;
	}
	if (u[i] < 0x80)
		return -1; /* a control character */
	size_t l = utf8_len(u + i, n - i);
	if (!l)
		return -1;
	for (size_t c = 0; c < l; c++)
		out[o + c] = s[i + c];
	*pi = i + l;
	*po = o + l;
	return 0;
}

#if defined(__SSE2__) && !defined(TSN_ENVELOPE_NO_SIMD)
/* The string's W-byte chunks (64, then 16 for what is left), while the
 * input has them: one decision per chunk whether anything in it is special, then its special bytes in
 * turn from the chunk's masks (mq quotes, mb backslashes, mx control and
 * non-ASCII bytes), so most branches fall per chunk, not per escape.  The
 * chunk is stored before it is looked at; after each special byte the
 * input from i is stored again at out + o, its place now that an escape
 * shrank it, and the mask bits before i are dropped.  Stores stay inside
 * out: o <= i - start and i + 64 <= n.  Returns 1 at the closing quote
 * (*pi at it), -1 when the string is invalid, 0 when fewer than 64 bytes
 * are left; *pi, *po, *pfirst carry the position across calls. */
#define CHUNK_WALK(W, MASKS, FAST, RESTORE)                                               \
	while (i + (W) <= n) {                                                             \
		uint64_t mq = 0, mb = 0, mx = 0;                                          \
		MASKS; /* NOLINT(bugprone-macro-parentheses): a statement */              \
		uint64_t m = mq | mb | mx;                                                \
		if (!m) {                                                                 \
			i += (W);                                                         \
			o += (W);                                                         \
			continue;                                                         \
		}                                                                         \
		FAST; /* NOLINT(bugprone-macro-parentheses): a statement */               \
		size_t bi = i;                                                            \
		for (;;) {                                                                \
			unsigned k = (unsigned)__builtin_ctzll(m);                        \
			o += bi + k - i;                                                  \
			i = bi + k;                                                       \
			uint64_t bit = (uint64_t)1 << k;                                  \
			if (mq & bit) {                                                   \
				*pi = i;                                                  \
				*po = o;                                                  \
				*pfirst = first;                                          \
				return 1;                                                 \
			}                                                                 \
			if (take_special(s, n, out, &i, &o, &first, (mb & bit) != 0))     \
				return -1;                                                \
			size_t used = i - bi;                                             \
			if (used >= (W) || i + (W) > n)                                   \
				break;                                                    \
			RESTORE; /* NOLINT(bugprone-macro-parentheses): a statement */    \
			m &= ~(uint64_t)0 << used;                                        \
			if (!m) { /* the rest of the chunk is plain and in place */     \
				o += bi + (W) - i;                                        \
				i = bi + (W);                                             \
				break;                                                    \
			}                                                                 \
		}                                                                         \
	}                                                                                 \
	*pi = i;                                                                          \
	*po = o;                                                                          \
	*pfirst = first;                                                                  \
	return 0

typedef int (*chunk_fn)(const char *s, size_t n, char *out, size_t *pi, size_t *po,
			size_t *pfirst);

static int chunks_sse2(const char *s, size_t n, char *out, size_t *pi, size_t *po, size_t *pfirst)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *pi, o = *po, first = *pfirst;
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	CHUNK_WALK(
		64,
		for (int q = 0; q < 4; q++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(u + i + 16 * q));
			_mm_storeu_si128((__m128i *)(out + o + 16 * q), v);
			mq |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << (16 * q);
			mb |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash)) << (16 * q);
			mx |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, space)) << (16 * q);
		},
		(void)0,
		for (int q = 0; q < 4; q++)
			_mm_storeu_si128((__m128i *)(out + o + 16 * q),
					 _mm_loadu_si128((const __m128i *)(u + i + 16 * q))));
}

/* What is left after the 64-byte chunks: 16-byte blocks, the same walk. */
static int blocks_sse2(const char *s, size_t n, char *out, size_t *pi, size_t *po, size_t *pfirst)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *pi, o = *po, first = *pfirst;
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	CHUNK_WALK(
		16,
		{
			__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
			_mm_storeu_si128((__m128i *)(out + o), v);
			mq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
			mb = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash));
			mx = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, space));
		},
		(void)0,
		_mm_storeu_si128((__m128i *)(out + o), _mm_loadu_si128((const __m128i *)(u + i))));
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define HAVE_AVX2_CHUNKS 1
#define AVX2_TARGET __attribute__((target("avx2,popcnt")))

/* For each 8-bit mask of bytes to drop from a group of eight, the shuffle
 * that packs the kept ones to the front, as eight byte indices in a word
 * (0x80: nothing).  Entry d, byte k: the k-th bit of d that is clear. */
static const uint64_t pack8[256] = {
	0x0706050403020100ULL, 0x8007060504030201ULL, 0x8007060504030200ULL,
	0x8080070605040302ULL, 0x8007060504030100ULL, 0x8080070605040301ULL,
	0x8080070605040300ULL, 0x8080800706050403ULL, 0x8007060504020100ULL,
	0x8080070605040201ULL, 0x8080070605040200ULL, 0x8080800706050402ULL,
	0x8080070605040100ULL, 0x8080800706050401ULL, 0x8080800706050400ULL,
	0x8080808007060504ULL, 0x8007060503020100ULL, 0x8080070605030201ULL,
	0x8080070605030200ULL, 0x8080800706050302ULL, 0x8080070605030100ULL,
	0x8080800706050301ULL, 0x8080800706050300ULL, 0x8080808007060503ULL,
	0x8080070605020100ULL, 0x8080800706050201ULL, 0x8080800706050200ULL,
	0x8080808007060502ULL, 0x8080800706050100ULL, 0x8080808007060501ULL,
	0x8080808007060500ULL, 0x8080808080070605ULL, 0x8007060403020100ULL,
	0x8080070604030201ULL, 0x8080070604030200ULL, 0x8080800706040302ULL,
	0x8080070604030100ULL, 0x8080800706040301ULL, 0x8080800706040300ULL,
	0x8080808007060403ULL, 0x8080070604020100ULL, 0x8080800706040201ULL,
	0x8080800706040200ULL, 0x8080808007060402ULL, 0x8080800706040100ULL,
	0x8080808007060401ULL, 0x8080808007060400ULL, 0x8080808080070604ULL,
	0x8080070603020100ULL, 0x8080800706030201ULL, 0x8080800706030200ULL,
	0x8080808007060302ULL, 0x8080800706030100ULL, 0x8080808007060301ULL,
	0x8080808007060300ULL, 0x8080808080070603ULL, 0x8080800706020100ULL,
	0x8080808007060201ULL, 0x8080808007060200ULL, 0x8080808080070602ULL,
	0x8080808007060100ULL, 0x8080808080070601ULL, 0x8080808080070600ULL,
	0x8080808080800706ULL, 0x8007050403020100ULL, 0x8080070504030201ULL,
	0x8080070504030200ULL, 0x8080800705040302ULL, 0x8080070504030100ULL,
	0x8080800705040301ULL, 0x8080800705040300ULL, 0x8080808007050403ULL,
	0x8080070504020100ULL, 0x8080800705040201ULL, 0x8080800705040200ULL,
	0x8080808007050402ULL, 0x8080800705040100ULL, 0x8080808007050401ULL,
	0x8080808007050400ULL, 0x8080808080070504ULL, 0x8080070503020100ULL,
	0x8080800705030201ULL, 0x8080800705030200ULL, 0x8080808007050302ULL,
	0x8080800705030100ULL, 0x8080808007050301ULL, 0x8080808007050300ULL,
	0x8080808080070503ULL, 0x8080800705020100ULL, 0x8080808007050201ULL,
	0x8080808007050200ULL, 0x8080808080070502ULL, 0x8080808007050100ULL,
	0x8080808080070501ULL, 0x8080808080070500ULL, 0x8080808080800705ULL,
	0x8080070403020100ULL, 0x8080800704030201ULL, 0x8080800704030200ULL,
	0x8080808007040302ULL, 0x8080800704030100ULL, 0x8080808007040301ULL,
	0x8080808007040300ULL, 0x8080808080070403ULL, 0x8080800704020100ULL,
	0x8080808007040201ULL, 0x8080808007040200ULL, 0x8080808080070402ULL,
	0x8080808007040100ULL, 0x8080808080070401ULL, 0x8080808080070400ULL,
	0x8080808080800704ULL, 0x8080800703020100ULL, 0x8080808007030201ULL,
	0x8080808007030200ULL, 0x8080808080070302ULL, 0x8080808007030100ULL,
	0x8080808080070301ULL, 0x8080808080070300ULL, 0x8080808080800703ULL,
	0x8080808007020100ULL, 0x8080808080070201ULL, 0x8080808080070200ULL,
	0x8080808080800702ULL, 0x8080808080070100ULL, 0x8080808080800701ULL,
	0x8080808080800700ULL, 0x8080808080808007ULL, 0x8006050403020100ULL,
	0x8080060504030201ULL, 0x8080060504030200ULL, 0x8080800605040302ULL,
	0x8080060504030100ULL, 0x8080800605040301ULL, 0x8080800605040300ULL,
	0x8080808006050403ULL, 0x8080060504020100ULL, 0x8080800605040201ULL,
	0x8080800605040200ULL, 0x8080808006050402ULL, 0x8080800605040100ULL,
	0x8080808006050401ULL, 0x8080808006050400ULL, 0x8080808080060504ULL,
	0x8080060503020100ULL, 0x8080800605030201ULL, 0x8080800605030200ULL,
	0x8080808006050302ULL, 0x8080800605030100ULL, 0x8080808006050301ULL,
	0x8080808006050300ULL, 0x8080808080060503ULL, 0x8080800605020100ULL,
	0x8080808006050201ULL, 0x8080808006050200ULL, 0x8080808080060502ULL,
	0x8080808006050100ULL, 0x8080808080060501ULL, 0x8080808080060500ULL,
	0x8080808080800605ULL, 0x8080060403020100ULL, 0x8080800604030201ULL,
	0x8080800604030200ULL, 0x8080808006040302ULL, 0x8080800604030100ULL,
	0x8080808006040301ULL, 0x8080808006040300ULL, 0x8080808080060403ULL,
	0x8080800604020100ULL, 0x8080808006040201ULL, 0x8080808006040200ULL,
	0x8080808080060402ULL, 0x8080808006040100ULL, 0x8080808080060401ULL,
	0x8080808080060400ULL, 0x8080808080800604ULL, 0x8080800603020100ULL,
	0x8080808006030201ULL, 0x8080808006030200ULL, 0x8080808080060302ULL,
	0x8080808006030100ULL, 0x8080808080060301ULL, 0x8080808080060300ULL,
	0x8080808080800603ULL, 0x8080808006020100ULL, 0x8080808080060201ULL,
	0x8080808080060200ULL, 0x8080808080800602ULL, 0x8080808080060100ULL,
	0x8080808080800601ULL, 0x8080808080800600ULL, 0x8080808080808006ULL,
	0x8080050403020100ULL, 0x8080800504030201ULL, 0x8080800504030200ULL,
	0x8080808005040302ULL, 0x8080800504030100ULL, 0x8080808005040301ULL,
	0x8080808005040300ULL, 0x8080808080050403ULL, 0x8080800504020100ULL,
	0x8080808005040201ULL, 0x8080808005040200ULL, 0x8080808080050402ULL,
	0x8080808005040100ULL, 0x8080808080050401ULL, 0x8080808080050400ULL,
	0x8080808080800504ULL, 0x8080800503020100ULL, 0x8080808005030201ULL,
	0x8080808005030200ULL, 0x8080808080050302ULL, 0x8080808005030100ULL,
	0x8080808080050301ULL, 0x8080808080050300ULL, 0x8080808080800503ULL,
	0x8080808005020100ULL, 0x8080808080050201ULL, 0x8080808080050200ULL,
	0x8080808080800502ULL, 0x8080808080050100ULL, 0x8080808080800501ULL,
	0x8080808080800500ULL, 0x8080808080808005ULL, 0x8080800403020100ULL,
	0x8080808004030201ULL, 0x8080808004030200ULL, 0x8080808080040302ULL,
	0x8080808004030100ULL, 0x8080808080040301ULL, 0x8080808080040300ULL,
	0x8080808080800403ULL, 0x8080808004020100ULL, 0x8080808080040201ULL,
	0x8080808080040200ULL, 0x8080808080800402ULL, 0x8080808080040100ULL,
	0x8080808080800401ULL, 0x8080808080800400ULL, 0x8080808080808004ULL,
	0x8080808003020100ULL, 0x8080808080030201ULL, 0x8080808080030200ULL,
	0x8080808080800302ULL, 0x8080808080030100ULL, 0x8080808080800301ULL,
	0x8080808080800300ULL, 0x8080808080808003ULL, 0x8080808080020100ULL,
	0x8080808080800201ULL, 0x8080808080800200ULL, 0x8080808080808002ULL,
	0x8080808080800100ULL, 0x8080808080808001ULL, 0x8080808080808000ULL,
	0x8080808080808080ULL,
};

/* The bytes a backslash escapes, given the chunk's backslashes: in a run
 * of backslashes every other one, counted from the run's start, escapes
 * the next byte (the way simdjson finds them: runs starting on odd bits
 * are told apart from those on even ones by one addition).  The chunk
 * starts at no escape; *carry is set when its last byte starts one. */
static inline uint64_t escaped_bytes(uint64_t bs, uint64_t *carry)
{
	const uint64_t even = 0x5555555555555555ULL;
	uint64_t follows = bs << 1;
	uint64_t odd_starts = bs & ~even & ~follows;
	uint64_t seq_even;
	*carry = __builtin_add_overflow(odd_starts, bs, &seq_even);
	return (even ^ (seq_even << 1)) & follows;
}

/* 32 mask bits as 32 bytes of 0xff or 0. */
AVX2_TARGET static inline __m256i bytes_of_bits(uint32_t bits)
{
	const __m256i which = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2,
					       2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
	const __m256i bit = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
	__m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32((int)bits), which);
	return _mm256_cmpeq_epi8(_mm256_and_si256(v, bit), bit);
}

/* The letters of the escapes that stand for a control character (b f n
 * r t), indexed by (byte >> 1) & 15, which tells them apart, and what
 * each stands for; other slots hold a byte that matches no letter. */
AVX2_TARGET static inline __m256i esc_letter(__m256i idx)
{
	const __m256i letters = _mm256_setr_epi8(
		0, 'b', 0, 'f', 0, 0, 0, 'n', 0, 'r', 't', 0, 0, 0, 0, 0,
		0, 'b', 0, 'f', 0, 0, 0, 'n', 0, 'r', 't', 0, 0, 0, 0, 0);
	return _mm256_shuffle_epi8(letters, idx);
}
AVX2_TARGET static inline __m256i esc_code(__m256i idx)
{
	const __m256i codes = _mm256_setr_epi8(
		0, '\b', 0, '\f', 0, 0, 0, '\n', 0, '\r', '\t', 0, 0, 0, 0, 0,
		0, '\b', 0, '\f', 0, 0, 0, '\n', 0, '\r', '\t', 0, 0, 0, 0, 0);
	return _mm256_shuffle_epi8(codes, idx);
}

/* A chunk whose special bytes before its closing quote (or its end) are
 * quotes and backslashes only, with no \u escape among them, decoded
 * without a branch per escape: the escaped letters b f n r t become their
 * control characters, the backslashes that start escapes are dropped by
 * packing each group of eight bytes with a shuffle.  v0, v1 hold the
 * chunk; the masks are the walker's.  Returns 1 (done: *pi, *po moved
 * past the part read; *end set when the closing quote was reached), 0
 * when the chunk needs the byte-by-byte walk (control or non-ASCII
 * bytes, a \u escape), -1 when an escape is invalid. */
AVX2_TARGET static inline int chunk_fast(char *out, size_t *pi, size_t *po, size_t *pfirst,
					 __m256i v0, __m256i v1, uint64_t mq, uint64_t mb,
					 uint64_t mx, int *end)
{
	uint64_t carry;
	uint64_t esc = escaped_bytes(mb, &carry);
	uint64_t q = mq & ~esc;
	unsigned len = q ? (unsigned)__builtin_ctzll(q) : carry ? 63 : 64;
	uint64_t region = len == 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1;
	if (mx & region)
		return 0;
	esc &= region;
	/* what each escaped byte is: a letter, or " \ / u, or invalid */
	const __m256i low4 = _mm256_set1_epi8(0x0f);
	__m256i i0 = _mm256_and_si256(_mm256_srli_epi16(v0, 1), low4);
	__m256i i1 = _mm256_and_si256(_mm256_srli_epi16(v1, 1), low4);
	__m256i l0 = _mm256_cmpeq_epi8(v0, esc_letter(i0));
	__m256i l1 = _mm256_cmpeq_epi8(v1, esc_letter(i1));
	const __m256i slash = _mm256_set1_epi8('/'), quote = _mm256_set1_epi8('"');
	const __m256i bslash = _mm256_set1_epi8('\\'), letter_u = _mm256_set1_epi8('u');
	uint64_t mu = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, letter_u)) |
		      (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v1, letter_u)) << 32;
	if (esc & mu)
		return 0; /* \u: the byte-by-byte walk decodes it */
	__m256i ok0 = _mm256_or_si256(_mm256_or_si256(l0, _mm256_cmpeq_epi8(v0, slash)),
				      _mm256_or_si256(_mm256_cmpeq_epi8(v0, quote),
						      _mm256_cmpeq_epi8(v0, bslash)));
	__m256i ok1 = _mm256_or_si256(_mm256_or_si256(l1, _mm256_cmpeq_epi8(v1, slash)),
				      _mm256_or_si256(_mm256_cmpeq_epi8(v1, quote),
						      _mm256_cmpeq_epi8(v1, bslash)));
	uint64_t ok = (uint64_t)(uint32_t)_mm256_movemask_epi8(ok0) |
		      (uint64_t)(uint32_t)_mm256_movemask_epi8(ok1) << 32;
	if (esc & ~ok)
		return -1;
	if (*pfirst == BAD && (mb & region))
		*pfirst = *pi + (size_t)__builtin_ctzll(mb & region);
	/* letters escaped become control characters */
	__m256i e0 = _mm256_and_si256(bytes_of_bits((uint32_t)esc), l0);
	__m256i e1 = _mm256_and_si256(bytes_of_bits((uint32_t)(esc >> 32)), l1);
	v0 = _mm256_blendv_epi8(v0, esc_code(i0), e0);
	v1 = _mm256_blendv_epi8(v1, esc_code(i1), e1);
	/* drop the escapes' backslashes and everything past the part read,
	 * packing eight bytes at a time */
	uint64_t drop = (esc >> 1) | ~region;
	char tmp[64];
	_mm256_storeu_si256((__m256i *)tmp, v0);
	_mm256_storeu_si256((__m256i *)(tmp + 32), v1);
	size_t o = *po;
	for (int g = 0; g < 8; g++) {
		unsigned d = (unsigned)(drop >> (8 * g)) & 0xff;
		__m128i b = _mm_loadl_epi64((const __m128i *)(tmp + 8 * g));
		__m128i sh = _mm_cvtsi64_si128((long long)pack8[d]);
		_mm_storel_epi64((__m128i *)(out + o), _mm_shuffle_epi8(b, sh));
		o += 8 - (size_t)__builtin_popcount(d);
	}
	*po = o;
	*pi += len;
	*end = q != 0;
	return 1;
}

/* The same walk with AVX2, chosen at run time where the processor has
 * it: half the loads, stores and compares per chunk, and chunk_fast for
 * the chunks it takes. */
AVX2_TARGET static int chunks_avx2(const char *s, size_t n, char *out, size_t *pi, size_t *po,
				   size_t *pfirst)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *pi, o = *po, first = *pfirst;
	const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\');
	const __m256i space = _mm256_set1_epi8(0x20);
	__m256i v[2];
	CHUNK_WALK(
		64,
		for (int q = 0; q < 2; q++) {
			v[q] = _mm256_loadu_si256((const __m256i *)(u + i + 32 * q));
			_mm256_storeu_si256((__m256i *)(out + o + 32 * q), v[q]);
			mq |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v[q], quote))
			      << (32 * q);
			mb |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v[q], bslash))
			      << (32 * q);
			/* signed: control characters and bytes >= 0x80 */
			mx |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(space, v[q]))
			      << (32 * q);
		},
		{
			int end = 0;
			int f = chunk_fast(out, &i, &o, &first, v[0], v[1], mq, mb, mx, &end);
			if (f < 0)
				return -1;
			if (f > 0) {
				if (end) {
					*pi = i;
					*po = o;
					*pfirst = first;
					return 1;
				}
				continue;
			}
		},
		for (int q = 0; q < 2; q++)
			_mm256_storeu_si256((__m256i *)(out + o + 32 * q),
					    _mm256_loadu_si256((const __m256i *)(u + i + 32 * q))));
}
#endif

/* Which chunk walker runs: picked on first use (AVX2 where the processor
 * has it), or set by envelope_use_avx2. */
static _Atomic(chunk_fn) chunk_impl;

void envelope_use_avx2(int allow)
{
	chunk_fn f = chunks_sse2;
#if defined(HAVE_AVX2_CHUNKS)
	if (allow && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
		f = chunks_avx2;
#else
	(void)allow;
#endif
	atomic_store_explicit(&chunk_impl, f, memory_order_relaxed);
}

static inline chunk_fn chunk_walker(void)
{
	chunk_fn f = atomic_load_explicit(&chunk_impl, memory_order_relaxed);
	if (!f) {
		envelope_use_avx2(1);
		f = atomic_load_explicit(&chunk_impl, memory_order_relaxed);
	}
	return f;
}
#else
void envelope_use_avx2(int allow)
{
	(void)allow;
}
#endif

/* str_scan and json_unescape in one pass: s[i] is just past an opening
 * quote; returns the offset of the closing quote (or BAD) and decodes the
 * body into out, which holds at least n - i bytes, setting *on to the
 * decoded length.  Each block is stored before it is looked at; the store
 * stays inside out since o <= i - start and the block is inside the
 * input.  *esc as for str_scan. */
static size_t str_scan_dec(const char *s, size_t n, size_t i, size_t *esc, char *out, size_t *on)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0, first = BAD; /* the first backslash, kept in a register */
#if defined(__SSE2__) && !defined(TSN_ENVELOPE_NO_SIMD)
	int c = chunk_walker()(s, n, out, &i, &o, &first);
	if (!c)
		c = blocks_sse2(s, n, out, &i, &o, &first);
	if (c) {
		if (c < 0)
			return BAD;
		*on = o;
		*esc = first;
		return i;
	}
#endif
	while (i < n) {
		unsigned char ch = u[i];
		if (str_class[ch] == 0) {
			out[o++] = (char)ch;
			i++;
		} else if (ch == '"') {
			*on = o;
			*esc = first;
			return i;
		} else if (take_special(s, n, out, &i, &o, &first, ch == '\\')) {
			return BAD;
		}
	}
	return BAD;
}

/* The first eight bytes of l as a word, in memory order. */
static inline uint64_t word8(const char *l)
{
	uint64_t w;
	memcpy(&w, l, 8);
	return w;
}

/* Docker's own stream member at s[i] (after the log string): ,"stream":
 * "stdout" or "stderr", plain bytes that need no scan.  Returns its length
 * (18) with d->stream set, or 0. */
static inline size_t std_stream(const char *s, size_t n, size_t i, docker_line *d)
{
	uint64_t w;
	if (n - i <= 18 || memcmp(s + i, ",\"stream\":", 10) != 0)
		return 0;
	memcpy(&w, s + i + 10, 8); /* the value with its quotes */
	if (w != word8("\"stdout\"") && w != word8("\"stderr\""))
		return 0;
	d->stream.p = s + i + 11;
	d->stream.n = 6;
	return 18;
}

/* Matches the literal lit at s[i]; returns the offset after it or BAD. */
static inline size_t lit(const char *s, size_t n, size_t i, const char *l, size_t ln)
{
	if (i == BAD || n - i < ln || memcmp(s + i, l, ln) != 0)
		return BAD;
	return i + ln;
}
#define LIT(s, n, i, l) lit(s, n, i, l, sizeof(l) - 1)

/* A string value at s[i] (its opening quote): fills *sl with its body and
 * returns the offset past the closing quote, or BAD. */
static inline size_t str_value(const char *s, size_t n, size_t i, tsn_slice *sl, size_t *esc)
{
	if (i == BAD || i >= n || s[i] != '"')
		return BAD;
	size_t e = str_scan(s, n, i + 1, esc);
	if (e == BAD)
		return BAD;
	sl->p = s + i + 1;
	sl->n = e - i - 1;
	return e + 1;
}

/* Does a validated string body hold a \u0000 escape? */
static int has_nul_escape(const char *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] == 'u' && i + 5 < n && memcmp(p + i + 2, "0000", 4) == 0)
			return 1;
		i++; /* the escaped character: "\\u0000" is a backslash, then text */
	}
	return 0;
}

int docker_scan_decode(const char *s, size_t n, docker_line *d, char *dec)
{
	size_t esc, i;
	tsn_slice tm, tmp;

	i = LIT(s, n, 0, "{\"log\":");
	if (dec) {
		size_t e = BAD, dn = 0;
		if (i != BAD && i < n && s[i] == '"')
			e = str_scan_dec(s, n, i + 1, &esc, dec, &dn);
		if (e == BAD)
			return 0;
		d->log.p = s + i + 1;
		d->log.n = e - i - 1;
		d->msg.p = esc == BAD ? d->log.p : dec;
		d->msg.n = esc == BAD ? d->log.n : dn;
		i = e + 1;
	} else {
		i = str_value(s, n, i, &d->log, &esc);
		if (i == BAD)
			return 0;
		d->msg.p = NULL;
		d->msg.n = 0;
	}
	d->log_esc = esc == BAD ? d->log.n : esc - (size_t)(d->log.p - s);

	d->stream.p = NULL;
	d->stream.n = 0;
	if (n - i > 10 && memcmp(s + i, ",\"stream\":", 10) == 0) {
		size_t k = std_stream(s, n, i, d);
		i = k ? i + k : str_value(s, n, i + 10, &d->stream, &esc);
	}

	if (i != BAD && n - i > 9 && memcmp(s + i, ",\"attrs\":", 9) == 0) {
		i = LIT(s, n, i + 9, "{");
		if (i != BAD && i < n && s[i] == '}') {
			i++;
		} else {
			for (;;) {
				i = str_value(s, n, i, &tmp, &esc);
				if (i != BAD && esc != BAD && has_nul_escape(tmp.p, tmp.n))
					return 0; /* jansson refuses NUL in an object key */
				i = LIT(s, n, i, ":");
				i = str_value(s, n, i, &tmp, &esc);
				if (i == BAD || i >= n)
					return 0;
				if (s[i] == '}') {
					i++;
					break;
				}
				if (s[i] != ',')
					return 0;
				i++;
			}
		}
	}

	/* The time: a string closed by the line's last two bytes ("}), whose
	 * body the RFC 3339 parser accepts.  That parser takes only digits and
	 * "-:.+TZ", so such a body has no quote, escape, control or non-ASCII
	 * byte: it is exactly the string a scan would find, and any other
	 * line (a quote earlier, an escape, more after the brace) is refused
	 * either way. */
	i = LIT(s, n, i, ",\"time\":");
	if (i == BAD || n - i < 3 || s[i] != '"' || s[n - 2] != '"' || s[n - 1] != '}')
		return 0;
	tm.p = s + i + 1;
	tm.n = n - 2 - (i + 1);
	if (rfc3339_parse_exact(tm.p, tm.n, &d->time) < 0)
		return 0;
	d->close = n - 1;
	return 1;
}

int docker_scan(const char *s, size_t n, docker_line *d)
{
	return docker_scan_decode(s, n, d, NULL);
}

size_t docker_scan_line(const char *s, size_t avail, docker_line *d, char *dec)
{
	size_t esc, dn, i;
	if (avail < 8 || word8(s) != word8("{\"log\":\""))
		return 0;
	/* the log string: the scan stops at a raw newline (a control
	 * character), so it never runs into the next line */
	size_t e = str_scan_dec(s, avail, 8, &esc, dec, &dn);
	if (e == BAD)
		return 0;
	d->log.p = s + 8;
	d->log.n = e - 8;
	d->msg.p = esc == BAD ? d->log.p : dec;
	d->msg.n = esc == BAD ? d->log.n : dn;
	d->log_esc = esc == BAD ? d->log.n : esc - 8;
	i = e + 1;
	d->stream.p = NULL;
	d->stream.n = 0;
	i += std_stream(s, avail, i, d);
	/* anything else (another stream, attrs) is for docker_scan_decode */
	if (avail - i < 9 || memcmp(s + i, ",\"time\":\"", 9) != 0)
		return 0;
	i += 9;
	/* the time string ends at its first quote, then "}" and the newline */
	size_t lim = avail - i < 64 ? avail - i : 64;
	const char *q = memchr(s + i, '"', lim);
	if (!q)
		return 0;
	size_t j = (size_t)(q - s);
	if (avail - j < 3 || s[j + 1] != '}' || s[j + 2] != '\n')
		return 0;
	if (rfc3339_parse_exact(s + i, j - i, &d->time) < 0)
		return 0;
	d->close = j + 1;
	return j + 2;
}

/* ---- the jansson path ------------------------------------------------- */

static int attrs_ok(json_t *a)
{
	const char *k;
	json_t *v;
	if (!json_is_object(a))
		return 0;
	json_object_foreach(a, k, v) {
		if (!json_is_string(v))
			return 0;
	}
	return 1;
}

enum docker_verdict docker_parse_slow(const char *line, size_t n, docker_slow *d)
{
	json_error_t err;
	d->root = NULL;
	json_t *root = json_loadb(line, n, JSON_ALLOW_NUL, &err);
	if (!root)
		return DOCKER_NOT_JSON;
	d->root = root;
	if (!json_is_object(root))
		return DOCKER_NOT_OBJECT;
	/* the closing brace: the last byte that is not JSON white space */
	size_t c = n;
	while (c > 0 && (line[c - 1] == ' ' || line[c - 1] == '\t' || line[c - 1] == '\n' ||
			 line[c - 1] == '\r'))
		c--;
	d->close = c - 1;

	json_t *log = json_object_get(root, "log");
	json_t *tm = json_object_get(root, "time");
	json_t *st = json_object_get(root, "stream");
	json_t *at = json_object_get(root, "attrs");
	if (json_object_get(root, "__time_ms"))
		return DOCKER_DONE;
	if (!json_is_string(log) || !json_is_string(tm) || (st && !json_is_string(st)) ||
	    (at && !attrs_ok(at)))
		return DOCKER_NOT_DOCKER;
	if (rfc3339_parse_exact(json_string_value(tm), json_string_length(tm), &d->time) < 0)
		return DOCKER_NOT_DOCKER;

	d->log.p = json_string_value(log);
	d->log.n = json_string_length(log);
	d->stream.p = st ? json_string_value(st) : NULL;
	d->stream.n = st ? json_string_length(st) : 0;
	return DOCKER_OK;
}

void json_object_fields(docker_slow *d, const char *const *msg_keys, size_t n_msg_keys)
{
	json_t *root = d->root;
	d->log.p = "";
	d->log.n = 0;
	d->stream.p = NULL;
	d->stream.n = 0;
	d->has_msg = 0;
	for (size_t i = 0; i < n_msg_keys; i++) {
		json_t *m = json_object_get(root, msg_keys[i]);
		if (json_is_string(m)) {
			d->log.p = json_string_value(m);
			d->log.n = json_string_length(m);
			d->has_msg = 1;
			break;
		}
	}
	json_t *st = json_object_get(root, "stream");
	if (json_is_string(st)) {
		d->stream.p = json_string_value(st);
		d->stream.n = json_string_length(st);
	}
}

void docker_slow_release(docker_slow *d)
{
	if (d->root)
		json_decref((json_t *)d->root);
	d->root = NULL;
}
