/* layout.c — compiles strptime-style (Fluent Bit) and Go reference (time.Parse)
 * timestamp layouts into token programs and matches one against the whole of a
 * stamp's text: pure functions, integer arithmetic, no allocation. */
#include <stdio.h>
#include <string.h>

#include "scan.h"
#include "layout.h"

enum { K_LIT, K_WS, K_GOSPACE, K_NUM, K_MONTH, K_WDAY, K_FRAC, K_AMPM, K_OFF, K_ABBR, K_EPOCH };
enum { F_YEAR, F_YEAR2, F_MONTH, F_DAY, F_YDAY, F_HOUR, F_HOUR12, F_MIN, F_SEC };
enum { N_FIXED, N_GOVAR, N_GOVAR3, N_BSD };        /* how a number's digits are read */
enum { NM_SHORT, NM_LONG, NM_EITHER };             /* which month / day names */
enum { FR_STRPTIME, FR_GO_EXACT, FR_GO_OPT };      /* %L, .000, .999 */
enum { AP_UPPER, AP_LOWER, AP_ANYCASE };           /* PM, pm, %p */
enum { AB_GO, AB_STRPTIME };                       /* MST, %Z */
#define OF_Z 1        /* a 'Z' is UTC (Go Z07:00 family) */
#define OF_COLON 2    /* hh:mm */
#define OF_MIN 4      /* minutes present */
#define OF_SEC 8      /* seconds present */
#define OF_STRPTIME 16 /* %z: Z, UTC, UT, GMT, +hh, +hhmm, +hh:mm */

#define MAX_EPOCH 253402300799LL /* 9999-12-31T23:59:59Z */

static const char *const month_long[12] = {"January", "February", "March",     "April",
					   "May",     "June",     "July",      "August",
					   "September", "October", "November", "December"};
static const char *const day_long[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					"Thursday", "Friday", "Saturday"};

static inline int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static inline char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* ---- compiling ------------------------------------------------------ */

typedef struct comp {
	layout_prog *p;
	char *err;
	size_t errlen;
} comp;

static layout_op *add(comp *cp, size_t at)
{
	if (cp->p->n_ops >= LAYOUT_MAX_OPS) {
		snprintf(cp->err, cp->errlen, "too many tokens (more than %d) at byte %zu",
			 LAYOUT_MAX_OPS, at);
		return NULL;
	}
	layout_op *o = &cp->p->ops[cp->p->n_ops++];
	memset(o, 0, sizeof *o);
	return o;
}

static int add_lit(comp *cp, char c, size_t at)
{
	layout_prog *p = cp->p;
	if (p->n_ops > 0) {
		layout_op *last = &p->ops[p->n_ops - 1];
		if (last->kind == K_LIT && last->len < LAYOUT_LIT_MAX) {
			last->lit[last->len++] = c;
			return 0;
		}
	}
	layout_op *o = add(cp, at);
	if (!o)
		return -1;
	o->kind = K_LIT;
	o->lit[0] = c;
	o->len = 1;
	return 0;
}

static int add_kind(comp *cp, int kind, int mode, size_t at)
{
	layout_op *o = add(cp, at);
	if (!o)
		return -1;
	o->kind = (uint8_t)kind;
	o->mode = (uint8_t)mode;
	return 0;
}

static void note_field(layout_prog *p, int field)
{
	switch (field) {
	case F_YEAR:
	case F_YEAR2:
		p->has_year = 1;
		break;
	case F_MONTH:
		p->has_month = 1;
		break;
	case F_DAY:
		p->has_day = 1;
		break;
	case F_YDAY:
		p->has_yday = 1;
		break;
	default:
		break;
	}
}

static int add_num(comp *cp, int field, int mode, int width, int lo, int hi, int skip, size_t at)
{
	layout_op *o = add(cp, at);
	if (!o)
		return -1;
	o->kind = K_NUM;
	o->field = (uint8_t)field;
	o->mode = (uint8_t)mode;
	o->width = (uint8_t)width;
	o->lo = (int16_t)lo;
	o->hi = (int16_t)hi;
	o->skip = (uint8_t)skip;
	note_field(cp->p, field);
	return 0;
}

