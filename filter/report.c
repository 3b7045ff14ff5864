/* report.c — the incident summary: per source, what it held and how far
 * its application clock was from the runtime's; then where the skews fell. */
#include <string.h>

#include <jansson.h>

#include "judge.h"
#include "report.h"

static const char *ms(int64_t us, char *buf)
{
	size_t k = 0;
	if (us >= 0)
		buf[k++] = '+';
	buf[k + format_skew_ms(us, buf + k)] = 0;
	return buf;
}

/* The skew farthest from zero, with its sign. */
static int64_t widest(const tsn_stats *s)
{
	int64_t lo = s->skew_min_us, hi = s->skew_max_us;
	return (lo < 0 ? -lo : lo) > (hi < 0 ? -hi : hi) ? lo : hi;
}

static int is_input(const tsn_sink_input *in, const char *name)
{
	for (size_t i = 0; i < in->n_paths; i++) {
		const char *p = in->paths[i];
		if (!strcmp(p, name) || (!strcmp(p, "-") && !strcmp(name, "(stdin)")))
			return 1;
	}
	return 0;
}

/* +hh:mm; offsets are within +-14 h, so it always fits 7 bytes. */
static void offset_text(int32_t o, char buf[16])
{
	int32_t mag = o < 0 ? -o : o;
	snprintf(buf, 16, "%c%02d:%02d", o < 0 ? '-' : '+', (int)(mag / 3600 % 100),
		 (int)(mag / 60 % 60));
}

static const char *const stream_names[] = {"stdout", "stderr", "other"};

static void band_label(int64_t max_skew_ns, int sign, int b, char *buf, size_t cap)
{
	char lo[32], hi[32];
	int64_t e0 = b ? sink_band_edge_us(max_skew_ns, b - 1) : 0;
	lo[format_skew_ms(e0, lo)] = 0;
	if (b == TSN_SKEW_BANDS - 1) {
		snprintf(buf, cap, "%s%s ms and beyond", sign ? "-" : "+", lo);
		return;
	}
	hi[format_skew_ms(sink_band_edge_us(max_skew_ns, b), hi)] = 0;
	if (sign)
		snprintf(buf, cap, "-%s to %s%s ms", hi, b ? "-" : "", b ? lo : "0");
	else
		snprintf(buf, cap, "%s%s to +%s ms", b ? "+" : "", b ? lo : "0", hi);
}

