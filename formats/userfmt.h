/* userfmt.h — user-defined timestamp formats (--formats-file): loading JSON
 * definitions with jansson, compiling their PCRE2 regexes and layouts once,
 * and the locator that runs them on a message. */
#ifndef TSNORM_USERFMT_H
#define TSNORM_USERFMT_H

/* A definitions file holds one object or an array of objects:
 *   {"name": "spring", "regex": "^(?<ts>\\d{4}-\\d\\d-\\d\\d \\S+)\\s+[A-Z]+ ",
 *    "layout": "2006-01-02 15:04:05.000", "example": "2024-05-30 ... INFO ..."}
 * name: 1..64 of [A-Za-z0-9._-], unique within the set; regex: PCRE2 with a
 * group named ts (several alternatives may share the name with (?J): the first
 * that took part is used); layout: strptime-style if it contains '%', else a
 * Go reference layout (layout.h has the tokens); example (optional): a message
 * the definition must recognise, checked at load.  Other keys are errors.
 *
 * Regexes are compiled without UTF (PCRE2_NEVER_UTF, so "(*UTF)" is refused):
 * every byte is one character, so messages with invalid UTF-8 match like any
 * other bytes and never raise an error; "[^ ]" matches any byte but a space,
 * "." any but a newline;
 * a multi-byte character in the pattern matches its bytes in sequence, but a
 * quantifier or class over a non-ASCII character applies to single bytes.
 * Each regex is JIT-compiled where PCRE2 has JIT (the interpreter otherwise)
 * and matched with a match limit, a depth limit (interpreter only: JIT
 * ignores it), a heap limit and a bounded JIT stack; a match that hits any of
 * them (PCRE2_ERROR_MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, JIT_STACKLIMIT) gives
 * the line no user-format stamp and counts in userfmt_limit_hits.
 *
 * The locator runs the regex once from the start of the message (first match
 * only), then the layout on the whole ts group.  Per line nothing is
 * allocated: match data is created per format at load, the match context
 * and JIT stack per set; the interpreter's backtracking frames live in the
 * match data, allocated by a warm-up match at load and grown only by a line
 * that backtracks deeper than any before (JIT needs none).  A set is not
 * thread-safe (the match data is per format): one thread at a time. */

#include <stddef.h>
#include <stdint.h>

#include "stamp.h"

#define USERFMT_MATCH_LIMIT 1000000u   /* pcre2_set_match_limit (PCRE2's own: 10 000 000) */
#define USERFMT_DEPTH_LIMIT 100000u    /* pcre2_set_depth_limit, interpreter only */
#define USERFMT_HEAP_LIMIT_KIB 65536u  /* pcre2_set_heap_limit: 64 MiB, interpreter only */
#define USERFMT_JIT_STACK_MAX (4u << 20) /* 4 MiB JIT stack: > 64 000 nested backtracks */
#define USERFMT_NAME_MAX 64

typedef struct tsn_userfmts tsn_userfmts;

/* An empty set; NULL if out of memory. */
tsn_userfmts *userfmt_new(void);
/* Frees the set and every format in it; the defs it handed out die with it. */
void userfmt_free(tsn_userfmts *set);

/* Loads a definitions file into the set: 0, or -1 with a message in err such
 * as 'FILE: entry 2 ("pg"): regex: missing closing parenthesis at offset 7'
 * (entries count from 1; JSON errors give jansson's line:column).  All or
 * nothing: on error the set is as it was. */
int userfmt_load_file(const char *path, tsn_userfmts *set, char *err, size_t errlen);
/* The same from a NUL-terminated JSON text; origin names it in messages. */
int userfmt_load_string(const char *json, const char *origin, tsn_userfmts *set, char *err,
			size_t errlen);

/* Formats in load order, and their registry entries: name and example from
 * the file, locate runs the regex and the layout, data is the compiled
 * format.  The pointers stay valid until userfmt_free. */
size_t userfmt_count(const tsn_userfmts *set);
const tsn_format_def *userfmt_def(const tsn_userfmts *set, size_t i);
/* The def with this name, or NULL. */
const tsn_format_def *userfmt_find(const tsn_userfmts *set, const char *name);
/* 1 if format i's regex runs JIT-compiled, 0 if interpreted. */
int userfmt_uses_jit(const tsn_userfmts *set, size_t i);

/* Lines whose regex match was cut off by a limit, over all formats of the set
 * (and for format i). */
uint64_t userfmt_limit_hits(const tsn_userfmts *set);
uint64_t userfmt_limit_hits_at(const tsn_userfmts *set, size_t i);

/* Tuning, mostly for tests: the match and depth limits (0 keeps the current
 * value), applied to every later match; and whether formats loaded from now
 * on are JIT-compiled (default 1). */
void userfmt_set_limits(tsn_userfmts *set, uint32_t match_limit, uint32_t depth_limit);
void userfmt_set_jit(tsn_userfmts *set, int enable);

#endif
