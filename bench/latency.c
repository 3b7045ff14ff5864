/* latency.c — how long a line written into an idle pipe takes to come out
 * of tsnorm.
 *
 *   tsnorm-latency [-n ROUNDS] [-p PAUSE_MS] TSNORM [ARGS...]
 *
 * Starts TSNORM ARGS with a pipe on its standard input and one on its
 * standard output, then ROUNDS times (default 100): waits PAUSE_MS
 * (default 20) so that tsnorm has taken everything and waits on an empty
 * pipe, writes one Docker json-file line, and times the interval from just
 * before the write to the moment the line's last byte (its newline) can be
 * read from tsnorm's output.  Prints p50, p90, p99 and max in milliseconds.
 * Exits 1 if a line does not come out within 5 s. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int rounds = 100, pause_ms = 20, i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			break;
		if (!strcmp(argv[i], "-n"))
			rounds = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-p"))
			pause_ms = atoi(argv[i + 1]);
		else
			break;
	}
	if (i >= argc || rounds < 1 || pause_ms < 0) {
		fprintf(stderr, "usage: tsnorm-latency [-n ROUNDS] [-p PAUSE_MS] TSNORM [ARGS...]\n");
		return 2;
	}
	int in[2], out[2];
	if (pipe(in) || pipe(out)) {
		perror("pipe");
		return 2;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	pid_t pid;
	int e = posix_spawn(&pid, argv[i], &fa, NULL, argv + i, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e) {
		fprintf(stderr, "tsnorm-latency: cannot start %s: %s\n", argv[i], strerror(e));
		return 2;
	}
	close(in[0]);
	close(out[1]);
	signal(SIGPIPE, SIG_IGN);

	double *ms = malloc(sizeof *ms * (size_t)rounds);
	char line[256], buf[4096];
	int status = 0;
	for (int r = 0; r < rounds; r++) {
		struct timespec p = {pause_ms / 1000, (long)(pause_ms % 1000) * 1000000L};
		nanosleep(&p, NULL);
		int n = snprintf(line, sizeof line,
				 "{\"log\":\"2024-05-30T12:34:56.%03dZ INFO round %d\\n\",\"stream\":\"stdout\","
				 "\"time\":\"2024-05-30T12:34:56.%03d5Z\"}\n", r % 1000, r, r % 1000);
		double t0 = now_ms();
		if (write(in[1], line, (size_t)n) != n) {
			perror("write");
			status = 1;
			break;
		}
		/* read until the output line's newline */
		int got_nl = 0;
		while (!got_nl) {
			struct pollfd q = {.fd = out[0], .events = POLLIN};
			double left = 5000 - (now_ms() - t0);
			if (left <= 0 || poll(&q, 1, (int)left) <= 0) {
				fprintf(stderr, "tsnorm-latency: round %d: no output within 5 s\n", r);
				status = 1;
				goto done;
			}
			ssize_t k = read(out[0], buf, sizeof buf);
			if (k <= 0) {
				fprintf(stderr, "tsnorm-latency: round %d: tsnorm's output ended\n", r);
				status = 1;
				goto done;
			}
			got_nl = memchr(buf, '\n', (size_t)k) != NULL;
		}
		ms[r] = now_ms() - t0;
	}
done:
	close(in[1]);
	while (read(out[0], buf, sizeof buf) > 0)
		;
	waitpid(pid, NULL, 0);
	if (status == 0) {
		qsort(ms, (size_t)rounds, sizeof *ms, cmp);
#define PCT(p) ms[(int)((double)(rounds - 1) * (p) / 100.0 + 0.5)]
		printf("rounds %d pause_ms %d p50 %.3f p90 %.3f p99 %.3f max %.3f\n", rounds, pause_ms,
		       PCT(50), PCT(90), PCT(99), ms[rounds - 1]);
	}
	free(ms);
	return status;
}