static const char strptime_supported[] =
	"%Y %m %d %e %H %M %S %L %f %z %Z %b %h %B %a %A %y %j %I %p %s %T %F %%";

static int compile_strptime(comp *cp, const char *l, size_t n)
{
	layout_prog *p = cp->p;
	for (size_t i = 0; i < n;) {
		char c = l[i];
		if (is_space(c)) {
			if (!(p->n_ops > 0 && p->ops[p->n_ops - 1].kind == K_WS) &&
			    add_kind(cp, K_WS, 0, i))
				return -1;
			i++;
			continue;
		}
		if (c != '%') {
			if (add_lit(cp, c, i))
				return -1;
			i++;
			continue;
		}
		if (i + 1 >= n) {
			snprintf(cp->err, cp->errlen, "a lone '%%' at the end (byte %zu)", i);
			return -1;
		}
		int r = 0;
		switch (l[i + 1]) {
		case '%': r = add_lit(cp, '%', i); break;
		case 'Y': r = add_num(cp, F_YEAR, N_BSD, 0, 0, 9999, 0, i); break;
		case 'y': r = add_num(cp, F_YEAR2, N_BSD, 0, 0, 99, 0, i); break;
		case 'm': r = add_num(cp, F_MONTH, N_BSD, 0, 1, 12, 0, i); break;
		case 'd': r = add_num(cp, F_DAY, N_BSD, 0, 1, 31, 0, i); break;
		case 'e': r = add_num(cp, F_DAY, N_BSD, 0, 1, 31, 1, i); break;
		case 'j': r = add_num(cp, F_YDAY, N_BSD, 0, 1, 366, 0, i); break;
		case 'H': r = add_num(cp, F_HOUR, N_BSD, 0, 0, 23, 0, i); break;
		case 'I': r = add_num(cp, F_HOUR12, N_BSD, 0, 1, 12, 0, i); break;
		case 'M': r = add_num(cp, F_MIN, N_BSD, 0, 0, 59, 0, i); break;
		case 'S': r = add_num(cp, F_SEC, N_BSD, 0, 0, 60, 0, i); break;
		case 'T':
			r = add_num(cp, F_HOUR, N_BSD, 0, 0, 23, 0, i) || add_lit(cp, ':', i) ||
			    add_num(cp, F_MIN, N_BSD, 0, 0, 59, 0, i) || add_lit(cp, ':', i) ||
			    add_num(cp, F_SEC, N_BSD, 0, 0, 60, 0, i);
			break;
		case 'F':
			r = add_num(cp, F_YEAR, N_BSD, 0, 0, 9999, 0, i) || add_lit(cp, '-', i) ||
			    add_num(cp, F_MONTH, N_BSD, 0, 1, 12, 0, i) || add_lit(cp, '-', i) ||
			    add_num(cp, F_DAY, N_BSD, 0, 1, 31, 0, i);
			break;
		case 'L':
		case 'f':
			r = add_kind(cp, K_FRAC, FR_STRPTIME, i);
			p->has_frac = 1;
			break;
		case 'z':
			r = add_kind(cp, K_OFF, OF_STRPTIME, i);
			p->has_zone = 1;
			break;
		case 'Z':
			r = add_kind(cp, K_ABBR, AB_STRPTIME, i);
			p->has_zone = 1;
			break;
		case 'b':
		case 'h':
		case 'B':
			r = add_kind(cp, K_MONTH, NM_EITHER, i);
			p->has_month = 1;
			break;
		case 'a':
		case 'A': r = add_kind(cp, K_WDAY, NM_EITHER, i); break;
		case 'p': r = add_kind(cp, K_AMPM, AP_ANYCASE, i); break;
		case 's':
			r = add_kind(cp, K_EPOCH, 0, i);
			p->has_epoch = 1;
			break;
		default:
			snprintf(cp->err, cp->errlen, "unsupported conversion \"%%%c\" at byte %zu (supported: %s)",
				 l[i + 1], i, strptime_supported);
			return -1;
		}
		if (r)
			return -1;
		i += 2;
	}
	return 0;
}

