/* source.c — plain and gzip input behind one read call.  gzip is detected
 * by its magic bytes; concatenated members are read in turn; a truncated or
 * corrupt stream yields everything decoded before the damage, then an error
 * naming the compressed byte offset.  Before a read that would block (live
 * input on a pipe or terminal) the idle hook runs, so output is flushed.
 *
 * The inflater is ISA-L's (TSNORM_HAVE_ISAL) or zlib's, behind three calls
 * (dec_begin, dec_run, dec_free) that report the same outcomes with the same
 * messages.  With two CPUs, a gzip input is inflated on a second thread
 * (the "worker") into a ring of RING_SLOTS buffers; source_read on the main
 * thread hands them out.  The worker blocks every signal: SIGTERM and its
 * kin reach the main thread, which stops reading and joins the worker. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#ifdef TSNORM_HAVE_ISAL
#include <isa-l.h>
#endif

#include "source.h"

/* Raw bytes kept before in_pos when the input buffer is compacted: ISA-L's
 * bit buffer may hold up to 8 bytes the stream has already passed, and the
 * gzip trailer is read back from them. */
#define KEEP_BEHIND 8

#define RING_SLOTS 4
#define SLOT_CAP (1024u * 1024u)

/* ------------------------------------------------------------------ */
/* the inflaters                                                        */

enum { DEC_OK, DEC_END, DEC_ERR };

#ifdef TSNORM_HAVE_ISAL
struct tsn_gzdec {
	struct inflate_state st;
};

#define STR2(x) #x
#define STR(x) STR2(x)
const char *source_inflate_name(void)
{
	return "ISA-L " STR(ISAL_MAJOR_VERSION) "." STR(ISAL_MINOR_VERSION) "." STR(ISAL_PATCH_VERSION);
}

static int dec_begin(tsn_source *s)
{
	if (!s->dec) {
		s->dec = malloc(sizeof *s->dec);
		if (!s->dec)
			return -1;
		isal_inflate_init(&s->dec->st);
	} else {
		isal_inflate_reset(&s->dec->st);
	}
	/* ISA-L reads the gzip header and checks CRC-32 and ISIZE itself */
	s->dec->st.crc_flag = ISAL_GZIP;
	return 0;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Inflates in[in_pos..in_len) into out.  *got: the bytes written.  DEC_END
 * at the end of a member (in_pos then just past its trailer), DEC_ERR with
 * *why set to zlib's words for the same fault. */
static int dec_run(tsn_source *s, unsigned char *out, size_t cap, size_t *got, const char **why)
{
	struct inflate_state *st = &s->dec->st;
	st->next_in = s->in + s->in_pos;
	st->avail_in = (uint32_t)(s->in_len - s->in_pos);
	st->next_out = out;
	st->avail_out = (uint32_t)cap;
	int rc = isal_inflate(st);
	s->in_pos = s->in_len - st->avail_in;
	*got = cap - st->avail_out;
	switch (rc) {
	case ISAL_DECOMP_OK:
		return st->block_state == ISAL_BLOCK_FINISH ? DEC_END : DEC_OK;
	case ISAL_INCORRECT_CHECKSUM:
		if (st->block_state == ISAL_BLOCK_FINISH) {
			/* the trailer is the 8 bytes just read: CRC-32, then ISIZE,
			 * checked in that order, as zlib does */
			const unsigned char *t = s->in + s->in_pos - 8;
			if (le32(t) != st->crc) {
				*why = "incorrect data check";
				s->in_pos -= 4; /* zlib stops before ISIZE */
			} else {
				*why = "incorrect length check";
			}
		} else {
			*why = "header crc mismatch";
		}
		return DEC_ERR;
	case ISAL_UNSUPPORTED_METHOD:
		*why = "unknown compression method";
		return DEC_ERR;
	case ISAL_INVALID_WRAPPER:
		*why = "incorrect header check";
		return DEC_ERR;
	case ISAL_INVALID_LOOKBACK:
		*why = "invalid distance too far back";
		return DEC_ERR;
	case ISAL_INVALID_SYMBOL:
		*why = "invalid literal/length or distance code";
		return DEC_ERR;
	case ISAL_INVALID_BLOCK:
		*why = "invalid block";
		return DEC_ERR;
	default:
		*why = "invalid stream";
		return DEC_ERR;
	}
}

static void dec_free(tsn_source *s)
{
	free(s->dec);
	s->dec = NULL;
}
#else
struct tsn_gzdec {
	z_stream z;
};

const char *source_inflate_name(void)
{
	static char name[32];
	snprintf(name, sizeof name, "zlib %s", zlibVersion());
	return name;
}

static int dec_begin(tsn_source *s)
{
	if (!s->dec) {
		s->dec = calloc(1, sizeof *s->dec);
		if (!s->dec)
			return -1;
		if (inflateInit2(&s->dec->z, 16 + MAX_WBITS) != Z_OK) {
			free(s->dec);
			s->dec = NULL;
			return -1;
		}
	} else {
		inflateReset(&s->dec->z);
	}
	return 0;
}

static int dec_run(tsn_source *s, unsigned char *out, size_t cap, size_t *got, const char **why)
{
	z_stream *z = &s->dec->z;
	z->next_in = s->in + s->in_pos;
	z->avail_in = (uInt)(s->in_len - s->in_pos);
	z->next_out = out;
	z->avail_out = (uInt)cap;
	int rc = inflate(z, Z_NO_FLUSH);
	s->in_pos = s->in_len - z->avail_in;
	*got = cap - z->avail_out;
	if (rc == Z_STREAM_END)
		return DEC_END;
	if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
		*why = z->msg ? z->msg : "invalid stream";
		return DEC_ERR;
	}
	if (rc == Z_MEM_ERROR) {
		*why = "out of memory in zlib";
		return DEC_ERR;
	}
	return DEC_OK;
}

