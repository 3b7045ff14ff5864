/* test_epoch.c — epoch_parse (numeric Unix time: unit by magnitude, fraction
 * and exponent forms, precision per written digit, the plausibility bound,
 * rejections) and the logfmt family's ts= / time= numbers. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "families_b.h"
#include "registry.h"

/* date -u -d '2024-05-30 12:34:56' +%s = 1717072496 */
#define T0 1717072496LL

static void expect(const char *s, long long sec, long nsec, long prec)
{
	tsn_stamp st = {{0, -1, -1}, -1, "x", 9};
	int k = epoch_parse(s, strlen(s), &st);
	cr_assert_eq(k, (int)strlen(s), "%s: returned %d", s, k);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld, want %lld", s, (long long)st.t.sec, sec);
	cr_expect_eq(st.t.nsec, nsec, "%s: nsec %ld, want %ld", s, (long)st.t.nsec, nsec);
	cr_expect_eq(st.t.prec, prec, "%s: prec %ld, want %ld", s, (long)st.t.prec, prec);
	cr_expect_eq(st.zoneless, 0, "%s: zoneless", s);
	cr_expect_null(st.abbr, "%s: abbr set", s);
	cr_expect_eq(st.abbr_len, 0, "%s: abbr_len", s);
}

static void reject(const char *s)
{
	tsn_stamp st = {{7, 7, 7}, 7, NULL, 7};
	cr_expect_eq(epoch_parse(s, strlen(s), &st), -1, "accepted: \"%s\"", s);
	cr_expect(st.t.sec == 7 && st.t.nsec == 7 && st.t.prec == 7 && st.zoneless == 7,
		  "\"%s\": out written on failure", s);
}

/* ---- units by magnitude (zerolog TimeFieldFormat variants) ------------- */

Test(epoch, integer_units)
{
	expect("1717072496", T0, 0, 1000000000);                /* zerolog unix */
	expect("1717072496123", T0, 123000000, 1000000);        /* unix ms */
	expect("1717072496123456", T0, 123456000, 1000);        /* unix micro */
	expect("1717072496123456789", T0, 123456789, 1);        /* unix nano */
	/* trailing zeros are written digits */
	expect("1717072496000", T0, 0, 1000000);
	expect("1717072496000000000", T0, 0, 1);
}

Test(epoch, magnitude_boundaries)
{
	/* < 1e11 seconds; 99999999999 s = 5138-11-16T09:46:39Z */
	expect("99999999999", 99999999999LL, 0, 1000000000);
	/* 1e11 is milliseconds: 1e8 s = 1973-03-03T09:46:40Z
	 * (python: calendar.timegm((1973,3,3,9,46,40)) = 100000000) */
	expect("100000000000", 100000000, 0, 1000000);
	expect("99999999999999", 99999999999LL, 999000000, 1000000);
	/* 1e14 is microseconds */
	expect("100000000000000", 100000000, 0, 1000);
	expect("99999999999999999", 99999999999LL, 999999000, 1000);
	/* 1e17 is nanoseconds */
	expect("100000000000000000", 100000000, 0, 1);
	/* 20 digits still nanoseconds (beyond uint64: parsed digit-wise) */
	expect("99999999999999999999", 99999999999LL, 999999999, 1);
	/* the lower bound: 1e8 s is the first plausible instant */
	expect("100000000", 100000000, 0, 1000000000);
}

Test(epoch, decimal_seconds_precision_per_digit)
{
	expect("1717072496.1", T0, 100000000, 100000000);
	expect("1717072496.12", T0, 120000000, 10000000);
	expect("1717072496.123", T0, 123000000, 1000000);
	expect("1717072496.1234", T0, 123400000, 100000);
	expect("1717072496.12345", T0, 123450000, 10000);
	expect("1717072496.123456", T0, 123456000, 1000); /* zap's epoch encoder */
	expect("1717072496.1234567", T0, 123456700, 100);
	expect("1717072496.12345678", T0, 123456780, 10);
	expect("1717072496.123456789", T0, 123456789, 1);
	expect("1717072496.000", T0, 0, 1000000);
}

Test(epoch, digits_past_the_nanosecond_truncate)
{
	expect("1717072496.1234567891", T0, 123456789, 1);
	/* truncation, never rounding: .9999999999 stays in the same second */
	expect("1717072496.9999999999", T0, 999999999, 1);
	expect("1717072496123456789.9", T0, 123456789, 1);
}

Test(epoch, decimal_in_larger_units)
{
	/* the integer part decides the unit; fraction digits are sub-units */
	expect("1717072496123.5", T0, 123500000, 100000);     /* ms + 1 digit */
	expect("1717072496123.456", T0, 123456000, 1000);     /* ms + 3 digits */
	expect("1717072496123456.7", T0, 123456700, 100);     /* µs + 1 digit */
	expect("1717072496123456.789", T0, 123456789, 1);     /* µs + 3 digits */
	/* on either side of the seconds/milliseconds boundary */
	expect("99999999999.5", 99999999999LL, 500000000, 100000000);
	expect("100000000000.5", 100000000, 500000, 100000);
}

