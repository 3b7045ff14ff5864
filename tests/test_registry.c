/* test_registry.c — the catalogue as a whole: every built-in example is
 * found by its own family and by the full search under that family's name,
 * --format selection, the per-stream memory, JSON keys and value kinds, and
 * the rule that a complete JSON object ends the search. */
#include <criterion/criterion.h>
#include <string.h>

#include "registry.h"
#include "zone.h"

/* 2024-05-30T12:34:56Z = 1717072496 (date -u -d 2024-05-30T12:34:56Z +%s);
 * every built-in example is written at that instant (RFC 822: 12:34,
 * 1717072440), zone-less ones in UTC */
#define T0 1717072496LL

static const tsn_time ref = {.sec = T0, .nsec = 0, .prec = 1};

static tsn_parse_ctx ctx(void)
{
	return (tsn_parse_ctx){.ref = &ref, .json_keys = tsn_default_json_keys,
			       .n_json_keys = TSN_DEFAULT_JSON_KEYS};
}

static const struct {
	const char *name;
	int64_t sec;
	int32_t nsec;
	int64_t prec;
	int zoneless;
} want[] = {
	{"json", T0, 789000000, 1000000, 0},       {"rfc3339", T0, 789012345, 1, 0},
	{"syslog5424", T0, 123000000, 1000000, 0}, {"klog", T0, 789012000, 1000, 1},
	{"iso8601", T0, 123000000, 1000000, 1},    {"nginx-error", T0, 0, 1000000000, 1},
	{"golog", T0, 789012000, 1000, 1},         {"syslog3164", T0, 0, 1000000000, 1},
	{"ansic", T0, 0, 1000000000, 1},           {"unixdate", T0, 0, 1000000000, 0},
	{"rfc1123z", T0, 0, 1000000000, 0},        {"rfc1123", T0, 0, 1000000000, 0},
	{"rfc822z", T0 - 56, 0, 60000000000LL, 0}, {"rfc822", T0 - 56, 0, 60000000000LL, 0},
	{"rfc850", T0, 0, 1000000000, 0},          {"access", T0, 0, 1000000000, 0},
	{"logfmt", T0, 789000000, 1000000, 0},
};

Test(registry, every_example_is_found_by_its_family_with_the_right_time)
{
	tsn_parse_ctx c = ctx();
	cr_assert_eq(tsn_builtin_count(), sizeof want / sizeof *want);
	for (size_t i = 0; i < tsn_builtin_count(); i++) {
		const tsn_format_def *d = tsn_builtin(i);
		cr_assert_str_eq(d->name, want[i].name);
		tsn_stamp st;
		cr_assert_eq(d->locate(d, d->example, strlen(d->example), &c, &st), 1, "%s", d->name);
		cr_expect_eq(st.t.sec, want[i].sec, "%s: sec %lld", d->name, (long long)st.t.sec);
		cr_expect_eq(st.t.nsec, want[i].nsec, "%s: nsec %d", d->name, st.t.nsec);
		cr_expect_eq(st.t.prec, want[i].prec, "%s: prec %lld", d->name, (long long)st.t.prec);
		cr_expect_eq(st.zoneless, want[i].zoneless, "%s: zoneless", d->name);
	}
}

Test(registry, no_family_steals_another_ones_example)
{
	tsn_registry r;
	char err[128];
	cr_assert_eq(tsn_registry_init(&r, NULL, NULL, 0, err, sizeof err), 0);
	tsn_parse_ctx c = ctx();
	for (size_t i = 0; i < r.n; i++) {
		const char *ex = r.order[i]->example;
		tsn_memo memo;
		tsn_memo_init(&memo);
		tsn_stamp st;
		int k = tsn_registry_find(&r, &memo, ex, strlen(ex), &c, &st);
		cr_assert_geq(k, 0, "%s: not found", r.order[i]->name);
		cr_expect_str_eq(r.order[k]->name, r.order[i]->name);
		cr_expect_eq(*tsn_memo_slot(&memo, ex, strlen(ex)), k);
	}
}

Test(registry, format_list_chooses_and_orders)
{
	tsn_registry r;
	char err[128];
	cr_assert_eq(tsn_registry_init(&r, "logfmt,rfc3339", NULL, 0, err, sizeof err), 0);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.order[0]->name, "logfmt");
	cr_assert_str_eq(r.order[1]->name, "rfc3339");
	cr_assert_eq(r.json, -1);
	tsn_parse_ctx c = ctx();
	tsn_stamp st;
	tsn_memo memo;
	tsn_memo_init(&memo);
	/* a Go log prefix is not among the chosen formats */
	const char *g = "2024/05/30 12:34:56 hi";
	cr_assert_eq(tsn_registry_find(&r, &memo, g, strlen(g), &c, &st), -1);
	cr_assert_eq(tsn_registry_init(&r, "rfc3339,nope", NULL, 0, err, sizeof err), -1);
	cr_assert(strstr(err, "unknown format 'nope'"), "%s", err);
	cr_assert_eq(tsn_registry_init(&r, "golog,golog", NULL, 0, err, sizeof err), -1);
	cr_assert(strstr(err, "'golog' is named twice"), "%s", err);
	cr_assert_eq(tsn_registry_init(&r, "", NULL, 0, err, sizeof err), -1);
}