void report_sources(tsn_sink *sink, const tsn_stats *st, FILE *f, int64_t max_skew_ns,
		    const tsn_registry *reg)
{
	if (!sink)
		return;
	size_t n = sink_n_inputs(sink);
	uint64_t hist[2][TSN_SKEW_BANDS] = {{0}};
	fprintf(f, "tsnorm: incident summary, %zu source%s\n", n, n == 1 ? "" : "s");
	if (sink_dropped(sink))
		fprintf(f, "  outside the window %12llu  (not written)\n",
			(unsigned long long)sink_dropped(sink));
	if (sink_batches(sink))
		fprintf(f, "  loki push bodies   %12llu\n", (unsigned long long)sink_batches(sink));
	for (size_t i = 0; i < n; i++) {
		const tsn_sink_input *in = sink_input(sink, (int)i);
		const tsn_stats *s = in->st;
		if (!s)
			continue;
		fprintf(f, "  %s", in->name);
		if (in->n_paths > 1)
			fprintf(f, "  (%zu files, %s first)", in->n_paths, in->paths[0]);
		else if (in->n_paths == 1 && strcmp(in->paths[0], "-") && strcmp(in->paths[0], in->name))
			fprintf(f, "  (%s)", in->paths[0]);
		fprintf(f, "\n    lines %llu", (unsigned long long)s->lines_out);
		const char *sep = "; formats ";
		for (size_t k = 0; k < reg->n; k++)
			if (s->found[k]) {
				fprintf(f, "%s%s %llu", sep, reg->order[k]->name,
					(unsigned long long)s->found[k]);
				sep = ", ";
			}
		if (s->found_object)
			fprintf(f, "%sjson-object %llu", sep, (unsigned long long)s->found_object);
		if (s->runtime_used)
			fprintf(f, "; runtime time only %llu", (unsigned long long)s->runtime_used);
		fputc('\n', f);
		if (s->skews) {
			char a[32], b[32], c[32];
			fprintf(f, "    skew ms p50 %s  p99 |%s|  max %s  flagged %llu of %llu\n",
				ms(stats_quantile(s, 0.5), a), ms(stats_quantile_abs(s, 0.99), b) + 1,
				ms(widest(s), c), (unsigned long long)s->flagged,
				(unsigned long long)s->skews);
		}
		for (uint64_t k = 0; k < st->zone_learned && k < 32; k++)
			if (is_input(in, st->learned[k].input)) {
				char o[16];
				offset_text(st->learned[k].offset, o);
				fprintf(f, "    zone learned %s (%s, %s)\n", o, st->learned[k].input,
					stream_names[st->learned[k].stream]);
			}
		if (in->has_first) {
			char a[32], b[32];
			size_t ka = tsn_format_rfc3339nano(&in->first, a);
			size_t kb = tsn_format_rfc3339nano(&in->last, b);
			a[ka] = b[kb] = 0;
			fprintf(f, "    first %s  last %s\n", ka ? a : "?", kb ? b : "?");
		}
		for (int sg = 0; sg < 2; sg++)
			for (int b = 0; b < TSN_SKEW_BANDS; b++)
				hist[sg][b] += in->hist[sg][b];
	}
	uint64_t top = 0;
	for (int sg = 0; sg < 2; sg++)
		for (int b = 0; b < TSN_SKEW_BANDS; b++)
			if (hist[sg][b] > top)
				top = hist[sg][b];
	if (!top)
		return;
	char t[32];
	t[format_skew_ms((max_skew_ns + 999) / 1000, t)] = 0;
	fprintf(f, "  skew (app - runtime), all sources; flagged beyond +-%s ms:\n", t);
	for (int row = 0; row < 2 * TSN_SKEW_BANDS; row++) {
		/* from the most negative band down to zero, then up */
		int sg = row < TSN_SKEW_BANDS, b = sg ? TSN_SKEW_BANDS - 1 - row : row - TSN_SKEW_BANDS;
		char label[96], bar[41];
		band_label(max_skew_ns, sg, b, label, sizeof label);
		uint64_t c = hist[sg][b];
		size_t w = c ? (size_t)((c * 40 + top - 1) / top) : 0;
		memset(bar, '#', w);
		bar[w] = 0;
		fprintf(f, "  %c %-30s %12llu %s\n", b >= 2 ? '!' : ' ', label, (unsigned long long)c,
			bar);
	}
}

static json_t *time_json(const tsn_time *t)
{
	char buf[32];
	size_t k = tsn_format_rfc3339nano(t, buf);
	return k ? json_stringn(buf, k) : json_null();
}

