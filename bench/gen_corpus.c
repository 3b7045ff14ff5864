/* gen_corpus.c — deterministic corpus of Docker json-file log lines for the
 * tsnorm benchmark (bench/run) and for ad-hoc testing.
 *
 *   tsnorm-gen-corpus [-n LINES] [-s SEED] [-k KIND[,KIND...]]... [-v] [LINES]
 *
 * Writes LINES (default 1000000) lines exactly as Docker's json-file driver
 * writes them:  {"log":"<message>","stream":"stdout|stderr","time":"<t>"}
 * where <message> is escaped the way the driver's own marshaller does it
 * (\" \\ \n \r short; every other control byte, < > & as \u00XX; U+2028 and
 * U+2029 as \u2028/\u2029; each byte of invalid UTF-8 as \ufffd; valid
 * non-ASCII UTF-8 as is) and <t> is Go's RFC3339Nano in UTC (fraction zeros
 * trimmed, the dot dropped on a whole second).  Complete messages end in \n;
 * a message of 16 KiB or more is split into 16384-byte partial lines first,
 * all carrying the time of the first, as the driver does.
 *
 * The runtime clock starts at 2024-05-30T00:00:00Z and advances by a few ms
 * per message (microseconds inside multi-line bursts such as stack traces).
 * Each message's own stamp is the runtime time minus a write delay of tens
 * of microseconds — about 1% of messages lag or lead by 3.5 ms .. 500 ms —
 * truncated to the precision its format writes.  The carriers and their
 * shares are in the table `kinds` below; -k keeps only the named ones (a
 * single-format corpus with -k klog), with their weights unchanged.
 *
 * Everything derives from one splitmix64 stream, so a (LINES, SEED, kinds)
 * triple always yields the same bytes.  -v prints what was generated to
 * stderr, including what tsnorm --stats should report: the lines that carry
 * a stamp, and the skews it flags at the default --max-skew. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tstime.h"

#define NS_PER_US 1000LL
#define NS_PER_MS 1000000LL
#define NS_PER_S TSN_NS_PER_SEC
#define START_SEC 1717027200LL /* 2024-05-30T00:00:00Z */
#define PARTIAL_MAX 16384u     /* Docker's copier buffer */
#define DEFAULT_LINES 1000000ULL
#define DEFAULT_SEED 0x74736e6f726dULL /* "tsnorm" */

/* ------------------------------------------------------------------ */
/* growable byte buffer                                                 */

typedef struct sb {
	char *p;
	size_t n, cap;
} sb;

static void die(const char *what)
{
	fprintf(stderr, "tsnorm-gen-corpus: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void sb_reserve(sb *b, size_t extra)
{
	if (b->n + extra <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->n + extra)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		die("out of memory");
	b->p = p;
	b->cap = cap;
}

static void put_mem(sb *b, const void *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void put(sb *b, const char *s)
{
	put_mem(b, s, strlen(s));
}

static void put_c(sb *b, char c)
{
	sb_reserve(b, 1);
	b->p[b->n++] = c;
}

/* Unsigned decimal, zero-padded to at least width digits. */
static void put_u(sb *b, uint64_t v, int width)
{
	char t[24];
	int k = 0;
	do {
		t[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k < width)
		t[k++] = '0';
	sb_reserve(b, (size_t)k);
	while (k)
		b->p[b->n++] = t[--k];
}

static void put_i(sb *b, int64_t v)
{
	if (v < 0) {
		put_c(b, '-');
		put_u(b, (uint64_t)0 - (uint64_t)v, 1);
	} else {
		put_u(b, (uint64_t)v, 1);
	}
}

static void put_hex(sb *b, uint64_t v, int digits)
{
	static const char hx[] = "0123456789abcdef";
	sb_reserve(b, (size_t)digits);
	for (int i = digits - 1; i >= 0; i--)
		b->p[b->n++] = hx[(v >> (4 * i)) & 15];
}

/* ------------------------------------------------------------------ */
/* the random stream                                                    */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); the modulo bias is below 2^-40 for every n used here. */
static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

static int64_t between(int64_t lo, int64_t hi)
{
	return lo + (int64_t)below((uint64_t)(hi - lo + 1));
}

/* True with probability per / 1e6. */
static int chance(uint32_t per_million)
{
	return below(1000000) < per_million;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

/* ------------------------------------------------------------------ */
/* time formatting                                                      */

typedef struct civil {
	int64_t year;
	int month, day, hour, min, sec;
	int64_t nsec;
} civil;

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The wall clock at instant ns (epoch nanoseconds) in a zone tz_min east. */
static civil civil_at(int64_t ns, int tz_min)
{
	civil c;
	ns += (int64_t)tz_min * 60 * NS_PER_S;
	int64_t sec = floor_div(ns, NS_PER_S);
	c.nsec = ns - sec * NS_PER_S;
	int64_t days = floor_div(sec, 86400);
	int64_t sod = sec - days * 86400;
	civil_from_days(days, &c.year, &c.month, &c.day);
	c.hour = (int)(sod / 3600);
	c.min = (int)(sod / 60 % 60);
	c.sec = (int)(sod % 60);
	return c;
}

enum { FRAC_TRIM = -1 }; /* Go's ".999999999": zeros trimmed, dot dropped at 0 */

/* 10^(9 - digits): the weight in ns of the last of `digits` fraction digits,
 * which is the precision tsnorm gives a stamp written that way. */
static int64_t prec_of_digits(int digits)
{
	int64_t p = 1;
	for (int i = digits; i < 9; i++)
		p *= 10;
	return p;
}

/* Writes the fraction; returns the precision written (ns per last digit). */
static int64_t put_frac(sb *b, int64_t nsec, int digits)
{
	if (digits == 0)
		return NS_PER_S;
	if (digits == FRAC_TRIM) {
		if (nsec == 0)
			return NS_PER_S;
		digits = 9;
		while (nsec % 10 == 0) {
			nsec /= 10;
			digits--;
		}
		put_c(b, '.');
		put_u(b, (uint64_t)nsec, digits);
		return prec_of_digits(digits);
	}
	int64_t div = prec_of_digits(digits);
	put_c(b, '.');
	put_u(b, (uint64_t)(nsec / div), digits); /* truncated, never rounded */
	return div;
}

enum zone_style { ZONE_Z, ZONE_COLON, ZONE_PLAIN };

/* Go's Z07:00 writes Z for UTC; "+00:00" is how a named zone at offset 0
 * (or a fixed "-07:00" layout) writes it; ZONE_PLAIN is Z0700 (zap). */
static void put_zone(sb *b, int tz_min, enum zone_style z)
{
	if (tz_min == 0 && z != ZONE_COLON) {
		put_c(b, 'Z');
		return;
	}
	int a = tz_min < 0 ? -tz_min : tz_min;
	put_c(b, tz_min < 0 ? '-' : '+');
	put_u(b, (uint64_t)(a / 60), 2);
	if (z == ZONE_COLON || z == ZONE_Z)
		put_c(b, ':');
	put_u(b, (uint64_t)(a % 60), 2);
}

/* "15:04:05" */
static void put_hms(sb *b, const civil *c)
{
	put_u(b, (uint64_t)c->hour, 2);
	put_c(b, ':');
	put_u(b, (uint64_t)c->min, 2);
	put_c(b, ':');
	put_u(b, (uint64_t)c->sec, 2);
}

/* "2006-01-02" with the given separator */
static void put_ymd(sb *b, const civil *c, char sep)
{
	put_u(b, (uint64_t)c->year, 4);
	put_c(b, sep);
	put_u(b, (uint64_t)c->month, 2);
	put_c(b, sep);
	put_u(b, (uint64_t)c->day, 2);
}

/* RFC 3339 with the given fraction digits (0, 3, 6, 9 or FRAC_TRIM);
 * returns the precision written. */
static int64_t put_rfc3339(sb *b, int64_t ns, int digits, int tz_min, enum zone_style z)
{
	civil c = civil_at(ns, tz_min);
	put_ymd(b, &c, '-');
	put_c(b, 'T');
	put_hms(b, &c);
	int64_t prec = put_frac(b, c.nsec, digits);
	put_zone(b, tz_min, z);
	return prec;
}

/* Go's log package: "2006/01/02 15:04:05" [+ ".000000" with Lmicroseconds]
 * (nginx's error log writes the same without a fraction). */
static int64_t put_golog(sb *b, int64_t ns, int micro)
{
	civil c = civil_at(ns, 0);
	put_ymd(b, &c, '/');
	put_c(b, ' ');
	put_hms(b, &c);
	return micro ? put_frac(b, c.nsec, 6) : NS_PER_S;
}

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* klog's header time "0102 15:04:05.000000" (month, day; no year). */
static int64_t put_klog_time(sb *b, int64_t ns)
{
	civil c = civil_at(ns, 0);
	put_u(b, (uint64_t)c.month, 2);
	put_u(b, (uint64_t)c.day, 2);
	put_c(b, ' ');
	put_hms(b, &c);
	return put_frac(b, c.nsec, 6);
}

/* Python logging's asctime "2006-01-02 15:04:05,000" (log4j's %d is the
 * same): milliseconds after a comma, truncated. */
static int64_t put_asctime(sb *b, int64_t ns)
{
	civil c = civil_at(ns, 0);
	put_ymd(b, &c, '-');
	put_c(b, ' ');
	put_hms(b, &c);
	put_c(b, ',');
	put_u(b, (uint64_t)(c.nsec / NS_PER_MS), 3);
	return NS_PER_MS;
}

/* RFC 3164's TIMESTAMP "Jan  2 15:04:05": the day space-padded. */
static int64_t put_bsd_time(sb *b, int64_t ns)
{
	civil c = civil_at(ns, 0);
	put(b, month_abbr[c.month - 1]);
	put_c(b, ' ');
	if (c.day < 10)
		put_c(b, ' ');
	put_u(b, (uint64_t)c.day, 1);
	put_c(b, ' ');
	put_hms(b, &c);
	return NS_PER_S;
}

/* nginx's $time_local: "30/May/2024:00:00:01 +0000" (tsnorm's "access"). */
static int64_t put_clf(sb *b, int64_t ns)
{
	civil c = civil_at(ns, 0);
	put_u(b, (uint64_t)c.day, 2);
	put_c(b, '/');
	put(b, month_abbr[c.month - 1]);
	put_c(b, '/');
	put_u(b, (uint64_t)c.year, 4);
	put_c(b, ':');
	put_hms(b, &c);
	put(b, " +0000");
	return NS_PER_S;
}

/* ------------------------------------------------------------------ */
/* escaping                                                             */

/* Length of the valid UTF-8 sequence at s (as Go's utf8.DecodeRune accepts
 * it: no overlongs, no surrogates, <= U+10FFFF), or 0 if invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* The json-file driver's string escaping (ffjsonWriteJSONBytesAsString). */
static void put_docker_escaped(sb *b, const char *src, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	sb_reserve(b, n + 16);
	size_t i = 0, start = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c >= 0x20 && c != '\\' && c != '"' && c != '<' && c != '>' && c != '&') {
				i++;
				continue;
			}
			put_mem(b, s + start, i - start);
			if (c == '\\' || c == '"') {
				put_c(b, '\\');
				put_c(b, (char)c);
			} else if (c == '\n') {
				put(b, "\\n");
			} else if (c == '\r') {
				put(b, "\\r");
			} else {
				put(b, "\\u00");
				put_c(b, hx[c >> 4]);
				put_c(b, hx[c & 15]);
			}
			start = ++i;
			continue;
		}
		size_t len = utf8_valid_len(s + i, n - i);
		if (len == 0) {
			put_mem(b, s + start, i - start);
			put(b, "\\ufffd");
			start = ++i;
			continue;
		}
		if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
			put_mem(b, s + start, i - start);
			put(b, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
			start = i += 3;
			continue;
		}
		i += len;
	}
	put_mem(b, s + start, n - start);
}

/* A string inside a JSON log record, as slog/zerolog/zap write it: quotes,
 * backslashes and control characters escaped, < > & left alone. */
static void put_json_str(sb *b, const char *s)
{
	static const char hx[] = "0123456789abcdef";
	put_c(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			put_c(b, '\\');
			put_c(b, (char)c);
		} else if (c == '\n') {
			put(b, "\\n");
		} else if (c == '\t') {
			put(b, "\\t");
		} else if (c == '\r') {
			put(b, "\\r");
		} else if (c < 0x20) {
			put(b, "\\u00");
			put_c(b, hx[c >> 4]);
			put_c(b, hx[c & 15]);
		} else {
			put_c(b, (char)c);
		}
	}
	put_c(b, '"');
}

