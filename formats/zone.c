/* zone.c — zone.h: UTC, fixed offsets, and IANA zones from TZif files (RFC
 * 8536 v1/v2+ data and the footer POSIX TZ rule past the last transition),
 * Go's time.Date choice in gaps and overlaps, and abbreviation lookup. */
#include "zone.h"
#include "tstime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZONE_DEFAULT_DIR "/usr/share/zoneinfo"
#define ZONE_MAX_FILE (1 << 20)   /* real TZif files are under 4 KiB */
#define ZONE_MAX_NAME 255
#define NAME_CAP 32               /* footer abbreviations ("CEST", "+1030") */

/* One period of constant offset: [start, end), end exclusive. */
typedef struct zperiod {
	int64_t start, end;
	int32_t off;
} zperiod;

typedef struct ttype {
	int32_t off;
	uint8_t isdst;
	uint8_t abbr;   /* index into chars */
} ttype;

/* A POSIX TZ rule date: 'J' Julian day 1..365 without Feb 29, 'D' zero-based
 * day 0..365 with Feb 29, 'M' month.week.weekday; time is local seconds after
 * midnight, -167h..167h (RFC 8536 3.3.1). */
typedef struct rdate {
	char kind;
	int n, m, w, d;
	int32_t time;
} rdate;

typedef struct prule {
	int32_t std_off, dst_off;   /* seconds east of UTC */
	int has_dst;
	rdate start, end;           /* start: std -> dst, in std time; end: dst -> std, in dst time */
	char std_name[NAME_CAP], dst_name[NAME_CAP];
} prule;

typedef struct abbr_ent {
	const char *s;
	size_t n;
	int32_t off;
} abbr_ent;

struct tsn_zone {
	char *name;
	/* transitions (ascending) and the type each one switches to */
	size_t ntrans;
	int64_t *trans;
	uint8_t *tidx;
	size_t ntypes;
	ttype *types;
	char *chars;
	size_t nchars;
	int pre_type;          /* type before the first transition */
	int has_rule;          /* footer present: it rules after the last transition */
	prule rule;
	size_t nabbr;          /* abbreviations, most recent use first */
	abbr_ent *abbrs;
	/* The last period looked up.  A pointer so that the const functions of
	 * zone.h can refresh it; it makes a zone unsafe to share between threads. */
	zperiod *cache;
};

/* ---- small helpers ------------------------------------------------------ */

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