int report_json(tsn_sink *sink, const tsn_stats *st, const char *path, int64_t max_skew_ns,
		const tsn_registry *reg, uint64_t regex_hits, char *err, size_t errlen)
{
	json_t *root = json_object();
	json_t *tot = json_object();
	json_object_set_new(tot, "inputs", json_integer((json_int_t)st->inputs));
	json_object_set_new(tot, "inputs_bad", json_integer((json_int_t)st->inputs_bad));
	json_object_set_new(tot, "bytes_in", json_integer((json_int_t)st->bytes_in));
	json_object_set_new(tot, "lines_in", json_integer((json_int_t)st->lines_in));
	json_object_set_new(tot, "records", json_integer((json_int_t)st->lines_out));
	json_object_set_new(tot, "pieces_joined", json_integer((json_int_t)st->pieces_joined));
	json_object_set_new(tot, "flagged", json_integer((json_int_t)st->flagged));
	json_object_set_new(tot, "runtime_used", json_integer((json_int_t)st->runtime_used));
	json_object_set_new(tot, "regex_limit_hits", json_integer((json_int_t)regex_hits));
	if (sink) {
		json_object_set_new(tot, "outside_window", json_integer((json_int_t)sink_dropped(sink)));
		json_object_set_new(tot, "loki_bodies", json_integer((json_int_t)sink_batches(sink)));
	}
	json_object_set_new(tot, "max_skew_us", json_integer((json_int_t)(max_skew_ns / 1000)));
	json_object_set_new(root, "totals", tot);

	json_t *sources = json_array();
	uint64_t hist[2][TSN_SKEW_BANDS] = {{0}};
	for (size_t i = 0; sink && i < sink_n_inputs(sink); i++) {
		const tsn_sink_input *in = sink_input(sink, (int)i);
		const tsn_stats *s = in->st;
		if (!s)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(in->name));
		json_t *files = json_array();
		for (size_t k = 0; k < in->n_paths; k++)
			json_array_append_new(files, json_string(in->paths[k]));
		json_object_set_new(o, "files", files);
		json_object_set_new(o, "lines", json_integer((json_int_t)s->lines_out));
		json_t *fm = json_object();
		for (size_t k = 0; k < reg->n; k++)
			if (s->found[k])
				json_object_set_new(fm, reg->order[k]->name,
						    json_integer((json_int_t)s->found[k]));
		if (s->found_object)
			json_object_set_new(fm, "json-object", json_integer((json_int_t)s->found_object));
		json_object_set_new(o, "formats", fm);
		json_object_set_new(o, "runtime_used", json_integer((json_int_t)s->runtime_used));
		json_object_set_new(o, "skews", json_integer((json_int_t)s->skews));
		if (s->skews) {
			json_object_set_new(o, "skew_p50_us", json_integer(stats_quantile(s, 0.5)));
			json_object_set_new(o, "skew_abs_p99_us", json_integer(stats_quantile_abs(s, 0.99)));
			json_object_set_new(o, "skew_max_us", json_integer(widest(s)));
		}
		json_object_set_new(o, "flagged", json_integer((json_int_t)s->flagged));
		json_t *zones = json_array();
		for (uint64_t k = 0; k < st->zone_learned && k < 32; k++)
			if (is_input(in, st->learned[k].input)) {
				char off[16];
				offset_text(st->learned[k].offset, off);
				json_array_append_new(zones, json_pack("{s:s,s:s,s:s}", "file",
								       st->learned[k].input, "stream",
								       stream_names[st->learned[k].stream],
								       "offset", off));
			}
		json_object_set_new(o, "zones_learned", zones);
		json_object_set_new(o, "first", in->has_first ? time_json(&in->first) : json_null());
		json_object_set_new(o, "last", in->has_first ? time_json(&in->last) : json_null());
		json_array_append_new(sources, o);
		for (int sg = 0; sg < 2; sg++)
			for (int b = 0; b < TSN_SKEW_BANDS; b++)
				hist[sg][b] += in->hist[sg][b];
	}
	json_object_set_new(root, "sources", sources);

	json_t *bands = json_array();
	for (int row = 0; row < 2 * TSN_SKEW_BANDS; row++) {
		int sg = row < TSN_SKEW_BANDS, b = sg ? TSN_SKEW_BANDS - 1 - row : row - TSN_SKEW_BANDS;
		int64_t lo = b ? sink_band_edge_us(max_skew_ns, b - 1) : 0;
		json_t *e = json_object();
		if (sg) {
			json_object_set_new(e, "from_us", b == TSN_SKEW_BANDS - 1
								  ? json_null()
								  : json_integer(-sink_band_edge_us(max_skew_ns, b)));
			json_object_set_new(e, "to_us", json_integer(-lo));
		} else {
			json_object_set_new(e, "from_us", json_integer(lo));
			json_object_set_new(e, "to_us", b == TSN_SKEW_BANDS - 1
								? json_null()
								: json_integer(sink_band_edge_us(max_skew_ns, b)));
		}
		json_object_set_new(e, "flagged", json_boolean(b >= 2));
		json_object_set_new(e, "count", json_integer((json_int_t)hist[sg][b]));
		json_array_append_new(bands, e);
	}
	json_object_set_new(root, "skew_histogram", bands);

	int r = json_dump_file(root, path, JSON_INDENT(2));
	json_decref(root);
	if (r) {
		snprintf(err, errlen, "%s: cannot write it", path);
		return -1;
	}
	return 0;
}