static int starts(const char *l, size_t r, const char *w)
{
	size_t k = strlen(w);
	return r >= k && memcmp(l, w, k) == 0;
}

/* Go's nextStdChunk at one position: the length of the reference token that
 * starts at l (and *o filled), or 0 if l[0] is a literal byte. */
static size_t go_token(const char *l, size_t r, layout_op *o)
{
	memset(o, 0, sizeof *o);
	o->kind = K_NUM;
	o->mode = N_GOVAR;
	switch (l[0]) {
	case 'J':
		if (starts(l, r, "January")) {
			o->kind = K_MONTH, o->mode = NM_LONG;
			return 7;
		}
		if (starts(l, r, "Jan") && !(r > 3 && is_lower(l[3]))) {
			o->kind = K_MONTH, o->mode = NM_SHORT;
			return 3;
		}
		return 0;
	case 'M':
		if (starts(l, r, "Monday")) {
			o->kind = K_WDAY, o->mode = NM_LONG;
			return 6;
		}
		if (starts(l, r, "Mon") && !(r > 3 && is_lower(l[3]))) {
			o->kind = K_WDAY, o->mode = NM_SHORT;
			return 3;
		}
		if (starts(l, r, "MST")) {
			o->kind = K_ABBR, o->mode = AB_GO;
			return 3;
		}
		return 0;
	case '0':
		if (r >= 2 && l[1] >= '1' && l[1] <= '6') {
			static const struct { uint8_t f; int16_t lo, hi; } z[6] = {
				{F_MONTH, 1, 12}, {F_DAY, 1, 31}, {F_HOUR12, 0, 12},
				{F_MIN, 0, 59},   {F_SEC, 0, 59}, {F_YEAR2, 0, 99}};
			int k = l[1] - '1';
			o->field = z[k].f, o->lo = z[k].lo, o->hi = z[k].hi;
			o->mode = N_FIXED, o->width = 2;
			return 2;
		}
		if (starts(l, r, "002")) {
			o->field = F_YDAY, o->mode = N_FIXED, o->width = 3, o->lo = 1, o->hi = 366;
			return 3;
		}
		return 0;
	case '1':
		if (r >= 2 && l[1] == '5') {
			o->field = F_HOUR, o->lo = 0, o->hi = 23;
			return 2;
		}
		o->field = F_MONTH, o->lo = 1, o->hi = 12;
		return 1;
	case '2':
		if (starts(l, r, "2006")) {
			o->field = F_YEAR, o->mode = N_FIXED, o->width = 4, o->lo = 0, o->hi = 9999;
			return 4;
		}
		o->field = F_DAY, o->lo = 1, o->hi = 31;
		return 1;
	case '_':
		if (r >= 2 && l[1] == '2') {
			if (starts(l + 1, r - 1, "2006"))
				return 0; /* "_2006" is a literal '_' and then 2006 */
			o->field = F_DAY, o->lo = 1, o->hi = 31, o->skip = 1;
			return 2;
		}
		if (starts(l, r, "__2")) {
			o->field = F_YDAY, o->mode = N_GOVAR3, o->lo = 1, o->hi = 366, o->skip = 2;
			return 3;
		}
		return 0;
	case '3':
		o->field = F_HOUR12, o->lo = 0, o->hi = 12;
		return 1;
	case '4':
		o->field = F_MIN, o->lo = 0, o->hi = 59;
		return 1;
	case '5':
		o->field = F_SEC, o->lo = 0, o->hi = 59;
		return 1;
	case 'P':
		if (starts(l, r, "PM")) {
			o->kind = K_AMPM, o->mode = AP_UPPER;
			return 2;
		}
		return 0;
	case 'p':
		if (starts(l, r, "pm")) {
			o->kind = K_AMPM, o->mode = AP_LOWER;
			return 2;
		}
		return 0;
	case '-':
	case 'Z': {
		static const struct { const char *w; uint8_t f; } tz[5] = {
			{"070000", OF_MIN | OF_SEC}, {"07:00:00", OF_COLON | OF_MIN | OF_SEC},
			{"0700", OF_MIN},            {"07:00", OF_COLON | OF_MIN},
			{"07", 0}};
		for (int k = 0; k < 5; k++) {
			if (starts(l + 1, r - 1, tz[k].w)) {
				o->kind = K_OFF;
				o->mode = (uint8_t)(tz[k].f | (l[0] == 'Z' ? OF_Z : 0));
				return 1 + strlen(tz[k].w);
			}
		}
		return 0;
	}
	case '.':
	case ',':
		if (r >= 2 && (l[1] == '0' || l[1] == '9')) {
			size_t j = 1;
			while (j < r && l[j] == l[1])
				j++;
			if (j < r && is_digit(l[j]))
				return 0; /* digits must end the run: "2006.01.02" is literal */
			if (j - 1 > 255)
				return 0;
			o->kind = K_FRAC;
			o->mode = l[1] == '0' ? FR_GO_EXACT : FR_GO_OPT;
			o->width = (uint8_t)(j - 1);
			return j;
		}
		return 0;
	default:
		return 0;
	}
}

