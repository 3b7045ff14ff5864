/* jsonesc.c — JSON string escaping byte for byte as Docker's json-file
 * driver writes it (ffjsonWriteJSONBytesAsString in moby's jsonlogbytes.go):
 * an SSE2 (or, portably, 8-byte word) run over plain ASCII, bytes apart. */
#include <stdint.h>
#include <string.h>

/* TSN_JSONESC_NO_SIMD builds the portable path even where SSE2 exists
 * (the tests compile this file a second time that way). */
#if defined(__SSE2__) && !defined(TSN_JSONESC_NO_SIMD)
#define JSONESC_SSE2 1
#include <emmintrin.h>
#endif

#include "utf8.h"
#include "jsonesc.h"

/* 0: ASCII copied as is; 1: ASCII Docker escapes (below 0x20, '"', '&',
 * '<', '>', '\\'); 2: byte >= 0x80, decoded as UTF-8.  DEL (0x7f) is copied:
 * Docker tests b < utf8.RuneSelf and 0x20 <= b only. */
static const unsigned char cls[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static const char hexdig[] = "0123456789abcdef";

#if !defined(JSONESC_SSE2)
/* Word-at-a-time tests, each exact as a yes/no for the whole word. */
#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t has_zero(uint64_t x)
{
	return (x - ONES) & ~x & HIGHS;
}
static inline uint64_t has_byte(uint64_t x, unsigned char c)
{
	return has_zero(x ^ (ONES * c));
}
/* 1 iff all eight bytes are class 0 */
static inline int word_plain(uint64_t x)
{
	uint64_t t = (x & HIGHS) | ((x - ONES * 0x20) & ~x & HIGHS) | has_byte(x, '"') |
		     has_byte(x, '\\') | has_byte(x, '<') | has_byte(x, '>') | has_byte(x, '&');
	return t == 0;
}
#endif

size_t json_escape(const char *s, size_t n, char *out, size_t *invalid)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, bad = 0;

	while (i < n) {
		size_t stop;
#if defined(JSONESC_SSE2)
		/* 16 bytes at a time, stored before they are judged: a byte
		 * that is (signed) below 0x20 -- a control character or any
		 * byte >= 0x80 -- or one of " \ < > & ends the run.  The store
		 * stays inside the bound: o <= 6i and i + 16 <= n. */
		const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
		const __m128i bslash = _mm_set1_epi8('\\'), lt = _mm_set1_epi8('<');
		const __m128i gt = _mm_set1_epi8('>'), amp = _mm_set1_epi8('&');
		while (n - i >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
			_mm_storeu_si128((__m128i *)(out + o), v);
			__m128i hit = _mm_or_si128(
				_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, quote)),
				_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bslash), _mm_cmpeq_epi8(v, lt)),
					     _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, amp))));
			unsigned m = (unsigned)_mm_movemask_epi8(hit);
			if (m) {
				size_t k = (size_t)__builtin_ctz(m);
				i += k;
				o += k;
				break;
			}
			i += 16;
			o += 16;
		}
		/* after a hit, at least the byte that stopped the run; in the
		 * tail, everything */
		stop = n - i >= 16 ? i + 1 : n;
#else
		while (n - i >= 8) {
			uint64_t x;
			memcpy(&x, u + i, 8);
			if (!word_plain(x))
				break;
			memcpy(out + o, &x, 8);
			i += 8;
			o += 8;
		}
		/* the word that stopped the run, or the tail */
		stop = n - i >= 8 ? i + 8 : n;
#endif
		/* byte by byte up to stop, and on while nothing plain comes */
		while (i < n && (i < stop || cls[u[i]] != 0)) {
			unsigned char c = u[i];
			switch (cls[c]) {
			case 0:
				out[o++] = (char)c;
				i++;
				continue;
			case 1:
				out[o] = '\\';
				switch (c) {
				case '"': case '\\':
					out[o + 1] = (char)c;
					o += 2;
					break;
				case '\n':
					out[o + 1] = 'n';
					o += 2;
					break;
				case '\r':
					out[o + 1] = 'r';
					o += 2;
					break;
				default: /* \t, \b, \f included: Docker has no other short forms */
					out[o + 1] = 'u';
					out[o + 2] = '0';
					out[o + 3] = '0';
					out[o + 4] = hexdig[c >> 4];
					out[o + 5] = hexdig[c & 0xf];
					o += 6;
				}
				i++;
				continue;
			}
			size_t k = utf8_len(u + i, n - i);
			if (!k) {
				memcpy(out + o, "\\ufffd", 6);
				o += 6;
				i++;
				bad++;
			} else if (c == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) {
				memcpy(out + o, "\\u202", 5);
				out[o + 5] = u[i + 2] == 0xa8 ? '8' : '9';
				o += 6;
				i += 3;
			} else {
				memcpy(out + o, u + i, k);
				o += k;
				i += k;
			}
		}
	}
	if (invalid)
		*invalid = bad;
	return o;
}
