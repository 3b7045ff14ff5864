/* golayout.c — Go's named time layouts exactly as time.Format writes them:
 * ANSIC, UnixDate, RFC1123, RFC1123Z, RFC822, RFC822Z, RFC850, at the start
 * of a message; zone abbreviations are handed to the caller to resolve. */
#include <string.h>

#include "scan.h"
#include "families_b.h"

static inline int is_upper(char c)
{
	return (unsigned)(c - 'A') <= 25;
}

static const char *const long_days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					 "Thursday", "Friday", "Saturday"};

/* "Mon": 3 if s starts with a weekday abbreviation as Go writes it, else -1. */
static int weekday3(const char *s, size_t n)
{
	if (n < 3)
		return -1;
	for (int k = 0; k < 7; k++)
		if (memcmp(s, long_days[k], 3) == 0)
			return 3;
	return -1;
}

/* "Monday": the length of the full weekday name s starts with, or -1. */
static int weekday_long(const char *s, size_t n)
{
	for (int k = 0; k < 7; k++) {
		size_t l = strlen(long_days[k]);
		if (n >= l && memcmp(s, long_days[k], l) == 0)
			return (int)l;
	}
	return -1;
}

/* "Jan": 1..12, or -1. */
/* "15:04:05" (8 bytes, n checked by the caller) into *h, *mi, *se; 0 or -1. */
static int hms(const char *s, int *h, int *mi, int *se)
{
	if (s[2] != ':' || s[5] != ':')
		return -1;
	*h = dig2(s);
	*mi = dig2(s + 3);
	*se = dig2(s + 6);
	if (*h < 0 || *mi < 0 || *se < 0 || *h > 23 || *mi > 59 || *se > 59)
		return -1;
	return 0;
}

/* Go's "_2" as Format writes it: " 2" for days 1..9, "12" otherwise. */
static int under_day(const char *s)
{
	if (s[0] == ' ')
		return s[1] >= '1' && s[1] <= '9' ? s[1] - '0' : -1;
	if (s[0] == '0')
		return -1; /* "02" is not what "_2" writes */
	return dig2(s);
}

/* Go's two-digit year "06" (time.Parse, stdYear): 69..99 -> 19xx, 00..68 -> 20xx. */
static int year2(const char *s)
{
	int y = dig2(s);
	if (y < 0)
		return -1;
	return y >= 69 ? 1900 + y : 2000 + y;
}

static int year4(const char *s)
{
	int yh = dig2(s), yl = dig2(s + 2);
	if (yh < 0 || yl < 0)
		return -1;
	return yh * 100 + yl;
}

/* A zone read from the text: a known offset, or an abbreviation for the
 * caller to resolve. */
enum zone_kind { ZONE_OFFSET, ZONE_ABBR };

typedef struct zone {
	enum zone_kind kind;
	int32_t off; /* ZONE_OFFSET: seconds east of UTC */
	const char *abbr;
	size_t len;
} zone;

/* "-0700" at s: sign, four digits, hh <= 23, mm <= 59 (rfc3339.c's limits;
 * Go's Parse allows up to 24 and 60, which no zone has).  5 or -1. */
static int num_zone(const char *s, size_t n, zone *z)
{
	if (n < 5 || (s[0] != '+' && s[0] != '-'))
		return -1;
	int oh = dig2(s + 1), om = dig2(s + 3);
	if (oh < 0 || om < 0 || oh > 23 || om > 59)
		return -1;
	z->kind = ZONE_OFFSET;
	z->off = (oh * 60 + om) * 60 * (s[0] == '-' ? -1 : 1);
	return 5;
}

/* What Format writes for "MST": the zone's abbreviation.  Bytes consumed or
 * -1.  The letter forms follow Go's parseTimeZone; the numeric ones are the
 * names tzdata gives zones without a letter abbreviation ("+08", "-03",
 * "+0545") and the "-0700" Format falls back to for a zone with no name:
 * their offset is their meaning, so it is applied (Go's Parse would instead
 * look the name up in Local and otherwise use offset 0). */