/* The numeric fields are numbers in JSON records, the rest strings. */
static void put_json_value(sb *b, const char *k, const char *v)
{
	if (!strcmp(k, "status") || !strcmp(k, "bytes") || !strcmp(k, "count"))
		put(b, v);
	else
		put_json_str(b, v);
}

/* strconv.Quote for the strings used here (printable UTF-8 kept). */
static void put_go_quoted(sb *b, const char *s)
{
	put_c(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			put_c(b, '\\');
			put_c(b, (char)c);
		} else if (c == '\n') {
			put(b, "\\n");
		} else if (c == '\t') {
			put(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			put(b, "\\x");
			put_hex(b, c, 2);
		} else {
			put_c(b, (char)c);
		}
	}
	put_c(b, '"');
}

enum kv_style { KV_SLOG, KV_LOGRUS };

/* A logfmt value: slog (and go-kit) quote values with spaces, '=', '"' or
 * control characters; logrus quotes anything outside [A-Za-z0-9-._/@^+]. */
static void put_kv_value(sb *b, const char *v, enum kv_style st)
{
	int q = *v == '\0';
	for (const unsigned char *p = (const unsigned char *)v; *p && !q; p++) {
		unsigned c = *p;
		if (st == KV_SLOG)
			q = c <= ' ' || c == '=' || c == '"' || c == 0x7f;
		else
			q = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+');
	}
	if (q)
		put_go_quoted(b, v);
	else
		put(b, v);
}

static void put_kv(sb *b, const char *k, const char *v, enum kv_style st)
{
	put_c(b, ' ');
	put(b, k);
	put_c(b, '=');
	put_kv_value(b, v, st);
}

/* ------------------------------------------------------------------ */
/* vocabulary                                                           */

static const char *const messages[] = {
	"request completed", "request started", "connection established", "cache miss",
	"cache hit", "job finished", "retrying request", "user authenticated",
	"configuration reloaded", "slow query", "upstream timeout", "message published",
	"message consumed", "health check passed", "token refreshed", "session expired",
	"worker started", "batch flushed", "rate limit exceeded", "order created",
	"payment authorized", "file uploaded", "webhook delivered", "lease renewed",
	"compaction finished", "snapshot written", "listening for connections",
	"shutting down gracefully", "validation failed", "permission denied",
};

static const char *const paths[] = {
	"/api/v1/users", "/api/v1/orders", "/api/v1/orders/8812/items", "/healthz", "/readyz",
	"/metrics", "/api/v1/search", "/login", "/logout", "/static/js/app.3f9a1c.js",
	"/api/v2/products/1042", "/graphql", "/api/v1/cart", "/favicon.ico", "/ws",
};

static const char *const queries[] = {
	"", "", "", "", "", "", "?page=2&per_page=50", "?q=red+shoes&size=42&sort=price",
	"?redirect=%2Fdashboard&lang=fr", "?id=17&fields=name,email", "?from=2024-05-01&to=2024-05-30",
};

static const char *const methods[] = {"GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"};

static const char *const users_ascii[] = {"alice", "bob", "carol", "dave", "erin", "frank",
					  "grace", "heidi", "svc-billing", "admin@example.com"};
static const char *const users_utf8[] = {
	"José Álvarez", "Zoë", "Łukasz", "Müller", "山田太郎", "Ελένη", "Дмитрий", "محمد",
	"Søren Kierkegård", "🚀 deploy-bot", "Nguyễn Văn An", "François",
};

