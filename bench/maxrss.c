/* maxrss.c — run a command, print its peak resident set size.
 *
 *   tsnorm-maxrss CMD [ARGS...]
 *
 * Runs CMD with the same standard input and output, waits for it, and
 * prints "maxrss_kb N status S" to standard error (N: the child's
 * ru_maxrss, in KiB; S: its exit status, or 128 + the signal).  Exits with
 * the child's status. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: tsnorm-maxrss CMD [ARGS...]\n");
		return 2;
	}
	pid_t pid;
	int e = posix_spawnp(&pid, argv[1], NULL, NULL, argv + 1, environ);
	if (e) {
		fprintf(stderr, "tsnorm-maxrss: cannot start %s: %s\n", argv[1], strerror(e));
		return 2;
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	fprintf(stderr, "maxrss_kb %ld status %d\n", ru.ru_maxrss, status);
	return status;
}
