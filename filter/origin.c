/* origin.c — labels from an input's path (Docker json-file, kubelet pod logs
 * and /var/log/containers names, else the base name) and static --label
 * key=value labels, rendered as the JSON fragment each line of a file gets.
 * The rules and the sources they were checked against are in origin.h. */
#include <stdio.h>
#include <string.h>

#include "utf8.h"
#include "origin.h"

#define BAD ((size_t)-1)
#define ID_LEN 64
#define SHORT_ID_LEN 12

/* ---- JSON escaping -------------------------------------------------- */

size_t origin_escape(const char *s, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0, i = 0;
	while (i < n) {
		unsigned char c = u[i];
		char e[6];
		size_t k = 0, take = 1;
		const char *src = e;
		if (c == '"' || c == '\\') {
			e[0] = '\\';
			e[1] = (char)c;
			k = 2;
		} else if (c < 0x20) {
			e[0] = '\\';
			k = 2;
			switch (c) {
			case '\n': e[1] = 'n'; break;
			case '\r': e[1] = 'r'; break;
			case '\t': e[1] = 't'; break;
			case '\b': e[1] = 'b'; break;
			case '\f': e[1] = 'f'; break;
			default:
				memcpy(e + 1, "u00", 3);
				e[4] = hex[c >> 4];
				e[5] = hex[c & 15];
				k = 6;
			}
		} else if (c < 0x80) {
			src = s + i;
			k = 1;
		} else if ((take = utf8_len(u + i, n - i)) != 0) {
			src = s + i;
			k = take;
		} else {
			memcpy(e, "\\ufffd", 6);
			k = 6;
			take = 1;
		}
		if (cap - o < k)
			return BAD;
		memcpy(out + o, src, k);
		o += k;
		i += take;
	}
	return o;
}

/* ---- a bounded writer ----------------------------------------------- */

typedef struct wbuf {
	char *p;
	size_t len, cap;
	int over;
} wbuf;

static void put_raw(wbuf *w, const char *s, size_t n)
{
	if (w->over || w->cap - w->len < n) {
		w->over = 1;
		return;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

static void put_esc(wbuf *w, const char *s, size_t n)
{
	if (w->over)
		return;
	size_t k = origin_escape(s, n, w->p + w->len, w->cap - w->len);
	if (k == BAD)
		w->over = 1;
	else
		w->len += k;
}

/* ,"key":"value" with the value escaped (keys are always plain) */
static void put_field(wbuf *w, const char *key, const char *v, size_t n)
{
	put_raw(w, ",\"", 2);
	put_raw(w, key, strlen(key));
	put_raw(w, "\":\"", 3);
	put_esc(w, v, n);
	put_raw(w, "\"", 1);
}

/* ---- name checks ---------------------------------------------------- */

static int is_lhex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int all_lhex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_lhex((unsigned char)s[i]))
			return 0;
	return 1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_lalnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z');
}

/* DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 bytes */
static int is_dns_label(const char *s, size_t n)
{
	if (n == 0 || n > 63 || !is_lalnum(s[0]) || !is_lalnum(s[n - 1]))
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!is_lalnum(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/* DNS-1123 subdomain: labels as above joined by '.', at most 253 bytes in
 * all (Kubernetes' IsDNS1123Subdomain puts no bound on each label) */
static int is_dns_subdomain(const char *s, size_t n)
{
	if (n == 0 || n > 253 || !is_lalnum(s[0]) || !is_lalnum(s[n - 1]))
		return 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (is_lalnum(s[i]) || s[i] == '-')
			continue;
		if (s[i] != '.' || !is_lalnum(s[i - 1]) || !is_lalnum(s[i + 1]))
			return 0;
	}
	return 1;
}

/* A pod uid as the kubelet names directories with it: a lower-case UUID,
 * or 32 lower-case hex (a static pod's md5-derived uid) */
static int is_pod_uid(const char *s, size_t n)
{
	if (n == 32)
		return all_lhex(s, n);
	if (n != 36)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !is_lhex((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* a decimal integer as Go's %d / strconv.Itoa writes it, at least min,
 * at most 10 digits */
static int is_count(const char *s, size_t n, int min)
{
	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return !(min > 0 && n == 1 && s[0] == '0');
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* the kubelet's rotation stamp, Go layout 20060102-150405, a real date */
static int is_rotation_stamp(const char *s, size_t n)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (n != 15 || s[8] != '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != 8 && !is_digit(s[i]))
			return 0;
	int y = num(s, 4), mo = num(s + 4, 2), d = num(s + 6, 2);
	int h = num(s + 9, 2), mi = num(s + 11, 2), sec = num(s + 13, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59)
		return 0;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

static int has_prefix(const char *s, size_t n, const char *p, size_t pn)
{
	return n >= pn && memcmp(s, p, pn) == 0;
}

static void copy_str(char *dst, const char *s, size_t n)
{
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* ---- the layouts ---------------------------------------------------- */

typedef struct comp {
	const char *p;
	size_t n;
} comp;

/* The last k components of s[0..n), the last first, repeated slashes
 * counting as one.  Returns how many there are (up to k). */
static int last_components(const char *s, size_t n, comp *c, int k)
{
	int got = 0;
	while (got < k) {
		while (n > 0 && s[n - 1] == '/')
			n--;
		if (n == 0)
			break;
		size_t e = n;
		while (n > 0 && s[n - 1] != '/')
			n--;
		c[got].p = s + n;
		c[got].n = e - n;
		got++;
	}
	return got;
}

/* <id>/<id>-json.log[.N[.gz]] */
static int match_docker(const comp *c, int got, tsn_origin *o)
{
	static const char tail[] = "-json.log";
	const size_t tn = sizeof(tail) - 1;
	if (got < 2)
		return 0;
	const char *f = c[0].p;
	size_t n = c[0].n;
	if (n < ID_LEN + tn || !all_lhex(f, ID_LEN) || memcmp(f + ID_LEN, tail, tn) != 0)
		return 0;
	if (c[1].n != ID_LEN || memcmp(c[1].p, f, ID_LEN) != 0)
		return 0;
	const char *r = f + ID_LEN + tn;
	size_t rn = n - ID_LEN - tn;
	if (rn > 0) {
		if (r[0] != '.')
			return 0;
		r++;
		rn--;
		if (rn > 3 && memcmp(r + rn - 3, ".gz", 3) == 0)
			rn -= 3;
		if (!is_count(r, rn, 1))
			return 0;
	}
	o->kind = ORIGIN_DOCKER;
	copy_str(o->id, f, ID_LEN);
	copy_str(o->container, f, SHORT_ID_LEN);
	return 1;
}

/* <ns>_<pod>_<uid>/<container>/<n>.log[.<stamp>[.gz]] */
static int match_pods(const comp *c, int got, tsn_origin *o)
{
	if (got < 3)
		return 0;
	/* the file */
	const char *f = c[0].p;
	size_t n = c[0].n, d = 0;
	while (d < n && is_digit(f[d]))
		d++;
	if (!is_count(f, d, 0) || !has_prefix(f + d, n - d, ".log", 4))
		return 0;
	const char *r = f + d + 4;
	size_t rn = n - d - 4;
	if (rn > 0) {
		if (r[0] != '.')
			return 0;
		r++;
		rn--;
		if (rn > 3 && memcmp(r + rn - 3, ".gz", 3) == 0)
			rn -= 3;
		if (!is_rotation_stamp(r, rn))
			return 0;
	}
	/* the container directory */
	if (!is_dns_label(c[1].p, c[1].n))
		return 0;
	/* the pod directory: exactly three parts */
	const char *p = c[2].p;
	const char *u1 = memchr(p, '_', c[2].n);
	if (!u1)
		return 0;
	const char *u2 = memchr(u1 + 1, '_', c[2].n - (size_t)(u1 + 1 - p));
	if (!u2 || memchr(u2 + 1, '_', c[2].n - (size_t)(u2 + 1 - p)))
		return 0;
	size_t nsn = (size_t)(u1 - p), podn = (size_t)(u2 - u1 - 1);
	size_t uidn = c[2].n - (size_t)(u2 + 1 - p);
	if (!is_dns_label(p, nsn) || !is_dns_subdomain(u1 + 1, podn) || !is_pod_uid(u2 + 1, uidn))
		return 0;
	o->kind = ORIGIN_K8S;
	copy_str(o->ns, p, nsn);
	copy_str(o->pod, u1 + 1, podn);
	copy_str(o->uid, u2 + 1, uidn);
	copy_str(o->container, c[1].p, c[1].n);
	return 1;
}

/* <pod>_<ns>_<container>-<id>.log */
static int match_symlink(const comp *c, int got, tsn_origin *o)
{
	if (got < 1)
		return 0;
	const char *f = c[0].p;
	size_t n = c[0].n;
	if (n < ID_LEN + 1 + 4 || memcmp(f + n - 4, ".log", 4) != 0)
		return 0;
	n -= 4;
	const char *id = f + n - ID_LEN;
	if (id[-1] != '-' || !all_lhex(id, ID_LEN))
		return 0;
	n -= ID_LEN + 1;
	const char *u1 = memchr(f, '_', n);
	if (!u1)
		return 0;
	const char *u2 = memchr(u1 + 1, '_', n - (size_t)(u1 + 1 - f));
	if (!u2 || memchr(u2 + 1, '_', n - (size_t)(u2 + 1 - f)))
		return 0;
	size_t podn = (size_t)(u1 - f), nsn = (size_t)(u2 - u1 - 1);
	size_t cn = n - (size_t)(u2 + 1 - f);
	if (!is_dns_subdomain(f, podn) || !is_dns_label(u1 + 1, nsn) || !is_dns_label(u2 + 1, cn))
		return 0;
	o->kind = ORIGIN_K8S;
	o->legacy = 1;
	copy_str(o->pod, f, podn);
	copy_str(o->ns, u1 + 1, nsn);
	copy_str(o->container, u2 + 1, cn);
	copy_str(o->id, id, ID_LEN);
	return 1;
}

void origin_init(tsn_origin *o)
{
	o->kind = ORIGIN_NONE;
	o->legacy = 0;
	o->ns[0] = o->pod[0] = o->container[0] = o->uid[0] = o->id[0] = 0;
	o->base = NULL;
	o->base_len = 0;
	o->frag[0] = 0;
	o->len = 0;
	o->labels_len = 0;
}

int origin_from_path(const char *path, tsn_origin *o)
{
	size_t n = strlen(path);
	comp c[3];
	int got = last_components(path, n, c, 3);

	origin_init(o);
	if (got > 0) {
		o->base = c[0].p;
		o->base_len = c[0].n;
	} else {
		o->base = path; /* "" stays "", all slashes is "/" */
		o->base_len = n > 0;
	}

	/* a trailing slash names a directory: never a log file of a layout */
	int dir = n > 0 && path[n - 1] == '/';
	if (dir || !(match_docker(c, got, o) || match_pods(c, got, o) || match_symlink(c, got, o)))
		o->kind = ORIGIN_FILE;

	wbuf w = {o->frag, 0, TSN_ORIGIN_PATH_MAX, 0};
	switch (o->kind) {
	case ORIGIN_DOCKER:
		put_field(&w, "__container", o->container, strlen(o->container));
		break;
	case ORIGIN_K8S:
		put_field(&w, "__namespace", o->ns, strlen(o->ns));
		put_field(&w, "__pod", o->pod, strlen(o->pod));
		put_field(&w, "__container", o->container, strlen(o->container));
		break;
	default:
		put_field(&w, "__file", o->base, o->base_len);
		break;
	}
	if (w.over) {
		o->frag[0] = 0;
		return -1;
	}
	o->len = w.len;
	o->frag[o->len] = 0;
	return 0;
}

/* ---- static labels -------------------------------------------------- */

/* Whether the labels part of o already has key k (kn bytes).  The part is
 * a run of ,"key":"value" written by origin_add_label: keys are plain, and
 * inside a value every '"' is escaped. */
static int has_key(const tsn_origin *o, const char *k, size_t kn)
{
	const char *p = o->frag + (o->len - o->labels_len), *end = o->frag + o->len;
	while (p + 2 < end) {
		const char *key = p + 2; /* past ," */
		const char *q = memchr(key, '"', (size_t)(end - key));
		if (!q)
			return 0;
		if ((size_t)(q - key) == kn && memcmp(key, k, kn) == 0)
			return 1;
		p = q + 3; /* past ":" */
		while (p < end && *p != '"')
			p += *p == '\\' ? 2 : 1;
		p++; /* past the closing quote */
	}
	return 0;
}

/* s, or its first bytes and "..." when long, for messages */
static const char *shown(const char *s, size_t n, char *buf, size_t cap)
{
	if (n < cap) {
		memcpy(buf, s, n);
		buf[n] = 0;
		return buf;
	}
	size_t k = cap - 4;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--; /* do not cut a UTF-8 sequence */
	memcpy(buf, s, k);
	memcpy(buf + k, "...", 4);
	return buf;
}

int origin_add_label(tsn_origin *o, const char *kv, char *err, size_t errlen)
{
	char lb[64], kb[40];
	size_t n = strlen(kv);
	const char *l = shown(kv, n, lb, sizeof lb);
	const char *eq = memchr(kv, '=', n);
	if (!eq) {
		snprintf(err, errlen, "'%s' has no '=': expected key=value", l);
		return -1;
	}
	size_t kn = (size_t)(eq - kv);
	const char *v = eq + 1;
	size_t vn = n - kn - 1;
	const char *k = shown(kv, kn, kb, sizeof kb);
	if (kn == 0) {
		snprintf(err, errlen, "'%s' has an empty key: expected key=value", l);
		return -1;
	}
	for (size_t i = 0; i < kn; i++) {
		char ch = kv[i];
		int ok = ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			 (i > 0 && is_digit(ch));
		if (!ok) {
			snprintf(err, errlen,
				 "key '%s' in '%s': a key holds only A-Z, a-z, 0-9 and _, "
				 "and does not start with a digit",
				 k, l);
			return -1;
		}
	}
	if (kn >= 2 && kv[0] == '_' && kv[1] == '_') {
		snprintf(err, errlen,
			 "key '%s' in '%s': keys starting with __ are reserved for tsnorm's own fields",
			 k, l);
		return -1;
	}
	if (vn == 0) {
		snprintf(err, errlen,
			 "'%s' has an empty value (an unset variable?); Loki treats an empty "
			 "label as none",
			 l);
		return -1;
	}
	if (has_key(o, kv, kn)) {
		snprintf(err, errlen, "key '%s' in '%s' was given before: each key once", k, l);
		return -1;
	}

	size_t room = TSN_LABELS_MAX - o->labels_len;
	if (room > TSN_ORIGIN_MAX - 1 - o->len)
		room = TSN_ORIGIN_MAX - 1 - o->len;
	wbuf w = {o->frag + o->len, 0, room, 0};
	put_raw(&w, ",\"", 2);
	put_raw(&w, kv, kn);
	put_raw(&w, "\":\"", 3);
	put_esc(&w, v, vn);
	put_raw(&w, "\"", 1);
	if (w.over) {
		o->frag[o->len] = 0;
		snprintf(err, errlen,
			 "'%s' makes the labels longer than %d bytes (as JSON) in all", l,
			 TSN_LABELS_MAX);
		return -1;
	}
	o->len += w.len;
	o->labels_len += w.len;
	o->frag[o->len] = 0;
	return 0;
}

void origin_set_labels(tsn_origin *o, const tsn_origin *labels)
{
	size_t keep = o->len - o->labels_len;
	memcpy(o->frag + keep, labels->frag + (labels->len - labels->labels_len),
	       labels->labels_len);
	o->len = keep + labels->labels_len;
	o->labels_len = labels->labels_len;
	o->frag[o->len] = 0;
}