static int compile_go(comp *cp, const char *l, size_t n)
{
	layout_prog *p = cp->p;
	for (size_t i = 0; i < n;) {
		layout_op tok;
		size_t k = go_token(l + i, n - i, &tok);
		if (k == 0) {
			if (l[i] == ' ') {
				if (!(p->n_ops > 0 && p->ops[p->n_ops - 1].kind == K_GOSPACE) &&
				    add_kind(cp, K_GOSPACE, 0, i))
					return -1;
			} else if (add_lit(cp, l[i], i)) {
				return -1;
			}
			i++;
			continue;
		}
		layout_op *o = add(cp, i);
		if (!o)
			return -1;
		*o = tok;
		if (o->kind == K_NUM)
			note_field(p, o->field);
		else if (o->kind == K_MONTH)
			p->has_month = 1;
		else if (o->kind == K_OFF || o->kind == K_ABBR)
			p->has_zone = 1;
		else if (o->kind == K_FRAC)
			p->has_frac = 1;
		i += k;
	}
	/* Go's seconds: a fraction in the value is read even when the layout
	 * has none, unless the next reference token is a fraction */
	for (int i = 0; i < p->n_ops; i++) {
		layout_op *o = &p->ops[i];
		if (o->kind != K_NUM || o->field != F_SEC)
			continue;
		int j = i + 1;
		while (j < p->n_ops && (p->ops[j].kind == K_LIT || p->ops[j].kind == K_GOSPACE))
			j++;
		o->frac = !(j < p->n_ops && p->ops[j].kind == K_FRAC);
	}
	return 0;
}

int layout_compile(const char *layout, layout_prog *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	if (errlen)
		err[0] = '\0';
	size_t n = strlen(layout);
	if (n == 0) {
		snprintf(err, errlen, "empty layout");
		return -1;
	}
	if (n > LAYOUT_MAX_LEN) {
		snprintf(err, errlen, "layout longer than %d bytes", LAYOUT_MAX_LEN);
		return -1;
	}
	comp cp = {p, err, errlen};
	p->dialect = memchr(layout, '%', n) ? LAYOUT_STRPTIME : LAYOUT_GO;
	if ((p->dialect == LAYOUT_STRPTIME ? compile_strptime(&cp, layout, n)
					   : compile_go(&cp, layout, n)) != 0) {
		memset(p, 0, sizeof *p);
		return -1;
	}
	int fields = 0;
	for (int i = 0; i < p->n_ops; i++)
		fields += p->ops[i].kind != K_LIT && p->ops[i].kind != K_WS &&
			  p->ops[i].kind != K_GOSPACE;
	if (fields == 0) {
		snprintf(err, errlen,
			 p->dialect == LAYOUT_GO
				 ? "no Go reference fields (2006 01 02 15 04 05 ...) and no %% "
				   "conversions: not a layout"
				 : "no conversions, only literal text: not a layout");
		memset(p, 0, sizeof *p);
		return -1;
	}
	if (p->has_yday && !p->has_year && !p->has_epoch) {
		snprintf(err, errlen, "a day of the year (%s) needs a year in the layout",
			 p->dialect == LAYOUT_GO ? "002 / __2" : "%j");
		memset(p, 0, sizeof *p);
		return -1;
	}
	return 0;
}

