/* main.c — tsnorm's command line: options, the inputs in order, the exit
 * status, and the one place where errors become messages. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "origin.h"
#include "pipeline.h"
#include "userfmt.h"

#ifndef TSNORM_VERSION
#define TSNORM_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_INPUT = 2, EXIT_OUTPUT = 3, EXIT_INTERNAL = 4 };

static const char usage_text[] =
	"Usage: tsnorm [OPTIONS] [FILE...]\n"
	"Adds the application's own time to container log lines.\n"
	"\n"
	"Reads each FILE in order (plain or gzip, by content), or standard input\n"
	"when there is none or FILE is -: Docker json-file, CRI, any JSON object or\n"
	"raw text (--input). Each record gains \"__time_ms\" (epoch ms of the app's\n"
	"own timestamp, or of the runtime's time with \"__time_src\":\"runtime\"),\n"
	"\"__skew_ms\" (app - runtime) and \"__skew\":true beyond --max-skew. One line\n"
	"comes out per line in, except that the pieces of a split message come out\n"
	"as one; a line tsnorm cannot read is written unchanged.\n"
	"\n"
	"Options:\n"
	"      --max-skew MS     flag |skew| above MS milliseconds (default 3)\n"
	"      --tz ZONE         zone of stamps without one: UTC (default), +hh:mm, an\n"
	"                        IANA name like Europe/Berlin, or auto (learn it per stream)\n"
	"      --max-line BYTES  longer lines pass through unchanged (default 1M;\n"
	"                        K, M, G suffixes are powers of 1024)\n"
	"      --time-string     also write \"__time\":\"YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ\"\n"
	"      --format A,B,...  try only these timestamp formats, in this order\n"
	"      --list-formats    list the formats with an example each, and exit\n"
	"      --formats-file F  load user formats (JSON: name, regex, layout); repeatable\n"
	"      --app-key KEY     also take the time from KEY in JSON messages; repeatable\n"
	"      --annotate        also write \"__ts_format\": the format that matched\n"
	"      --input MODE      auto (default: Docker, CRI or JSON, line by line),\n"
	"                        docker, cri, json (any object) or raw (plain text)\n"
	"      --runtime-key KEY JSON objects: KEY holds the runtime's time\n"
	"      --message-key KEY JSON objects: KEY holds the message (default: the\n"
	"                        first of log, message, msg); repeatable\n"
	"      --no-join         keep the pieces of split messages apart\n"
	"      --source-labels   add __container/__pod/... or __file from each FILE's\n"
	"                        path (default when more than one FILE is named)\n"
	"      --no-source-labels  never add them\n"
	"      --label K=V       add the field K with value V to every line; repeatable\n"
	"      --stats           print counts and skew percentiles to stderr at the end\n"
	"  -q, --quiet           no warnings about damaged or unreadable inputs\n"
	"  -h, --help            show this help and exit\n"
	"  -V, --version         show the version and the gzip inflate in use, and exit\n"
	"\n"
	"Exit status: 0 ok; 1 usage error; 2 an input was damaged or unreadable\n"
	"(all that could be read was processed); 3 writing the output failed;\n"
	"4 out of memory at start-up; 128+N stopped by signal N after writing\n"
	"every complete line read so far.\n";

static void usage_error(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "tsnorm: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\nTry 'tsnorm --help' for more information.\n");
	exit(EXIT_USAGE);
}

/* "3", "2.5", "0.125": milliseconds with up to six decimals, to ns. */
static int parse_ms(const char *s, int64_t *ns)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, fd = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (whole > 100000000000LL)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, fd++) {
			if (fd >= 6)
				return -1;
			frac = frac * 10 + (*p - '0');
			digits++;
		}
	}
	if (*p || !digits)
		return -1;
	for (; fd < 6; fd++)
		frac *= 10;
	*ns = whole * 1000000 + frac; /* one millionth of a ms is a ns */
	return 0;
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	unsigned long long mul = 1;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: return -1;
	}
	if (*end && strcmp(end, "iB") && strcmp(end, "B"))
		return -1;
	if (v > (1ULL << 30) / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

/* --list-formats: each family in the order tried, its example, and what
 * tsnorm reads from that example (so the examples are checked as shown). */
static void list_formats(const tsn_registry *r, const tsn_zone *zone)
{
	for (size_t i = 0; i < r->n; i++) {
		const tsn_format_def *d = r->order[i];
		const char *ex = d->example ? d->example : "";
		tsn_time ref = {.sec = 1717072496, .nsec = 0, .prec = 1}; /* 2024-05-30T12:34:56Z */
		tsn_parse_ctx pc = {.ref = &ref, .json_keys = tsn_default_json_keys,
				    .n_json_keys = TSN_DEFAULT_JSON_KEYS};
		tsn_stamp st;
		char iso[32] = "(no stamp)";
		int zoneless = 0;
		if (*ex && d->locate(d, ex, strlen(ex), &pc, &st) > 0) {
			zoneless = st.zoneless;
			tsn_stamp_to_utc(&st, zone);
			iso[tsn_format_rfc3339nano(&st.t, iso)] = 0;
		}
		printf("%-12s %s\n%-12s   -> %s%s\n", d->name, ex, "", iso,
		       zoneless ? "  (zone-less: read in --tz)" : "");
	}
}

static void on_stop(int sig)
{
	tsn_stop = sig;
}

int main(int argc, char **argv)
{
	tsn_config cfg = {
		.max_skew_ns = 3000000,
		.max_line = 1u << 20,
	};
	int stats = 0, quiet = 0, list = 0, source_labels = -1;
	const char *msg_keys[TSN_MAX_KEYS];
	size_t n_msg_keys = 0;
	static tsn_origin labels, origin;
	origin_init(&labels);
	origin_init(&origin);
	const char *tz = "UTC", *format_list = NULL;
	const char *json_keys[16 + TSN_DEFAULT_JSON_KEYS];
	size_t n_keys = 0;
	for (size_t i = 0; i < TSN_DEFAULT_JSON_KEYS; i++)
		json_keys[n_keys++] = tsn_default_json_keys[i];
	tsn_userfmts *user = userfmt_new();
	if (!user) {
		fprintf(stderr, "tsnorm: out of memory\n");
		return EXIT_INTERNAL;
	}
	enum {
		OPT_MAX_SKEW = 256, OPT_TZ, OPT_MAX_LINE, OPT_STATS, OPT_TIME_STRING, OPT_FORMAT,
		OPT_LIST_FORMATS, OPT_ANNOTATE, OPT_FORMATS_FILE, OPT_APP_KEY, OPT_INPUT,
		OPT_RUNTIME_KEY, OPT_MESSAGE_KEY, OPT_NO_JOIN, OPT_SOURCE_LABELS, OPT_NO_SOURCE_LABELS,
		OPT_LABEL,
	};
	static const struct option longopts[] = {
		{"max-skew", required_argument, 0, OPT_MAX_SKEW},
		{"tz", required_argument, 0, OPT_TZ},
		{"max-line", required_argument, 0, OPT_MAX_LINE},
		{"time-string", no_argument, 0, OPT_TIME_STRING},
		{"format", required_argument, 0, OPT_FORMAT},
		{"list-formats", no_argument, 0, OPT_LIST_FORMATS},
		{"annotate", no_argument, 0, OPT_ANNOTATE},
		{"formats-file", required_argument, 0, OPT_FORMATS_FILE},
		{"app-key", required_argument, 0, OPT_APP_KEY},
		{"input", required_argument, 0, OPT_INPUT},
		{"runtime-key", required_argument, 0, OPT_RUNTIME_KEY},
		{"message-key", required_argument, 0, OPT_MESSAGE_KEY},
		{"no-join", no_argument, 0, OPT_NO_JOIN},
		{"source-labels", no_argument, 0, OPT_SOURCE_LABELS},
		{"no-source-labels", no_argument, 0, OPT_NO_SOURCE_LABELS},
		{"label", required_argument, 0, OPT_LABEL},
		{"stats", no_argument, 0, OPT_STATS},
		{"quiet", no_argument, 0, 'q'},
		{"help", no_argument, 0, 'h'},
		{"version", no_argument, 0, 'V'},
		{0, 0, 0, 0},
	};
	char err[512];
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":qhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MAX_SKEW:
			if (parse_ms(optarg, &cfg.max_skew_ns))
				usage_error("--max-skew: expected milliseconds like 3 or 2.5, got '%s'%s",
					    optarg, "");
			break;
		case OPT_TZ:
			tz = optarg;
			break;
		case OPT_MAX_LINE:
			if (parse_size(optarg, &cfg.max_line) || cfg.max_line < 64)
				usage_error("--max-line: expected a size from 64 to 1G like 65536 or 4M, "
					    "got '%s'%s",
					    optarg, "");
			break;
		case OPT_TIME_STRING:
			cfg.time_string = 1;
			break;
		case OPT_FORMAT:
			format_list = optarg;
			break;
		case OPT_LIST_FORMATS:
			list = 1;
			break;
		case OPT_ANNOTATE:
			cfg.annotate = 1;
			break;
		case OPT_FORMATS_FILE:
			if (userfmt_load_file(optarg, user, err, sizeof err))
				usage_error("--formats-file: %s%s", err, "");
			break;
		case OPT_APP_KEY:
			if (!*optarg || strlen(optarg) > 63)
				usage_error("--app-key: expected a key of 1 to 63 bytes, got '%s'%s", optarg,
					    "");
			if (n_keys == sizeof json_keys / sizeof *json_keys)
				usage_error("--app-key: at most 16 keys%s%s", "", "");
			json_keys[n_keys++] = optarg;
			break;
		case OPT_INPUT: {
			static const char *const modes[] = {"auto", "docker", "cri", "json", "raw"};
			size_t m = 0;
			while (m < 5 && strcmp(optarg, modes[m]))
				m++;
			if (m == 5)
				usage_error("--input: expected auto, docker, cri, json or raw, got '%s'%s",
					    optarg, "");
			cfg.input = (enum tsn_input)m;
			break;
		}
		case OPT_RUNTIME_KEY:
			if (!*optarg || strlen(optarg) > 63)
				usage_error("--runtime-key: expected a key of 1 to 63 bytes, got '%s'%s",
					    optarg, "");
			cfg.runtime_key = optarg;
			break;
		case OPT_MESSAGE_KEY:
			if (!*optarg || n_msg_keys == TSN_MAX_KEYS)
				usage_error("--message-key: expected a key (at most %s), got '%s'", "24",
					    optarg);
			msg_keys[n_msg_keys++] = optarg;
			break;
		case OPT_NO_JOIN:
			cfg.no_join = 1;
			break;
		case OPT_SOURCE_LABELS:
			source_labels = 1;
			break;
		case OPT_NO_SOURCE_LABELS:
			source_labels = 0;
			break;
		case OPT_LABEL:
			if (origin_add_label(&labels, optarg, err, sizeof err))
				usage_error("--label: %s%s", err, "");
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			userfmt_free(user);
			return EXIT_OK;
		case 'V':
			printf("tsnorm %s\ngzip inflate: %s\n", TSNORM_VERSION, source_inflate_name());
			userfmt_free(user);
			return EXIT_OK;
		case ':':
			usage_error("option '%s' needs a value%s", argv[optind - 1], "");
			break;
		default:
			usage_error("unknown option '%s'%s", argv[optind - 1], "");
		}
	}

	if (!strcmp(tz, "auto")) {
		cfg.tz_auto = 1;
		tz = "UTC";
	}
	tsn_zone *zone = tsn_zone_open(tz, err, sizeof err);
	if (!zone)
		usage_error("--tz: %s%s", err, "");
	cfg.zone = zone;
	cfg.json_keys = json_keys;
	cfg.n_json_keys = n_keys;
	if (n_msg_keys) {
		cfg.message_keys = msg_keys;
		cfg.n_message_keys = n_msg_keys;
	}
	cfg.labels = labels.frag;
	cfg.labels_n = labels.len;

	const tsn_format_def *user_defs[TSN_MAX_FORMATS];
	size_t n_user = userfmt_count(user);
	if (n_user > TSN_MAX_FORMATS / 2)
		usage_error("--formats-file: at most %d user formats%s", "32", "");
	for (size_t i = 0; i < n_user; i++)
		user_defs[i] = userfmt_def(user, i);
	static tsn_registry reg;
	if (tsn_registry_init(&reg, format_list, user_defs, n_user, err, sizeof err))
		usage_error("%s%s", err, "");
	cfg.reg = &reg;

	if (list) {
		list_formats(&reg, zone);
		tsn_zone_free(zone);
		userfmt_free(user);
		return EXIT_OK;
	}

	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = {.sa_handler = on_stop}; /* no SA_RESTART: reads return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	tsn_pipeline p;
	if (pipeline_init(&p, &cfg, STDOUT_FILENO)) {
		fprintf(stderr, "tsnorm: out of memory (--max-line %zu)\n", cfg.max_line);
		return EXIT_INTERNAL;
	}

	int status = EXIT_OK;
	int nfiles = argc - optind;
	if (source_labels < 0)
		source_labels = nfiles > 1;
	for (int i = 0; i < (nfiles ? nfiles : 1) && !out_failed(&p.out) && !tsn_stop; i++) {
		const char *path = nfiles ? argv[optind + i] : NULL;
		tsn_source src;
		p.st.inputs++;
		if (source_open(&src, path, 256u * 1024u)) {
			if (!quiet)
				fprintf(stderr, "tsnorm: %s: %s\n", path, strerror(errno));
			p.st.inputs_bad++;
			status = EXIT_INPUT;
			continue;
		}
		if (source_labels && path && strcmp(path, "-"))
			origin_from_path(path, &origin);
		else
			origin.len = 0;
		pipeline_new_input(&p, src.name, origin.frag, origin.len);
		if (pipeline_run(&p, &src) < 0) {
			if (!quiet)
				fprintf(stderr, "tsnorm: %s: %s; the lines before it were processed\n",
					src.name, src.err);
			p.st.inputs_bad++;
			status = EXIT_INPUT;
		}
		source_close(&src);
	}
	out_flush(&p.out);
	if (p.out.err) {
		fprintf(stderr, "tsnorm: write error: %s\n", strerror(p.out.err));
		status = EXIT_OUTPUT;
	}
	if (stats) {
		stats_report(&p.st, stderr, cfg.max_skew_ns, &reg);
		uint64_t hits = userfmt_limit_hits(user);
		if (hits)
			fprintf(stderr, "  regex limit hits   %12llu  (a user format's pattern gave up)\n",
				(unsigned long long)hits);
	} else if (!quiet && userfmt_limit_hits(user)) {
		fprintf(stderr, "tsnorm: warning: a user format's regex gave up at its match limit "
				"%llu time(s); those lines were matched against the other formats\n",
			(unsigned long long)userfmt_limit_hits(user));
	}
	pipeline_free(&p);
	tsn_zone_free(zone);
	userfmt_free(user);
	if (tsn_stop && status == EXIT_OK)
		status = 128 + tsn_stop; /* stopped by a signal, after a clean flush */
	return status;
}
