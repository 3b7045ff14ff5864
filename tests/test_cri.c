/* test_cri.c — the CRI envelope scanner: lines as containerd and conmon
 * write them, kubelet's parseCRILog rules for tags and spaces, and every
 * rejection (bad stamp per Go's RFC 3339 parser, stream, missing field). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cri.h"

/* 2016-10-06T00:17:09Z and 2024-05-30T12:34:56Z as Unix seconds */
#define T2016 1475713029LL
#define T2024 1717072496LL

static int scan_s(const char *line, cri_line *c)
{
	return cri_scan(line, strlen(line), c);
}

static void expect_ok(const char *line, const char *stream, int partial, const char *msg)
{
	cri_line c;
	size_t n = strlen(line);
	cr_assert(cri_scan(line, n, &c), "rejected: [%s]", line);
	cr_assert_eq(c.stream.n, strlen(stream), "stream of [%s]", line);
	cr_assert(memcmp(c.stream.p, stream, c.stream.n) == 0, "stream of [%s]", line);
	cr_assert_eq(c.partial, partial, "partial of [%s]", line);
	cr_assert_eq(c.msg.n, strlen(msg), "message length of [%s]: %zu", line, c.msg.n);
	cr_assert(memcmp(c.msg.p, msg, c.msg.n) == 0, "message of [%s]", line);
	/* slices point into the line; the message runs to its end */
	cr_assert_eq(c.msg.p + c.msg.n, line + n);
	cr_assert_eq(c.time_text.p, line);
	cr_assert(c.stream.p > line && c.stream.p < line + n);
}

static void expect_bad(const char *line)
{
	cri_line c;
	cr_assert_not(scan_s(line, &c), "accepted: [%s]", line);
}

Test(cri, containerd_full_and_partial)
{
	cri_line c;
	const char *l = "2016-10-06T00:17:09.669794202Z stdout F log content 1";
	cr_assert(scan_s(l, &c));
	cr_assert_eq(c.time.sec, T2016);
	cr_assert_eq(c.time.nsec, 669794202);
	cr_assert_eq(c.time.prec, 1);
	cr_assert_eq(c.time_text.n, strlen("2016-10-06T00:17:09.669794202Z"));
	expect_ok(l, "stdout", 0, "log content 1");
	expect_ok("2016-10-06T00:17:09.669794203Z stderr P log content 2", "stderr", 1,
		  "log content 2");
	expect_ok("2016-10-06T00:17:09.669794203Z stdout P First line", "stdout", 1, "First line");
	expect_ok("2016-10-06T00:17:09.669794203Z stderr F Last line", "stderr", 0, "Last line");
}

Test(cri, empty_message)
{
	/* containerd writes an empty input line as "<time> <stream> F " */
	cri_line c;
	const char *l = "2024-05-30T12:34:56.1Z stdout F ";
	cr_assert(scan_s(l, &c));
	cr_assert_eq(c.msg.n, 0);
	cr_assert_eq(c.msg.p, l + strlen(l));
	cr_assert_eq(c.partial, 0);
	expect_ok("2024-05-30T12:34:56.1Z stderr P ", "stderr", 1, "");
}

Test(cri, message_keeps_spaces_tabs_and_raw_bytes)
{
	expect_ok("2024-05-30T12:34:56Z stdout F   a\tb  c \t", "stdout", 0, "  a\tb  c \t");
	expect_ok("2024-05-30T12:34:56Z stdout F {\"level\":\"info\",\"msg\":\"x y\"}", "stdout", 0,
		  "{\"level\":\"info\",\"msg\":\"x y\"}");
	expect_ok("2024-05-30T12:34:56Z stdout F ends in CR\r", "stdout", 0, "ends in CR\r");
	expect_ok("2024-05-30T12:34:56Z stdout F 2024-05-30T12:34:55Z stderr P inner", "stdout", 0,
		  "2024-05-30T12:34:55Z stderr P inner");
	/* NUL and invalid UTF-8 are message bytes like any other */
	static const char raw[] = "2024-05-30T12:34:56Z stderr F a\0b\xff\xc3 z";
	cri_line c;
	cr_assert(cri_scan(raw, sizeof raw - 1, &c));
	cr_assert_eq(c.msg.n, 7);
	cr_assert(memcmp(c.msg.p, "a\0b\xff\xc3 z", 7) == 0);
}

Test(cri, tags_follow_kubelet)
{
	/* several tags, ':'-separated: the first decides */
	expect_ok("2024-05-30T12:34:56Z stdout F:x msg", "stdout", 0, "msg");
	expect_ok("2024-05-30T12:34:56Z stdout P:x:y msg", "stdout", 1, "msg");
	expect_ok("2024-05-30T12:34:56Z stdout P: msg", "stdout", 1, "msg");
	expect_ok("2024-05-30T12:34:56Z stdout :P msg", "stdout", 0, "msg");
	/* anything whose first tag is not exactly "P" is full */
	expect_ok("2024-05-30T12:34:56Z stdout p msg", "stdout", 0, "msg");
	expect_ok("2024-05-30T12:34:56Z stdout PF msg", "stdout", 0, "msg");
	expect_ok("2024-05-30T12:34:56Z stdout X msg", "stdout", 0, "msg");
	/* a line without a tag field loses its first word to it, as in kubelet */
	expect_ok("2024-05-30T12:34:56Z stdout hello big world", "stdout", 0, "big world");
	/* a tab is not a delimiter: it belongs to the tag field */
	expect_ok("2024-05-30T12:34:56Z stdout F\tx y", "stdout", 0, "y");
}