static void dec_free(tsn_source *s)
{
	if (s->dec)
		inflateEnd(&s->dec->z);
	free(s->dec);
	s->dec = NULL;
}
#endif

/* ------------------------------------------------------------------ */
/* open, close                                                          */

struct tsn_ring {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t space;     /* the main thread freed a slot, or quit */
	int ready_fd;             /* eventfd: a slot filled, the worker idles or ended */
	int quit_fd;              /* eventfd: the main thread wants the worker gone */
	char *buf[RING_SLOTS];
	size_t len[RING_SLOTS];
	unsigned head, tail, count; /* head: next slot for main; tail: for the worker */
	size_t pos;               /* main's read position in buf[head] */
	int quit;
	int finished;             /* the worker's last slot is in; status says how */
	int status;               /* 0: the clean end; -1: damage (s->err) */
	int idle;                 /* the worker waits for input */
	int ended;                /* main: the end or the damage was returned */
};

int source_open(tsn_source *s, const char *path, size_t bufsize)
{
	memset(s, 0, sizeof *s);
	if (!path || !strcmp(path, "-")) {
		s->name = "(stdin)";
		s->fd = 0;
	} else {
		s->name = path;
		s->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0)
			return -1;
		s->own_fd = 1;
	}
	struct stat st;
	if (fstat(s->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (s->own_fd)
				close(s->fd);
			errno = EISDIR;
			return -1;
		}
		s->is_reg = S_ISREG(st.st_mode);
		s->is_pipe = S_ISFIFO(st.st_mode);
	}
	/* a bigger pipe: fewer wake-ups of the writer and of us (best effort;
	 * the limit is /proc/sys/fs/pipe-max-size, 1 MiB by default) */
	if (s->is_pipe)
		fcntl(s->fd, F_SETPIPE_SZ, 1024 * 1024);
	if (bufsize < 4 * KEEP_BEHIND)
		bufsize = 4 * KEEP_BEHIND;
	s->in_cap = bufsize;
	s->in = malloc(bufsize);
	if (!s->in) {
		if (s->own_fd)
			close(s->fd);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static void ring_stop(tsn_source *s);

void source_close(tsn_source *s)
{
	if (s->ring)
		ring_stop(s);
	dec_free(s);
	if (s->own_fd)
		close(s->fd);
	free(s->in);
	s->in = NULL;
}

/* ------------------------------------------------------------------ */
/* waiting for input                                                    */

volatile sig_atomic_t tsn_stop;

/* Waits until fd is readable or a stop signal came: the stop signals are
 * blocked between the check of tsn_stop and ppoll, which unblocks them
 * atomically, so a signal cannot slip in between and leave us blocked.
 * 1: readable; 0: stop. */
static int wait_fd_or_stop(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	sigset_t stops, old;
	sigemptyset(&stops);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGHUP);
	sigprocmask(SIG_BLOCK, &stops, &old);
	int go = 1;
	for (;;) {
		if (tsn_stop) {
			go = 0;
			break;
		}
		int r = ppoll(&p, 1, NULL, &old);
		if (r > 0 || (r < 0 && errno != EINTR))
			break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return go;
}

static void ring_wake_main(struct tsn_ring *g)
{
	uint64_t one = 1;
	ssize_t w = write(g->ready_fd, &one, sizeof one);
	(void)w; /* an eventfd write fails only when the counter is full: it is awake */
}

/* On the worker: tell the main thread it waits (so it flushes the output
 * when it has nothing left), then wait for input or for quit.  1: readable;
 * 0: quit. */
static int worker_wait(tsn_source *s)
{
	struct tsn_ring *g = s->ring;
	pthread_mutex_lock(&g->mu);
	g->idle = 1;
	pthread_mutex_unlock(&g->mu);
	ring_wake_main(g);
	struct pollfd p[2] = {{.fd = s->fd, .events = POLLIN}, {.fd = g->quit_fd, .events = POLLIN}};
	int go = 1;
	for (;;) {
		int r = poll(p, 2, -1);
		if (r > 0) {
			go = !p[1].revents;
			break;
		}
		if (r < 0 && errno != EINTR)
			break;
	}
	pthread_mutex_lock(&g->mu);
	g->idle = 0;
	pthread_mutex_unlock(&g->mu);
	return go;
}

static int input_ready(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 0) == 1;
}