static const char *const errors[] = {
	"dial tcp 10.0.3.7:5432: connect: connection refused",
	"context deadline exceeded",
	"unexpected EOF",
	"pq: duplicate key value violates unique constraint \"users_email_key\"",
	"open /data/cache.db: permission denied",
	"invalid character '<' looking for beginning of value",
	"json: cannot unmarshal string into Go struct field Order.total of type float64",
	"rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing\"",
	"upstream returned 502: <html><body><h1>502 Bad Gateway</h1></body></html>",
	"x509: certificate has expired or is not yet valid",
	"read tcp 172.17.0.4:39210->172.17.0.9:6379: i/o timeout",
	"EOF",
};

static const char *const queries_sql[] = {
	"SELECT id, name FROM users WHERE age > 30 AND status <> 'deleted'",
	"UPDATE orders SET state = 'shipped' WHERE id = $1 AND total >= 100",
	"SELECT * FROM events WHERE ts < now() - interval '1 day' LIMIT 500",
	"INSERT INTO audit (actor, action) VALUES ($1, $2)",
};

static const char *const agents[] = {
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
	"curl/8.5.0", "kube-probe/1.29", "Go-http-client/1.1", "python-requests/2.32.3",
	"Prometheus/2.52.0",
};

static const char *const callers[] = {"server/http.go:142", "store/pg.go:88", "worker/pool.go:61",
				      "cmd/api/main.go:57", "auth/jwt.go:203", "queue/kafka.go:119"};

static const char *const plain_lines[] = {
	"Starting server on :8080",
	"Listening on 0.0.0.0:3000",
	"> app@1.4.2 start",
	"> node dist/main.js",
	"Connected to redis at redis:6379",
	"Migrations applied: 42 up, 0 pending",
	"npm WARN config production Use `--omit=dev` instead.",
	"Waiting for postgres:5432 ... ok",
	"Compiled successfully in 2.31s",
	"Server ready — accepting connections",
	"[notice] A new release of pip is available: 24.0 -> 24.1",
	"Received SIGTERM, shutting down",
	"Loaded 1287 entries from cache (98.2% hit ratio)",
	"Données chargées : 1 024 enregistrements",
	"ワーカーを起動しました",
	"\tat java.base/java.lang.Thread.run(Thread.java:1583)",
};

/* ------------------------------------------------------------------ */
/* generator state                                                      */

enum kind {
	K_RFC3339,
	K_ZAPCONSOLE,
	K_GOLOG,
	K_GOLOG_US,
	K_SLOGTEXT,
	K_GOKIT,
	K_LOGRUS,
	K_SLOGJSON,
	K_ZEROLOG,
	K_ZAPJSON,
	K_ZAPEPOCH,
	K_PINO,
	K_KLOG,
	K_PYLOG,
	K_SYSLOG3164,
	K_NGINX,
	K_NGINX_ERROR,
	K_PLAIN,
	K_TRACE,
	K_BINARY,
	K_COUNT
};

/* The carriers, their short names for -k, and their shares.  The weights
 * add up to 10000; -k keeps the chosen kinds' weights (so their relative
 * shares are those of the full mix). */
static const struct {
	const char *key;  /* -k name */
	const char *name; /* what -v and -h print */
	unsigned weight;  /* per 10000 messages (a trace is one message, ~10 lines) */
	unsigned stderr_pct;
	int stamped;      /* writes a stamp tsnorm is meant to find */
} kinds[K_COUNT] = {
	[K_RFC3339] = {"rfc3339", "rfc3339 prefix", 1700, 10, 1},
	[K_ZAPCONSOLE] = {"zapconsole", "zap console (tabs)", 250, 100, 1},
	[K_GOLOG] = {"golog", "go log", 450, 85, 1},
	[K_GOLOG_US] = {"golog-us", "go log, microseconds", 450, 85, 1},
	[K_SLOGTEXT] = {"slogtext", "slog text", 850, 50, 1},
	[K_GOKIT] = {"gokit", "go-kit logfmt ts=", 350, 30, 1},
	[K_LOGRUS] = {"logrus", "logrus", 1100, 70, 1},
	[K_SLOGJSON] = {"slogjson", "slog json", 800, 30, 1},
	[K_ZEROLOG] = {"zerolog", "zerolog json", 600, 50, 1},
	[K_ZAPJSON] = {"zapjson", "zap json, ISO 8601 ts", 350, 100, 1},
	[K_ZAPEPOCH] = {"zapepoch", "zap json, epoch seconds ts", 200, 100, 1},
	[K_PINO] = {"pino", "pino json, epoch ms time", 150, 0, 1},
	[K_KLOG] = {"klog", "klog (Kubernetes)", 600, 100, 1},
	[K_PYLOG] = {"pylog", "python logging / log4j", 650, 60, 1},
	[K_SYSLOG3164] = {"syslog3164", "syslog RFC 3164", 200, 20, 1},
	[K_NGINX] = {"nginx-access", "nginx access", 600, 0, 1},
	[K_NGINX_ERROR] = {"nginx-error", "nginx error", 135, 100, 1},
	[K_PLAIN] = {"plain", "plain text (no stamp)", 500, 30, 0},
	[K_TRACE] = {"trace", "stack traces (bursts, no stamp)", 60, 100, 0},
	[K_BINARY] = {"binary", "invalid UTF-8 (no stamp)", 5, 100, 0},
};

typedef struct gen {
	uint64_t target; /* lines to write */
	uint64_t lines;  /* lines written */
	int64_t rt;      /* runtime clock, epoch ns */
	int64_t app;     /* this message's own instant, epoch ns */
	int64_t prec;    /* precision of the stamp written (ns), 0 if none */
	int skewed;
	uint64_t conn;   /* nginx's connection counter */
	uint32_t sel;    /* the kinds -k chose, one bit each */
	enum kind cur;   /* the kind of the message being written */
	sb msg, line;
	FILE *out;
	/* tallies for -v */
	uint64_t by_kind[K_COUNT], lines_by_kind[K_COUNT], n_trace_lines, n_stderr, n_skewed, n_long, n_partial, bytes;
	uint64_t n_stamped, n_flagged, n_joined;
} gen;

/* ------------------------------------------------------------------ */
/* clock                                                                */

/* The gap to the next message: a few ms, now and then an idle pause;
 * sometimes the clock lands on a whole ms or second (short fractions). */
static void tick(gen *g)
{
	int64_t step;
	if (chance(2000))
		step = between(100 * NS_PER_MS, 1500 * NS_PER_MS);
	else
		step = between(200 * NS_PER_US, 5 * NS_PER_MS);
	g->rt += step;
	if (chance(1000))
		g->rt += NS_PER_MS - g->rt % NS_PER_MS;
	else if (chance(50))
		g->rt += NS_PER_S - g->rt % NS_PER_S;
}

/* The next line of a burst (a stack trace printed in one write). */
static void tick_small(gen *g)
{
	g->rt += between(2 * NS_PER_US, 40 * NS_PER_US);
}

/* The message's own instant: tens of microseconds before the runtime saw
 * it; ~1% lag (buffered writers) or lead (clock trouble) by 3.5..500 ms. */
static void stamp_instant(gen *g)
{
	g->skewed = 0;
	if (chance(10000)) {
		/* log-uniform magnitude between 3.5 ms and ~500 ms */
		int64_t mag = 3500 * NS_PER_US;
		for (int k = (int)below(8); k > 0; k--)
			mag = mag * 186 / 100;
		mag += between(0, mag * 86 / 100);
		g->app = g->rt + (chance(850000) ? -mag : mag);
		g->skewed = 1;
		g->n_skewed++;
		return;
	}
	int64_t d = between(8 * NS_PER_US, 45 * NS_PER_US);
	if (chance(100000))
		d += between(0, 300 * NS_PER_US);
	g->app = g->rt - d;
}

/* ------------------------------------------------------------------ */
/* output                                                               */

