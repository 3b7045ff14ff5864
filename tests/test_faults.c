/* test_faults.c — faults and awkward input, end to end (issue 7), for the
 * cases the other end-to-end suites do not already cover: SIGINT, a real
 * read error, a file that disappears before its turn, NUL bytes, invalid
 * UTF-8, \r\n endings, duplicate keys, \u-escaped keys, surrogate pairs and
 * numbers where strings are expected.  (Covered elsewhere: /dev/full and a
 * closed pipe, SIGTERM, a directory as input, a 100 MB line, a million
 * empty lines and deep nesting in test_cli.c; a catastrophic user regex in
 * test_cli_formats.c.)
 *
 * T = 2024-05-30T12:34:56Z = 1717072496 s (date -u -d 2024-05-30T12:34:56Z +%s).
 * Expected outputs follow README.md "Output": fields go before a JSON line's
 * closing brace; a CRI line becomes {"log":…,"stream":…,"time":…} escaped as
 * Go's encoding/json escapes (Docker's json-file driver); anything tsnorm
 * cannot read is written unchanged. */
#include "proc.h"

TestSuite(faults, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 120);

/* Runs tsnorm with the given options on in and checks the whole output. */
static void expect(const char *const *argv, const char *in, size_t in_n, const char *want,
		   size_t want_n)
{
	run_result r = run(argv, in, in_n);
	cr_assert_eq(r.status, 0, "status %d, stderr: %s", r.status, r.err);
	cr_assert_eq(r.out_n, want_n, "got %zu bytes, want %zu:\n%.*s", r.out_n, want_n,
		     (int)r.out_n, r.out);
	cr_assert(memcmp(r.out, want, want_n) == 0, "got:\n%.*s\nwant:\n%.*s", (int)r.out_n,
		  r.out, (int)want_n, want);
	run_free(&r);
}

#define EXPECT(in, want)                                                                      \
	expect((const char *const[]){"tsnorm", NULL}, in, sizeof(in) - 1, want,               \
	       sizeof(want) - 1)

static char *read_all(int fd, size_t *n)
{
	size_t cap = 4096, len = 0;
	char *b = malloc(cap);
	ssize_t k;
	while ((k = read(fd, b + len, cap - len)) > 0) {
		len += (size_t)k;
		if (len == cap)
			b = realloc(b, cap *= 2);
	}
	*n = len;
	return b;
}

Test(faults, sigint_mid_stream_flushes_complete_lines_and_no_half_line)
{
	int pin[2], pout[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
	pid_t pid = spawn_tsnorm((const char *const[]){"tsnorm", "--input", "raw", NULL}, pin,
				 pout, NULL);
	close(pin[0]);
	close(pout[1]);
	const char *lines = "2024-05-30T12:34:56.5Z one\n2024-05-30T12:34:56.5Z two\n";
	cr_assert_eq(write(pin[1], lines, strlen(lines)), (ssize_t)strlen(lines));
	cr_assert_eq(write(pin[1], "2024-05-30T12:34:56.5Z ha", 25), 25);
	/* both complete lines come out while the input stays open */
	char buf[4096];
	size_t got = read_lines(pout[0], buf, sizeof buf, 2);
	cr_assert_eq(kill(pid, SIGINT), 0);
	size_t rest_n;
	char *rest = read_all(pout[0], &rest_n);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st), "killed by SIGINT instead of stopping at a line boundary");
	cr_assert_eq(WEXITSTATUS(st), 128 + SIGINT);
	cr_assert_eq(rest_n, 0, "written after the signal: %.*s", (int)rest_n, rest);
	static const char want[] = "{\"log\":\"2024-05-30T12:34:56.5Z one\",\"__time_ms\":1717072496500}\n"
				   "{\"log\":\"2024-05-30T12:34:56.5Z two\",\"__time_ms\":1717072496500}\n";
	cr_assert_eq(got, sizeof want - 1, "%.*s", (int)got, buf);
	cr_assert(memcmp(buf, want, got) == 0, "%.*s", (int)got, buf);
	free(rest);
	close(pin[1]);
	close(pout[0]);
}