Test(cri, spaces_follow_kubelet)
{
	/* an empty tag field (two spaces after the stream) is a full line */
	expect_ok("2024-05-30T12:34:56Z stdout  F x", "stdout", 0, "F x");
	expect_ok("2024-05-30T12:34:56Z stdout  ", "stdout", 0, "");
	/* a second space after the tag starts the message */
	expect_ok("2024-05-30T12:34:56Z stdout F  x", "stdout", 0, " x");
	expect_ok("2024-05-30T12:34:56Z stdout P  ", "stdout", 1, " ");
	/* two spaces after the time: the stream field is empty */
	expect_bad("2024-05-30T12:34:56Z  stdout F x");
	/* a leading space: no time */
	expect_bad(" 2024-05-30T12:34:56Z stdout F x");
	/* other white space is no delimiter */
	expect_bad("2024-05-30T12:34:56Z\tstdout F x");
	expect_bad("2024-05-30T12:34:56Z stdout\tF x");
}

Test(cri, time_precision_zero_to_nine_and_beyond)
{
	static const struct {
		const char *frac;
		int32_t nsec;
		int64_t prec;
	} v[] = {
		{"", 0, 1000000000},
		{".1", 100000000, 100000000},
		{".12", 120000000, 10000000},
		{".123", 123000000, 1000000},
		{".1234", 123400000, 100000},
		{".12345", 123450000, 10000},
		{".123456", 123456000, 1000},
		{".1234567", 123456700, 100},
		{".12345678", 123456780, 10},
		{".123456789", 123456789, 1},
		{".000000001", 1, 1},
		{".50", 500000000, 10000000},  /* containerd trims zeros; others need not */
		{".123456789987", 123456789, 1}, /* Go: digits past the ninth dropped */
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char line[128];
		snprintf(line, sizeof line, "2024-05-30T12:34:56%sZ stdout F m", v[i].frac);
		cri_line c;
		cr_assert(scan_s(line, &c), "rejected [%s]", line);
		cr_assert_eq(c.time.sec, T2024, "[%s]", line);
		cr_assert_eq(c.time.nsec, v[i].nsec, "[%s] nsec %d", line, (int)c.time.nsec);
		cr_assert_eq(c.time.prec, v[i].prec, "[%s]", line);
		cr_assert_eq(c.time_text.n, strlen("2024-05-30T12:34:56Z") + strlen(v[i].frac));
		cr_assert_eq(c.msg.n, 1);
	}
}

Test(cri, time_offsets)
{
	static const struct {
		const char *stamp;
		int64_t sec;
	} v[] = {
		{"2024-05-30T12:34:56Z", T2024},
		{"2024-05-30T12:34:56+00:00", T2024},
		{"2024-05-30T12:34:56-00:00", T2024},
		/* conmon: nine digits and a numeric offset, local time */
		{"2024-05-30T14:34:56.123456789+02:00", T2024},
		{"2024-05-30T05:04:56.5-07:30", T2024},
		{"2024-05-31T00:34:56+12:00", T2024},
		{"2024-05-30T00:35:56+23:59", T2024 - 43140 - 86340},
		/* the offset moves the date across a leap day */
		{"2024-02-29T23:59:59Z", 1709251199LL},
		{"2024-03-01T01:59:59+02:00", 1709251199LL},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char line[128];
		snprintf(line, sizeof line, "%s stderr F m", v[i].stamp);
		cri_line c;
		cr_assert(scan_s(line, &c), "rejected [%s]", line);
		cr_assert_eq(c.time.sec, v[i].sec, "[%s] gave %lld", line, (long long)c.time.sec);
		cr_assert_eq(c.time_text.n, strlen(v[i].stamp));
	}
}

