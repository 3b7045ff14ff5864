/* civil.c — proleptic Gregorian calendar arithmetic in integers: date <-> day
 * number (days since 1970-01-01), month lengths, leap years.  The day-number
 * conversion counts 400-year eras from 0000-03-01, so it needs no tables and
 * is exact for negative years too. */
#include "tstime.h"
#include "stamp.h"

int civil_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int civil_days_in_month(int64_t y, int m)
{
	static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2)
		return 28 + civil_is_leap(y);
	return len[m - 1];
}

int64_t civil_to_days(int64_t y, int m, int d)
{
	y -= m <= 2;                                   /* the year starts in March */
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                   /* [0, 399] */
	int64_t mp = (m + 9) % 12;                     /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;      /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
	return era * 146097 + doe - 719468;            /* 719468: 0000-03-01 .. 1970-01-01 */
}

void civil_from_days(int64_t z, int64_t *year, int *month, int *day)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

int64_t tsn_ns_saturated(int64_t ds, int64_t dn)
{
	/* give ds and dn the same sign, then compare against INT64_MAX ns
	 * (9223372036 s + 854775807 ns) before scaling, so every duration
	 * that fits is exact and only the rest saturates */
	if (ds > 0 && dn < 0) {
		ds--;
		dn += TSN_NS_PER_SEC;
	} else if (ds < 0 && dn > 0) {
		ds++;
		dn -= TSN_NS_PER_SEC;
	}
	const int64_t max_s = INT64_MAX / TSN_NS_PER_SEC, max_ns = INT64_MAX % TSN_NS_PER_SEC;
	if (ds > max_s || (ds == max_s && dn > max_ns))
		return INT64_MAX;
	if (ds < -max_s || (ds == -max_s && dn < -max_ns))
		return -INT64_MAX;
	return ds * TSN_NS_PER_SEC + dn;
}

int64_t tsn_diff_ns(const tsn_time *a, const tsn_time *b)
{
	return tsn_ns_saturated(a->sec - b->sec, (int64_t)a->nsec - b->nsec);
}

static void put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

size_t tsn_format_rfc3339nano(const tsn_time *t, char *o)
{
	int64_t days = t->sec >= 0 ? t->sec / 86400 : -((-t->sec + 86399) / 86400);
	int64_t sod = t->sec - days * 86400;
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	put2(o, (int)(y / 100));
	put2(o + 2, (int)(y % 100));
	o[4] = '-';
	put2(o + 5, m);
	o[7] = '-';
	put2(o + 8, d);
	o[10] = 'T';
	put2(o + 11, (int)(sod / 3600));
	o[13] = ':';
	put2(o + 14, (int)(sod / 60 % 60));
	o[16] = ':';
	put2(o + 17, (int)(sod % 60));
	o[19] = '.';
	int32_t ns = t->nsec;
	for (int i = 28; i >= 20; i--) {
		o[i] = (char)('0' + ns % 10);
		ns /= 10;
	}
	o[29] = 'Z';
	return 30;
}

int64_t tsn_infer_year(const tsn_parse_ctx *c, int mo, int d, int h, int mi, int s)
{
	int64_t ref = c->ref ? c->ref->sec : c->now_sec;
	int64_t ry;
	int rm, rd;
	int64_t days = ref >= 0 ? ref / 86400 : -((-ref + 86399) / 86400);
	civil_from_days(days, &ry, &rm, &rd);
	int64_t best = -1, best_dist = INT64_MAX;
	for (int64_t y = ry - 1; y <= ry + 1; y++) {
		if (mo < 1 || mo > 12 || d < 1 || d > civil_days_in_month(y, mo))
			continue;
		int64_t t = tsn_civil_secs(y, mo, d, h, mi, s);
		int64_t dist = t > ref ? t - ref : ref - t;
		if (dist < best_dist) {
			best_dist = dist;
			best = y;
		}
	}
	return best;
}