Test(registry, stream_memory_tries_the_last_match_of_the_same_shape_first)
{
	tsn_registry r;
	char err[128];
	cr_assert_eq(tsn_registry_init(&r, NULL, NULL, 0, err, sizeof err), 0);
	tsn_parse_ctx c = ctx();
	tsn_stamp st;
	/* RFC 3339 at the start and a different ts= later: the order says
	 * rfc3339 ... */
	const char *both = "2024-05-30T12:34:56Z level=info ts=2024-05-30T12:34:57Z";
	tsn_memo memo;
	tsn_memo_init(&memo);
	int k = tsn_registry_find(&r, &memo, both, strlen(both), &c, &st);
	cr_assert_str_eq(r.order[k]->name, "rfc3339");
	cr_assert_eq(st.t.sec, T0);
	/* ... a logfmt line of another shape (first byte a letter) leaves
	 * that shape's memory alone ... */
	const char *lf = "level=info ts=2024-05-30T12:34:57Z";
	k = tsn_registry_find(&r, &memo, lf, strlen(lf), &c, &st);
	cr_assert_str_eq(r.order[k]->name, "logfmt");
	k = tsn_registry_find(&r, &memo, both, strlen(both), &c, &st);
	cr_assert_str_eq(r.order[k]->name, "rfc3339");
	cr_assert_eq(st.t.sec, T0);
	/* ... but one of the same shape ("2024-", 'T' at byte 10) that only
	 * logfmt reads makes logfmt the first tried for that shape */
	const char *same = "2024-05-30Tnot-a-stamp ts=2024-05-30T12:34:58Z";
	cr_assert_eq(tsn_memo_slot(&memo, same, strlen(same)), tsn_memo_slot(&memo, both, strlen(both)));
	k = tsn_registry_find(&r, &memo, same, strlen(same), &c, &st);
	cr_assert_str_eq(r.order[k]->name, "logfmt");
	cr_assert_eq(st.t.sec, T0 + 2);
	k = tsn_registry_find(&r, &memo, both, strlen(both), &c, &st);
	cr_assert_str_eq(r.order[k]->name, "logfmt");
	cr_assert_eq(st.t.sec, T0 + 1);
	/* a message the remembered family does not match falls back to order */
	const char *kl = "W0530 12:34:56.000001 7 x.go:1] y";
	k = tsn_registry_find(&r, &memo, kl, strlen(kl), &c, &st);
	cr_assert_str_eq(r.order[k]->name, "klog");
	cr_assert_str_eq(r.order[*tsn_memo_slot(&memo, kl, strlen(kl))]->name, "klog");
	/* the shapes: the first byte's class, byte 4, byte 10 */
	static const char *const apart[][2] = {
		{"2024-05-30T12:34:56Z", "2024-05-30 12:34:56"},  /* byte 10 */
		{"2024-05-30 12:34:56", "2024/05/30 12:34:56"},   /* byte 4: - / */
		{"2024/05/30 12:34:56", "10.1.2.3 - - [x]"},      /* byte 4: / . */
		{"10.1.2.3 - - [x]", "12345678 x"},               /* byte 4: . digit */
		{"time=x", "I0530 x"},                            /* first: other, upper */
		{"{\"a\":1}", "[x] y"},                          /* first: { [ */
		{"<13>May", " x"},                                /* first: < space */
	};
	for (size_t i = 0; i < sizeof apart / sizeof *apart; i++)
		cr_assert_neq(tsn_memo_slot(&memo, apart[i][0], strlen(apart[i][0])),
			      tsn_memo_slot(&memo, apart[i][1], strlen(apart[i][1])), "%s / %s",
			      apart[i][0], apart[i][1]);
	/* short messages have a shape too */
	cr_assert_not_null(tsn_memo_slot(&memo, "", 0));
	cr_assert_not_null(tsn_memo_slot(&memo, "2024", 4));
}