static void fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The spec as it may appear in a message: at most 64 bytes, control bytes as '?'. */
static void printable(const char *s, char out[68])
{
	size_t i = 0;
	for (; i < 64 && s[i]; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (s[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = 0;
}

/* t - off without overflow (saturating; only reachable near the int64 ends). */
static int64_t sub_off(int64_t t, int32_t off)
{
	if (off > 0 && t < INT64_MIN + off)
		return INT64_MIN;
	if (off < 0 && t > INT64_MAX + off)
		return INT64_MAX;
	return t - off;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- POSIX TZ strings (the TZif footer) ----------------------------------- */

static const char *parse_tzname(const char *s, char *out)
{
	const char *b;
	size_t n;
	int quoted = *s == '<';
	if (quoted) {
		b = ++s;
		while (is_alpha(*s) || is_digit(*s) || *s == '+' || *s == '-')
			s++;
		if (*s != '>')
			return NULL;
		n = (size_t)(s - b);
		s++;
	} else {
		b = s;
		while (is_alpha(*s))
			s++;
		n = (size_t)(s - b);
	}
	if (n < 1 || n >= NAME_CAP || (!quoted && n < 3))
		return NULL;
	memcpy(out, b, n);
	out[n] = 0;
	return s;
}

/* [+-]hh[:mm[:ss]] with hh <= maxh; signed only if sign_ok. */
static const char *parse_hms(const char *s, int maxh, int sign_ok, int32_t *out)
{
	int neg = 0;
	if (*s == '+' || *s == '-') {
		if (!sign_ok)
			return NULL;
		neg = *s++ == '-';
	}
	if (!is_digit(*s))
		return NULL;
	int h = 0, m = 0, sec = 0, k = 0;
	while (is_digit(*s) && k < 3) {
		h = h * 10 + (*s++ - '0');
		k++;
	}
	if (is_digit(*s) || h > maxh)
		return NULL;
	if (*s == ':') {
		s++;
		if (!is_digit(s[0]) || !is_digit(s[1]))
			return NULL;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (*s == ':') {
			s++;
			if (!is_digit(s[0]) || !is_digit(s[1]))
				return NULL;
			sec = (s[0] - '0') * 10 + (s[1] - '0');
			s += 2;
		}
		if (m > 59 || sec > 59)
			return NULL;
	}
	int32_t v = h * 3600 + m * 60 + sec;
	*out = neg ? -v : v;
	return s;
}

static const char *parse_num(const char *s, int lo, int hi, int *out)
{
	int v = 0, k = 0;
	while (is_digit(*s) && k < 3) {
		v = v * 10 + (*s++ - '0');
		k++;
	}
	if (!k || is_digit(*s) || v < lo || v > hi)
		return NULL;
	*out = v;
	return s;
}

static const char *parse_rdate(const char *s, rdate *d)
{
	memset(d, 0, sizeof *d);
	if (*s == 'J') {
		d->kind = 'J';
		s = parse_num(s + 1, 1, 365, &d->n);
	} else if (*s == 'M') {
		d->kind = 'M';
		s = parse_num(s + 1, 1, 12, &d->m);
		if (s && *s == '.')
			s = parse_num(s + 1, 1, 5, &d->w);
		else
			s = NULL;
		if (s && *s == '.')
			s = parse_num(s + 1, 0, 6, &d->d);
		else
			s = NULL;
	} else {
		d->kind = 'D';
		s = parse_num(s, 0, 365, &d->n);
	}
	if (!s)
		return NULL;
	d->time = 2 * 3600;
	if (*s == '/')
		s = parse_hms(s + 1, 167, 1, &d->time);
	return s;
}

/* Parses a whole POSIX TZ string with RFC 8536's extensions; 0 or -1. */
static int parse_posix_tz(const char *s, prule *r)
{
	memset(r, 0, sizeof *r);
	int32_t v;
	if (!(s = parse_tzname(s, r->std_name)) || !(s = parse_hms(s, 24, 1, &v)))
		return -1;
	r->std_off = -v;   /* POSIX counts west of UTC as positive */
	if (!*s)
		return 0;
	if (!(s = parse_tzname(s, r->dst_name)))
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (!(s = parse_hms(s, 24, 1, &v)))
			return -1;
		r->dst_off = -v;
	}
	if (!*s) /* no rule: the US rule, as glibc and Go assume */
		s = ",M3.2.0,M11.1.0";
	if (*s != ',' || !(s = parse_rdate(s + 1, &r->start)) || *s != ',' ||
	    !(s = parse_rdate(s + 1, &r->end)) || *s)
		return -1;
	return 0;
}

/* Local wall-clock seconds (counted as if UTC) of a rule date in year y. */
static int64_t rdate_local(const rdate *d, int64_t y)
{
	int64_t days;
	if (d->kind == 'J') {
		days = civil_to_days(y, 1, 1) + d->n - 1 + (civil_is_leap(y) && d->n >= 60);
	} else if (d->kind == 'D') {
		days = civil_to_days(y, 1, 1) + d->n;
	} else {
		int64_t first = civil_to_days(y, d->m, 1);
		int dow = (int)(((first + 4) % 7 + 7) % 7);   /* 1970-01-01 was a Thursday */
		int mday = 1 + (d->d - dow + 7) % 7 + 7 * (d->w - 1);
		int len = civil_days_in_month(y, d->m);
		while (mday > len)
			mday -= 7;
		days = first + mday - 1;
	}
	return days * 86400 + d->time;
}

/* The period of the footer rule containing t, starting no earlier than floor
 * (the last explicit transition). */
static zperiod rule_period(const prule *r, int64_t t, int64_t floor)
{
	if (!r->has_dst)
		return (zperiod){floor, INT64_MAX, r->std_off};
	/* clamp so that the year arithmetic cannot overflow (|t| < ~1.8e10 years) */
	const int64_t lim = (int64_t)1 << 59;
	int64_t tc = t < -lim ? -lim : t > lim ? lim : t;
	int64_t y0;
	int mo, dd;
	civil_from_days(floor_div(tc, 86400), &y0, &mo, &dd);
	/* the rule's transitions of five years around t, as UTC instants; a
	 * transition time may be up to 167 h off its day, so one year either
	 * side is not always enough */
	struct ev {
		int64_t t;
		int dst;   /* 1: DST starts; 0: DST ends */
	} ev[10], e;
	int n = 0;
	for (int64_t y = y0 - 2; y <= y0 + 2; y++) {
		ev[n++] = (struct ev){rdate_local(&r->start, y) - r->std_off, 1};
		ev[n++] = (struct ev){rdate_local(&r->end, y) - r->dst_off, 0};
	}
	/* sort by time; on a tie the end first, so that DST all year
	 * ("EST5EDT,0/0,J365/25") stays DST */
	for (int i = 1; i < n; i++) {
		e = ev[i];
		int j = i;
		while (j > 0 && (ev[j - 1].t > e.t || (ev[j - 1].t == e.t && ev[j - 1].dst > e.dst))) {
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = e;
	}
	int k = -1;
	while (k + 1 < n && ev[k + 1].t <= t)
		k++;
	zperiod p;
	if (k < 0) {
		p.start = floor;
		/* the loop above always fills ev[0..9] (five years) */
		p.end = ev[0].t; // NOLINT(clang-analyzer-core.uninitialized.Assign)
		p.off = ev[0].dst ? r->std_off : r->dst_off;
	} else {
		p.start = ev[k].t > floor ? ev[k].t : floor;
		p.end = k + 1 < n ? ev[k + 1].t : INT64_MAX;
		p.off = ev[k].dst ? r->dst_off : r->std_off;
	}
	return p;
}

/* ---- lookup --------------------------------------------------------------- */

static zperiod lookup_slow(const tsn_zone *z, int64_t t)
{
	if (z->ntrans == 0 || t < z->trans[0]) {
		if (z->ntrans == 0 && z->has_rule)
			return rule_period(&z->rule, t, INT64_MIN);
		return (zperiod){INT64_MIN, z->ntrans ? z->trans[0] : INT64_MAX,
				 z->types[z->pre_type].off};
	}
	size_t lo = 0, hi = z->ntrans;   /* trans[lo] <= t < trans[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (hi == z->ntrans) {
		if (z->has_rule)
			return rule_period(&z->rule, t, z->trans[lo]);
		return (zperiod){z->trans[lo], INT64_MAX, z->types[z->tidx[lo]].off};
	}
	return (zperiod){z->trans[lo], z->trans[hi], z->types[z->tidx[lo]].off};
}

static zperiod lookup(const tsn_zone *z, int64_t t)
{
	zperiod *c = z->cache;
	if (t >= c->start && t < c->end)
		return *c;
	*c = lookup_slow(z, t);
	return *c;
}

int32_t tsn_zone_offset_at(const tsn_zone *z, int64_t utc_sec)
{
	return lookup(z, utc_sec).off;
}

int64_t tsn_zone_to_utc(const tsn_zone *z, int64_t local_sec)
{
	zperiod p = lookup(z, local_sec);
	int64_t utc = sub_off(local_sec, p.off);
	if (utc >= p.start && utc < p.end)
		return utc;
	return sub_off(local_sec, lookup(z, utc).off);
}

const char *tsn_zone_name(const tsn_zone *z)
{
	return z->name;
}

int tsn_zone_abbr_offset(const tsn_zone *z, const char *abbr, size_t n, int32_t *off)
{
	if (n == 3 && (!memcmp(abbr, "UTC", 3) || !memcmp(abbr, "GMT", 3))) {
		*off = 0;
		return 0;
	}
	for (size_t i = 0; i < z->nabbr; i++) {
		if (z->abbrs[i].n == n && !memcmp(z->abbrs[i].s, abbr, n)) {
			*off = z->abbrs[i].off;
			return 0;
		}
	}
	return -1;
}

/* ---- opening ---------------------------------------------------------------- */

void tsn_zone_free(tsn_zone *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->trans);
	free(z->tidx);
	free(z->types);
	free(z->chars);
	free(z->abbrs);
	free(z->cache);
	free(z);
}

static tsn_zone *zone_new(const char *spec)
{
	tsn_zone *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	size_t n = strlen(spec);
	z->name = malloc(n + 1);
	z->cache = malloc(sizeof *z->cache);
	if (!z->name || !z->cache) {
		tsn_zone_free(z);
		return NULL;
	}
	memcpy(z->name, spec, n + 1);
	*z->cache = (zperiod){1, 0, 0};   /* empty */
	return z;
}

static tsn_zone *zone_fixed(const char *spec, int32_t off)
{
	tsn_zone *z = zone_new(spec);
	if (!z)
		return NULL;
	z->types = malloc(sizeof *z->types);
	if (!z->types) {
		tsn_zone_free(z);
		return NULL;
	}
	z->types[0] = (ttype){off, 0, 0};
	z->ntypes = 1;
	return z;
}

/* "+08:00", "-0530", "+08": 0 and the offset, or -1. */
static int parse_fixed(const char *s, int32_t *off)
{
	if ((s[0] != '+' && s[0] != '-') || !is_digit(s[1]) || !is_digit(s[2]))
		return -1;
	int h = (s[1] - '0') * 10 + (s[2] - '0'), m = 0;
	const char *r = s + 3;
	if (*r == ':' && r[1])   /* "+08:" is refused below */
		r++;
	if (*r) {
		if (!is_digit(r[0]) || !is_digit(r[1]) || r[2])
			return -1;
		m = (r[0] - '0') * 10 + (r[1] - '0');
	}
	if (h > 23 || m > 59)
		return -1;
	*off = (h * 60 + m) * 60 * (s[0] == '-' ? -1 : 1);
	return 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The six counts of a TZif header at b (44 bytes available). */
struct tzhead {
	uint32_t isut, isstd, leap, time, type, chr;
};

static void read_head(const unsigned char *b, struct tzhead *h)
{
	h->isut = be32(b + 20);
	h->isstd = be32(b + 24);
	h->leap = be32(b + 28);
	h->time = be32(b + 32);
	h->type = be32(b + 36);
	h->chr = be32(b + 40);
}

/* Bytes of the data block after a header, for time fields of tsz bytes;
 * 0 if the counts are absurd. */
static size_t block_len(const struct tzhead *h, size_t tsz)
{
	if (h->time > ZONE_MAX_FILE || h->type > 256 || h->chr > ZONE_MAX_FILE || h->leap > ZONE_MAX_FILE ||
	    h->isut > 256 || h->isstd > 256)
		return 0;
	return h->time * tsz + h->time + h->type * 6 + h->chr + h->leap * (tsz + 4) + h->isstd + h->isut;
}

/* Fills z from a TZif image.  0; -1 not a TZif file; -2 damaged, -3 not
 * supported (why says how). */
static int parse_tzif(tsn_zone *z, const unsigned char *b, size_t n, char *why, size_t whylen)
{
	struct tzhead h;
	if (n < 44 || memcmp(b, "TZif", 4))
		return -1;
	int version = b[4] == 0 ? 1 : b[4] - '0';
	if (version < 1 || version > 9)
		return -1;
	read_head(b, &h);
	size_t len = block_len(&h, 4);
	if (!len || 44 + len > n) {
		snprintf(why, whylen, "truncated version 1 data");
		return -2;
	}
	const unsigned char *d = b + 44, *end = b + n;
	size_t tsz = 4;
	const char *footer = NULL;
	size_t footer_n = 0;
	if (version >= 2) {
		const unsigned char *h2 = d + len;
		if (end - h2 < 44 || memcmp(h2, "TZif", 4)) {
			snprintf(why, whylen, "version %d file without its 64-bit data", version);
			return -2;
		}
		read_head(h2, &h);
		tsz = 8;
		len = block_len(&h, 8);
		d = h2 + 44;
		if (!len || (size_t)(end - d) < len) {
			snprintf(why, whylen, "truncated 64-bit data");
			return -2;
		}
		const unsigned char *f = d + len;
		if (f >= end || *f != '\n') {
			snprintf(why, whylen, "no footer after the 64-bit data");
			return -2;
		}
		const unsigned char *fe = memchr(f + 1, '\n', (size_t)(end - f - 1));
		if (!fe) {
			snprintf(why, whylen, "unterminated footer");
			return -2;
		}
		footer = (const char *)f + 1;
		footer_n = (size_t)(fe - f - 1);
	}
	if (h.type < 1 || h.chr < 1 || (h.isut && h.isut != h.type) || (h.isstd && h.isstd != h.type)) {
		snprintf(why, whylen, "inconsistent header counts");
		return -2;
	}
	if (h.leap) {
		snprintf(why, whylen, "has leap-second records (a \"right/\" zone), which are not supported");
		return -3;
	}

	z->ntrans = h.time;
	z->ntypes = h.type;
	z->nchars = h.chr;
	z->trans = malloc((h.time ? h.time : 1) * sizeof *z->trans);
	z->tidx = malloc(h.time ? h.time : 1);
	z->types = malloc(h.type * sizeof *z->types);
	z->chars = malloc(h.chr);
	if (!z->trans || !z->tidx || !z->types || !z->chars) {
		snprintf(why, whylen, "out of memory");
		return -2;
	}
	for (size_t i = 0; i < h.time; i++) {
		z->trans[i] = tsz == 8 ? be64(d + 8 * i) : (int64_t)(int32_t)be32(d + 4 * i);
		if (i && z->trans[i] <= z->trans[i - 1]) {
			snprintf(why, whylen, "transition times out of order");
			return -2;
		}
	}
	d += h.time * tsz;
	for (size_t i = 0; i < h.time; i++) {
		if (d[i] >= h.type) {
			snprintf(why, whylen, "transition to undefined type %u", d[i]);
			return -2;
		}
		z->tidx[i] = d[i];
	}
	d += h.time;
	for (size_t i = 0; i < h.type; i++, d += 6) {
		int32_t off = (int32_t)be32(d);
		if (off <= -26 * 3600 || off >= 26 * 3600 || d[4] > 1 || d[5] >= h.chr) {
			snprintf(why, whylen, "bad local time type %zu", i);
			return -2;
		}
		z->types[i] = (ttype){off, d[4], d[5]};
	}
	memcpy(z->chars, d, h.chr);
	if (z->chars[h.chr - 1] != 0) {
		snprintf(why, whylen, "unterminated abbreviations");
		return -2;
	}

	/* RFC 8536 3.2: type 0 before the first transition; if that is a DST
	 * type (old files), the first standard-time type, as glibc and Go do */
	z->pre_type = 0;
	if (z->types[0].isdst) {
		for (size_t i = 0; i < h.type; i++) {
			if (!z->types[i].isdst) {
				z->pre_type = (int)i;
				break;
			}
		}
	}

	if (footer_n) {
		char buf[128];
		if (footer_n >= sizeof buf || memchr(footer, 0, footer_n)) {
			snprintf(why, whylen, "unrecognised footer TZ string");
			return -2;
		}
		memcpy(buf, footer, footer_n);
		buf[footer_n] = 0;
		if (parse_posix_tz(buf, &z->rule)) {
			char p[68];
			printable(buf, p);
			snprintf(why, whylen, "unrecognised footer TZ string '%s'", p);
			return -2;
		}
		z->has_rule = 1;
	}
	return 0;
}

static void abbr_add(tsn_zone *z, const char *s, int32_t off)
{
	size_t n = strlen(s);
	if (!n)
		return;
	for (size_t i = 0; i < z->nabbr; i++)
		if (z->abbrs[i].n == n && !memcmp(z->abbrs[i].s, s, n))
			return;
	z->abbrs[z->nabbr++] = (abbr_ent){s, n, off};
}

/* Abbreviations in order of most recent use: the footer rule (it rules
 * after every transition), then the transitions from the last back, then
 * the type before the first transition.  Types no period uses are left out. */
static int build_abbrs(tsn_zone *z)
{
	z->abbrs = malloc((z->ntypes + 3) * sizeof *z->abbrs);
	if (!z->abbrs)
		return -1;
	z->nabbr = 0;
	if (z->has_rule) {
		abbr_add(z, z->rule.std_name, z->rule.std_off);
		if (z->rule.has_dst)
			abbr_add(z, z->rule.dst_name, z->rule.dst_off);
	}
	for (size_t i = z->ntrans; i-- > 0;) {
		const ttype *t = &z->types[z->tidx[i]];
		abbr_add(z, z->chars + t->abbr, t->off);
	}
	if (z->ntrans || !z->has_rule) {
		const ttype *t = &z->types[z->pre_type];
		abbr_add(z, z->chars + t->abbr, t->off);
	}
	return 0;
}

/* Reads a regular file of at most ZONE_MAX_FILE bytes: 0, or -1 with errno
 * (EISDIR, EFBIG and EINVAL for other non-regular files included). */
static int slurp(const char *path, unsigned char **out, size_t *outn)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	unsigned char *buf = NULL;
	int e = 0;
	if (fstat(fd, &st)) {
		e = errno;
	} else if (S_ISDIR(st.st_mode)) {
		e = EISDIR;
	} else if (!S_ISREG(st.st_mode)) {
		e = EINVAL;
	} else if (st.st_size > ZONE_MAX_FILE) {
		e = EFBIG;
	} else if (!(buf = malloc((size_t)st.st_size + 1))) {
		e = ENOMEM;
	} else {
		size_t got = 0, want = (size_t)st.st_size;
		while (got < want) {
			ssize_t r = read(fd, buf + got, want - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				e = errno;
				break;
			}
			if (r == 0)
				break;
			got += (size_t)r;
		}
		*outn = got;
	}
	close(fd);
	if (e) {
		free(buf);
		errno = e;
		return -1;
	}
	*out = buf;
	return 0;
}

static tsn_zone *zone_file(const char *spec, char *err, size_t errlen)
{
	const char *dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = ZONE_DEFAULT_DIR;
	size_t dn = strlen(dir), sn = strlen(spec);
	char *path = malloc(dn + sn + 2);
	if (!path) {
		fail(err, errlen, "time zone '%s': out of memory", spec);
		return NULL;
	}
	memcpy(path, dir, dn);
	path[dn] = '/';
	memcpy(path + dn + 1, spec, sn + 1);

	unsigned char *buf = NULL;
	size_t n = 0;
	tsn_zone *z = NULL;
	if (slurp(path, &buf, &n)) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			fail(err, errlen, "unknown time zone '%s' (no file under %s)", spec, dir);
		else if (e == EISDIR)
			fail(err, errlen, "unknown time zone '%s' (%s is a directory, not a zone)", spec, path);
		else if (e == EINVAL)
			fail(err, errlen, "time zone '%s': %s is not a regular file", spec, path);
		else if (e == EFBIG)
			fail(err, errlen, "time zone '%s': %s is larger than 1 MiB, not a TZif file", spec, path);
		else
			fail(err, errlen, "time zone '%s': cannot read %s: %s", spec, path, strerror(e));
		goto out;
	}
	if (!(z = zone_new(spec))) {
		fail(err, errlen, "time zone '%s': out of memory", spec);
		goto out;
	}
	char why[160] = "";
	int r = parse_tzif(z, buf, n, why, sizeof why);
	if (r == 0 && build_abbrs(z)) {
		r = -2;
		snprintf(why, sizeof why, "out of memory");
	}
	if (r == -1)
		fail(err, errlen, "time zone '%s': %s is not a TZif file", spec, path);
	else if (r == -3)
		fail(err, errlen, "time zone '%s': %s %s", spec, path, why);
	else if (r)
		fail(err, errlen, "time zone '%s': %s is a damaged TZif file: %s", spec, path, why);
	if (r) {
		tsn_zone_free(z);
		z = NULL;
	}
out:
	free(buf);
	free(path);
	return z;
}

tsn_zone *tsn_zone_open(const char *spec, char *err, size_t errlen)
{
	char p[68];
	if (!spec || !*spec) {
		fail(err, errlen, "empty time zone name");
		return NULL;
	}
	printable(spec, p);
	tsn_zone *z = NULL;
	if (!strcmp(spec, "UTC") || !strcmp(spec, "utc") || !strcmp(spec, "Z")) {
		z = zone_fixed(spec, 0);
	} else if (spec[0] == '+' || spec[0] == '-') {
		int32_t off;
		if (parse_fixed(spec, &off)) {
			fail(err, errlen,
			     "invalid time zone offset '%s' (want +hh:mm, +hhmm or +hh, hh at most 23, mm at most 59)",
			     p);
			return NULL;
		}
		z = zone_fixed(spec, off);
	} else {
		if (strlen(spec) > ZONE_MAX_NAME) {
			fail(err, errlen, "invalid time zone '%s': name too long", p);
			return NULL;
		}
		if (spec[0] == '/') {
			fail(err, errlen, "invalid time zone '%s': absolute paths are not zone names", p);
			return NULL;
		}
		if (strstr(spec, "..")) {
			fail(err, errlen, "invalid time zone '%s': '..' is not allowed in a zone name", p);
			return NULL;
		}
		for (const char *c = spec; *c; c++) {
			if (!is_alpha(*c) && !is_digit(*c) && *c != '/' && *c != '_' && *c != '+' && *c != '-') {
				fail(err, errlen,
				     "invalid time zone '%s': zone names use only letters, digits and / _ + -", p);
				return NULL;
			}
		}
		return zone_file(spec, err, errlen);
	}
	if (!z)
		fail(err, errlen, "time zone '%s': out of memory", p);
	return z;
}