Test(faults, read_error_is_named_and_the_next_input_still_read)
{
	/* reading /proc/self/mem at offset 0 fails with EIO: a real read()
	 * error after a successful open, unlike a missing file */
	if (access("/proc/self/mem", R_OK) != 0)
		cr_skip_test("no /proc/self/mem here");
	spew(tmp("after.log"), "after\n", 6);
	run_result r = run((const char *[]){"tsnorm", "--no-source-labels", "/proc/self/mem",
					    tmp("after.log"), NULL},
			   NULL, 0);
	cr_assert_eq(r.status, 2, "status %d: %s", r.status, r.err);
	cr_assert(strstr(r.err, "/proc/self/mem: read error at byte 0: Input/output error"), "%s",
		  r.err);
	cr_assert_eq(r.out_n, 6);
	cr_assert(memcmp(r.out, "after\n", 6) == 0, "%.*s", (int)r.out_n, r.out);
	run_free(&r);
}

Test(faults, a_file_that_disappears_before_its_turn)
{
	/* the first input is a pipe held open; the second file is removed while
	 * tsnorm still reads the first, then the pipe ends */
	spew(tmp("gone.log"), "gone\n", 5);
	int pin[2], pout[2], perr[2];
	cr_assert(pipe(pin) == 0 && pipe(pout) == 0 && pipe(perr) == 0);
	pid_t pid = spawn_tsnorm((const char *const[]){"tsnorm", "--no-source-labels", "-",
						       tmp("gone.log"), NULL},
				 pin, pout, perr);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	cr_assert_eq(write(pin[1], "first\n", 6), 6);
	char buf[64];
	size_t got = 0;
	while (got < 6) {
		ssize_t k = read(pout[0], buf + got, sizeof buf - got);
		cr_assert_gt(k, 0);
		got += (size_t)k;
	}
	cr_assert_eq(unlink(tmp("gone.log")), 0);
	close(pin[1]);
	size_t rest_n, err_n;
	char *rest = read_all(pout[0], &rest_n);
	char *err = read_all(perr[0], &err_n);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st));
	cr_assert_eq(WEXITSTATUS(st), 2, "a missing input is status 2");
	cr_assert_eq(rest_n, 0);
	cr_assert(memcmp(buf, "first\n", 6) == 0);
	cr_assert(memmem(err, err_n, "gone.log: No such file or directory", 35), "%.*s",
		  (int)err_n, err);
	free(rest);
	free(err);
	close(pout[0]);
	close(perr[0]);
}

Test(faults, nul_bytes)
{
	/* text with a NUL: unchanged; a raw NUL inside a JSON string is a control
	 * character JSON forbids: unchanged; an escaped \u0000 in a value is
	 * fine (README); a CRI message with a NUL is written as \u0000, as Go's
	 * encoding/json writes it */
	EXPECT("a\0b\n"
	       "{\"log\":\"a\0b\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
	       "{\"log\":\"2024-05-30T12:34:56.5Z a\\u0000b\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\n"
	       "2024-05-30T12:34:56.5Z stdout F a\0b\n",
	       "a\0b\n"
	       "{\"log\":\"a\0b\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
	       "{\"log\":\"2024-05-30T12:34:56.5Z a\\u0000b\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\""
	       ",\"__time_ms\":1717072496500,\"__skew_ms\":0.000}\n"
	       "{\"log\":\"a\\u0000b\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\""
	       ",\"__time_ms\":1717072496500,\"__time_src\":\"runtime\"}\n");
}

Test(faults, invalid_utf8)
{
	/* a Docker line holding invalid UTF-8 is not valid JSON: unchanged; a
	 * CRI message's invalid byte is written as U+FFFD, one per byte
	 * (README "Invalid UTF-8") */
	EXPECT("{\"log\":\"caf\xe9\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
	       "2024-05-30T12:34:56.5Z stderr F caf\xe9 \xc3\n",
	       "{\"log\":\"caf\xe9\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
	       "{\"log\":\"caf\\ufffd \\ufffd\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-30T12:34:56.5Z\""
	       ",\"__time_ms\":1717072496500,\"__time_src\":\"runtime\"}\n");
}

Test(faults, crlf_endings)
{
	/* the line ends at \n; a \r before it belongs to the line: text keeps
	 * it; after a JSON object it is white space after the closing brace, so
	 * the fields go before the brace and the \r stays after it; in a CRI
	 * line it is the message's last byte, escaped as \r */
	EXPECT("plain text\r\n"
	       "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\r\n"
	       "2024-05-30T12:34:56.5Z stdout F x\r\n",
	       "plain text\r\n"
	       "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\""
	       ",\"__time_ms\":1717072496500,\"__time_src\":\"runtime\"}\r\n"
	       "{\"log\":\"x\\r\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\""
	       ",\"__time_ms\":1717072496500,\"__time_src\":\"runtime\"}\n");
}

