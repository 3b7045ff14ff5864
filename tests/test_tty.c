/* test_tty.c — what tsnorm does only when a terminal is attached, through a
 * real pseudo-terminal (posix_openpt): --output text colours under
 * --color auto (on a terminal, not on a pipe, not with NO_COLOR), and the
 * progress line on standard error (drawn for named files and erased at the
 * end and before a message; never with -q, with stderr a pipe, or for
 * standard input alone).  The child is started by posix_spawn; the master
 * is drained while it runs so it can never block on a full terminal. */
#include <termios.h>

#include "proc.h"

TestSuite(tty, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

typedef struct tty_result {
	int status;
	char *tty;               /* what came out on the terminal */
	char *pipe;              /* what came out on the other (a pipe) */
	size_t tty_n, pipe_n;
} tty_result;

enum { ON_TTY_OUT = 1, ON_TTY_ERR = 2 };

/* Runs tsnorm with stdin from `in` (a pipe), and stdout / stderr on the
 * pty slave or on a pipe as `where` says; envp NULL: this environment. */
static tty_result run_tty(const char *const *argv, const char *in, int where, char *const *envp)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert(m >= 0, "posix_openpt: %s", strerror(errno));
	cr_assert_eq(grantpt(m), 0);
	cr_assert_eq(unlockpt(m), 0);
	const char *name = ptsname(m);
	cr_assert(name);
	int s = open(name, O_RDWR | O_NOCTTY);
	cr_assert(s >= 0, "%s: %s", name, strerror(errno));
	/* raw: no \n -> \r\n on the way out, so bytes are compared as written */
	struct termios t;
	cr_assert_eq(tcgetattr(s, &t), 0);
	cfmakeraw(&t);
	cr_assert_eq(tcsetattr(s, TCSANOW, &t), 0);

	int pin[2], pp[2];
	cr_assert(pipe(pin) == 0 && pipe(pp) == 0);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, where & ON_TTY_OUT ? s : pp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, where & ON_TTY_ERR ? s : pp[1], 2);
	posix_spawn_file_actions_addclose(&fa, m);
	posix_spawn_file_actions_addclose(&fa, pin[1]);
	posix_spawn_file_actions_addclose(&fa, pp[0]);
	pid_t pid;
	int e = posix_spawn(&pid, TSNORM_BIN, &fa, NULL, (char *const *)argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(e, 0, "cannot start %s: %s", TSNORM_BIN, strerror(e));
	close(s);
	close(pin[0]);
	close(pp[1]);
	run_result pr = pump(pid, pin[1], in, in ? strlen(in) : 0, m, pp[0]);
	return (tty_result){.status = pr.status, .tty = pr.out, .tty_n = pr.out_n,
			    .pipe = pr.err, .pipe_n = pr.err_n};
}

static void tty_free(tty_result *r)
{
	free(r->tty);
	free(r->pipe);
}

/* This environment without NO_COLOR (the runner's may have it), plus
 * extra when given. */
static char **env_with(const char *extra)
{
	static char *e[512];
	size_t k = 0;
	for (char **p = environ; *p && k < 510; p++)
		if (strncmp(*p, "NO_COLOR=", 9))
			e[k++] = *p;
	if (extra)
		e[k++] = (char *)extra;
	e[k] = NULL;
	return e;
}

static const char text_in[] =
	"{\"log\":\"2024-05-30T12:34:56.130000000Z late\\n\",\"stream\":\"stderr\","
	"\"time\":\"2024-05-30T12:34:56.142Z\"}\n"
	"{\"log\":\"fine\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:57Z\"}\n";

Test(tty, text_colour_auto_on_a_terminal)
{
	tty_result r = run_tty((const char *[]){"tsnorm", "--output", "text", NULL}, text_in,
			       ON_TTY_OUT, env_with(NULL));
	cr_assert_eq(r.status, 0, "%s", r.pipe);
	/* dim time, cyan source, red stderr, bold red flagged skew */
	cr_assert(strstr(r.tty, "\033[2m2024-05-30T12:34:56.130000000Z\033[0m"), "%s", r.tty);
	cr_assert(strstr(r.tty, "\033[36mstdin\033[0m"), "%s", r.tty);
	cr_assert(strstr(r.tty, "\033[31mstderr\033[0m"), "%s", r.tty);
	cr_assert(strstr(r.tty, "\033[1;31m-12.000ms!\033[0m"), "%s", r.tty);
	cr_assert(strstr(r.tty, "fine\n"), "%s", r.tty);
	/* --color never on the terminal: none */
	tty_free(&r);
	r = run_tty((const char *[]){"tsnorm", "--output", "text", "--color", "never", NULL}, text_in,
		    ON_TTY_OUT, env_with(NULL));
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.tty, "fine\n"), "%s", r.tty);
	cr_assert(!strchr(r.tty, '\033'), "%s", r.tty);
	tty_free(&r);
}

Test(tty, text_no_colour_on_a_pipe_even_with_stderr_a_terminal)
{
	tty_result r = run_tty((const char *[]){"tsnorm", "--output", "text", NULL}, text_in,
			       ON_TTY_ERR, env_with(NULL));
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.pipe, "fine\n"), "%s", r.pipe);
	cr_assert(!strchr(r.pipe, '\033'), "%s", r.pipe);
	cr_assert_eq(r.tty_n, 0, "stdin only: nothing on the terminal: %s", r.tty);
	tty_free(&r);
}