static void write_line(gen *g, const char *s, size_t n, int err)
{
	sb *l = &g->line;
	l->n = 0;
	put(l, "{\"log\":\"");
	put_docker_escaped(l, s, n);
	put(l, err ? "\",\"stream\":\"stderr\",\"time\":\"" : "\",\"stream\":\"stdout\",\"time\":\"");
	put_rfc3339(l, g->rt, FRAC_TRIM, 0, ZONE_Z);
	put(l, "\"}\n");
	if (fwrite(l->p, 1, l->n, g->out) != l->n)
		die("write");
	g->bytes += l->n;
	g->lines++;
	g->lines_by_kind[g->cur]++;
	g->n_stderr += (uint64_t)err;
}

/* Emits g->msg (without its newline) as the driver would: 16 KiB partial
 * lines first if it is that long, then the rest with "\n".  Stops at the
 * line budget. */
static void emit(gen *g, int err)
{
	const char *s = g->msg.p;
	size_t n = g->msg.n;
	uint64_t first = g->lines;
	if (n >= PARTIAL_MAX)
		g->n_long++;
	while (n >= PARTIAL_MAX && g->lines < g->target) {
		write_line(g, s, PARTIAL_MAX, err);
		g->n_partial++;
		s += PARTIAL_MAX;
		n -= PARTIAL_MAX;
	}
	if (g->lines < g->target) {
		put_c(&g->msg, '\n'); /* may move g->msg.p */
		s = g->msg.p + (g->msg.n - 1 - n);
		write_line(g, s, n + 1, err);
	}
	/* every piece after a message's first is joined to it by tsnorm */
	if (g->lines > first)
		g->n_joined += g->lines - first - 1;
}

/* ------------------------------------------------------------------ */
/* message bodies                                                       */

static const char *user(void)
{
	return chance(120000) ? PICK(users_utf8) : PICK(users_ascii);
}

static const char *level_word(int upper)
{
	uint64_t r = below(100);
	if (r < 80)
		return upper ? "INFO" : "info";
	if (r < 88)
		return upper ? "DEBUG" : "debug";
	if (r < 96)
		return upper ? "WARN" : "warn";
	return upper ? "ERROR" : "error";
}

/* A request id like "4f1c9a0e2b7d5c13". */
static void rid(char *o)
{
	static const char hx[] = "0123456789abcdef";
	uint64_t v = rnd();
	for (int i = 0; i < 16; i++)
		o[i] = hx[(v >> (4 * i)) & 15];
	o[16] = '\0';
}

/* The key/value pairs one message carries, as strings. */
typedef struct kvs {
	int n;
	const char *k[8];
	const char *v[8];
	char rid[17], status[8], dur[48], bytes[24], path[96];
} kvs;

static void kv_add(kvs *f, const char *k, const char *v)
{
	f->k[f->n] = k;
	f->v[f->n] = v;
	f->n++;
}

static const char *fields(kvs *f)
{
	f->n = 0;
	rid(f->rid);
	uint64_t r = below(10);
	if (r < 5) {
		static const char *const st[] = {"200", "200", "200", "200", "201", "204",
						 "304", "400", "404", "500", "502"};
		snprintf(f->path, sizeof f->path, "%s%s", PICK(paths), PICK(queries));
		snprintf(f->status, sizeof f->status, "%s", PICK(st));
		int64_t us = between(150, 250000);
		snprintf(f->dur, sizeof f->dur, "%" PRId64 ".%03" PRId64 "ms", us / 1000, us % 1000);
		snprintf(f->bytes, sizeof f->bytes, "%" PRIu64, below(90000));
		kv_add(f, "method", PICK(methods));
		kv_add(f, "path", f->path);
		kv_add(f, "status", f->status);
		kv_add(f, "duration", f->dur);
		kv_add(f, "bytes", f->bytes);
		kv_add(f, "request_id", f->rid);
		if (chance(300000))
			kv_add(f, "user_agent", PICK(agents));
		return chance(500000) ? "request completed" : "handled request";
	}
	if (r < 7) {
		kv_add(f, "user", user());
		kv_add(f, "request_id", f->rid);
		return PICK(messages);
	}
	if (r < 8) {
		int64_t us = between(100000, 4000000);
		snprintf(f->dur, sizeof f->dur, "%" PRId64 ".%03" PRId64 "ms", us / 1000, us % 1000);
		kv_add(f, "query", PICK(queries_sql));
		kv_add(f, "elapsed", f->dur);
		return "slow query";
	}
	if (r < 9) {
		kv_add(f, "err", PICK(errors));
		kv_add(f, "attempt", chance(500000) ? "1" : "3");
		return chance(500000) ? "upstream call failed" : "retrying request";
	}
	snprintf(f->bytes, sizeof f->bytes, "%" PRIu64, below(5000));
	kv_add(f, "component", chance(500000) ? "scheduler" : "consumer");
	kv_add(f, "count", f->bytes);
	return PICK(messages);
}

/* Now and then a message carries a big value: 2..8 KB, rarely > 16 KiB. */
static size_t long_value_len(void)
{
	if (chance(1500))
		return (size_t)between(2048, 8192);
	if (chance(8))
		return (size_t)between(17000, 40000);
	return 0;
}

static void fill_long(sb *b, size_t n)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	sb_reserve(b, n + 1);
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % 10 == 0)
			v = rnd();
		b->p[b->n++] = b64[v & 63];
		v >>= 6;
	}
}

/* "<key>":"<big value>" or key=<big value>, as a NUL-free tail. */
static void long_json_field(gen *g, size_t n)
{
	put(&g->msg, ",\"payload\":\"");
	fill_long(&g->msg, n);
	put_c(&g->msg, '"');
}

static void long_kv_field(gen *g, size_t n)
{
	put(&g->msg, " payload=");
	fill_long(&g->msg, n);
}

/* ------------------------------------------------------------------ */
/* carriers                                                             */

static void gen_rfc3339(gen *g)
{
	static const int digits[] = {9, 9, 9, 9, 9, FRAC_TRIM, FRAC_TRIM, 3, 3, 6};
	kvs f;
	const char *m = fields(&f);
	g->prec = put_rfc3339(&g->msg, g->app, PICK(digits), 0, chance(100000) ? ZONE_COLON : ZONE_Z);
	put_c(&g->msg, ' ');
	put(&g->msg, level_word(1));
	put_c(&g->msg, ' ');
	put(&g->msg, m);
	for (int i = 0; i < f.n; i++)
		put_kv(&g->msg, f.k[i], f.v[i], KV_SLOG);
	size_t big = long_value_len();
	if (big)
		long_kv_field(g, big);
}

/* zap's development console encoder: tab-separated, JSON context at the end. */
static void gen_zapconsole(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	g->prec = put_rfc3339(&g->msg, g->app, 3, 0, ZONE_Z);
	put_c(&g->msg, '\t');
	put(&g->msg, level_word(1));
	put_c(&g->msg, '\t');
	put(&g->msg, PICK(callers));
	put_c(&g->msg, '\t');
	put(&g->msg, m);
	put(&g->msg, "\t{");
	for (int i = 0; i < f.n; i++) {
		if (i)
			put(&g->msg, ", ");
		put_json_str(&g->msg, f.k[i]);
		put(&g->msg, ": ");
		put_json_value(&g->msg, f.k[i], f.v[i]);
	}
	put_c(&g->msg, '}');
}

static void gen_golog(gen *g, int micro)
{
	kvs f;
	const char *m = fields(&f);
	g->prec = put_golog(&g->msg, g->app, micro);
	put_c(&g->msg, ' ');
	if (chance(300000)) {
		put(&g->msg, PICK(callers));
		put(&g->msg, ": ");
	}
	put(&g->msg, m);
	if (f.n) {
		put(&g->msg, ": ");
		for (int i = 0; i < f.n; i++) {
			if (i)
				put(&g->msg, ", ");
			put(&g->msg, f.k[i]);
			put_c(&g->msg, '=');
			put(&g->msg, f.v[i]);
		}
	}
}

