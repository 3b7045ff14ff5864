/* proc.h — helpers for end-to-end suites: run the built tsnorm as a real
 * process through real pipes (posix_spawn), read and write files in a
 * per-test temporary directory, run shell commands.  Included by one .c
 * file per test executable, hence static functions. */
#ifndef TSNORM_TEST_PROC_H
#define TSNORM_TEST_PROC_H

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct run_result {
	int status; /* exit status, or 128 + signal */
	char *out, *err;
	size_t out_n, err_n;
} run_result;

static inline void append(char **buf, size_t *n, size_t *cap, const char *p, size_t k)
{
	if (*n + k + 1 > *cap) {
		*cap = (*n + k + 1) * 2;
		*buf = realloc(*buf, *cap);
	}
	memcpy(*buf + *n, p, k);
	*n += k;
	(*buf)[*n] = 0;
}

extern char **environ;

/* posix_spawn, not fork: the test runner is multi-threaded, and a fork
 * there can deadlock on a lock another thread holds. */
static inline pid_t spawn_tsnorm(const char *const *argv, int pin[2], int pout[2], int perr[2])
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	if (perr)
		posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	posix_spawn_file_actions_addclose(&fa, pin[1]);
	posix_spawn_file_actions_addclose(&fa, pout[0]);
	if (perr)
		posix_spawn_file_actions_addclose(&fa, perr[0]);
	pid_t pid;
	int e = posix_spawn(&pid, TSNORM_BIN, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(e, 0, "cannot start %s: %s", TSNORM_BIN, strerror(e));
	return pid;
}

/* Feeds in to in_fd (closed when all is written, or at once when in is
 * empty) while reading a_fd into out and b_fd into err until both end (a
 * read of 0 or an error such as a pty master's EIO), then reaps pid.  The
 * descriptors are closed. */
static inline run_result pump(pid_t pid, int in_fd, const char *in, size_t in_n, int a_fd,
			      int b_fd)
{
	signal(SIGPIPE, SIG_IGN);
	fcntl(in_fd, F_SETFL, O_NONBLOCK);
	run_result r = {0};
	size_t oc = 0, ec = 0, sent = 0;
	r.out = calloc(1, 1);
	r.err = calloc(1, 1);
	int in_open = 1, a_open = 1, b_open = 1;
	if (!in || in_n == 0) {
		close(in_fd);
		in_open = 0;
	}
	char buf[65536];
	while (a_open || b_open) {
		struct pollfd p[3] = {{a_open ? a_fd : -1, POLLIN, 0}, {b_open ? b_fd : -1, POLLIN, 0},
				      {in_open ? in_fd : -1, POLLOUT, 0}};
		cr_assert(poll(p, 3, 60000) > 0, "no progress for a minute");
		if (in_open && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(in_fd, in + sent, in_n - sent);
			if (w > 0)
				sent += (size_t)w;
			if (sent == in_n || (w < 0 && errno != EAGAIN)) {
				close(in_fd);
				in_open = 0;
			}
		}
		if (p[0].revents) {
			ssize_t k = read(a_fd, buf, sizeof buf);
			if (k > 0)
				append(&r.out, &r.out_n, &oc, buf, (size_t)k);
			else
				a_open = 0;
		}
		if (p[1].revents) {
			ssize_t k = read(b_fd, buf, sizeof buf);
			if (k > 0)
				append(&r.err, &r.err_n, &ec, buf, (size_t)k);
			else
				b_open = 0;
		}
	}
	if (in_open)
		close(in_fd);
	close(a_fd);
	close(b_fd);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r;
}

/* Runs argv (argv[0] is replaced by the built tsnorm) with in on stdin. */
static inline run_result run(const char *const *argv, const char *in, size_t in_n)
{
	int pin[2], pout[2], perr[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0 && pipe(perr) == 0);
	pid_t pid = spawn_tsnorm(argv, pin, pout, perr);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	return pump(pid, pin[1], in, in_n, pout[0], perr[0]);
}

static inline void run_free(run_result *r)
{
	free(r->out);
	free(r->err);
}

static inline char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)sz + 1);
	cr_assert_eq(fread(b, 1, (size_t)sz, f), (size_t)sz);
	b[sz] = 0;
	fclose(f);
	*n = (size_t)sz;
	return b;
}

static inline void spew(const char *path, const char *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(b, 1, n, f), n);
	fclose(f);
}

static char tmpdir[256];

static inline void make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/tsnorm-test-XXXXXX", t && *t ? t : "/tmp");
	cr_assert(mkdtemp(tmpdir));
}

static inline void remove_tmpdir(void)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

static inline const char *tmp(const char *name)
{
	static char paths[8][512];
	static int k;
	char *p = paths[k++ % 8];
	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

static inline void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

static inline size_t count_lines(const char *b, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += b[i] == '\n';
	return k;
}

/* Reads fd into buf until it holds at least `lines` complete lines (live
 * output: each read waits at most a minute).  Returns the bytes read. */
static inline size_t read_lines(int fd, char *buf, size_t cap, size_t lines)
{
	size_t got = 0;
	while (count_lines(buf, got) < lines) {
		struct pollfd p = {fd, POLLIN, 0};
		cr_assert_eq(poll(&p, 1, 60000), 1, "no output while the input was idle");
		ssize_t k = read(fd, buf + got, cap - got);
		cr_assert_gt(k, 0);
		got += (size_t)k;
	}
	return got;
}

#endif
