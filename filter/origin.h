/* origin.h — where a line came from: labels read from the input file's
 * path (Docker's and the kubelet's log layouts, else the base name) and the
 * static --label key=value labels, rendered once per file as the JSON
 * fragment appended to each of its lines.  No I/O, no allocation. */
#ifndef TSNORM_ORIGIN_H
#define TSNORM_ORIGIN_H

#include <stddef.h>

/* Layouts, matched on the last path components only (any root: the same
 * trees under /var/lib/docker, /var/log or a copy in ./incident all match;
 * the names of the root directories -- containers/, pods/ -- are not
 * required, since both are configurable and "cd containers && tsnorm ..."
 * is common):
 *
 *   Docker json-file   <id>/<id>-json.log[.N[.gz]]         N >= 1, no
 *                      leading zero; the id 64 lower-case hex, the same in
 *                      the directory and the file name (moby's rotate()
 *                      writes <log>.N and <log>.N.gz, compressing .1 after
 *                      the fact, so .1 and .1.gz both occur).
 *     -> ,"__container":"<first 12 hex of the id>"
 *
 *   kubelet pod logs   <ns>_<pod>_<uid>/<container>/<n>.log[.<ts>[.gz]]
 *                      ns and container are DNS-1123 labels (at most 63),
 *                      pod a DNS-1123 subdomain (at most 253), none of which
 *                      can hold '_', so the split is unambiguous; uid a
 *                      lower-case UUID (8-4-4-4-12, API pods) or 32
 *                      lower-case hex (static pods: the kubelet's md5 of
 *                      the manifest); n the restart count in decimal; ts
 *                      the rotation stamp YYYYMMDD-HHMMSS (Go layout
 *                      20060102-150405), a real date and time.  The .gz is
 *                      only ever added to a rotated file.
 *     -> ,"__namespace":"<ns>","__pod":"<pod>","__container":"<container>"
 *
 *   kubelet symlinks   <pod>_<ns>_<container>-<id>.log
 *                      (the legacy /var/log/containers names).  Unambiguous
 *                      because the id is exactly 64 hex at the end and none
 *                      of the three names holds '_'.  The kubelet cuts
 *                      names longer than 255 bytes, which always cuts into
 *                      the id: such names do not match.  No rotated forms
 *                      (the link always points at the live file).
 *     -> the same three labels as the pod-log layout, so both ways of
 *        reading one container's log label it alike.
 *
 * Anything else -- including temporary .tmp files, an unrotated .gz, a
 * 63-hex or upper-case id, ids that differ, '.' or '..' or any extra
 * component inside a layout, a trailing slash -- gives
 *     -> ,"__file":"<base name>"
 * The path is not normalised except that repeated slashes count as one;
 * pass a real path (realpath) to see through symlinks and '..'.
 *
 * Values are JSON-escaped: '"' and '\\' with a backslash, control
 * characters as \n \r \t \b \f or \u00XX, and every byte that does not
 * start a valid UTF-8 sequence as \ufffd (one per byte, as Go's
 * encoding/json does); valid UTF-8 and DEL are copied.
 *
 * Static labels: key=value, split at the first '='.  Keys are
 * [A-Za-z_][A-Za-z0-9_]* (Loki's and Prometheus' label names) and must not
 * start with "__", which tsnorm's own fields use (and Loki reserves); a key
 * may appear once.  Values are any non-empty bytes ('=' included); an empty
 * value is refused because it is nearly always an unset shell variable and
 * Loki treats an empty label as no label.
 *
 * Sizes: the path part of a fragment is at most TSN_ORIGIN_PATH_MAX bytes
 * (a base name within NAME_MAX, 255 bytes, needs at most 1542 even if every
 * byte is escaped) and the static labels together at most TSN_LABELS_MAX,
 * so every combination fits frag.
 *
 * Typical use:
 *   tsn_origin labels, o;
 *   origin_init(&labels);
 *   for each --label: if (origin_add_label(&labels, arg, err, sizeof err)) usage error
 *   for each named file: origin_from_path(path, &o); origin_set_labels(&o, &labels);
 *   for standard input:  o = labels;   (no path labels)
 *   then append o.frag (o.len bytes) before each line's closing brace. */

#define TSN_ORIGIN_MAX 4096      /* frag capacity, the terminating NUL included */
#define TSN_LABELS_MAX 2048      /* the static labels' share */
#define TSN_ORIGIN_PATH_MAX (TSN_ORIGIN_MAX - TSN_LABELS_MAX - 1)

enum origin_kind {
	ORIGIN_NONE = 0,         /* no path labels (standard input, labels only) */
	ORIGIN_DOCKER,
	ORIGIN_K8S,
	ORIGIN_FILE,
};

typedef struct tsn_origin {
	enum origin_kind kind;
	int legacy;              /* K8S: read from a /var/log/containers name */
	char ns[64];             /* K8S: namespace */
	char pod[254];           /* K8S: pod name */
	char container[64];      /* K8S: container name; DOCKER: 12-hex short id */
	char uid[37];            /* K8S pod-log layout: pod uid; else "" */
	char id[65];             /* DOCKER, K8S legacy: the full 64-hex id; else "" */
	const char *base;        /* FILE (and every kind from a path): the base
				  * name, pointing into the path given (valid
				  * while it is), base_len bytes, trailing
				  * slashes not included */
	size_t base_len;
	char frag[TSN_ORIGIN_MAX]; /* ,"k":"v",... NUL-terminated */
	size_t len;              /* strlen(frag) */
	size_t labels_len;       /* the last labels_len bytes of frag are static labels */
} tsn_origin;

/* Empty: kind NONE, no fields, frag "". */
void origin_init(tsn_origin *o);

/* Reads path and renders its labels into o (whose static labels are
 * dropped).  Returns 0, or -1 when the escaped base name would exceed
 * TSN_ORIGIN_PATH_MAX (impossible for a name within NAME_MAX): then kind is
 * FILE, base is set and frag is empty. */
int origin_from_path(const char *path, tsn_origin *o);

/* Appends the static label kv ("key=value") to o.  Returns 0, or -1 with a
 * message in err naming the label and what is wrong (no '=', empty key,
 * a character a key cannot hold, the reserved "__" prefix, a repeated key,
 * an empty value, or the labels together over TSN_LABELS_MAX bytes as
 * JSON); o is then unchanged. */
int origin_add_label(tsn_origin *o, const char *kv, char *err, size_t errlen);

/* Replaces o's static labels with labels' (its path part is ignored).
 * Always fits: the sizes above are chosen so. */
void origin_set_labels(tsn_origin *o, const tsn_origin *labels);

/* JSON-escapes s[0..n) into out as described above, without quotes, and
 * returns the length; stops and returns (size_t)-1 if more than cap bytes
 * would be needed.  6 * n bytes always suffice. */
size_t origin_escape(const char *s, size_t n, char *out, size_t cap);

#endif
