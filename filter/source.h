/* source.h — "give me more bytes" over a plain descriptor or a gzip stream
 * (detected by its magic bytes, multi-member, damage reported with the
 * compressed byte offset).  Knows nothing about lines. */
#ifndef TSNORM_SOURCE_H
#define TSNORM_SOURCE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <zlib.h>

typedef struct tsn_source {
	const char *name;      /* for messages: the path, or "(stdin)" */
	int fd;
	int own_fd;
	int is_reg;            /* a regular file: reads never block */
	int detected;          /* the first bytes were looked at */
	int gz;                /* the input starts with gzip's magic */
	int eof;               /* the descriptor is exhausted */
	int done;              /* no more bytes will come (end or damage) */
	int member_open;       /* inside a gzip member */
	z_stream z;
	int z_ready;
	unsigned char *in;     /* raw bytes read from fd */
	size_t in_cap, in_len, in_pos;
	uint64_t raw_off;      /* raw bytes consumed before in[0] */
	uint64_t members;
	char err[256];         /* the damage, when read returns -1 */
	void (*idle)(void *);  /* called before a read that would block */
	void *idle_ctx;
} tsn_source;

/* Set (to the signal's number) by the SIGTERM/SIGINT/SIGHUP handler: reads
 * end as at the end of the input, and the pipeline stops at a line boundary. */
extern volatile sig_atomic_t tsn_stop;

/* path NULL or "-" means standard input.  Returns 0, or -1 with errno set. */
int source_open(tsn_source *s, const char *path, size_t bufsize);
/* Up to cap bytes of content into buf.  Returns the count, 0 at the clean
 * end, or -1 when the input is damaged or unreadable (s->err says how and
 * where; every byte before the damage has been returned). */
ssize_t source_read(tsn_source *s, char *buf, size_t cap);
void source_close(tsn_source *s);

#endif