static int abbr_zone(const char *s, size_t n, zone *z)
{
	if (n == 0)
		return -1;
	if (n >= 3 && memcmp(s, "UTC", 3) == 0) {
		z->kind = ZONE_OFFSET;
		z->off = 0;
		return 3;
	}
	if (n >= 3 && memcmp(s, "GMT", 3) == 0) {
		/* Go also reads "GMT+8" (east); Format never writes it from
		 * tzdata, and POSIX reads the sign the other way: not a stamp */
		if (n > 3 && (s[3] == '+' || s[3] == '-'))
			return -1;
		z->kind = ZONE_OFFSET;
		z->off = 0;
		return 3;
	}
	if (s[0] == '+' || s[0] == '-') {
		size_t k = 1;
		while (k < n && k < 6 && is_digit(s[k]))
			k++;
		int oh, om = 0;
		if (k == 3) {
			oh = dig2(s + 1);
		} else if (k == 5) {
			oh = dig2(s + 1);
			om = dig2(s + 3);
		} else {
			return -1;
		}
		if (oh > 23 || om > 59)
			return -1;
		z->kind = ZONE_OFFSET;
		z->off = (oh * 60 + om) * 60 * (s[0] == '-' ? -1 : 1);
		return (int)k;
	}
	z->kind = ZONE_ABBR;
	z->abbr = s;
	if (n >= 4 && (memcmp(s, "ChST", 4) == 0 || memcmp(s, "MeST", 4) == 0)) {
		z->len = 4;
		return 4;
	}
	size_t u = 0;
	while (u < n && u < 6 && is_upper(s[u]))
		u++;
	switch (u) {
	case 3:
		break;
	case 4:
		if (s[3] != 'T' && memcmp(s, "WITA", 4) != 0)
			return -1;
		break;
	case 5:
		if (s[4] != 'T')
			return -1;
		break;
	default:
		return -1;
	}
	z->len = u;
	return (int)u;
}

/* Fills out from a checked date and time read in zone z. */
static void put_prec(tsn_stamp *out, int y, int mo, int d, int h, int mi, int se, const zone *z,
		     int64_t prec)
{
	int64_t local = tsn_civil_secs(y, mo, d, h, mi, se);
	out->t.nsec = 0;
	out->t.prec = prec;
	if (z && z->kind == ZONE_OFFSET) {
		out->t.sec = local - z->off;
		out->zoneless = 0;
		out->abbr = NULL;
		out->abbr_len = 0;
	} else {
		out->t.sec = local;
		out->zoneless = 1;
		out->abbr = z ? z->abbr : NULL;
		out->abbr_len = z ? z->len : 0;
	}
}

/* Whole seconds; RFC 822 layouts have minute resolution (prec 60 s). */
static void put(tsn_stamp *out, int y, int mo, int d, int h, int mi, int se, const zone *z)
{
	put_prec(out, y, mo, d, h, mi, se, z, 1000000000);
}

#define MINUTE_PREC 60000000000LL

static int real_day(int y, int mo, int d)
{
	return mo >= 1 && d >= 1 && d <= civil_days_in_month(y, mo);
}

