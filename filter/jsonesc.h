/* jsonesc.h — writing raw bytes as the body of a JSON string exactly as
 * Docker's json-file driver does (moby daemon/logger/jsonfilelog/jsonlog/
 * jsonlogbytes.go, ffjsonWriteJSONBytesAsString).  No allocation. */
#ifndef TSNORM_JSONESC_H
#define TSNORM_JSONESC_H

#include <stddef.h>

/* Most bytes one input byte can become (a control character, '<', '>',
 * '&' or an invalid byte is six: \u00XX or \ufffd). */
#define JSON_ESCAPE_MAX 6

/* Bytes out must hold for an input of n bytes (n <= SIZE_MAX / 6). */
static inline size_t json_escape_bound(size_t n)
{
	return n * JSON_ESCAPE_MAX;
}

/* Writes the escaped body of s (no surrounding quotes) into out, which must
 * hold json_escape_bound(n) bytes, and returns its length.  Bytes of out
 * past the returned length may be overwritten.  Docker's rules, byte for
 * byte:
 *   '"' and '\\'                 ->  \" and \\
 *   '\n', '\r'                   ->  \n, \r
 *   every other byte < 0x20      ->  \u00xx, lower-case hex (so TAB is \u0009)
 *   '<' '>' '&'                  ->  \u003c \u003e \u0026
 *   U+2028, U+2029               ->  \u2028, \u2029
 *   a byte that does not start a valid UTF-8 sequence (Go's
 *   utf8.DecodeRune gives RuneError width 1)  ->  \ufffd, one per byte
 *   everything else (0x20..0x7e but the above, 0x7f, valid UTF-8 including
 *   U+FFFD itself) is copied.
 * If invalid is not NULL, *invalid is set to the number of bytes replaced
 * by \ufffd. */
size_t json_escape(const char *s, size_t n, char *out, size_t *invalid);

#endif