/* Before a read: on a pipe or terminal with nothing waiting, flush the
 * output (the idle hook; on the worker, the main thread's), then wait for
 * input or a stop.  1: go on and read; 0: stop. */
static int wait_readable(tsn_source *s)
{
	if (s->in_worker) {
		if (s->is_reg || input_ready(s->fd))
			return 1;
		return s->ring ? worker_wait(s) : 0; /* in_worker: there is a ring */
	}
	if (tsn_stop)
		return 0;
	if (s->is_reg || input_ready(s->fd))
		return 1;
	if (s->idle)
		s->idle(s->idle_ctx);
	return wait_fd_or_stop(s->fd);
}

/* Reads more raw bytes after the unread ones, keeping KEEP_BEHIND bytes of
 * the read ones before them.  1 if some came, 0 at end of file, -1 on a
 * read error (s->err set). */
static int fill(tsn_source *s)
{
	if (s->eof)
		return 0;
	size_t drop = s->in_pos > KEEP_BEHIND ? s->in_pos - KEEP_BEHIND : 0;
	if (drop) {
		memmove(s->in, s->in + drop, s->in_len - drop);
		s->raw_off += drop;
		s->in_len -= drop;
		s->in_pos -= drop;
	}
	if (!wait_readable(s)) {
		s->eof = 1;
		return 0;
	}
	for (;;) {
		ssize_t r = read(s->fd, s->in + s->in_len, s->in_cap - s->in_len);
		if (r > 0) {
			s->in_len += (size_t)r;
			return 1;
		}
		if (r == 0) {
			s->eof = 1;
			return 0;
		}
		if (errno == EINTR)
			continue;
		snprintf(s->err, sizeof s->err, "read error at byte %llu: %s",
			 (unsigned long long)(s->raw_off + s->in_len), strerror(errno));
		s->eof = 1;
		return -1;
	}
}

static ssize_t read_plain(tsn_source *s, char *buf, size_t cap)
{
	if (s->in_pos == s->in_len) {
		/* large reads go straight into the caller's buffer */
		s->raw_off += s->in_len;
		s->in_len = s->in_pos = 0;
		if (s->eof)
			return 0;
		if (!wait_readable(s)) {
			s->eof = 1;
			return 0;
		}
		for (;;) {
			ssize_t r = read(s->fd, buf, cap);
			if (r >= 0) {
				s->raw_off += (size_t)r;
				if (r == 0)
					s->eof = 1;
				return r;
			}
			if (errno == EINTR)
				continue;
			snprintf(s->err, sizeof s->err, "read error at byte %llu: %s",
				 (unsigned long long)s->raw_off, strerror(errno));
			s->eof = 1;
			return -1;
		}
	}
	size_t n = s->in_len - s->in_pos;
	if (n > cap)
		n = cap;
	memcpy(buf, s->in + s->in_pos, n);
	s->in_pos += n;
	return (ssize_t)n;
}