/* "Mon Jan _2 15:04:05" (19 bytes), shared by ANSIC and UnixDate. */
static int wd_mon_day_time(const char *s, size_t n, int *mo, int *d, int *h, int *mi, int *se)
{
	if (n < 19 || weekday3(s, n) < 0 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ')
		return -1;
	*mo = month3(s + 4);
	*d = under_day(s + 8);
	if (*mo < 0 || *d < 0 || hms(s + 11, h, mi, se) < 0)
		return -1;
	return 19;
}

int ansic_parse(const char *s, size_t n, tsn_stamp *out)
{
	int mo, d, h, mi, se;
	if (wd_mon_day_time(s, n, &mo, &d, &h, &mi, &se) < 0 || n < 24 || s[19] != ' ')
		return -1;
	int y = year4(s + 20);
	if (y < 0 || !real_day(y, mo, d))
		return -1;
	put(out, y, mo, d, h, mi, se, NULL);
	return 24;
}

int unixdate_parse(const char *s, size_t n, tsn_stamp *out)
{
	int mo, d, h, mi, se;
	if (wd_mon_day_time(s, n, &mo, &d, &h, &mi, &se) < 0 || n < 20 || s[19] != ' ')
		return -1;
	zone z;
	int k = abbr_zone(s + 20, n - 20, &z);
	if (k < 0)
		return -1;
	size_t i = 20 + (size_t)k;
	if (n < i + 5 || s[i] != ' ')
		return -1;
	int y = year4(s + i + 1);
	if (y < 0 || !real_day(y, mo, d))
		return -1;
	put(out, y, mo, d, h, mi, se, &z);
	return (int)(i + 5);
}

/* "Mon, 02 Jan 2006 15:04:05 " (26 bytes), shared by RFC1123 and RFC1123Z. */
static int rfc1123_head(const char *s, size_t n, int *y, int *mo, int *d, int *h, int *mi,
			int *se)
{
	if (n < 26 || weekday3(s, n) < 0 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
	    s[11] != ' ' || s[16] != ' ' || s[25] != ' ')
		return -1;
	*d = dig2(s + 5);
	*mo = month3(s + 8);
	*y = year4(s + 12);
	if (*d < 0 || *mo < 0 || *y < 0 || !real_day(*y, *mo, *d) || hms(s + 17, h, mi, se) < 0)
		return -1;
	return 26;
}

int rfc1123_parse(const char *s, size_t n, tsn_stamp *out)
{
	int y, mo, d, h, mi, se;
	if (rfc1123_head(s, n, &y, &mo, &d, &h, &mi, &se) < 0)
		return -1;
	zone z;
	int k = abbr_zone(s + 26, n - 26, &z);
	if (k < 0)
		return -1;
	put(out, y, mo, d, h, mi, se, &z);
	return 26 + k;
}

int rfc1123z_parse(const char *s, size_t n, tsn_stamp *out)
{
	int y, mo, d, h, mi, se;
	if (rfc1123_head(s, n, &y, &mo, &d, &h, &mi, &se) < 0)
		return -1;
	zone z;
	if (num_zone(s + 26, n - 26, &z) < 0)
		return -1;
	put(out, y, mo, d, h, mi, se, &z);
	return 31;
}

/* "02 Jan 06 15:04 " (16 bytes), shared by RFC822 and RFC822Z. */
static int rfc822_head(const char *s, size_t n, int *y, int *mo, int *d, int *h, int *mi)
{
	if (n < 16 || s[2] != ' ' || s[6] != ' ' || s[9] != ' ' || s[12] != ':' || s[15] != ' ')
		return -1;
	*d = dig2(s);
	*mo = month3(s + 3);
	*y = year2(s + 7);
	*h = dig2(s + 10);
	*mi = dig2(s + 13);
	if (*d < 0 || *mo < 0 || *y < 0 || *h < 0 || *mi < 0 || *h > 23 || *mi > 59 ||
	    !real_day(*y, *mo, *d))
		return -1;
	return 16;
}

int rfc822_parse(const char *s, size_t n, tsn_stamp *out)
{
	int y, mo, d, h, mi;
	if (rfc822_head(s, n, &y, &mo, &d, &h, &mi) < 0)
		return -1;
	zone z;
	int k = abbr_zone(s + 16, n - 16, &z);
	if (k < 0)
		return -1;
	put_prec(out, y, mo, d, h, mi, 0, &z, MINUTE_PREC);
	return 16 + k;
}

int rfc822z_parse(const char *s, size_t n, tsn_stamp *out)
{
	int y, mo, d, h, mi;
	if (rfc822_head(s, n, &y, &mo, &d, &h, &mi) < 0)
		return -1;
	zone z;
	if (num_zone(s + 16, n - 16, &z) < 0)
		return -1;
	put_prec(out, y, mo, d, h, mi, 0, &z, MINUTE_PREC);
	return 21;
}

int rfc850_parse(const char *s, size_t n, tsn_stamp *out)
{
	int w = weekday_long(s, n);
	if (w < 0)
		return -1;
	/* ", 02-Jan-06 15:04:05 " after the weekday */
	const char *p = s + w;
	size_t r = n - (size_t)w;
	if (r < 21 || p[0] != ',' || p[1] != ' ' || p[4] != '-' || p[8] != '-' || p[11] != ' ' ||
	    p[20] != ' ')
		return -1;
	int d = dig2(p + 2), mo = month3(p + 5), y = year2(p + 9), h, mi, se;
	if (d < 0 || mo < 0 || y < 0 || !real_day(y, mo, d) || hms(p + 12, &h, &mi, &se) < 0)
		return -1;
	zone z;
	int k = abbr_zone(p + 21, r - 21, &z);
	if (k < 0)
		return -1;
	put(out, y, mo, d, h, mi, se, &z);
	return w + 21 + k;
}

/* The layout's stamp at the very start, followed by the end or white space. */
static int locate_with(int (*parse)(const char *, size_t, tsn_stamp *), const char *msg,
		       size_t n, tsn_stamp *out)
{
	tsn_stamp st;
	int k = parse(msg, n, &st);
	if (k < 0 || ((size_t)k < n && !is_ws(msg[k])))
		return 0;
	*out = st;
	return 1;
}

#define LOCATOR(name)                                                                         \
	int name##_locate(const tsn_format_def *self, const char *msg, size_t n,              \
			  const tsn_parse_ctx *c, tsn_stamp *out)                             \
	{                                                                                     \
		(void)self;                                                                   \
		(void)c;                                                                      \
		return locate_with(name##_parse, msg, n, out);                                \
	}

LOCATOR(ansic)
LOCATOR(unixdate)
LOCATOR(rfc1123)
LOCATOR(rfc1123z)
LOCATOR(rfc822)
LOCATOR(rfc822z)
LOCATOR(rfc850)
