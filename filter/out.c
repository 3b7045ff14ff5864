/* out.c — buffered writes to the output descriptor. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "out.h"

int out_init(tsn_out *o, int fd, size_t cap)
{
	o->fd = fd;
	o->len = 0;
	o->cap = cap;
	o->closed = 0;
	o->err = 0;
	o->buf = malloc(cap);
	return o->buf ? 0 : -1;
}

void out_free(tsn_out *o)
{
	free(o->buf);
	o->buf = NULL;
}

static int write_all(tsn_out *o, const char *p, size_t n)
{
	while (n && !out_failed(o)) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				o->closed = 1;
			else
				o->err = errno;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return out_failed(o) ? -1 : 0;
}

int out_flush(tsn_out *o)
{
	if (o->fd < 0)
		return o->err ? -1 : 0;
	int r = 0;
	if (o->len)
		r = write_all(o, o->buf, o->len);
	o->len = 0;
	return r || out_failed(o) ? -1 : 0;
}

/* A staging buffer (no descriptor) grows to the largest record instead;
 * records are bounded by --max-line, so this is rare and bounded too. */
static void grow(tsn_out *o, const void *p, size_t n)
{
	size_t cap = o->cap;
	while (cap - o->len < n)
		cap *= 2;
	char *b = realloc(o->buf, cap);
	if (!b) {
		o->err = ENOMEM;
		return;
	}
	o->buf = b;
	o->cap = cap;
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void out_put_slow(tsn_out *o, const void *p, size_t n)
{
	if (o->fd < 0) {
		grow(o, p, n);
		return;
	}
	if (out_flush(o))
		return;
	if (n >= o->cap / 2) {
		write_all(o, p, n);
		return;
	}
	memcpy(o->buf, p, n);
	o->len = n;
}
