/* progress.c — the progress line: bytes done are the read offsets of the
 * open files (lseek), so plain and gzip files are measured alike, in the
 * bytes that are on disk. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

void progress_init(tsn_progress *p, int on, int fd, uint64_t total)
{
	memset(p, 0, sizeof *p);
	p->on = on && total > 0;
	p->fd = fd;
	p->total = total;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void progress_open(tsn_progress *p, int fd, uint64_t size)
{
	if (!p->on || p->n_open == TSN_PROGRESS_FDS) {
		if (p->on)
			p->finished += size; /* beyond what is tracked: counted at once */
		return;
	}
	p->open_fd[p->n_open] = fd;
	p->open_size[p->n_open++] = size;
}

void progress_close(tsn_progress *p, int fd)
{
	for (int i = 0; i < p->n_open; i++) {
		if (p->open_fd[i] != fd)
			continue;
		p->finished += p->open_size[i];
		p->n_open--;
		p->open_fd[i] = p->open_fd[p->n_open];
		p->open_size[i] = p->open_size[p->n_open];
		return;
	}
}

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void human(double b, char *out, size_t n)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;
	while (b >= 1024 && u < 4) {
		b /= 1024;
		u++;
	}
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", b, unit[u]);
}

void progress_tick(tsn_progress *p, uint64_t lines)
{
	if (!p->on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->drawn && secs(&p->last, &now) < 0.25)
		return;
	p->last = now;
	uint64_t done = p->finished;
	for (int i = 0; i < p->n_open; i++) {
		off_t at = lseek(p->open_fd[i], 0, SEEK_CUR);
		if (at > 0)
			done += (uint64_t)at < p->open_size[i] ? (uint64_t)at : p->open_size[i];
	}
	if (done > p->total)
		done = p->total;
	double el = secs(&p->start, &now);
	char a[32], b[32], left[32] = "";
	human((double)done, a, sizeof a);
	human((double)p->total, b, sizeof b);
	double lps = el > 0 ? (double)lines / el : 0;
	if (done > 0 && el > 0.5) {
		double rest = el * (double)(p->total - done) / (double)done;
		long s = (long)(rest + 0.5);
		snprintf(left, sizeof left, "  %ld:%02ld left", s / 60, s % 60);
	}
	char line[160];
	int k = snprintf(line, sizeof line, "\rtsnorm: %s of %s (%d%%)  %.2f M lines/s%s\033[K", a,
			 b, (int)(100.0 * (double)done / (double)p->total), lps / 1e6, left);
	if (k > 0 && write(p->fd, line, (size_t)k) > 0)
		p->drawn = 1;
}

void progress_clear(tsn_progress *p)
{
	if (p->on && p->drawn && write(p->fd, "\r\033[K", 4) > 0)
		p->drawn = 0;
}
