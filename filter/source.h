/* source.h — "give me more bytes" over a plain descriptor or a gzip stream
 * (detected by its magic bytes, multi-member, damage reported with the
 * compressed byte offset).  Knows nothing about lines.
 *
 * gzip is inflated with ISA-L when the build has it (TSNORM_ISAL), else with
 * zlib; both give the same bytes and the same messages.  With two or more
 * CPUs a gzip input is inflated on a second thread into a small ring of
 * buffers, so that inflating and parsing overlap. */
#ifndef TSNORM_SOURCE_H
#define TSNORM_SOURCE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tsn_gzdec;  /* the inflater's state (zlib or ISA-L) */
struct tsn_ring;   /* the inflate thread and its buffers */

typedef struct tsn_source {
	const char *name;      /* for messages: the path, or "(stdin)" */
	int fd;
	int own_fd;
	int is_reg;            /* a regular file: reads never block */
	int is_pipe;
	int detected;          /* the first bytes were looked at */
	int gz;                /* the input starts with gzip's magic */
	int eof;               /* the descriptor is exhausted */
	int done;              /* no more bytes will come (end or damage) */
	int member_open;       /* inside a gzip member */
	int out_full;          /* the last inflate call filled its output */
	int no_thread;         /* set before the first read: inflate on this thread */
	int in_worker;         /* set on the inflate thread's own reads */
	struct tsn_gzdec *dec;
	struct tsn_ring *ring;
	unsigned char *in;     /* raw bytes read from fd */
	size_t in_cap, in_len, in_pos;
	uint64_t raw_off;      /* raw bytes consumed before in[0] */
	uint64_t members;
	const char *pend_why;  /* corrupt data found after some output: */
	uint64_t pend_off;     /* reported by the next read */
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
/* Stops and joins the inflate thread if one runs; frees everything. */
void source_close(tsn_source *s);

/* Which inflate this build uses: "ISA-L 2.30.0" or "zlib 1.2.13". */
const char *source_inflate_name(void);

#endif
