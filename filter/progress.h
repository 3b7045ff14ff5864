/* progress.h — a one-line progress report on stderr while named files are
 * read (bytes done of their total, lines per second, time left), redrawn
 * at most four times a second; only when stderr is a terminal and not -q. */
#ifndef TSNORM_PROGRESS_H
#define TSNORM_PROGRESS_H

#include <stdint.h>
#include <time.h>

#define TSN_PROGRESS_FDS 64

typedef struct tsn_progress {
	int on;
	int fd;                  /* where it is drawn (stderr) */
	uint64_t total;          /* the named files' sizes */
	uint64_t finished;       /* bytes of the files already read to the end */
	int open_fd[TSN_PROGRESS_FDS];   /* files being read: their offsets count */
	uint64_t open_size[TSN_PROGRESS_FDS];
	int n_open;
	struct timespec start, last;
	int drawn;               /* something is on the line */
} tsn_progress;

/* on: draw at all (the caller decided: a terminal, not quiet, files named). */
void progress_init(tsn_progress *p, int on, int fd, uint64_t total);
/* A file is being read from fd (a regular file of size bytes). */
void progress_open(tsn_progress *p, int fd, uint64_t size);
/* It was closed: all of it counts as done. */
void progress_close(tsn_progress *p, int fd);
/* Redraws if a quarter second has passed (or nothing was drawn yet). */
void progress_tick(tsn_progress *p, uint64_t lines);
/* Erases the line, before any other message and at the end. */
void progress_clear(tsn_progress *p);

#endif