static int find(const char *msg, tsn_stamp *st, const char *const *keys, size_t nk)
{
	static tsn_registry r;
	char err[128];
	cr_assert_eq(tsn_registry_init(&r, NULL, NULL, 0, err, sizeof err), 0);
	tsn_parse_ctx c = ctx();
	if (keys) {
		c.json_keys = keys;
		c.n_json_keys = nk;
	}
	tsn_memo memo;
	tsn_memo_init(&memo);
	int k = tsn_registry_find(&r, &memo, msg, strlen(msg), &c, st);
	return k < 0 ? -1 : (int)(r.order[k] - tsn_builtin(0));
}

#define IDX(name) builtin_index(name)
static int builtin_index(const char *name)
{
	for (size_t i = 0; i < tsn_builtin_count(); i++)
		if (!strcmp(tsn_builtin(i)->name, name))
			return (int)i;
	return -2;
}

Test(registry, json_keys_and_value_kinds)
{
	tsn_stamp st;
	/* the default keys */
	cr_assert_eq(find("{\"timestamp\":\"2024-05-30T12:34:56Z\"}", &st, NULL, 0), IDX("json"));
	cr_assert_eq(find("{\"@timestamp\":\"2024-05-30T12:34:56.5Z\"}", &st, NULL, 0), IDX("json"));
	cr_assert_eq(st.t.nsec, 500000000);
	cr_assert_eq(find("{\"level\":30,\"t\":\"2024-05-30T12:34:56Z\"}", &st, NULL, 0), IDX("json"));
	/* zap's ISO 8601: 20:34:56.789+0800 is 12:34:56.789Z */
	cr_assert_eq(find("{\"ts\":\"2024-05-30T20:34:56.789+0800\",\"msg\":\"x\"}", &st, NULL, 0),
		     IDX("json"));
	cr_assert_eq(st.t.sec, T0);
	cr_assert_eq(st.t.nsec, 789000000);
	/* zap's float seconds: six decimals, microseconds */
	cr_assert_eq(find("{\"level\":\"info\",\"ts\":1717072496.123456,\"msg\":\"x\"}", &st, NULL, 0),
		     IDX("json"));
	cr_assert_eq(st.t.sec, T0);
	cr_assert_eq(st.t.nsec, 123456000);
	cr_assert_eq(st.t.prec, 1000);
	/* zerolog integer milliseconds (13 digits) */
	cr_assert_eq(find("{\"time\":1717072496123,\"message\":\"x\"}", &st, NULL, 0), IDX("json"));
	cr_assert_eq(st.t.sec, T0);
	cr_assert_eq(st.t.nsec, 123000000);
	cr_assert_eq(st.t.prec, 1000000);
	/* another key only when named */
	const char *when = "{\"when\":\"2024-05-30T12:34:56Z\",\"msg\":\"x\"}";
	cr_assert_eq(find(when, &st, NULL, 0), -1);
	static const char *const keys[] = {"time", "when"};
	cr_assert_eq(find(when, &st, keys, 2), IDX("json"));
	cr_assert_eq(st.t.sec, T0);
}

Test(registry, a_complete_json_object_ends_the_search)
{
	tsn_stamp st;
	/* the text inside a string value would be a logfmt stamp */
	cr_assert_eq(find("{\"msg\":\"retry at ts=2024-05-30T12:34:56Z\"}", &st, NULL, 0), -1);
	/* but a message cut before it closes is still searched */
	cr_assert_eq(find("{\"msg\":\"cut ts=2024-05-30T12:34:56Z", &st, NULL, 0), IDX("logfmt"));
}

Test(registry, logfmt_epoch_values)
{
	tsn_stamp st;
	/* ts=1717072496.5: seconds with one decimal: prec 100 ms */
	cr_assert_eq(find("ts=1717072496.5 level=info msg=x", &st, NULL, 0), IDX("logfmt"));
	cr_assert_eq(st.t.sec, T0);
	cr_assert_eq(st.t.nsec, 500000000);
	cr_assert_eq(st.t.prec, 100000000);
	/* a small number is a duration, not a time */
	cr_assert_eq(find("time=0.023 msg=x", &st, NULL, 0), -1);
}