/* slog.TextHandler: time with milliseconds first. */
static void gen_slogtext(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	int tz = 0;
	enum zone_style z = ZONE_Z;
	uint64_t r = below(100);
	if (r < 15)
		z = ZONE_COLON; /* +00:00 */
	else if (r < 20)
		tz = 120; /* a container with TZ=Europe/Berlin */
	put(&g->msg, "time=");
	g->prec = put_rfc3339(&g->msg, g->app, 3, tz, z);
	put(&g->msg, " level=");
	put(&g->msg, level_word(1));
	put_kv(&g->msg, "msg", m, KV_SLOG);
	for (int i = 0; i < f.n; i++)
		put_kv(&g->msg, f.k[i], f.v[i], KV_SLOG);
	size_t big = long_value_len();
	if (big)
		long_kv_field(g, big);
}

/* go-kit log with DefaultTimestampUTC: ts= is RFC3339Nano, not first. */
static void gen_gokit(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	put(&g->msg, "level=");
	put(&g->msg, level_word(0));
	put(&g->msg, " ts=");
	g->prec = put_rfc3339(&g->msg, g->app, FRAC_TRIM, 0, ZONE_Z);
	put(&g->msg, " caller=");
	put(&g->msg, PICK(callers));
	put_kv(&g->msg, "msg", m, KV_SLOG);
	for (int i = 0; i < f.n; i++)
		put_kv(&g->msg, f.k[i], f.v[i], KV_SLOG);
}

/* logrus TextFormatter (not a TTY): time="..." quoted, RFC 3339 seconds. */
static void gen_logrus(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	put(&g->msg, "time=\"");
	g->prec = put_rfc3339(&g->msg, g->app, chance(150000) ? 3 : 0, 0, ZONE_Z);
	put(&g->msg, "\" level=");
	put(&g->msg, level_word(0));
	put_kv(&g->msg, "msg", m, KV_LOGRUS);
	for (int i = 0; i < f.n; i++)
		put_kv(&g->msg, f.k[i], f.v[i], KV_LOGRUS);
	size_t big = long_value_len();
	if (big)
		long_kv_field(g, big);
}

static void json_fields(gen *g, const kvs *f)
{
	for (int i = 0; i < f->n; i++) {
		put_c(&g->msg, ',');
		put_json_str(&g->msg, f->k[i]);
		put_c(&g->msg, ':');
		put_json_value(&g->msg, f->k[i], f->v[i]);
	}
}

/* slog.JSONHandler: "time" first, RFC3339Nano. */
static void gen_slogjson(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	put(&g->msg, "{\"time\":\"");
	g->prec = put_rfc3339(&g->msg, g->app, FRAC_TRIM, 0, ZONE_Z);
	put(&g->msg, "\",\"level\":\"");
	put(&g->msg, level_word(1));
	put(&g->msg, "\",\"msg\":");
	put_json_str(&g->msg, m);
	json_fields(g, &f);
	size_t big = long_value_len();
	if (big)
		long_json_field(g, big);
	put_c(&g->msg, '}');
}

/* zerolog: level first, then "time" in RFC 3339 seconds (or ms). */
static void gen_zerolog(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	put(&g->msg, "{\"level\":\"");
	put(&g->msg, level_word(0));
	put(&g->msg, "\"");
	/* zerolog writes context fields before the time it stamps at Msg() */
	if (chance(300000)) {
		put(&g->msg, ",\"service\":\"checkout\",\"labels\":{\"team\":\"payments\",\"tier\":\"1\"}");
	}
	put(&g->msg, ",\"time\":\"");
	g->prec = put_rfc3339(&g->msg, g->app, chance(200000) ? 3 : 0, 0, ZONE_Z);
	put_c(&g->msg, '"');
	json_fields(g, &f);
	size_t big = long_value_len();
	if (big)
		long_json_field(g, big);
	put(&g->msg, ",\"message\":");
	put_json_str(&g->msg, m);
	put_c(&g->msg, '}');
}

/* zap production config with ISO8601TimeEncoder: "ts":"...123Z". */
static void gen_zapjson(gen *g, int epoch)
{
	kvs f;
	const char *m = fields(&f);
	put(&g->msg, "{\"level\":\"");
	put(&g->msg, level_word(0));
	put(&g->msg, "\",\"ts\":");
	if (epoch) {
		/* zap's default EpochTimeEncoder: float seconds */
		int64_t us = g->app / NS_PER_US;
		put_i(&g->msg, us / 1000000);
		put_c(&g->msg, '.');
		put_u(&g->msg, (uint64_t)(us % 1000000), 6);
		int digits = 6;
		while (digits && g->msg.p[g->msg.n - 1] == '0') {
			g->msg.n--;
			digits--;
		}
		if (g->msg.p[g->msg.n - 1] == '.')
			g->msg.n--;
		g->prec = prec_of_digits(digits);
	} else {
		put_c(&g->msg, '"');
		g->prec = put_rfc3339(&g->msg, g->app, 3, 0, ZONE_PLAIN);
		put_c(&g->msg, '"');
	}
	put(&g->msg, ",\"caller\":\"");
	put(&g->msg, PICK(callers));
	put(&g->msg, "\",\"msg\":");
	put_json_str(&g->msg, m);
	json_fields(g, &f);
	put_c(&g->msg, '}');
}

/* pino: numeric level, epoch-ms time. */
static void gen_pino(gen *g)
{
	kvs f;
	const char *m = fields(&f);
	put(&g->msg, "{\"level\":30,\"time\":");
	put_i(&g->msg, g->app / NS_PER_MS);
	g->prec = NS_PER_MS;
	put(&g->msg, ",\"pid\":1,\"hostname\":\"web-7d9f8b6c5-x2k4q\"");
	json_fields(g, &f);
	put(&g->msg, ",\"msg\":");
	put_json_str(&g->msg, m);
	put_c(&g->msg, '}');
}

static void gen_nginx(gen *g)
{
	static const char *const st[] = {"200", "200", "200", "200", "304", "301", "404", "499", "502"};
	char ip[32];
	snprintf(ip, sizeof ip, "10.%u.%u.%u", (unsigned)below(4), (unsigned)below(256), (unsigned)(1 + below(254)));
	put(&g->msg, ip);
	put(&g->msg, " - ");
	put(&g->msg, chance(100000) ? "alice" : "-");
	put(&g->msg, " [");
	g->prec = put_clf(&g->msg, g->app);
	put(&g->msg, "] \"");
	put(&g->msg, PICK(methods));
	put_c(&g->msg, ' ');
	put(&g->msg, PICK(paths));
	put(&g->msg, PICK(queries));
	put(&g->msg, " HTTP/1.1\" ");
	put(&g->msg, PICK(st));
	put_c(&g->msg, ' ');
	put_u(&g->msg, below(60000), 1);
	put(&g->msg, " \"");
	put(&g->msg, chance(300000) ? "https://shop.example.com/?ref=mail&utm_source=news" : "-");
	put(&g->msg, "\" \"");
	put(&g->msg, PICK(agents));
	put_c(&g->msg, '"');
}

/* Unsigned decimal right-aligned in width columns (printf's %7d). */
static void put_u_padded(sb *b, uint64_t v, int width)
{
	char t[24];
	int k = snprintf(t, sizeof t, "%*" PRIu64, width, v);
	put_mem(b, t, (size_t)k);
}

/* klog (Kubernetes components, operators): the header
 * "Lmmdd hh:mm:ss.uuuuuu %7d file:line] ", local time (the container's
 * TZ is UTC), then printf text or InfoS's "msg" key="value" pairs. */