static ssize_t damage_at(tsn_source *s, const char *what, uint64_t off)
{
	s->done = 1;
	snprintf(s->err, sizeof s->err, "%s at compressed byte %llu", what, (unsigned long long)off);
	return -1;
}

static ssize_t damage(tsn_source *s, const char *what)
{
	return damage_at(s, what, s->raw_off + s->in_pos);
}

static ssize_t corrupt(tsn_source *s, const char *why, uint64_t off)
{
	char what[160];
	snprintf(what, sizeof what, "corrupt gzip data (%s)", why);
	return damage_at(s, what, off);
}

/* Makes at least want unread bytes available, unless the input ends first.
 * 0, or -1 on a read error. */
static int need(tsn_source *s, size_t want)
{
	while (s->in_len - s->in_pos < want) {
		int f = fill(s);
		if (f < 0)
			return -1;
		if (f == 0)
			break;
	}
	return 0;
}

static ssize_t read_gzip(tsn_source *s, char *buf, size_t cap)
{
	if (cap > 0x40000000)
		cap = 0x40000000;
	if (s->pend_why)
		return corrupt(s, s->pend_why, s->pend_off);
	for (;;) {
		if (!s->member_open) {
			/* between members: the magic, the method and the flags */
			if (need(s, 4)) {
				s->done = 1;
				return -1;
			}
			size_t left = s->in_len - s->in_pos;
			const unsigned char *h = s->in + s->in_pos;
			if (left == 0) {
				s->done = 1;
				return 0;
			}
			if (left < 2 || h[0] != 0x1f || h[1] != 0x8b)
				return damage(s, s->members ? "trailing garbage after the last gzip member"
							    : "not gzip data");
			if (left < 4) {
				s->in_pos = s->in_len;
				return damage(s, "truncated gzip stream: input ends");
			}
			/* checked here for both inflaters (ISA-L ignores reserved
			 * flags); zlib names the byte after the flags */
			if (h[2] != 8)
				return corrupt(s, "unknown compression method", s->raw_off + s->in_pos + 4);
			if (h[3] & 0xe0)
				return corrupt(s, "unknown header flags set", s->raw_off + s->in_pos + 4);
			if (dec_begin(s))
				return damage(s, "out of memory for the inflater");
			s->member_open = 1;
			s->out_full = 0;
		}
		if (s->in_pos == s->in_len && !s->out_full) {
			int f = fill(s);
			if (f < 0) {
				s->done = 1;
				return -1;
			}
			if (f == 0)
				return damage(s, "truncated gzip stream: input ends");
		}
		size_t got = 0;
		const char *why = NULL;
		int rc = dec_run(s, (unsigned char *)buf, cap, &got, &why);
		s->out_full = got == cap;
		if (rc == DEC_END) {
			s->member_open = 0;
			s->members++;
		} else if (rc == DEC_ERR) {
			if (got) {
				/* hand out what decoded; fail on the next call */
				s->pend_why = why;
				s->pend_off = s->raw_off + s->in_pos;
				return (ssize_t)got;
			}
			return corrupt(s, why, s->raw_off + s->in_pos);
		}
		if (got)
			return (ssize_t)got;
	}
}

/* ------------------------------------------------------------------ */
/* the inflate thread                                                   */

/* The worker: fills the free slots in turn.  A slot goes to the main
 * thread when it is full, at the end or damage, and, on live input, as
 * soon as no more input is waiting (so a line written into an idle pipe is
 * not held back behind a half-empty slot). */
static void *worker(void *arg)
{
	tsn_source *s = arg;
	struct tsn_ring *g = s->ring;
	for (;;) {
		pthread_mutex_lock(&g->mu);
		while (g->count == RING_SLOTS && !g->quit)
			pthread_cond_wait(&g->space, &g->mu);
		int quit = g->quit;
		unsigned slot = g->tail;
		pthread_mutex_unlock(&g->mu);
		if (quit)
			break;
		char *b = g->buf[slot];
		size_t n = 0;
		ssize_t r = 1;
		while (n < SLOT_CAP) {
			if (n && !s->is_reg && s->in_pos == s->in_len && !s->out_full &&
			    !input_ready(s->fd))
				break;
			r = read_gzip(s, b + n, SLOT_CAP - n);
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		pthread_mutex_lock(&g->mu);
		if (n) {
			g->len[slot] = n;
			g->tail = (slot + 1) % RING_SLOTS;
			g->count++;
		}
		if (r <= 0) {
			g->finished = 1;
			g->status = r < 0 ? -1 : 0;
		}
		pthread_mutex_unlock(&g->mu);
		ring_wake_main(g);
		if (r <= 0)
			break;
	}
	return NULL;
}

/* Whether a second thread can run beside this one. */
static int two_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set) >= 2;
	return sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