Test(faults, duplicate_keys_the_last_wins_as_in_go)
{
	/* Go's encoding/json (Docker's decoder) keeps the last of duplicate
	 * keys: the runtime time is 12:35:00 = T + 4 s = 1717072500 s, and the
	 * message searched is the second log */
	EXPECT("{\"log\":\"no stamp\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\","
	       "\"time\":\"2024-05-30T12:35:00Z\"}\n"
	       "{\"log\":\"2024-05-30T12:34:50Z first\\n\",\"log\":\"2024-05-30T12:34:56.5Z second\\n\","
	       "\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\n",
	       "{\"log\":\"no stamp\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\","
	       "\"time\":\"2024-05-30T12:35:00Z\",\"__time_ms\":1717072500000,\"__time_src\":\"runtime\"}\n"
	       "{\"log\":\"2024-05-30T12:34:50Z first\\n\",\"log\":\"2024-05-30T12:34:56.5Z second\\n\","
	       "\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\",\"__time_ms\":1717072496500,"
	       "\"__skew_ms\":0.000}\n");
}

Test(faults, escaped_keys_are_the_keys_they_spell)
{
	/* "\u006cog" is log, "\u0073tream" stream, "\u0074ime" time; the
	 * stamp .5 (one digit: [.5, .6]) holds the runtime .5: skew 0 */
	EXPECT("{\"\\u006cog\":\"2024-05-30T12:34:56.5Z x\\n\",\"\\u0073tream\":\"stdout\","
	       "\"\\u0074ime\":\"2024-05-30T12:34:57Z\"}\n",
	       "{\"\\u006cog\":\"2024-05-30T12:34:56.5Z x\\n\",\"\\u0073tream\":\"stdout\","
	       "\"\\u0074ime\":\"2024-05-30T12:34:57Z\",\"__time_ms\":1717072496500,"
	       "\"__skew_ms\":-400.000,\"__skew\":true}\n");
}

Test(faults, surrogate_pairs)
{
	/* \ud83d\ude00 is U+1F600, one character before the logfmt stamp; a lone
	 * \ud800 is not a character: jansson refuses the line, written
	 * unchanged; a raw U+1F600 in a CRI message stays raw UTF-8 (Go's
	 * encoder escapes only control characters, <, >, &, U+2028, U+2029) */
	EXPECT("{\"log\":\"\\ud83d\\ude00 ts=2024-05-30T12:34:56.5Z\\n\",\"stream\":\"stdout\","
	       "\"time\":\"2024-05-30T12:34:56.5Z\"}\n"
	       "{\"log\":\"\\ud800 x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\n"
	       "2024-05-30T12:34:56.5Z stdout F \xf0\x9f\x98\x80 <x>\n",
	       "{\"log\":\"\\ud83d\\ude00 ts=2024-05-30T12:34:56.5Z\\n\",\"stream\":\"stdout\","
	       "\"time\":\"2024-05-30T12:34:56.5Z\",\"__time_ms\":1717072496500,\"__skew_ms\":0.000}\n"
	       "{\"log\":\"\\ud800 x\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56.5Z\"}\n"
	       "{\"log\":\"\xf0\x9f\x98\x80 \\u003cx\\u003e\\n\",\"stream\":\"stdout\","
	       "\"time\":\"2024-05-30T12:34:56.5Z\",\"__time_ms\":1717072496500,\"__time_src\":\"runtime\"}\n");
}

Test(faults, numbers_where_strings_are_expected)
{
	/* Docker's decoder refuses a number for log, stream or time, so none of
	 * these is a Docker line; each is read as any other JSON object: its
	 * own time member gives the time (README "Any JSON object"), an epoch
	 * number 1717072496 is T; with no time at all it is unchanged */
	EXPECT("{\"log\":42,\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
	       "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":1717072496}\n"
	       "{\"log\":\"x\\n\",\"stream\":1,\"time\":\"2024-05-30T12:34:56Z\"}\n"
	       "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":true}\n",
	       "{\"log\":42,\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\",\"__time_ms\":1717072496000}\n"
	       "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":1717072496,\"__time_ms\":1717072496000}\n"
	       "{\"log\":\"x\\n\",\"stream\":1,\"time\":\"2024-05-30T12:34:56Z\",\"__time_ms\":1717072496000}\n"
	       "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":true}\n");
	/* --input docker: not Docker lines, written unchanged */
	static const char in[] = "{\"log\":42,\"stream\":\"stdout\",\"time\":\"2024-05-30T12:34:56Z\"}\n"
				 "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":1717072496}\n";
	expect((const char *const[]){"tsnorm", "--input", "docker", NULL}, in, sizeof in - 1, in,
	       sizeof in - 1);
}