static void gen_klog(gen *g)
{
	static const char *const files[] = {"controller.go:123", "reflector.go:539",
					    "shared_informer.go:311", "leaderelection.go:250",
					    "server.go:182", "event.go:307", "main.go:42",
					    "reconciler.go:88"};
	static const unsigned pids[] = {1, 1, 1, 1, 1, 1, 7, 12, 23, 1874};
	static const char *const info[] = {
		"Starting controller: deployment",
		"Waiting for caches to sync for endpoint_slice",
		"Caches are synced for endpoint_slice",
		"successfully acquired lease kube-system/kube-controller-manager",
		"Serving securely on [::]:10257",
		"Event(v1.ObjectReference{Kind:\"Pod\", Namespace:\"default\", Name:\"web-7d9f8b6c5-x2k4q\", "
		"APIVersion:\"v1\", ResourceVersion:\"48211\", FieldPath:\"\"}): type: 'Normal' reason: "
		"'Scheduled' Successfully assigned default/web-7d9f8b6c5-x2k4q to node-2",
	};
	static const char *const warn[] = {
		"k8s.io/client-go/informers/factory.go:160: failed to list *v1.ConfigMap: configmaps is "
		"forbidden: User \"system:serviceaccount:default:app\" cannot list resource \"configmaps\" "
		"in API group \"\" at the cluster scope",
		"Unable to retrieve pull secret default/regcred for default/web-0 due to secret \"regcred\" "
		"not found.  The image pull may not succeed.",
	};
	static const char *const err[] = {
		"Failed to update lock: Put \"https://10.96.0.1:443/apis/coordination.k8s.io/v1/namespaces/"
		"kube-system/leases/kube-controller-manager?timeout=5s\": context deadline exceeded",
		"error retrieving resource lock kube-system/kube-controller-manager: Get "
		"\"https://10.96.0.1:443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/"
		"kube-controller-manager\": dial tcp 10.96.0.1:443: connect: connection refused",
	};
	uint64_t r = below(100);
	char sev = r < 85 ? 'I' : r < 95 ? 'W' : 'E';
	put_c(&g->msg, sev);
	g->prec = put_klog_time(&g->msg, g->app);
	put_c(&g->msg, ' ');
	put_u_padded(&g->msg, PICK(pids), 7);
	put_c(&g->msg, ' ');
	put(&g->msg, PICK(files));
	put(&g->msg, "] ");
	if (chance(600000)) { /* structured: InfoS / ErrorS */
		kvs f;
		const char *m = fields(&f);
		put_go_quoted(&g->msg, m);
		for (int i = 0; i < f.n; i++) {
			put_c(&g->msg, ' ');
			put(&g->msg, f.k[i]);
			put_c(&g->msg, '=');
			if (!strcmp(f.k[i], "status") || !strcmp(f.k[i], "bytes") ||
			    !strcmp(f.k[i], "count"))
				put(&g->msg, f.v[i]);
			else
				put_go_quoted(&g->msg, f.v[i]);
		}
	} else if (sev == 'I') {
		put(&g->msg, PICK(info));
	} else {
		put(&g->msg, sev == 'W' ? PICK(warn) : PICK(err));
	}
}

/* Python logging with "%(asctime)s %(levelname)s %(name)s: %(message)s",
 * or log4j's "%d %-5p [%t] %c{1.} - %m": both "2006-01-02 15:04:05,000"
 * without a zone, in UTC. */
static void gen_pylog(gen *g)
{
	static const char *const py_names[] = {"app.worker", "uvicorn.error", "celery.worker",
					       "sqlalchemy.engine.Engine", "root", "django.request"};
	static const char *const j_threads[] = {"main", "http-nio-8080-exec-3", "http-nio-8080-exec-7",
						"scheduling-1", "kafka-consumer-0"};
	static const char *const j_classes[] = {"c.e.s.OrderService", "c.e.s.api.OrderController",
						"o.h.e.j.s.SqlExceptionHelper", "c.z.h.HikariDataSource",
						"o.s.k.l.KafkaMessageListenerContainer"};
	kvs f;
	const char *m = fields(&f);
	g->prec = put_asctime(&g->msg, g->app);
	put_c(&g->msg, ' ');
	uint64_t r = below(100);
	int python = chance(650000);
	if (python) {
		put(&g->msg, r < 80 ? "INFO" : r < 88 ? "DEBUG" : r < 96 ? "WARNING" : "ERROR");
		put_c(&g->msg, ' ');
		if (f.n >= 5 && chance(500000)) { /* uvicorn's access logger */
			put(&g->msg, "uvicorn.access: 10.0.");
			put_u(&g->msg, below(4), 1);
			put_c(&g->msg, '.');
			put_u(&g->msg, 1 + below(254), 1);
			put_c(&g->msg, ':');
			put_u(&g->msg, 32768 + below(28000), 1);
			put(&g->msg, " - \"");
			put(&g->msg, f.v[0]);
			put_c(&g->msg, ' ');
			put(&g->msg, f.v[1]);
			put(&g->msg, " HTTP/1.1\" ");
			put(&g->msg, f.v[2]);
			return;
		}
		put(&g->msg, PICK(py_names));
		put(&g->msg, ": ");
		put(&g->msg, m);
		if (!f.n)
			return;
		if (chance(500000)) { /* logger.info("%s %r", msg, extra) */
			put(&g->msg, " {");
			for (int i = 0; i < f.n; i++) {
				if (i)
					put(&g->msg, ", ");
				put_c(&g->msg, '\'');
				put(&g->msg, f.k[i]);
				put(&g->msg, "': '");
				put(&g->msg, f.v[i]);
				put_c(&g->msg, '\'');
			}
			put_c(&g->msg, '}');
			return;
		}
	} else {
		put(&g->msg, r < 80 ? "INFO " : r < 88 ? "DEBUG" : r < 96 ? "WARN " : "ERROR");
		put(&g->msg, " [");
		put(&g->msg, PICK(j_threads));
		put(&g->msg, "] ");
		put(&g->msg, PICK(j_classes));
		put(&g->msg, " - ");
		put(&g->msg, m);
		if (!f.n)
			return;
	}
	for (int i = 0; i < f.n; i++) {
		put(&g->msg, i ? ", " : ": ");
		put(&g->msg, f.k[i]);
		put_c(&g->msg, '=');
		put(&g->msg, f.v[i]);
	}
}

/* RFC 3164 / BSD syslog from a syslog daemon, postfix or sshd logging to
 * the container's output: "<PRI>Mmm dd hh:mm:ss host app[pid]: msg"; the
 * PRI is left out by daemons writing their traditional file format. */
static void gen_syslog3164(gen *g)
{
	static const struct {
		unsigned pri; /* facility * 8 + severity */
		const char *host, *app, *text;
	} t[] = {
		{22, "mail", "postfix/smtpd", "connect from unknown[10.0.3.7]"},
		{22, "mail", "postfix/smtpd",
		 "disconnect from unknown[10.0.3.7] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"},
		{22, "mail", "postfix/qmgr",
		 "4VqXk21Zb9z9v: from=<alice@example.com>, size=2048, nrcpt=1 (queue active)"},
		{22, "mail", "postfix/smtp",
		 "4VqXk21Zb9z9v: to=<bob@example.org>, relay=mx.example.org[203.0.113.5]:25, "
		 "delay=0.42, delays=0.02/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)"},
		{20, "mail", "postfix/smtpd",
		 "warning: hostname mail.example.net does not resolve to address 198.51.100.23"},
		{86, "bastion", "sshd",
		 "Accepted publickey for deploy from 10.0.1.5 port 51234 ssh2: ED25519 "
		 "SHA256:3f9a1cK2b7d5eQw8ZxY0pLmN4vR6tU1sA9cB7dE5fG3"},
		{86, "bastion", "sshd",
		 "Connection closed by authenticating user root 198.51.100.7 port 40022 [preauth]"},
		{78, "cron", "CROND", "(root) CMD (/usr/local/bin/backup.sh >/dev/null 2>&1)"},
		{30, "3f9a1c2b7d5e", "dnsmasq", "query[A] api.example.com from 172.17.0.4"},
		{30, "3f9a1c2b7d5e", "dnsmasq", "reply api.example.com is 10.0.3.7"},
	};
	size_t i = (size_t)below(sizeof t / sizeof t[0]);
	if (chance(800000)) {
		put_c(&g->msg, '<');
		put_u(&g->msg, t[i].pri, 1);
		put_c(&g->msg, '>');
	}
	g->prec = put_bsd_time(&g->msg, g->app);
	put_c(&g->msg, ' ');
	put(&g->msg, t[i].host);
	put_c(&g->msg, ' ');
	put(&g->msg, t[i].app);
	put_c(&g->msg, '[');
	put_u(&g->msg, t[i].pri == 30 ? 1 : 20 + below(3000), 1);
	put(&g->msg, "]: ");
	put(&g->msg, t[i].text);
}