/* ---- matching ------------------------------------------------------- */

enum { AM = 1, PM = 2 };

typedef struct mstate {
	int year, month, day, yday, hour, min, sec;
	int32_t nsec;
	int fdig;          /* fraction digits kept (<= 9) */
	int ampm;
	int have_off;
	int32_t off;
	const char *abbr;
	size_t abbr_len;
	int64_t epoch;
} mstate;

static int read_num(const layout_op *o, const char *s, size_t n, size_t *pos, int *val)
{
	size_t k = *pos;
	for (int sk = 0; sk < o->skip && k < n; sk++) {
		if (o->mode == N_BSD ? !is_space(s[k]) : s[k] != ' ')
			break;
		k++;
	}
	if (k >= n || !is_digit(s[k]))
		return 0;
	int v = 0;
	switch (o->mode) {
	case N_FIXED:
		if (n - k < o->width)
			return 0;
		for (int d = 0; d < o->width; d++) {
			if (!is_digit(s[k + d]))
				return 0;
			v = v * 10 + (s[k + d] - '0');
		}
		k += o->width;
		break;
	case N_GOVAR:
		v = s[k++] - '0';
		if (k < n && is_digit(s[k]))
			v = v * 10 + (s[k++] - '0');
		break;
	case N_GOVAR3:
		for (int d = 0; d < 3 && k < n && is_digit(s[k]); d++)
			v = v * 10 + (s[k++] - '0');
		break;
	default: { /* OpenBSD _conv_num: up to the digits of the maximum */
		int rulim = o->hi;
		do {
			v = v * 10 + (s[k++] - '0');
			rulim /= 10;
		} while (v * 10 <= o->hi && rulim && k < n && is_digit(s[k]));
		break;
	}
	}
	if (v < o->lo || v > o->hi)
		return 0;
	*pos = k;
	*val = v;
	return 1;
}

/* Fraction digits at s[k..]: keeps the first nine, skips the rest. */
static size_t read_frac_digits(const char *s, size_t n, size_t k, mstate *m)
{
	int32_t ns = 0;
	int d = 0;
	while (k < n && is_digit(s[k])) {
		if (d < 9) {
			ns = ns * 10 + (s[k] - '0');
			d++;
		}
		k++;
	}
	m->fdig = d;
	for (int i = d; i < 9; i++)
		ns *= 10;
	m->nsec = ns;
	return k;
}

static inline int is_sep(char c)
{
	return c == '.' || c == ',';
}

/* Case-insensitive: does s[k..n) start with w? */
static int imatch(const char *s, size_t r, const char *w, size_t wl)
{
	if (r < wl)
		return 0;
	for (size_t i = 0; i < wl; i++)
		if (lower(s[i]) != lower(w[i]))
			return 0;
	return 1;
}

/* A month (12 names) or weekday (7) name; returns its length or 0. */
static size_t read_name(const char *const *names, int count, int mode, const char *s, size_t r,
			int *idx)
{
	for (int i = 0; i < count; i++) {
		size_t fl = strlen(names[i]);
		if (mode != NM_SHORT && imatch(s, r, names[i], fl)) {
			*idx = i;
			return fl;
		}
		if (mode != NM_LONG && imatch(s, r, names[i], 3)) {
			*idx = i;
			return 3;
		}
	}
	return 0;
}