static void ring_free(struct tsn_ring *g)
{
	for (int i = 0; i < RING_SLOTS; i++)
		free(g->buf[i]);
	if (g->ready_fd >= 0)
		close(g->ready_fd);
	if (g->quit_fd >= 0)
		close(g->quit_fd);
	free(g);
}

/* Starts the worker.  -1 when it cannot (the caller inflates itself). */
static int ring_start(tsn_source *s)
{
	struct tsn_ring *g = calloc(1, sizeof *g);
	if (!g)
		return -1;
	g->ready_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	g->quit_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int ok = g->ready_fd >= 0 && g->quit_fd >= 0;
	for (int i = 0; ok && i < RING_SLOTS; i++)
		ok = (g->buf[i] = malloc(SLOT_CAP)) != NULL;
	if (!ok) {
		ring_free(g);
		return -1;
	}
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->space, NULL);
	s->ring = g;
	s->in_worker = 1;
	/* the worker inherits a mask that blocks every signal */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int e = pthread_create(&g->th, NULL, worker, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e) {
		s->ring = NULL;
		s->in_worker = 0;
		pthread_mutex_destroy(&g->mu);
		pthread_cond_destroy(&g->space);
		ring_free(g);
		return -1;
	}
	return 0;
}

static void ring_stop(tsn_source *s)
{
	struct tsn_ring *g = s->ring;
	pthread_mutex_lock(&g->mu);
	g->quit = 1;
	pthread_cond_signal(&g->space);
	pthread_mutex_unlock(&g->mu);
	uint64_t one = 1;
	ssize_t w = write(g->quit_fd, &one, sizeof one);
	(void)w;
	pthread_join(g->th, NULL);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->space);
	ring_free(g);
	s->ring = NULL;
	s->in_worker = 0;
}

/* On the main thread: the next bytes from the ring, waiting for the worker
 * when it is behind (and flushing the output first when it waits for
 * input).  0 at the end or on a stop; -1 on damage (s->err set). */
static ssize_t ring_read(tsn_source *s, char *buf, size_t cap)
{
	struct tsn_ring *g = s->ring;
	if (g->ended)
		return 0;
	for (;;) {
		pthread_mutex_lock(&g->mu);
		unsigned count = g->count, head = g->head;
		int finished = g->finished, status = g->status, idle = g->idle;
		pthread_mutex_unlock(&g->mu);
		if (count) {
			/* the head slot is the main thread's until it is given back */
			size_t n = g->len[head] - g->pos;
			if (n > cap)
				n = cap;
			memcpy(buf, g->buf[head] + g->pos, n);
			g->pos += n;
			if (g->pos == g->len[head]) {
				g->pos = 0;
				pthread_mutex_lock(&g->mu);
				g->head = (head + 1) % RING_SLOTS;
				g->count--;
				pthread_cond_signal(&g->space);
				pthread_mutex_unlock(&g->mu);
			}
			return (ssize_t)n;
		}
		if (finished) {
			g->ended = 1;
			return status;
		}
		if (tsn_stop)
			return 0;
		if (idle && s->idle)
			s->idle(s->idle_ctx);
		if (!wait_fd_or_stop(g->ready_fd))
			return 0;
		uint64_t v;
		ssize_t r = read(g->ready_fd, &v, sizeof v);
		(void)r;
	}
}

ssize_t source_read(tsn_source *s, char *buf, size_t cap)
{
	if (s->ring)
		return ring_read(s, buf, cap);
	if (s->done)
		return 0;
	if (!s->detected) {
		/* first call: look for the gzip magic */
		s->detected = 1;
		if (need(s, 2)) {
			s->done = 1;
			return -1;
		}
		if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
			s->gz = 1;
			if (!s->no_thread && two_cpus() && ring_start(s) == 0)
				return ring_read(s, buf, cap);
		} else if (s->in_len == 0) {
			s->done = 1;
			return 0;
		}
	}
	if (s->gz)
		return read_gzip(s, buf, cap);
	ssize_t r = read_plain(s, buf, cap);
	if (r <= 0)
		s->done = 1;
	return r;
}
