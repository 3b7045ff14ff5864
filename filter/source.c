/* source.c — plain and gzip input behind one read call.  gzip is detected
 * by its magic bytes; concatenated members are read in turn; a truncated or
 * corrupt stream yields everything decoded before the damage, then an error
 * naming the compressed byte offset.  Before a read that would block (live
 * input on a pipe or terminal) the idle hook runs, so output is flushed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

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
	}
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

void source_close(tsn_source *s)
{
	if (s->z_ready)
		inflateEnd(&s->z);
	if (s->own_fd)
		close(s->fd);
	free(s->in);
	s->in = NULL;
}

volatile sig_atomic_t tsn_stop;

/* Before a read: on a pipe or terminal with nothing waiting, flush the
 * output (the idle hook), then wait for input or a stop signal.  The stop
 * signals are blocked between the check of tsn_stop and ppoll, which
 * unblocks them atomically, so a signal cannot slip in between and leave
 * the read blocked.  1: go on and read; 0: stop. */
static int wait_readable(tsn_source *s)
{
	if (tsn_stop)
		return 0;
	if (s->is_reg)
		return 1;
	struct pollfd p = {.fd = s->fd, .events = POLLIN};
	if (poll(&p, 1, 0) == 1)
		return 1;
	if (s->idle)
		s->idle(s->idle_ctx);
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

/* Reads more raw bytes after the unread ones.  1 if some came, 0 at end of
 * file, -1 on a read error (s->err set). */
static int fill(tsn_source *s)
{
	if (s->eof)
		return 0;
	if (s->in_pos > 0) {
		memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
		s->raw_off += s->in_pos;
		s->in_len -= s->in_pos;
		s->in_pos = 0;
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

static ssize_t damage(tsn_source *s, const char *what)
{
	s->done = 1;
	snprintf(s->err, sizeof s->err, "%s at compressed byte %llu", what,
		 (unsigned long long)(s->raw_off + s->in_pos));
	return -1;
}

static ssize_t read_gzip(tsn_source *s, char *buf, size_t cap)
{
	for (;;) {
		if (!s->member_open) {
			/* between members: need two bytes to see the next magic */
			while (s->in_len - s->in_pos < 2) {
				int f = fill(s);
				if (f < 0) {
					s->done = 1;
					return -1;
				}
				if (f == 0)
					break;
			}
			size_t left = s->in_len - s->in_pos;
			if (left == 0) {
				s->done = 1;
				return 0;
			}
			if (left < 2 || s->in[s->in_pos] != 0x1f || s->in[s->in_pos + 1] != 0x8b)
				return damage(s, s->members ? "trailing garbage after the last gzip member"
							    : "not gzip data");
			if (!s->z_ready) {
				if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
					return damage(s, "zlib could not start");
				s->z_ready = 1;
			} else {
				inflateReset(&s->z);
			}
			s->member_open = 1;
		}
		if (s->in_pos == s->in_len) {
			int f = fill(s);
			if (f < 0) {
				s->done = 1;
				return -1;
			}
			if (f == 0)
				return damage(s, "truncated gzip stream: input ends");
		}
		s->z.next_in = s->in + s->in_pos;
		s->z.avail_in = (uInt)(s->in_len - s->in_pos);
		s->z.next_out = (unsigned char *)buf;
		s->z.avail_out = (uInt)(cap > 0x40000000 ? 0x40000000 : cap);
		uInt before_out = s->z.avail_out;
		int rc = inflate(&s->z, Z_NO_FLUSH);
		s->in_pos = s->in_len - s->z.avail_in;
		size_t got = before_out - s->z.avail_out;
		if (rc == Z_STREAM_END) {
			s->member_open = 0;
			s->members++;
		} else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
			if (got)
				return (ssize_t)got; /* hand out what decoded; fail next call */
			char what[160];
			snprintf(what, sizeof what, "corrupt gzip data (%s)",
				 s->z.msg ? s->z.msg : "invalid stream");
			return damage(s, what);
		} else if (rc == Z_MEM_ERROR) {
			return damage(s, "out of memory in zlib");
		}
		if (got)
			return (ssize_t)got;
	}
}

ssize_t source_read(tsn_source *s, char *buf, size_t cap)
{
	if (s->done)
		return 0;
	if (!s->detected) {
		/* first call: look for the gzip magic */
		s->detected = 1;
		while (s->in_len < 2) {
			int f = fill(s);
			if (f < 0) {
				s->done = 1;
				return -1;
			}
			if (f == 0)
				break;
		}
		if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b)
			s->gz = 1;
		else if (s->in_len == 0) {
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