/* Go's numeric offsets (-0700 and friends; Z0700 ones take 'Z'). */
static int read_off_go(int flags, const char *s, size_t n, size_t *pos, mstate *m)
{
	size_t k = *pos, r = n - k;
	if ((flags & OF_Z) && r >= 1 && s[k] == 'Z') {
		m->have_off = 1;
		m->off = 0;
		*pos = k + 1;
		return 1;
	}
	size_t need = (flags & OF_COLON) ? ((flags & OF_SEC) ? 9 : 6)
					 : ((flags & OF_SEC) ? 7 : (flags & OF_MIN) ? 5 : 3);
	if (r < need)
		return 0;
	const char *v = s + k;
	int hh = dig2(v + 1), mm = 0, ss = 0;
	if (flags & OF_COLON) {
		if (v[3] != ':')
			return 0;
		mm = dig2(v + 4);
		if (flags & OF_SEC) {
			if (v[6] != ':')
				return 0;
			ss = dig2(v + 7);
		}
	} else if (flags & OF_MIN) {
		mm = dig2(v + 3);
		if (flags & OF_SEC)
			ss = dig2(v + 5);
	}
	/* Go's ranges: hours up to 24, minutes and seconds up to 60 */
	if (hh < 0 || mm < 0 || ss < 0 || hh > 24 || mm > 60 || ss > 60)
		return 0;
	if (v[0] != '+' && v[0] != '-')
		return 0;
	int32_t off = (hh * 60 + mm) * 60 + ss;
	m->have_off = 1;
	m->off = v[0] == '-' ? -off : off;
	*pos = k + need;
	return 1;
}

/* %z as Fluent Bit reads it: leading white space, then Z, UTC, UT, GMT,
 * +hh, +hhmm or +hh:mm (hours up to 24, minutes up to 59). */
static int read_off_strptime(const char *s, size_t n, size_t *pos, mstate *m)
{
	size_t k = *pos;
	while (k < n && is_space(s[k]))
		k++;
	size_t r = n - k;
	const char *v = s + k;
	size_t used = 0;
	int32_t off = 0;
	if (r >= 1 && v[0] == 'Z') {
		used = 1;
	} else if (starts(v, r, "UTC") || starts(v, r, "GMT")) {
		used = 3;
	} else if (starts(v, r, "UT")) {
		used = 2;
	} else if (r >= 3 && (v[0] == '+' || v[0] == '-')) {
		int hh = dig2(v + 1), mm = 0;
		if (hh < 0 || hh > 24)
			return 0;
		used = 3;
		size_t c = (r > 3 && v[3] == ':') ? 4 : 3;
		if (r >= c + 2 && is_digit(v[c])) {
			mm = dig2(v + c);
			if (mm < 0 || mm > 59)
				return 0;
			used = c + 2;
		} else if (c == 4) {
			return 0; /* "+08:" without minutes */
		}
		off = (hh * 60 + mm) * 60;
		if (v[0] == '-')
			off = -off;
	} else {
		return 0;
	}
	m->have_off = 1;
	m->off = off;
	*pos = k + used;
	return 1;
}

/* Go's parseSignedOffset: a sign and digits worth at most 23; the length, or 0. */
static size_t signed_hours(const char *v, size_t r, int *h)
{
	if (r < 2 || (v[0] != '+' && v[0] != '-') || !is_digit(v[1]))
		return 0;
	size_t i = 1;
	int x = 0;
	while (i < r && is_digit(v[i])) {
		if (x > 23)
			return 0;
		x = x * 10 + (v[i] - '0');
		i++;
	}
	if (x > 23)
		return 0;
	*h = v[0] == '-' ? -x : x;
	return i;
}

/* A zone abbreviation by Go's rules (time.parseTimeZone): "UTC"; "GMT",
 * optionally with a signed hour; a signed hour alone ("+03", a tzdata name);
 * ChST, MeST, WITA; otherwise 3 upper-case letters, or 4 or 5 ending in T.
 * UTC, GMT and the numeric forms are fixed offsets; the rest are names. */
