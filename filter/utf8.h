/* utf8.h — the one UTF-8 validity rule every part of tsnorm applies
 * (RFC 3629, as Go's utf8.DecodeRune and jansson apply it): no overlong
 * forms, no surrogates, nothing above U+10FFFF, no truncated sequence. */
#ifndef TSNORM_UTF8_H
#define TSNORM_UTF8_H

#include <stddef.h>

/* Length (2..4) of the valid multi-byte sequence at s, or 0. */
static inline size_t utf8_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	if (c >= 0xc2 && c <= 0xdf)
		return avail >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (avail < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0; /* overlong, surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (avail < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0; /* overlong, beyond U+10FFFF */
		return 4;
	}
	return 0;
}

#endif