Test(epoch, exponent_forms)
{
	/* float64 seconds as JSON encoders write them (Go encoding/json %g style
	 * for exponents >= 21 aside, Python repr, JavaScript): the exponent
	 * moves the point, then the magnitude rule applies */
	expect("1.717072496123e+09", T0, 123000000, 1000000);
	expect("1.717072496123E+09", T0, 123000000, 1000000);
	expect("1.717072496123e09", T0, 123000000, 1000000);
	expect("1.717072496e9", T0, 0, 1000000000);
	/* last written digit weighs 100 s: clamped to whole seconds */
	expect("1.7170725e+09", 1717072500, 0, 1000000000);
	expect("1e9", 1000000000, 0, 1000000000);
	/* milliseconds / microseconds / nanoseconds written with an exponent */
	expect("1.717072496123e+12", T0, 123000000, 1000000);
	expect("1.7170724961e+12", T0, 100000000, 100000000); /* last digit: 100 ms */
	expect("1.717072496123456e+15", T0, 123456000, 1000);
	expect("1.717072496123456789e+18", T0, 123456789, 1);
	/* negative exponent, zero integer mantissa */
	expect("17170724961e-1", T0, 100000000, 100000000);
	expect("0.1717072496e10", T0, 0, 1000000000);
	/* 1e19 = 20 digits: nanoseconds, 1e10 s; its one written digit weighs
	 * 1e10 s, clamped to whole seconds */
	expect("1e19", 10000000000LL, 0, 1000000000);
}

Test(epoch, exponent_out_of_range)
{
	reject("1e7");     /* 1e7 s: below the bound */
	reject("1e20");    /* 21 integer digits */
	reject("1e99999"); /* saturated exponent */
	reject("1.717072496e-99999");
	reject("1.7e+9999999999999999999999");
}

Test(epoch, plausibility_bound)
{
	reject("99999999");              /* 1e8 - 1 s: 1973-03-03T09:46:39Z */
	reject("0");
	reject("42");
	reject("0.023");                 /* a duration under time= */
	reject("99999999.999");
	reject("100000000000000000000"); /* 1e20: 21 digits */
	reject("0e10");
}

Test(epoch, syntax_rejections)
{
	reject("");
	reject(".");
	reject(".5");
	reject("1717072496.");
	reject("1e");
	reject("1e+");
	reject("1e-");
	reject("e9");
	reject("1717072496e");
	reject("0x66587130");
	reject("+1717072496");
	reject("-1717072496"); /* negatives are not log stamps */
	reject("-1.717072496e9");
	reject(" 1717072496");
	reject("1717072496 ");
	reject("1717072496\n");
	reject("1717072496.1.2");
	reject("1.7e9.5");
	reject("1.7e+9x");
	reject("01717072496");   /* leading zero: not a JSON number */
	reject("00.1717072496e10");
	reject("1_717_072_496");
	reject("1717072496,5");
	reject("Infinity");
	reject("NaN");
	reject("1717072496s");
}

Test(epoch, length_limit)
{
	/* 64 bytes accepted, 65 rejected */
	char s[80] = "1717072496.";
	while (strlen(s) < 64)
		strcat(s, "1");
	expect(s, T0, 111111111, 1);
	strcat(s, "1");
	reject(s);
}

Test(epoch, only_n_bytes_are_read)
{
	tsn_stamp st;
	/* a prefix of a longer buffer is its own number */
	cr_expect_eq(epoch_parse("1717072496123", 10, &st), 10);
	cr_expect_eq(st.t.sec, T0);
	cr_expect_eq(st.t.prec, 1000000000);
}

/* ---- epoch values in logfmt (the logfmt family) --------------------------- */

static const tsn_format_def def = {"logfmt", "", logfmt_locate, NULL, 0};
static const tsn_parse_ctx ctx = {NULL, 0, tsn_default_json_keys, TSN_DEFAULT_JSON_KEYS};

static void found(const char *msg, long long sec, long nsec, long prec)
{
	tsn_stamp st = {{0, -1, -1}, -1, NULL, 0};
	cr_assert_eq(logfmt_locate(&def, msg, strlen(msg), &ctx, &st), 1,
		     "not located: \"%s\"", msg);
	cr_expect_eq(st.t.sec, sec, "%s: sec %lld", msg, (long long)st.t.sec);
	cr_expect_eq(st.t.nsec, nsec, "%s: nsec %ld", msg, (long)st.t.nsec);
	cr_expect_eq(st.t.prec, prec, "%s: prec %ld", msg, (long)st.t.prec);
	cr_expect_eq(st.zoneless, 0, "%s: zoneless", msg);
}

static void not_found(const char *msg)
{
	tsn_stamp st;
	cr_expect_eq(logfmt_locate(&def, msg, strlen(msg), &ctx, &st), 0,
		     "located: \"%s\"", msg);
}

Test(epoch_logfmt, keys_and_positions)
{
	found("level=info ts=1717072496.123 msg=hi", T0, 123000000, 1000000);
	found("time=1717072496123 level=info", T0, 123000000, 1000000);
	found("ts=1717072496", T0, 0, 1000000000);
	found("level=info\tts=1717072496123456789", T0, 123456789, 1);
	found("a=b time=1.717072496123e+09", T0, 123000000, 1000000);
	found("level=info ts=1717072496.123456 caller=main.go:42 msg=\"listening\"", T0, 123456000,
	      1000);
	/* a quoted number is a logfmt value like any other */
	found("ts=\"1717072496\"", T0, 0, 1000000000);
}

Test(epoch_logfmt, first_plausible_value_wins)
{
	/* time=0.023 is a duration (below the bound): the ts= after it is used */
	found("time=0.023 ts=1717072496", T0, 0, 1000000000);
	found("ts=abc time=1717072496", T0, 0, 1000000000);
	found("ts=1717072496 time=1717072497", T0, 0, 1000000000);
}

Test(epoch_logfmt, rejections)
{
	not_found("t=1717072496");          /* only ts= and time= */
	not_found("xts=1717072496");        /* not at a key boundary */
	not_found("mytime=1717072496");
	not_found("a=ts=1717072496");
	not_found("ts=1717072496, next");   /* must be a whole token */
	not_found("ts=1717072496]");
	not_found("ts= 1717072496");
	not_found("ts=");
	not_found("1717072496 msg=hi");     /* a bare number without a key */
	not_found("TS=1717072496");
	not_found("");
}