static int read_abbr(const char *s, size_t n, size_t *pos, mstate *m)
{
	size_t k = *pos, r = n - k;
	const char *v = s + k;
	if (r < 3)
		return 0;
	int h;
	if (starts(v, r, "UTC")) {
		m->have_off = 1, m->off = 0;
		*pos = k + 3;
		return 1;
	}
	if (starts(v, r, "GMT")) {
		size_t l = signed_hours(v + 3, r - 3, &h);
		m->have_off = 1, m->off = l ? h * 3600 : 0;
		*pos = k + 3 + l;
		return 1;
	}
	if (v[0] == '+' || v[0] == '-') {
		size_t l = signed_hours(v, r, &h);
		if (!l)
			return 0;
		m->have_off = 1, m->off = h * 3600;
		*pos = k + l;
		return 1;
	}
	size_t len = 0;
	if (starts(v, r, "ChST") || starts(v, r, "MeST")) {
		len = 4;
	} else {
		size_t up = 0;
		while (up < 6 && up < r && v[up] >= 'A' && v[up] <= 'Z')
			up++;
		if (up == 3)
			len = 3;
		else if (up == 4 && (v[3] == 'T' || starts(v, r, "WITA")))
			len = 4;
		else if (up == 5 && v[4] == 'T')
			len = 5;
	}
	if (!len)
		return 0;
	m->abbr = v;
	m->abbr_len = len;
	*pos = k + len;
	return 1;
}