Test(cri, bad_times)
{
	static const char *const bad[] = {
		"2024-05-30T12:34:56z",       /* lower-case z */
		"2024-05-30t12:34:56Z",       /* lower-case t */
		"2024-05-30 12:34:56Z",       /* space for T (and then the stream is "12:34:56Z") */
		"2024-05-30T12:34:56",        /* no zone */
		"2024-05-30T12:34:56.Z",      /* dot without digits */
		"2024-05-30T12:34:56,123Z",   /* comma: Go's fallback layout parser only */
		"2024-05-30T1:34:56Z",        /* one-digit hour: likewise */
		"2024-05-30T12:34:56+24:00",  /* offset hour out of range */
		"2024-05-30T12:34:56+02:60",  /* offset minute out of range */
		"2024-05-30T12:34:56+0200",   /* offset without colon */
		"2024-05-30T12:34:56+02",     /* short offset */
		"2024-05-30T24:00:00Z",       /* hour 24 */
		"2024-05-30T12:60:00Z",
		"2024-05-30T12:34:60Z",       /* Go has no leap seconds */
		"2024-02-30T12:34:56Z",       /* no such day */
		"2023-02-29T12:34:56Z",       /* not a leap year */
		"2024-13-01T12:34:56Z",
		"2024-00-01T12:34:56Z",
		"24-05-30T12:34:56Z",
		"2024-5-30T12:34:56Z",
		"2024-05-30T12:34:56ZZ",      /* junk glued to the stamp */
		"2024-05-30T12:34:56.123Zx",
		"2024-05-30T12:34:56Z+02:00",
		"1717072496",
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char line[128];
		snprintf(line, sizeof line, "%s stdout F message", bad[i]);
		expect_bad(line);
	}
}

Test(cri, bad_streams)
{
	static const char *const bad[] = {"stdin", "STDOUT", "Stderr", "stdou", "stdoutx", "stderr:",
					  "out", "1", "stdout\t", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char line[128];
		snprintf(line, sizeof line, "2024-05-30T12:34:56Z %s F message", bad[i]);
		expect_bad(line);
	}
}

Test(cri, missing_fields)
{
	expect_bad("");
	expect_bad("2024-05-30T12:34:56Z");
	expect_bad("2024-05-30T12:34:56Z ");
	expect_bad("2024-05-30T12:34:56Z stdout");
	expect_bad("2024-05-30T12:34:56Z stdout ");
	expect_bad("2024-05-30T12:34:56Z stdout F");     /* no space after the tag */
	expect_bad("2024-05-30T12:34:56Z stdout Fmessage");
	expect_bad("2024-05-30T12:34:56Z stderr P");
	expect_bad("stdout F message");
	expect_bad("F message");
}

Test(cri, every_prefix)
{
	/* a prefix is accepted exactly when it reaches the space after the tag,
	 * and then carries the rest as its message */
	const char *l = "2024-05-30T14:34:56.123456789+02:00 stderr P:x hello  world";
	size_t n = strlen(l), head = strlen("2024-05-30T14:34:56.123456789+02:00 stderr P:x ");
	for (size_t k = 0; k <= n; k++) {
		cri_line c;
		int ok = cri_scan(l, k, &c);
		cr_assert_eq(ok, k >= head, "prefix of %zu bytes: %d", k, ok);
		if (ok) {
			cr_assert_eq(c.msg.p, l + head);
			cr_assert_eq(c.msg.n, k - head);
			cr_assert_eq(c.partial, 1);
			cr_assert_eq(c.time.sec, T2024);
			cr_assert_eq(c.time.nsec, 123456789);
		}
	}
}

/* splitmix64: a fixed sequence for reproducible cases */
static uint64_t rng_state = 0x243f6a8885a308d3ULL;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(cri, generated_lines)
{
	static const struct {
		const char *stamp;
		int64_t sec;
		int32_t nsec;
	} stamps[] = {
		{"2024-05-30T12:34:56Z", T2024, 0},
		{"2024-05-30T12:34:56.5Z", T2024, 500000000},
		{"2024-05-30T12:34:56.000001Z", T2024, 1000},
		{"2024-05-30T14:34:56.123456789+02:00", T2024, 123456789},
		{"2016-10-06T00:17:09.669794202Z", T2016, 669794202},
		{"2016-10-05T19:17:09.66979420-05:00", T2016, 669794200},
	};
	static const char *const streams[] = {"stdout", "stderr"};
	static const char *const tags[] = {"F", "P", "F:a", "P:a:b", "", "Z"};
	static const char alphabet[] = "ab Z:P\t\"\\{}\xc3\xa9\xff\r";
	char line[512], msg[256];
	for (int it = 0; it < 20000; it++) {
		size_t si = rnd() % 6, st = rnd() % 2, tg = rnd() % 6, mn = rnd() % 200;
		for (size_t k = 0; k < mn; k++)
			msg[k] = alphabet[rnd() % (sizeof alphabet - 1)];
		int h = snprintf(line, sizeof line, "%s %s %s ", stamps[si].stamp, streams[st], tags[tg]);
		memcpy(line + h, msg, mn);
		cri_line c;
		cr_assert(cri_scan(line, (size_t)h + mn, &c), "rejected generated line %d", it);
		cr_assert_eq(c.time.sec, stamps[si].sec);
		cr_assert_eq(c.time.nsec, stamps[si].nsec);
		cr_assert_eq(c.time_text.n, strlen(stamps[si].stamp));
		cr_assert(memcmp(c.stream.p, streams[st], 6) == 0);
		cr_assert_eq(c.partial, tags[tg][0] == 'P');
		cr_assert_eq(c.msg.p, line + h);
		cr_assert_eq(c.msg.n, mn);
	}
}