Test(tty, text_no_colour_with_NO_COLOR)
{
	tty_result r = run_tty((const char *[]){"tsnorm", "--output", "text", NULL}, text_in,
			       ON_TTY_OUT, env_with("NO_COLOR=1"));
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.tty, "fine\n"), "%s", r.tty);
	cr_assert(!strchr(r.tty, '\033'), "%s", r.tty);
	tty_free(&r);
	/* --color always wins over NO_COLOR */
	r = run_tty((const char *[]){"tsnorm", "--output", "text", "--color", "always", NULL}, text_in,
		    ON_TTY_OUT, env_with("NO_COLOR=1"));
	cr_assert(strstr(r.tty, "\033[36mstdin\033[0m"), "%s", r.tty);
	tty_free(&r);
}

/* A file big enough to be a few reads. */
static const char *make_file(const char *name, int lines)
{
	const char *path = tmp(name);
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	for (int i = 0; i < lines; i++)
		fprintf(f,
			"{\"log\":\"2024-05-30T12:00:00.%06dZ line %d\\n\",\"stream\":\"stdout\","
			"\"time\":\"2024-05-30T12:00:00.%06dZ\"}\n",
			i, i, i);
	fclose(f);
	return path;
}

Test(tty, progress_is_drawn_and_erased)
{
	char path[512];
	snprintf(path, sizeof path, "%s", make_file("a.log", 20000));
	for (int merge = 0; merge < 2; merge++) {
		tty_result r = run_tty((const char *[]){"tsnorm", merge ? "--merge" : "--no-join", path,
							NULL},
				       NULL, ON_TTY_ERR, env_with(NULL));
		cr_assert_eq(r.status, 0, "%s", r.tty);
		cr_assert_eq(count_lines(r.pipe, r.pipe_n), 20000);
		/* a progress line: bytes of the total, then the rate */
		const char *p = strstr(r.tty, "\rtsnorm: ");
		cr_assert(p, "no progress line (merge %d): %s", merge, r.tty);
		cr_assert(strstr(p, " of ") && strstr(p, " ("), "%s", r.tty);
		cr_assert(strstr(p, " lines/s"), "%s", r.tty);
		/* erased at the end: the last thing written is CR, erase line */
		cr_assert_geq(r.tty_n, 4);
		cr_assert(!memcmp(r.tty + r.tty_n - 4, "\r\033[K", 4), "not erased (merge %d): %s",
			  merge, r.tty);
		/* nothing else: no newline on the terminal */
		cr_assert(!strchr(r.tty, '\n'), "%s", r.tty);
		tty_free(&r);
	}
}

Test(tty, progress_is_erased_before_a_message)
{
	char path[512];
	snprintf(path, sizeof path, "%s", make_file("a.log", 100));
	tty_result r = run_tty((const char *[]){"tsnorm", path, tmp("missing.log"), NULL}, NULL,
			       ON_TTY_ERR, env_with(NULL));
	cr_assert_eq(r.status, 2);
	/* a progress line was drawn for a.log, then cleared before the message */
	cr_assert(strstr(r.tty, "\rtsnorm: "), "no progress line: %s", r.tty);
	char want[600];
	snprintf(want, sizeof want, "\r\033[Ktsnorm: %s: ", tmp("missing.log"));
	cr_assert(strstr(r.tty, want), "the message is not on a cleared line: %s", r.tty);
	/* and it ends on its own line: the last bytes are the message's newline
	 * (raw mode: written as is) */
	cr_assert_eq(r.tty[r.tty_n - 1], '\n', "%s", r.tty);
	tty_free(&r);
}

Test(tty, no_progress_with_q_with_a_pipe_or_for_stdin)
{
	char path[512];
	snprintf(path, sizeof path, "%s", make_file("a.log", 5000));
	/* -q, stderr a terminal */
	tty_result r = run_tty((const char *[]){"tsnorm", "-q", path, NULL}, NULL, ON_TTY_ERR,
			       env_with(NULL));
	cr_assert_eq(r.status, 0);
	cr_assert_eq(count_lines(r.pipe, r.pipe_n), 5000);
	cr_assert_eq(r.tty_n, 0, "%s", r.tty);
	tty_free(&r);
	/* stderr a pipe (stdout on the terminal): no progress anywhere */
	r = run_tty((const char *[]){"tsnorm", path, NULL}, NULL, ON_TTY_OUT, env_with(NULL));
	cr_assert_eq(r.status, 0);
	cr_assert_eq(r.pipe_n, 0, "%s", r.pipe);
	cr_assert(!strstr(r.tty, "tsnorm:"), "progress on stdout?");
	cr_assert_eq(count_lines(r.tty, r.tty_n), 5000);
	tty_free(&r);
	/* standard input only, stderr a terminal */
	size_t n;
	char *in = slurp(path, &n);
	r = run_tty((const char *[]){"tsnorm", NULL}, in, ON_TTY_ERR, env_with(NULL));
	cr_assert_eq(r.status, 0);
	cr_assert_eq(count_lines(r.pipe, r.pipe_n), 5000);
	cr_assert_eq(r.tty_n, 0, "%s", r.tty);
	tty_free(&r);
	/* "-" named: standard input still */
	r = run_tty((const char *[]){"tsnorm", "-", NULL}, in, ON_TTY_ERR, env_with(NULL));
	cr_assert_eq(r.tty_n, 0, "%s", r.tty);
	tty_free(&r);
	free(in);
}
