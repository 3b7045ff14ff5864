/* main.c — tsnorm's command line: options, the inputs in order, the exit
 * status, and the one place where errors become messages. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats.h"
#include "merge.h"
#include "origin.h"
#include "pipeline.h"
#include "progress.h"
#include "report.h"
#include "sink.h"
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
	"      --output FORMAT   json (default), loki (one Loki push body per batch)\n"
	"                        or text (a timeline for people)\n"
	"      --color WHEN      text: auto (default: on a terminal), always, never\n"
	"      --batch-lines N   loki: entries per push body (default 1000)\n"
	"      --batch-bytes N   loki: bytes per push body (default 1M)\n"
	"      --merge           read all FILEs at once, write in time order; rotated\n"
	"                        siblings (x.log.2.gz x.log.1 x.log) oldest first\n"
	"      --since T         keep lines at or after T (RFC 3339)\n"
	"      --until T         keep lines before T (RFC 3339)\n"
	"      --around T        keep lines within --window of T\n"
	"      --window D        with --around: 250ms, 30s, 5m, 1h30m (default 5m)\n"
	"      --stats           print counts, skew percentiles and a summary per source\n"
	"                        to stderr at the end\n"
	"      --stats-json F    write the same as JSON to the file F\n"
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

/* Go's duration syntax without a sign: one or more <number>[.<fraction>]
 * <unit>, unit ns, us (or µs), ms, s, m, h; "0" alone.  At most 100 days. */
static int parse_duration(const char *s, int64_t *ns)
{
	static const struct { const char *u; int64_t ns; } units[] = {
		{"ns", 1}, {"us", 1000}, {"\xc2\xb5s", 1000}, {"ms", 1000000},
		{"h", 3600 * TSN_NS_PER_SEC}, {"m", 60 * TSN_NS_PER_SEC}, {"s", TSN_NS_PER_SEC},
	};
	const int64_t limit = 100LL * 86400 * TSN_NS_PER_SEC;
	if (!strcmp(s, "0")) {
		*ns = 0;
		return 0;
	}
	int64_t total = 0;
	const char *p = s;
	if (!*p)
		return -1;
	while (*p) {
		int64_t whole = 0, frac = 0, scale = 1;
		int digits = 0;
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			if (whole > limit)
				return -1;
			whole = whole * 10 + (*p - '0');
		}
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++, digits++)
				if (scale < 1000000000LL) {
					frac = frac * 10 + (*p - '0');
					scale *= 10;
				}
		if (!digits)
			return -1;
		size_t u = 0, nu = sizeof units / sizeof *units;
		while (u < nu && strncmp(p, units[u].u, strlen(units[u].u)))
			u++;
		if (u == nu)
			return -1;
		p += strlen(units[u].u);
		if (whole > limit / units[u].ns)
			return -1;
		total += whole * units[u].ns + frac * units[u].ns / scale;
		if (total > limit)
			return -1;
	}
	*ns = total;
	return 0;
}