/* nginx's error_log (the official image sends it to stderr):
 * "2006/01/02 15:04:05 [level] pid#tid: *conn message", local time = UTC. */
static void gen_nginx_error(gen *g)
{
	static const char *const hosts[] = {"shop.example.com", "api.example.com", "localhost"};
	static const char *const notices[] = {
		"using the \"epoll\" event method",
		"start worker processes",
		"signal 1 (SIGHUP) received from 57, reconfiguring",
		"signal 17 (SIGCHLD) received from 29",
		"worker process 30 exited with code 0",
	};
	char ip[32];
	snprintf(ip, sizeof ip, "10.%u.%u.%u", (unsigned)below(4), (unsigned)below(256),
		 (unsigned)(1 + below(254)));
	const char *path = PICK(paths), *host = PICK(hosts);
	unsigned worker = 29 + (unsigned)below(4);
	g->conn += 1 + below(40);
	uint64_t r = below(100);
	g->prec = put_golog(&g->msg, g->app, 0);
	if (r < 8) {
		put(&g->msg, " [notice] 1#1: ");
		put(&g->msg, PICK(notices));
		return;
	}
	put(&g->msg, r < 70 ? " [error] " : r < 97 ? " [warn] " : " [crit] ");
	put_u(&g->msg, worker, 1);
	put_c(&g->msg, '#');
	put_u(&g->msg, worker, 1);
	put(&g->msg, ": *");
	put_u(&g->msg, g->conn, 1);
	put_c(&g->msg, ' ');
	if (r < 35) {
		put(&g->msg, "open() \"/usr/share/nginx/html");
		put(&g->msg, path);
		put(&g->msg, "\" failed (2: No such file or directory)");
	} else if (r < 55) {
		put(&g->msg, "upstream timed out (110: Connection timed out) while reading response "
			     "header from upstream");
	} else if (r < 70) {
		put(&g->msg, "connect() failed (111: Connection refused) while connecting to upstream");
	} else if (r < 97) {
		put(&g->msg, "an upstream response is buffered to a temporary file "
			     "/var/cache/nginx/proxy_temp/3/07/00000000");
		put_u(&g->msg, below(100), 2);
		put(&g->msg, " while reading upstream");
	} else {
		put(&g->msg, "SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key "
			     "share) while SSL handshaking, client: ");
		put(&g->msg, ip);
		put(&g->msg, ", server: 0.0.0.0:443");
		return;
	}
	put(&g->msg, ", client: ");
	put(&g->msg, ip);
	put(&g->msg, ", server: ");
	put(&g->msg, host);
	put(&g->msg, ", request: \"");
	put(&g->msg, PICK(methods));
	put_c(&g->msg, ' ');
	put(&g->msg, path);
	put(&g->msg, PICK(queries));
	put(&g->msg, " HTTP/1.1\"");
	if (r >= 35) {
		put(&g->msg, ", upstream: \"http://10.0.3.7:8080");
		put(&g->msg, path);
		put_c(&g->msg, '"');
	}
	put(&g->msg, ", host: \"");
	put(&g->msg, host);
	put_c(&g->msg, '"');
}

static void gen_plain(gen *g)
{
	uint64_t r = below(100);
	if (r < 10) {
		/* colour codes from a program that thinks it has a terminal */
		put(&g->msg, "\x1b[32m✔\x1b[0m ");
		put(&g->msg, PICK(messages));
		put(&g->msg, " \x1b[2m(");
		put_u(&g->msg, below(900) + 1, 1);
		put(&g->msg, "ms)\x1b[0m");
	} else if (r < 14) {
		/* a progress bar redrawn with carriage returns */
		unsigned p = (unsigned)below(100);
		for (unsigned k = p > 3 ? p - 3 : 0; k <= p; k++) {
			put(&g->msg, "Downloading layer  ");
			put_u(&g->msg, k, 2);
			put(&g->msg, "%\r");
		}
		put(&g->msg, "Download complete");
	} else if (r < 18) {
		put(&g->msg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><status code=\"ok\" user=\"");
		put(&g->msg, user());
		put(&g->msg, "\"/>");
	} else {
		put(&g->msg, PICK(plain_lines));
	}
}

/* A burst: one message per line of a panic or exception. */
static void gen_trace(gen *g)
{
	static const char *const go_trace[] = {
		"panic: runtime error: invalid memory address or nil pointer dereference",
		"[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6f2c3a]",
		"",
		"goroutine 47 [running]:",
		"main.(*Server).handleOrder(0xc0001a2000, {0x9b1e40, 0xc0003c61c0}, 0xc000412300)",
		"\t/src/cmd/api/orders.go:118 +0x1da",
		"net/http.HandlerFunc.ServeHTTP(0x0?, {0x9b1e40?, 0xc0003c61c0?}, 0x0?)",
		"\t/usr/local/go/src/net/http/server.go:2166 +0x29",
		"net/http.serverHandler.ServeHTTP({0xc0000b6f00?}, {0x9b1e40?, 0xc0003c61c0?}, 0xc000412300)",
		"\t/usr/local/go/src/net/http/server.go:3137 +0x8e",
		"created by net/http.(*Server).Serve in goroutine 1",
		"\t/usr/local/go/src/net/http/server.go:3285 +0x4b4",
	};
	static const char *const java_trace[] = {
		"Exception in thread \"main\" java.lang.IllegalStateException: Order <8812> & items mismatch",
		"\tat com.example.shop.OrderService.validate(OrderService.java:214)",
		"\tat com.example.shop.OrderService.place(OrderService.java:97)",
		"\tat com.example.shop.api.OrderController.create(OrderController.java:58)",
		"\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
		"\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
		"\t... 52 common frames omitted",
		"Caused by: java.sql.SQLException: Connection is not available, request timed out after 30000ms.",
		"\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)",
		"\t... 61 more",
	};
	static const char *const py_trace[] = {
		"Traceback (most recent call last):",
		"  File \"/app/worker.py\", line 88, in <module>",
		"    main()",
		"  File \"/app/worker.py\", line 71, in main",
		"    result = process(batch)",
		"  File \"/app/tasks.py\", line 29, in process",
		"    return {k: v / total for k, v in counts.items()}",
		"ZeroDivisionError: division by zero",
	};
	const char *const *t;
	size_t n;
	uint64_t r = below(3);
	if (r == 0) {
		t = go_trace;
		n = sizeof go_trace / sizeof *go_trace;
	} else if (r == 1) {
		t = java_trace;
		n = sizeof java_trace / sizeof *java_trace;
	} else {
		t = py_trace;
		n = sizeof py_trace / sizeof *py_trace;
	}
	for (size_t i = 0; i < n && g->lines < g->target; i++) {
		if (i)
			tick_small(g);
		g->msg.n = 0;
		put(&g->msg, t[i]);
		emit(g, 1);
		g->n_trace_lines++;
	}
}

/* Bytes that are not UTF-8 (a binary dump, a Latin-1 file cat'ed). */
static void gen_binary(gen *g)
{
	put(&g->msg, "read config: Caf\xe9 cr\xe8me \xff\xfe");
	for (int i = 0; i < 12; i++)
		put_c(&g->msg, (char)(0x80 + below(0x80)));
	put(&g->msg, " \xe2\x80\xa8 separator \xe2\x80\xa9 end");
}

/* ------------------------------------------------------------------ */

/* A kind by weight among those in g->sel; the full mix when all are. */
static enum kind pick_kind(const gen *g)
{
	unsigned total = 0;
	for (int k = 0; k < K_COUNT; k++)
		if (g->sel >> k & 1)
			total += kinds[k].weight;
	unsigned r = (unsigned)below(total);
	for (int k = 0; k < K_COUNT; k++) {
		if (!(g->sel >> k & 1))
			continue;
		if (r < kinds[k].weight)
			return (enum kind)k;
		r -= kinds[k].weight;
	}
	return K_PLAIN;
}