static int step(const layout_op *o, const char *s, size_t n, size_t *pos,
		mstate *m)
{
	size_t k = *pos;
	int v, idx;
	switch (o->kind) {
	case K_LIT:
		if (n - k < o->len || memcmp(s + k, o->lit, o->len) != 0)
			return 0;
		*pos = k + o->len;
		return 1;
	case K_WS:
		while (k < n && is_space(s[k]))
			k++;
		*pos = k;
		return 1;
	case K_GOSPACE: /* Go's skip: spaces match spaces, or the end of the value */
		if (k < n && s[k] != ' ')
			return 0;
		while (k < n && s[k] == ' ')
			k++;
		*pos = k;
		return 1;
	case K_NUM:
		if (!read_num(o, s, n, &k, &v))
			return 0;
		switch (o->field) {
		case F_YEAR: m->year = v; break;
		case F_YEAR2: m->year = v >= 69 ? 1900 + v : 2000 + v; break;
		case F_MONTH: m->month = v; break;
		case F_DAY: m->day = v; break;
		case F_YDAY: m->yday = v; break;
		case F_HOUR:
		case F_HOUR12: m->hour = v; break;
		case F_MIN: m->min = v; break;
		default:
			m->sec = v;
			if (o->frac && n - k >= 2 && is_sep(s[k]) && is_digit(s[k + 1]))
				k = read_frac_digits(s, n, k + 1, m);
			break;
		}
		*pos = k;
		return 1;
	case K_MONTH: {
		size_t l = read_name(month_long, 12, o->mode, s + k, n - k, &idx);
		if (!l)
			return 0;
		m->month = idx + 1;
		*pos = k + l;
		return 1;
	}
	case K_WDAY: {
		size_t l = read_name(day_long, 7, o->mode, s + k, n - k, &idx);
		if (!l)
			return 0;
		*pos = k + l; /* accepted, not checked against the date (as Go, Fluent Bit) */
		return 1;
	}
	case K_FRAC:
		if (o->mode == FR_STRPTIME) {
			if (k >= n || !is_digit(s[k]))
				return 0;
			*pos = read_frac_digits(s, n, k, m);
			return 1;
		}
		if (o->mode == FR_GO_EXACT) {
			size_t need = 1 + (size_t)o->width;
			if (n - k < need || !is_sep(s[k]))
				return 0;
			for (size_t i = 1; i < need; i++)
				if (!is_digit(s[k + i]))
					return 0;
			read_frac_digits(s, k + need, k + 1, m);
			*pos = k + need;
			return 1;
		}
		/* .999: optional; any number of digits, as Go takes */
		if (n - k >= 2 && is_sep(s[k]) && is_digit(s[k + 1]))
			*pos = read_frac_digits(s, n, k + 1, m);
		return 1;
	case K_AMPM:
		if (n - k < 2)
			return 0;
		if (o->mode == AP_ANYCASE ? imatch(s + k, 2, "AM", 2)
					  : memcmp(s + k, o->mode == AP_UPPER ? "AM" : "am", 2) == 0)
			m->ampm = AM;
		else if (o->mode == AP_ANYCASE ? imatch(s + k, 2, "PM", 2)
					       : memcmp(s + k, o->mode == AP_UPPER ? "PM" : "pm", 2) == 0)
			m->ampm = PM;
		else
			return 0;
		*pos = k + 2;
		return 1;
	case K_OFF:
		return o->mode & OF_STRPTIME ? read_off_strptime(s, n, pos, m)
					     : read_off_go(o->mode, s, n, pos, m);
	case K_ABBR:
		return read_abbr(s, n, pos, m);
	case K_EPOCH: {
		/* seconds since the epoch, non-negative, up to the end of 9999 */
		if (k >= n || !is_digit(s[k]))
			return 0;
		int64_t e = 0;
		while (k < n && is_digit(s[k])) {
			e = e * 10 + (s[k++] - '0');
			if (e > MAX_EPOCH)
				return 0;
		}
		m->epoch = e;
		*pos = k;
		return 1;
	}
	default:
		return 0;
	}
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int layout_match(const layout_prog *p, const char *s, size_t n, const tsn_parse_ctx *c,
		 tsn_stamp *out)
{
	if (p->n_ops == 0)
		return 0;
	mstate m;
	memset(&m, 0, sizeof m);
	size_t k = 0;
	for (int i = 0; i < p->n_ops; i++)
		if (!step(&p->ops[i], s, n, &k, &m))
			return 0;
	if (k != n)
		return 0; /* the whole stamp, nothing else */

	tsn_stamp st;
	memset(&st, 0, sizeof st);
	int32_t prec = 1000000000;
	for (int i = 0; i < m.fdig; i++)
		prec /= 10;
	st.t.nsec = m.nsec;
	st.t.prec = prec;
	if (p->has_epoch) {
		st.t.sec = m.epoch;
		*out = st;
		return 1;
	}

	int hour = m.hour;
	if (m.ampm) {
		if (p->dialect == LAYOUT_STRPTIME && hour > 12)
			return 0; /* "13:00 PM" */
		if (m.ampm == PM && hour < 12)
			hour += 12;
		else if (m.ampm == AM && hour == 12)
			hour = 0;
	}

	int64_t year = m.year;
	int month = p->has_month ? m.month : 1, day = p->has_day ? m.day : 1;
	if (p->has_yday) {
		/* Go's rule: a month or day also written must agree with it */
		if (m.yday > 365 + civil_is_leap(year))
			return 0;
		int64_t yy;
		int mm, dd;
		civil_from_days(civil_to_days(year, 1, 1) + m.yday - 1, &yy, &mm, &dd);
		if ((p->has_month && m.month != mm) || (p->has_day && m.day != dd))
			return 0;
		month = mm;
		day = dd;
	} else if (!p->has_year) {
		if (!c)
			return 0;
		if (p->has_month || p->has_day) {
			year = tsn_infer_year(c, month, day, hour, m.min, m.sec);
			if (year < 0)
				return 0;
		} else {
			/* time of day only: the day, of the reference's and its
			 * neighbours, that puts the instant nearest the reference */
			int64_t ref = c->ref ? c->ref->sec : c->now_sec;
			int64_t rday = floor_div(ref, 86400);
			int64_t tod = (int64_t)hour * 3600 + m.min * 60 + m.sec - (m.have_off ? m.off : 0);
			int64_t best = rday, best_dist = INT64_MAX;
			for (int64_t d = rday - 1; d <= rday + 1; d++) {
				int64_t t = d * 86400 + tod;
				int64_t dist = t > ref ? t - ref : ref - t;
				if (dist < best_dist) {
					best_dist = dist;
					best = d;
				}
			}
			int md, mo;
			civil_from_days(best, &year, &mo, &md);
			month = mo;
			day = md;
		}
	}
	if (day < 1 || day > civil_days_in_month(year, month))
		return 0;

	st.t.sec = tsn_civil_secs(year, month, day, hour, m.min, m.sec);
	if (m.have_off) {
		st.t.sec -= m.off;
	} else {
		st.zoneless = 1;
		st.abbr = m.abbr;
		st.abbr_len = m.abbr ? m.abbr_len : 0;
	}
	*out = st;
	return 1;
}