static tsn_time time_add(tsn_time t, int64_t ns)
{
	t.sec += ns / TSN_NS_PER_SEC;
	int64_t n = t.nsec + ns % TSN_NS_PER_SEC;
	if (n >= TSN_NS_PER_SEC) {
		n -= TSN_NS_PER_SEC;
		t.sec++;
	} else if (n < 0) {
		n += TSN_NS_PER_SEC;
		t.sec--;
	}
	t.nsec = (int32_t)n;
	return t;
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

struct tick_ctx {
	tsn_progress *prog;
	const tsn_stats *st;
};

static void tick(void *ctx)
{
	struct tick_ctx *t = ctx;
	progress_tick(t->prog, t->st->lines_in);
}

/* The source column of the timeline and the summary: the container (its
 * short id), namespace/pod/container, the file's name, or stdin. */
static void input_display_name(const tsn_origin *o, char *out, size_t cap)
{
	if (!o)
		snprintf(out, cap, "stdin");
	else if (o->kind == ORIGIN_DOCKER)
		snprintf(out, cap, "%s", o->container);
	else if (o->kind == ORIGIN_K8S)
		snprintf(out, cap, "%s/%s/%s", o->ns, o->pod, o->container);
	else
		snprintf(out, cap, "%.*s", (int)o->base_len, o->base);
}

int main(int argc, char **argv)
{
	tsn_config cfg = {
		.max_skew_ns = 3000000,
		.max_line = 1u << 20,
	};
	int stats = 0, quiet = 0, list = 0, source_labels = -1, merge = 0, color = -1;
	tsn_sink_config scfg = {.output = TSN_OUT_JSON, .batch_lines = 1000,
				.batch_bytes = 1u << 20};
	const char *stats_json = NULL;
	int has_around = 0, has_window = 0;
	tsn_time around = {0};
	int64_t window_ns = 5 * 60 * TSN_NS_PER_SEC;
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
		OPT_LABEL, OPT_OUTPUT, OPT_COLOR, OPT_BATCH_LINES, OPT_BATCH_BYTES, OPT_MERGE,
		OPT_SINCE, OPT_UNTIL, OPT_AROUND, OPT_WINDOW, OPT_STATS_JSON,
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
		{"output", required_argument, 0, OPT_OUTPUT},
		{"color", required_argument, 0, OPT_COLOR},
		{"batch-lines", required_argument, 0, OPT_BATCH_LINES},
		{"batch-bytes", required_argument, 0, OPT_BATCH_BYTES},
		{"merge", no_argument, 0, OPT_MERGE},
		{"since", required_argument, 0, OPT_SINCE},
		{"until", required_argument, 0, OPT_UNTIL},
		{"around", required_argument, 0, OPT_AROUND},
		{"window", required_argument, 0, OPT_WINDOW},
		{"stats-json", required_argument, 0, OPT_STATS_JSON},
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
		case OPT_STATS_JSON:
			stats_json = optarg;
			break;
		case OPT_OUTPUT: {
			static const char *const outs[] = {"json", "loki", "text"};
			size_t m = 0;
			while (m < 3 && strcmp(optarg, outs[m]))
				m++;
			if (m == 3)
				usage_error("--output: expected json, loki or text, got '%s'%s", optarg, "");
			scfg.output = (enum tsn_output)m;
			break;
		}
		case OPT_COLOR:
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (!strcmp(optarg, "auto"))
				color = -1;
			else
				usage_error("--color: expected auto, always or never, got '%s'%s", optarg, "");
			break;
		case OPT_BATCH_LINES: {
			size_t v;
			if (parse_size(optarg, &v) || v < 1 || v > 1000000)
				usage_error("--batch-lines: expected 1 to 1000000, got '%s'%s", optarg, "");
			scfg.batch_lines = v;
			break;
		}
		case OPT_BATCH_BYTES:
			if (parse_size(optarg, &scfg.batch_bytes) || scfg.batch_bytes < 1024)
				usage_error("--batch-bytes: expected a size from 1K to 1G like 1M, got '%s'%s",
					    optarg, "");
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
		case OPT_AROUND: {
			tsn_time t;
			if (rfc3339_parse_exact(optarg, strlen(optarg), &t) < 0)
				usage_error("%s: expected an RFC 3339 time like 2024-05-30T12:34:56Z, got '%s'",
					    c == OPT_SINCE ? "--since" : c == OPT_UNTIL ? "--until" : "--around",
					    optarg);
			if (c == OPT_SINCE) {
				scfg.has_since = 1;
				scfg.since = t;
			} else if (c == OPT_UNTIL) {
				scfg.has_until = 1;
				scfg.until = t;
			} else {
				has_around = 1;
				around = t;
			}
			break;
		}
		case OPT_WINDOW:
			if (parse_duration(optarg, &window_ns))
				usage_error("--window: expected a duration like 250ms, 30s, 5m or 1h30m, "
					    "got '%s'%s",
					    optarg, "");
			has_window = 1;
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

	if (has_window && !has_around)
		usage_error("--window needs --around%s%s", "", "");
	if (has_around) {
		if (scfg.has_since || scfg.has_until)
			usage_error("--around cannot go with --since or --until%s%s", "", "");
		scfg.has_since = scfg.has_until = 1;
		scfg.since = time_add(around, -window_ns);
		scfg.until = time_add(around, window_ns);
	}
	if (scfg.output == TSN_OUT_TEXT)
		scfg.color = color >= 0 ? color : isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	scfg.stats = stats || stats_json;
	scfg.max_skew_ns = cfg.max_skew_ns;

	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = {.sa_handler = on_stop}; /* no SA_RESTART: reads return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	int status = EXIT_OK;
	int nfiles = argc - optind;
	const char *const *files = (const char *const *)argv + optind;
	if (source_labels < 0)
		source_labels = nfiles > 1;

	/* the inputs: each file, or under --merge each family of rotated files */
	static const char *const stdin_only[] = {"-"};
	size_t n_paths = nfiles ? (size_t)nfiles : 1;
	const char *const *paths = nfiles ? files : stdin_only;
	tsn_family *fams = malloc(n_paths * sizeof *fams);
	const char **order = malloc(n_paths * sizeof *order);
	if (!fams || !order) {
		fprintf(stderr, "tsnorm: out of memory\n");
		return EXIT_INTERNAL;
	}
	size_t n_in;
	if (merge) {
		n_in = merge_families(paths, n_paths, fams, order);
	} else {
		for (size_t i = 0; i < n_paths; i++) {
			order[i] = paths[i];
			fams[i] = (tsn_family){&order[i], 1};
		}
		n_in = n_paths;
	}

	/* progress: named regular files, stderr a terminal, not -q */
	uint64_t total = 0;
	for (int i = 0; i < nfiles; i++) {
		struct stat sb;
		if (strcmp(files[i], "-") && stat(files[i], &sb) == 0 && S_ISREG(sb.st_mode))
			total += (uint64_t)sb.st_size;
	}
	static tsn_progress prog;
	progress_init(&prog, !quiet && nfiles > 0 && isatty(STDERR_FILENO), STDERR_FILENO, total);

	/* records go through a sink unless they are simply written as they come */
	int use_sink = merge || scfg.output != TSN_OUT_JSON || scfg.has_since || scfg.has_until ||
		       scfg.stats;
	tsn_sink *sink = NULL;
	if (use_sink) {
		sink = sink_new(&scfg, STDOUT_FILENO, n_in);
		for (size_t i = 0; sink && i < n_in; i++) {
			/* a family is named and labelled by its live (last) file */
			const char *path = fams[i].paths[fams[i].n - 1];
			int named = strcmp(path, "-") != 0;
			if (named)
				origin_from_path(path, &origin);
			char name[400]; /* ns/pod/container: sink_set_input keeps the end */
			input_display_name(named ? &origin : NULL, name, sizeof name);
			if (sink_set_input(sink, (int)i, name, source_labels && named ? &origin : NULL,
					   &labels) ||
			    sink_set_paths(sink, (int)i, fams[i].paths, fams[i].n)) {
				sink_free(sink);
				sink = NULL;
			}
		}
		if (!sink) {
			fprintf(stderr, "tsnorm: out of memory\n");
			return EXIT_INTERNAL;
		}
	}

	tsn_stats st;
	stats_init(&st);
	tsn_out *out;
	tsn_pipeline p;
	int have_p = 0;
	if (merge) {
		tsn_merge_opts mo = {.cfg = &cfg, .source_labels = source_labels, .quiet = quiet,
				     .progress = &prog};
		int r = merge_run(fams, n_in, &mo, sink, &st);
		if (r < 0) {
			progress_clear(&prog);
			fprintf(stderr, "tsnorm: out of memory (--merge of %zu inputs, --max-line %zu)\n",
				n_in, cfg.max_line);
			status = EXIT_INTERNAL;
		} else if (r) {
			status = EXIT_INPUT;
		}
		out = sink_out(sink);
	} else {
		if (pipeline_init(&p, &cfg, sink ? -1 : STDOUT_FILENO)) {
			fprintf(stderr, "tsnorm: out of memory (--max-line %zu)\n", cfg.max_line);
			return EXIT_INTERNAL;
		}
		have_p = 1;
		if (sink)
			pipeline_set_sink(&p, sink_record, sink_idle, sink, sink_out(sink));
		out = sink ? sink_out(sink) : &p.out;
		struct tick_ctx tc = {&prog, &p.st};
		if (prog.on) {
			p.on_read = tick;
			p.on_read_ctx = &tc;
		}
		for (size_t i = 0; i < n_in && !out_failed(out) && !tsn_stop; i++) {
			const char *path = nfiles ? order[i] : NULL;
			tsn_source src;
			p.st.inputs++;
			if (source_open(&src, path, 256u * 1024u)) {
				progress_clear(&prog);
				if (!quiet)
					fprintf(stderr, "tsnorm: %s: %s\n", path, strerror(errno));
				p.st.inputs_bad++;
				status = EXIT_INPUT;
				continue;
			}
			struct stat sb;
			if (prog.on && src.is_reg && fstat(src.fd, &sb) == 0)
				progress_open(&prog, src.fd, (uint64_t)sb.st_size);
			if (source_labels && path && strcmp(path, "-"))
				origin_from_path(path, &origin);
			else
				origin.len = 0;
			pipeline_new_input(&p, src.name, origin.frag, origin.len);
			p.input_idx = (int)i;
			/* a line without a time takes the time of the record before
			 * it from the same input, never from the file before */
			p.has_last = 0;
			progress_tick(&prog, p.st.lines_in);
			if (pipeline_run(&p, &src) < 0) {
				progress_clear(&prog);
				if (!quiet)
					fprintf(stderr, "tsnorm: %s: %s; the lines before it were processed\n",
						src.name, src.err);
				p.st.inputs_bad++;
				status = EXIT_INPUT;
			}
			progress_close(&prog, src.fd);
			source_close(&src);
		}
		pipeline_flush_joins(&p);
		stats_add(&st, &p.st);
	}
	progress_clear(&prog);
	if (sink)
		sink_finish(sink);
	else
		out_flush(out);
	if (out->err) {
		fprintf(stderr, "tsnorm: write error: %s\n", strerror(out->err));
		status = EXIT_OUTPUT;
	}
	if (stats) {
		stats_report(&st, stderr, cfg.max_skew_ns, &reg);
		uint64_t hits = userfmt_limit_hits(user);
		if (hits)
			fprintf(stderr, "  regex limit hits   %12llu  (a user format's pattern gave up)\n",
				(unsigned long long)hits);
		report_sources(sink, &st, stderr, cfg.max_skew_ns, &reg);
	} else if (!quiet && userfmt_limit_hits(user)) {
		fprintf(stderr, "tsnorm: warning: a user format's regex gave up at its match limit "
				"%llu time(s); those lines were matched against the other formats\n",
			(unsigned long long)userfmt_limit_hits(user));
	}
	if (stats_json &&
	    report_json(sink, &st, stats_json, cfg.max_skew_ns, &reg, userfmt_limit_hits(user), err,
			sizeof err)) {
		fprintf(stderr, "tsnorm: --stats-json: %s\n", err);
		if (status == EXIT_OK)
			status = EXIT_OUTPUT;
	}
	if (have_p)
		pipeline_free(&p);
	sink_free(sink);
	free(fams);
	free(order);
	tsn_zone_free(zone);
	userfmt_free(user);
	if (tsn_stop && status == EXIT_OK)
		status = 128 + tsn_stop; /* stopped by a signal, after a clean flush */
	return status;
}