/* What tsnorm's judge makes of the stamp just written (precision g->prec,
 * the instant g->app truncated to it) against the runtime time: the skew
 * is the distance from the runtime time to the interval [stamp, stamp +
 * prec), and it is flagged above the default --max-skew of 3 ms. */
static int flagged_by_default(const gen *g)
{
	int64_t stamp = g->app - (g->app % g->prec + g->prec) % g->prec;
	int64_t lo = stamp - g->rt, hi = lo + g->prec, sk = 0;
	if (lo > 0)
		sk = lo;
	else if (hi < 0)
		sk = hi;
	return (sk < 0 ? -sk : sk) > 3 * NS_PER_MS;
}

static void one_message(gen *g)
{
	tick(g);
	stamp_instant(g);
	enum kind k = pick_kind(g);
	g->cur = k;
	int err = below(100) < kinds[k].stderr_pct;
	g->by_kind[k]++;
	if (g->skewed && !kinds[k].stamped)
		g->n_skewed--; /* the skew is invisible without a stamp */
	g->msg.n = 0;
	g->prec = 0;
	switch (k) {
	case K_RFC3339: gen_rfc3339(g); break;
	case K_ZAPCONSOLE: gen_zapconsole(g); break;
	case K_GOLOG: gen_golog(g, 0); break;
	case K_GOLOG_US: gen_golog(g, 1); break;
	case K_SLOGTEXT: gen_slogtext(g); break;
	case K_GOKIT: gen_gokit(g); break;
	case K_LOGRUS: gen_logrus(g); break;
	case K_SLOGJSON: gen_slogjson(g); break;
	case K_ZEROLOG: gen_zerolog(g); break;
	case K_ZAPJSON: gen_zapjson(g, 0); break;
	case K_ZAPEPOCH: gen_zapjson(g, 1); break;
	case K_PINO: gen_pino(g); break;
	case K_KLOG: gen_klog(g); break;
	case K_PYLOG: gen_pylog(g); break;
	case K_SYSLOG3164: gen_syslog3164(g); break;
	case K_NGINX: gen_nginx(g); break;
	case K_NGINX_ERROR: gen_nginx_error(g); break;
	case K_PLAIN: gen_plain(g); break;
	case K_TRACE: gen_trace(g); return;
	case K_BINARY: gen_binary(g); break;
	case K_COUNT: break;
	}
	if ((g->prec != 0) != kinds[k].stamped) {
		fprintf(stderr, "tsnorm-gen-corpus: internal error: %s %s a stamp\n", kinds[k].key,
			g->prec ? "wrote" : "did not write");
		abort();
	}
	/* the message's first line carries the stamp (partial lines after it
	 * do not), and one_message runs only when that line fits the budget */
	if (g->prec) {
		g->n_stamped++;
		g->n_flagged += (uint64_t)flagged_by_default(g);
	}
	emit(g, err);
}

static void usage(FILE *f)
{
	fputs("Usage: tsnorm-gen-corpus [-n LINES] [-s SEED] [-k KIND[,KIND...]]... [-v] [LINES]\n"
	      "Writes LINES (default 1000000) deterministic Docker json-file log lines\n"
	      "to standard output; the same LINES, SEED and KINDs give the same bytes.\n"
	      "  -n LINES  number of lines\n"
	      "  -s SEED   seed of the random stream (decimal or 0x hex)\n"
	      "  -k KIND   emit only these kinds (repeatable, or a comma list), in their\n"
	      "            shares of the full mix; default: all of them\n"
	      "  -v        print what was generated to standard error\n"
	      "  -h        show this help\n"
	      "Kinds (share of messages in the full mix; * = carries a stamp tsnorm finds):\n",
	      f);
	for (int k = 0; k < K_COUNT; k++)
		fprintf(f, "  %-13s %5.2f%% %c %s\n", kinds[k].key, kinds[k].weight / 100.0,
			kinds[k].stamped ? '*' : ' ', kinds[k].name);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* Adds the kinds of a comma list to *sel; -1 on an unknown name. */
static int parse_kinds(const char *s, uint32_t *sel)
{
	for (;;) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		int k = 0;
		while (k < K_COUNT && (strlen(kinds[k].key) != len || memcmp(kinds[k].key, s, len)))
			k++;
		if (k == K_COUNT) {
			fprintf(stderr, "tsnorm-gen-corpus: unknown kind '%.*s' (-h lists them)\n",
				(int)len, s);
			return -1;
		}
		*sel |= (uint32_t)1 << k;
		if (!e)
			return 0;
		s = e + 1;
	}
}

int main(int argc, char **argv)
{
	uint64_t lines = DEFAULT_LINES, seed = DEFAULT_SEED;
	uint32_t sel = 0;
	int verbose = 0, have_pos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-v")) {
			verbose = 1;
		} else if (!strcmp(a, "-n") || !strcmp(a, "-s")) {
			uint64_t *dst = a[1] == 'n' ? &lines : &seed;
			if (parse_u64(i + 1 < argc ? argv[i + 1] : NULL, dst)) {
				fprintf(stderr, "tsnorm-gen-corpus: %s needs a non-negative number\n", a);
				return 1;
			}
			i++;
		} else if (!strcmp(a, "-k") || (!strncmp(a, "-k", 2) && a[2])) {
			const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : NULL;
			if (!v || !*v) {
				fprintf(stderr, "tsnorm-gen-corpus: -k needs a kind (-h lists them)\n");
				return 1;
			}
			if (parse_kinds(v, &sel))
				return 1;
		} else if (!have_pos && parse_u64(a, &lines) == 0) {
			have_pos = 1;
		} else {
			fprintf(stderr, "tsnorm-gen-corpus: unexpected argument '%s'\n", a);
			usage(stderr);
			return 1;
		}
	}

	static char obuf[1 << 20];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	rng_state = seed;

	gen g;
	memset(&g, 0, sizeof g);
	g.target = lines;
	g.rt = START_SEC * NS_PER_S;
	g.out = stdout;
	g.sel = sel ? sel : ((uint32_t)1 << K_COUNT) - 1;
	while (g.lines < g.target)
		one_message(&g);

	if (fflush(stdout) || ferror(stdout))
		die("write");
	free(g.msg.p);
	free(g.line.p);

	if (verbose) {
		uint64_t msgs = 0;
		for (int k = 0; k < K_COUNT; k++)
			msgs += g.by_kind[k];
		fprintf(stderr, "tsnorm-gen-corpus: %" PRIu64 " lines, %" PRIu64 " bytes, %" PRIu64
				" messages, seed %#" PRIx64 "%s\n",
			g.lines, g.bytes, msgs, seed, sel ? ", kinds chosen with -k" : "");
		for (int k = 0; k < K_COUNT; k++)
			if (g.sel >> k & 1)
				fprintf(stderr, "  %-13s %-34s %9" PRIu64 "  %5.2f%%  %9" PRIu64 " lines\n",
					kinds[k].key, kinds[k].name, g.by_kind[k],
					msgs ? 100.0 * (double)g.by_kind[k] / (double)msgs : 0.0,
					g.lines_by_kind[k]);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "stack trace lines", g.n_trace_lines);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "lines on stderr", g.n_stderr);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "stamped lines (tsnorm: app time found)",
			g.n_stamped);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "stamped messages skewed > 3.5 ms", g.n_skewed);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "skews flagged at --max-skew 3 (tsnorm: same)",
			g.n_flagged);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "messages >= 16 KiB (split)", g.n_long);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "partial lines (no trailing \\n)", g.n_partial);
		fprintf(stderr, "  %-48s %9" PRIu64 "\n", "pieces joined to their message (tsnorm: same)",
			g.n_joined);
		sb e = {NULL, 0, 0};
		put_rfc3339(&e, g.rt, FRAC_TRIM, 0, ZONE_Z);
		fprintf(stderr, "  %-48s %.*s\n", "last runtime time", (int)e.n, e.p);
		free(e.p);
	}
	return 0;
}
