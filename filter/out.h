/* out.h — the output side: one large buffer, written with few syscalls,
 * flushed when full, when the input goes idle, and at the end.  A closed
 * pipe (EPIPE) is a quiet end; any other write error is remembered. */
#ifndef TSNORM_OUT_H
#define TSNORM_OUT_H

#include <stddef.h>
#include <string.h>

typedef struct tsn_out {
	int fd;
	char *buf;
	size_t len, cap;
	int closed;          /* the reader went away (EPIPE): stop quietly */
	int err;             /* errno of the first other write failure, or 0 */
} tsn_out;

/* fd < 0: a staging buffer that is never written and grows as needed. */
int out_init(tsn_out *o, int fd, size_t cap);
void out_free(tsn_out *o);
/* Writes everything buffered; returns 0, or -1 once the output failed. */
int out_flush(tsn_out *o);
/* Slow path of out_put: flush, then copy or write through. */
void out_put_slow(tsn_out *o, const void *p, size_t n);

static inline void out_put(tsn_out *o, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (o->cap - o->len >= n) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
	} else {
		out_put_slow(o, p, n);
	}
}

static inline int out_failed(const tsn_out *o)
{
	return o->closed || o->err;
}

#endif