Test(registry, zone_less_stamps_are_read_in_the_zone)
{
	char err[256];
	tsn_zone *z = tsn_zone_open("Europe/Berlin", err, sizeof err);
	cr_assert(z, "%s", err);
	tsn_stamp st;
	/* 14:34:56 in Berlin on 2024-05-30 is CEST (+02:00): 12:34:56Z */
	cr_assert_eq(find("2024/05/30 14:34:56 x", &st, NULL, 0), IDX("golog"));
	tsn_stamp_to_utc(&st, z);
	cr_assert_eq(st.t.sec, T0);
	cr_assert_eq(st.zoneless, 0);
	/* an abbreviation the zone uses: 13:34:56 CET is 12:34:56Z */
	cr_assert_eq(find("Thu May 30 13:34:56 CET 2024 x", &st, NULL, 0), IDX("unixdate"));
	cr_assert(st.abbr);
	tsn_stamp_to_utc(&st, z);
	cr_assert_eq(st.t.sec, T0);
	/* one it does not use: the civil time is read in the zone (CEST) */
	cr_assert_eq(find("Thu May 30 14:34:56 XYZ 2024 x", &st, NULL, 0), IDX("unixdate"));
	tsn_stamp_to_utc(&st, z);
	cr_assert_eq(st.t.sec, T0);
	/* NULL zone is UTC */
	cr_assert_eq(find("2024/05/30 12:34:56 x", &st, NULL, 0), IDX("golog"));
	tsn_stamp_to_utc(&st, NULL);
	cr_assert_eq(st.t.sec, T0);
	tsn_zone_free(z);
}

static int fake_locate(const tsn_format_def *self, const char *s, size_t n, const tsn_parse_ctx *c,
		       tsn_stamp *out)
{
	(void)self, (void)s, (void)n, (void)c, (void)out;
	return 0;
}

Test(registry, user_formats_come_first_and_cannot_take_a_builtin_name)
{
	static const tsn_format_def mine = {"mine", "", fake_locate, NULL, 0};
	static const tsn_format_def clash = {"json", "", fake_locate, NULL, 0};
	const tsn_format_def *u1[] = {&mine}, *u2[] = {&clash};
	tsn_registry r;
	char err[128];
	cr_assert_eq(tsn_registry_init(&r, NULL, u1, 1, err, sizeof err), 0);
	cr_assert_eq(r.order[0], &mine);
	cr_assert_eq(r.n, tsn_builtin_count() + 1);
	cr_assert_eq(tsn_registry_init(&r, "rfc3339,mine", u1, 1, err, sizeof err), 0);
	cr_assert_eq(r.order[1], &mine);
	cr_assert_eq(tsn_registry_init(&r, NULL, u2, 1, err, sizeof err), -1);
	cr_assert(strstr(err, "user format 'json' has the name of a built-in format"), "%s", err);
	/* nor the name --annotate gives an object line's own time key */
	static const tsn_format_def obj = {"json-object", "", fake_locate, NULL, 0};
	const tsn_format_def *u3[] = {&obj};
	cr_assert_eq(tsn_registry_init(&r, NULL, u3, 1, err, sizeof err), -1);
	cr_assert(strstr(err, "'json-object'"), "%s", err);
}

/* The search by first-byte class skips only families that could not have
 * matched: against a plain walk over every family (json first, a complete
 * JSON object ending it), each example with its first byte replaced by
 * every byte value, and as is, under the default order and a --format one. */
static int find_plain(const tsn_registry *r, const char *msg, size_t n, const tsn_parse_ctx *c,
		      tsn_stamp *st)
{
	if (r->json >= 0) {
		int k = r->order[r->json]->locate(r->order[r->json], msg, n, c, st);
		if (k > 0)
			return r->json;
		if (k < 0)
			return -1;
	}
	for (size_t i = 0; i < r->n; i++)
		if ((int)i != r->json && r->order[i]->locate(r->order[i], msg, n, c, st) > 0)
			return (int)i;
	return -1;
}

Test(registry, first_byte_dispatch_agrees_with_a_plain_walk)
{
	static const char *const orders[] = {NULL, "logfmt,klog,json,rfc3339,access,golog"};
	static tsn_registry r;
	char err[128], msg[256];
	tsn_parse_ctx c = ctx();
	for (size_t o = 0; o < 2; o++) {
		cr_assert_eq(tsn_registry_init(&r, orders[o], NULL, 0, err, sizeof err), 0, "%s", err);
		for (size_t i = 0; i < tsn_builtin_count(); i++) {
			const char *ex = tsn_builtin(i)->example;
			size_t n = strlen(ex);
			memcpy(msg, ex, n);
			for (int b = -1; b < 256; b++) {
				if (b >= 0)
					msg[0] = (char)b;
				tsn_stamp a, p;
				tsn_memo memo;
				tsn_memo_init(&memo);
				int k = tsn_registry_find(&r, &memo, msg, n, &c, &a);
				int plain = find_plain(&r, msg, n, &c, &p);
				cr_assert_eq(k, plain, "order %zu, %s, first byte %d", o, ex, b);
				if (k >= 0)
					cr_assert(a.t.sec == p.t.sec && a.t.nsec == p.t.nsec);
			}
		}
		tsn_stamp a;
		tsn_memo memo;
		tsn_memo_init(&memo);
		cr_assert_eq(tsn_registry_find(&r, &memo, "", 0, &c, &a), find_plain(&r, "", 0, &c, &a));
	}
}
