/* test_origin.c — labels from an input's path (Docker json-file, kubelet
 * pod logs and /var/log/containers names, the base name otherwise), their
 * JSON escaping, and static --label key=value labels.  Expected fragments
 * are written out literally from the rules in origin.h. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "origin.h"

/* a 64-hex container id, its 12-hex short form, and a second id */
#define ID "67b0d13910bdb523e4f7e68a1cb657586f48a511a511fc1273a655be1d1030fa"
#define SHORT "67b0d13910bd"
#define ID2 "487fe573257a33bd0887e4fd92de67fa6c002f575bfcd9e16b8e31f8abad1b22"
/* ID without its last digit (63 hex), and with its letters upper-case */
#define ID63 "67b0d13910bdb523e4f7e68a1cb657586f48a511a511fc1273a655be1d1030f"
#define IDUP "67B0D13910BDB523E4F7E68A1CB657586F48A511A511FC1273A655BE1D1030FA"

#define UID "3f2a9c1e-7b4d-4e2a-9f1c-8d2e6b5a4c3f"
#define STATIC_UID "6d61fe6aa1fb019df82898d5144703c6" /* 32 hex: a static pod */
#define POD_DIR "/var/log/pods/default_web-5d9c7_" UID
#define K8S_FRAG ",\"__namespace\":\"default\",\"__pod\":\"web-5d9c7\",\"__container\":\"nginx\""
#define DOCKER_FRAG ",\"__container\":\"" SHORT "\""

static tsn_origin o;

/* origin_from_path must succeed and give exactly frag */
static void expect(const char *path, enum origin_kind kind, const char *frag)
{
	cr_assert_eq(origin_from_path(path, &o), 0, "path %s", path);
	cr_assert_str_eq(o.frag, frag, "path %s", path);
	cr_assert_eq(o.len, strlen(frag), "path %s", path);
	cr_assert_eq(o.kind, kind, "path %s: kind %d", path, (int)o.kind);
	cr_assert_eq(o.labels_len, 0);
}

/* ---- Docker --------------------------------------------------------- */

Test(origin_docker, live_file)
{
	expect("/var/lib/docker/containers/" ID "/" ID "-json.log", ORIGIN_DOCKER, DOCKER_FRAG);
	cr_assert_str_eq(o.id, ID);
	cr_assert_str_eq(o.container, SHORT);
	cr_assert_str_eq(o.ns, "");
	cr_assert_eq(o.base_len, strlen(ID "-json.log"));
	cr_assert_eq(memcmp(o.base, ID "-json.log", o.base_len), 0);
}

Test(origin_docker, rotated_and_compressed)
{
	const char *dir = "/var/lib/docker/containers/" ID "/" ID;
	const char *suffixes[] = {"-json.log.1", "-json.log.2", "-json.log.2.gz", "-json.log.1.gz",
				  "-json.log.10", "-json.log.10.gz"};
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s%s", dir, suffixes[i]);
		expect(p, ORIGIN_DOCKER, DOCKER_FRAG);
	}
}

Test(origin_docker, any_root_and_relative)
{
	expect("./incident/containers/" ID "/" ID "-json.log", ORIGIN_DOCKER, DOCKER_FRAG);
	expect("containers/" ID "/" ID "-json.log.3.gz", ORIGIN_DOCKER, DOCKER_FRAG);
	/* run from inside containers/: the doubled id is the signature */
	expect(ID "/" ID "-json.log", ORIGIN_DOCKER, DOCKER_FRAG);
	/* repeated slashes are one separator */
	expect("/data//docker/containers//" ID "//" ID "-json.log", ORIGIN_DOCKER, DOCKER_FRAG);
}

Test(origin_docker, near_misses_fall_back_to_file)
{
	/* 63 hex, in both places */
	expect("/var/lib/docker/containers/" ID63 "/" ID63 "-json.log", ORIGIN_FILE,
	       ",\"__file\":\"" ID63 "-json.log\"");
	/* upper-case hex */
	expect("/var/lib/docker/containers/" IDUP "/" IDUP "-json.log", ORIGIN_FILE,
	       ",\"__file\":\"" IDUP "-json.log\"");
	/* the directory's id is another one */
	expect("/var/lib/docker/containers/" ID2 "/" ID "-json.log", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log\"");
	/* no id directory */
	expect("/var/lib/docker/containers/" ID "-json.log", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log\"");
	expect(ID "-json.log", ORIGIN_FILE, ",\"__file\":\"" ID "-json.log\"");
	/* an extra component between the id directory and the file */
	expect("/var/lib/docker/containers/" ID "/old/" ID "-json.log", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log\"");
	/* '.' is not resolved */
	expect("/var/lib/docker/containers/" ID "/./" ID "-json.log", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log\"");
	/* suffixes Docker never writes */
	expect("containers/" ID "/" ID "-json.log.gz", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log.gz\"");
	expect("containers/" ID "/" ID "-json.log.0", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log.0\"");
	expect("containers/" ID "/" ID "-json.log.01", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log.01\"");
	expect("containers/" ID "/" ID "-json.log.1.gz.tmp", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log.1.gz.tmp\"");
	expect("containers/" ID "/" ID "-json.log.", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log.\"");
	expect("containers/" ID "/" ID "-json.logx", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.logx\"");
	expect("containers/" ID "/" ID ".log", ORIGIN_FILE, ",\"__file\":\"" ID ".log\"");
	/* a trailing slash names a directory */
	expect("containers/" ID "/" ID "-json.log/", ORIGIN_FILE,
	       ",\"__file\":\"" ID "-json.log\"");
}

/* ---- kubelet pod logs ----------------------------------------------- */

Test(origin_k8s, live_file)
{
	expect(POD_DIR "/nginx/0.log", ORIGIN_K8S, K8S_FRAG);
	cr_assert_str_eq(o.ns, "default");
	cr_assert_str_eq(o.pod, "web-5d9c7");
	cr_assert_str_eq(o.container, "nginx");
	cr_assert_str_eq(o.uid, UID);
	cr_assert_str_eq(o.id, "");
	cr_assert_eq(o.legacy, 0);
	expect(POD_DIR "/nginx/12.log", ORIGIN_K8S, K8S_FRAG);
}

Test(origin_k8s, rotated_and_compressed)
{
	expect(POD_DIR "/nginx/0.log.20240530-123456", ORIGIN_K8S, K8S_FRAG);
	expect(POD_DIR "/nginx/0.log.20240530-123456.gz", ORIGIN_K8S, K8S_FRAG);
	expect(POD_DIR "/nginx/3.log.20241231-235959.gz", ORIGIN_K8S, K8S_FRAG);
	/* 29 February of a leap year */
	expect(POD_DIR "/nginx/0.log.20240229-000000", ORIGIN_K8S, K8S_FRAG);
}

Test(origin_k8s, static_pod_and_dotted_names)
{
	expect("/var/log/pods/kube-system_kube-apiserver-node1.example.com_" STATIC_UID
	       "/kube-apiserver/0.log",
	       ORIGIN_K8S,
	       ",\"__namespace\":\"kube-system\",\"__pod\":\"kube-apiserver-node1.example.com\","
	       "\"__container\":\"kube-apiserver\"");
	cr_assert_str_eq(o.uid, STATIC_UID);
}

Test(origin_k8s, any_root_and_relative)
{
	expect("./incident/pods/default_web-5d9c7_" UID "/nginx/0.log", ORIGIN_K8S, K8S_FRAG);
	expect("default_web-5d9c7_" UID "/nginx/1.log.20240530-123456.gz", ORIGIN_K8S,
	       K8S_FRAG);
	expect("/mnt/node/var/log/pods/default_web-5d9c7_" UID "//nginx//0.log", ORIGIN_K8S,
	       K8S_FRAG);
}

Test(origin_k8s, file_name_near_misses)
{
	/* the kubelet only compresses rotated files */
	expect(POD_DIR "/nginx/0.log.gz", ORIGIN_FILE, ",\"__file\":\"0.log.gz\"");
	/* its temporary files are removed, never in use */
	expect(POD_DIR "/nginx/0.log.20240530-123456.tmp", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20240530-123456.tmp\"");
	expect(POD_DIR "/nginx/0.log.20240530-123456.gz.tmp", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20240530-123456.gz.tmp\"");
	/* stamps that are not 20060102-150405 or not a real time */
	expect(POD_DIR "/nginx/0.log.20240530123456", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20240530123456\"");
	expect(POD_DIR "/nginx/0.log.2024-05-30", ORIGIN_FILE, ",\"__file\":\"0.log.2024-05-30\"");
	expect(POD_DIR "/nginx/0.log.20241301-000000", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20241301-000000\"");
	expect(POD_DIR "/nginx/0.log.20230229-000000", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20230229-000000\"");
	expect(POD_DIR "/nginx/0.log.20240631-000000", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20240631-000000\"");
	expect(POD_DIR "/nginx/0.log.20240530-240000", ORIGIN_FILE,
	       ",\"__file\":\"0.log.20240530-240000\"");
	expect(POD_DIR "/nginx/0.log.1", ORIGIN_FILE, ",\"__file\":\"0.log.1\"");
	/* restart counts as %d writes them */
	expect(POD_DIR "/nginx/00.log", ORIGIN_FILE, ",\"__file\":\"00.log\"");
	expect(POD_DIR "/nginx/-1.log", ORIGIN_FILE, ",\"__file\":\"-1.log\"");
	expect(POD_DIR "/nginx/.log", ORIGIN_FILE, ",\"__file\":\".log\"");
	expect(POD_DIR "/nginx/app.log", ORIGIN_FILE, ",\"__file\":\"app.log\"");
	expect(POD_DIR "/nginx/0.txt", ORIGIN_FILE, ",\"__file\":\"0.txt\"");
}

Test(origin_k8s, directory_near_misses)
{
	/* no container directory */
	expect(POD_DIR "/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	/* an extra component */
	expect(POD_DIR "/nginx/old/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	/* '..' and '.' are not resolved, and are no container name */
	expect(POD_DIR "/nginx/../0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect(POD_DIR "/./0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	/* container names are DNS labels */
	expect(POD_DIR "/Nginx/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect(POD_DIR "/-nginx/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect(POD_DIR "/ngi.nx/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect(POD_DIR "/ngi_nx/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	/* the old layout /var/log/pods/<uid>/<container>_<n>.log is not read */
	expect("/var/log/pods/" UID "/nginx_0.log", ORIGIN_FILE, ",\"__file\":\"nginx_0.log\"");
	/* trailing slash */
	expect(POD_DIR "/nginx/0.log/", ORIGIN_FILE, ",\"__file\":\"0.log\"");
	/* the uid is only one part: */
	expect("/var/log/pods/default_web-5d9c7/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
}

Test(origin_k8s, underscores_in_the_wrong_place)
{
	/* four parts: a pod name cannot hold '_' */
	expect("/var/log/pods/default_web_5d9c7_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	/* two parts */
	expect("/var/log/pods/default-web-5d9c7_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	/* empty parts */
	expect("/var/log/pods/_web-5d9c7_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default__" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default_web-5d9c7_/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	/* a path that merely has three '_' parts and a numbered log */
	expect("/srv/my_app_data/logs/0.log", ORIGIN_FILE, ",\"__file\":\"0.log\"");
}

Test(origin_k8s, names_and_uids_validated)
{
	/* namespace: a DNS label, no dots, no upper case */
	expect("/var/log/pods/my.ns_web_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	expect("/var/log/pods/Default_web_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	/* pod: a DNS subdomain, labels never empty or dash-edged */
	expect("/var/log/pods/default_web..a_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default_web-_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default_web.-a_" UID "/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	/* uid: upper case, wrong grouping, wrong length */
	expect("/var/log/pods/default_web_3F2A9C1E-7B4D-4E2A-9F1C-8D2E6B5A4C3F/nginx/0.log",
	       ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default_web_3f2a9c1e7-b4d-4e2a-9f1c-8d2e6b5a4c3f/nginx/0.log",
	       ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default_web_3f2a9c1e/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	expect("/var/log/pods/default_web_" STATIC_UID "0/nginx/0.log", ORIGIN_FILE,
	       ",\"__file\":\"0.log\"");
	/* a namespace of 64 bytes is one too many; 63 is fine */
	expect("/var/log/pods/"
	       "a123456789012345678901234567890123456789012345678901234567890123"
	       "_web_" UID "/nginx/0.log",
	       ORIGIN_FILE, ",\"__file\":\"0.log\"");
	expect("/var/log/pods/"
	       "a12345678901234567890123456789012345678901234567890123456789012"
	       "_web_" UID "/nginx/0.log",
	       ORIGIN_K8S,
	       ",\"__namespace\":\"a12345678901234567890123456789012345678901234567890123456789012\","
	       "\"__pod\":\"web\",\"__container\":\"nginx\"");
}

/* ---- /var/log/containers names -------------------------------------- */

Test(origin_symlink, legacy_names)
{
	expect("/var/log/containers/web-5d9c7_default_nginx-" ID ".log", ORIGIN_K8S, K8S_FRAG);
	cr_assert_eq(o.legacy, 1);
	cr_assert_str_eq(o.id, ID);
	cr_assert_str_eq(o.uid, "");
	/* a container name with dashes: the id is the last 64 hex */
	expect("/var/log/containers/kube-apiserver-node1.example.com_kube-system_istio-proxy-" ID
	       ".log",
	       ORIGIN_K8S,
	       ",\"__namespace\":\"kube-system\",\"__pod\":\"kube-apiserver-node1.example.com\","
	       "\"__container\":\"istio-proxy\"");
	/* any root, or none */
	expect("web-5d9c7_default_nginx-" ID ".log", ORIGIN_K8S, K8S_FRAG);
}

Test(origin_symlink, near_misses)
{
	expect("/var/log/containers/web-5d9c7_default_nginx-" ID63 ".log", ORIGIN_FILE,
	       ",\"__file\":\"web-5d9c7_default_nginx-" ID63 ".log\"");
	expect("/var/log/containers/web-5d9c7_default_nginx-" IDUP ".log", ORIGIN_FILE,
	       ",\"__file\":\"web-5d9c7_default_nginx-" IDUP ".log\"");
	/* a pod name with '_' makes four parts */
	expect("/var/log/containers/web_5d9c7_default_nginx-" ID ".log", ORIGIN_FILE,
	       ",\"__file\":\"web_5d9c7_default_nginx-" ID ".log\"");
	/* no container name: two parts */
	expect("/var/log/containers/web-5d9c7_default-" ID ".log", ORIGIN_FILE,
	       ",\"__file\":\"web-5d9c7_default-" ID ".log\"");
	/* no dash before the id */
	expect("/var/log/containers/web-5d9c7_default_nginx" ID ".log", ORIGIN_FILE,
	       ",\"__file\":\"web-5d9c7_default_nginx" ID ".log\"");
	/* rotated names never exist for the links */
	expect("/var/log/containers/web-5d9c7_default_nginx-" ID ".log.1", ORIGIN_FILE,
	       ",\"__file\":\"web-5d9c7_default_nginx-" ID ".log.1\"");
	/* a name the kubelet cut at 255 bytes has lost part of its id */
	expect("/var/log/containers/web-5d9c7_default_nginx-67b0d13910bdb523.log", ORIGIN_FILE,
	       ",\"__file\":\"web-5d9c7_default_nginx-67b0d13910bdb523.log\"");
}

/* ---- other files and escaping --------------------------------------- */

Test(origin_file, base_names)
{
	expect("/var/log/app.log", ORIGIN_FILE, ",\"__file\":\"app.log\"");
	expect("app.log", ORIGIN_FILE, ",\"__file\":\"app.log\"");
	expect("./logs/app.log.1.gz", ORIGIN_FILE, ",\"__file\":\"app.log.1.gz\"");
	expect("logs/app/", ORIGIN_FILE, ",\"__file\":\"app\"");
	expect("/", ORIGIN_FILE, ",\"__file\":\"/\"");
	expect("", ORIGIN_FILE, ",\"__file\":\"\"");
	expect("..", ORIGIN_FILE, ",\"__file\":\"..\"");
	cr_assert_eq(o.base_len, 2);
}

Test(origin_file, escaping_odd_names)
{
	expect("/tmp/a\"b.log", ORIGIN_FILE, ",\"__file\":\"a\\\"b.log\"");
	expect("/tmp/a\\b.log", ORIGIN_FILE, ",\"__file\":\"a\\\\b.log\"");
	expect("/tmp/a\nb\tc\rd.log", ORIGIN_FILE, ",\"__file\":\"a\\nb\\tc\\rd.log\"");
	expect("/tmp/\x01\x1f\b\f\x7f.log", ORIGIN_FILE,
	       ",\"__file\":\"\\u0001\\u001f\\b\\f\x7f.log\"");
	/* valid UTF-8 is copied: é, 中, 😀, and U+FFFD itself */
	expect("/tmp/\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xef\xbf\xbd.log", ORIGIN_FILE,
	       ",\"__file\":\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xef\xbf\xbd.log\"");
}

Test(origin_file, invalid_utf8_one_replacement_per_byte)
{
	/* a stray byte, a lone continuation byte */
	expect("/tmp/a\xff" "b\x80.log", ORIGIN_FILE, ",\"__file\":\"a\\ufffdb\\ufffd.log\"");
	/* a cut 3-byte sequence: two bytes, two replacements */
	expect("/tmp/\xe2\x82.log", ORIGIN_FILE, ",\"__file\":\"\\ufffd\\ufffd.log\"");
	/* overlong '/' and an encoded surrogate */
	expect("/tmp/\xc0\xaf\xed\xa0\x80", ORIGIN_FILE,
	       ",\"__file\":\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* past U+10FFFF */
	expect("/tmp/\xf4\x90\x80\x80", ORIGIN_FILE,
	       ",\"__file\":\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

Test(origin_file, longest_real_name_fits_and_longer_fails)
{
	/* 255 invalid bytes (NAME_MAX) become 255 * 6 bytes: it fits */
	char p[1024] = "/tmp/";
	memset(p + 5, 0xff, 255);
	p[5 + 255] = 0;
	cr_assert_eq(origin_from_path(p, &o), 0);
	cr_assert_eq(o.len, strlen(",\"__file\":\"\"") + 255 * 6);
	cr_assert_eq(memcmp(o.frag + 11, "\\ufffd\\ufffd", 12), 0);
	/* 400 such bytes need 2400 > TSN_ORIGIN_PATH_MAX: refused, frag empty */
	memset(p + 5, 0xff, 400);
	p[5 + 400] = 0;
	cr_assert_eq(origin_from_path(p, &o), -1);
	cr_assert_eq(o.kind, ORIGIN_FILE);
	cr_assert_eq(o.len, 0);
	cr_assert_str_eq(o.frag, "");
	cr_assert_eq(o.base_len, 400);
}

Test(origin_file, escape_bound)
{
	char out[16];
	cr_assert_eq(origin_escape("a\"b", 3, out, 4), 4);
	cr_assert_eq(memcmp(out, "a\\\"b", 4), 0);
	cr_assert_eq(origin_escape("a\"b", 3, out, 3), (size_t)-1);
	/* a multi-byte character is never cut */
	cr_assert_eq(origin_escape("\xc3\xa9", 2, out, 1), (size_t)-1);
	cr_assert_eq(origin_escape("\x01", 1, out, 5), (size_t)-1);
	cr_assert_eq(origin_escape("\x01", 1, out, 6), 6);
}

/* ---- static labels -------------------------------------------------- */

static tsn_origin lb;
static char err[256];

static void add_ok(const char *kv)
{
	err[0] = 0;
	cr_assert_eq(origin_add_label(&lb, kv, err, sizeof err), 0, "%s: %s", kv, err);
}

/* must fail, leave lb unchanged, and say each of the words */
static void add_bad(const char *kv, const char *w1, const char *w2)
{
	char before[TSN_ORIGIN_MAX];
	size_t len = lb.len, ll = lb.labels_len;
	memcpy(before, lb.frag, len + 1);
	err[0] = 0;
	cr_assert_eq(origin_add_label(&lb, kv, err, sizeof err), -1, "%s accepted", kv);
	cr_assert_eq(lb.len, len);
	cr_assert_eq(lb.labels_len, ll);
	cr_assert_str_eq(lb.frag, before);
	cr_assert(strstr(err, w1), "'%s' not in: %s", w1, err);
	cr_assert(strstr(err, w2), "'%s' not in: %s", w2, err);
}

Test(origin_labels, valid)
{
	origin_init(&lb);
	add_ok("env=prod");
	add_ok("_x=1");
	add_ok("A1_b=two words");
	add_ok("_=u");
	cr_assert_str_eq(lb.frag, ",\"env\":\"prod\",\"_x\":\"1\",\"A1_b\":\"two words\",\"_\":\"u\"");
	cr_assert_eq(lb.len, strlen(lb.frag));
	cr_assert_eq(lb.labels_len, lb.len);
	cr_assert_eq(lb.kind, ORIGIN_NONE);
}

Test(origin_labels, value_split_at_first_equals_and_escaped)
{
	origin_init(&lb);
	add_ok("q=a=b");
	add_ok("eq==");
	add_ok("odd=say \"hi\"\\\n\xff");
	cr_assert_str_eq(lb.frag, ",\"q\":\"a=b\",\"eq\":\"=\","
				  "\"odd\":\"say \\\"hi\\\"\\\\\\n\\ufffd\"");
}

Test(origin_labels, invalid_keys)
{
	origin_init(&lb);
	add_ok("env=prod");
	add_bad("envprod", "'envprod'", "no '='");
	add_bad("=prod", "'=prod'", "empty key");
	add_bad("1env=x", "'1env'", "digit");
	add_bad("my-env=x", "'my-env'", "A-Z, a-z, 0-9 and _");
	add_bad("my.env=x", "'my.env'", "A-Z, a-z, 0-9 and _");
	add_bad("en v=x", "'en v'", "A-Z, a-z, 0-9 and _");
	add_bad("\xc3\xa9t\xc3\xa9=x", "'\xc3\xa9t\xc3\xa9'", "A-Z, a-z, 0-9 and _");
	add_bad("__x=1", "'__x'", "reserved");
	add_bad("__=1", "'__'", "reserved");
	add_bad("__time_ms=1", "'__time_ms'", "reserved");
	add_bad("env=staging", "'env'", "given before");
	add_bad("region=", "'region='", "empty value");
	cr_assert_str_eq(lb.frag, ",\"env\":\"prod\"");
}

Test(origin_labels, duplicate_check_reads_keys_not_values)
{
	origin_init(&lb);
	/* values that look like a later key, and a value starting with a quote */
	add_ok("note=,\"env\":\"x");
	add_ok("q=\"env");
	add_ok("env=prod");
	add_bad("note=again", "'note'", "given before");
	add_bad("q=again", "'q'", "given before");
	add_bad("env=again", "'env'", "given before"); /* found past the odd values */
	cr_assert_str_eq(lb.frag, ",\"note\":\",\\\"env\\\":\\\"x\",\"q\":\"\\\"env\","
				  "\"env\":\"prod\"");
}

Test(origin_labels, total_bounded)
{
	/* ,"k":"<v>" is 7 + |v| bytes: a 2041-byte value fills the share */
	static char kv[TSN_LABELS_MAX + 16];
	origin_init(&lb);
	memcpy(kv, "k=", 2);
	memset(kv + 2, 'v', TSN_LABELS_MAX - 7);
	kv[2 + TSN_LABELS_MAX - 7] = 0;
	add_ok(kv);
	cr_assert_eq(lb.len, TSN_LABELS_MAX);
	add_bad("j=1", "'j=1'", "2048 bytes");

	/* one byte more does not fit; the message shows the label cut short */
	origin_init(&lb);
	kv[0] = 'k';
	memset(kv + 2, 'v', TSN_LABELS_MAX - 6);
	kv[2 + TSN_LABELS_MAX - 6] = 0;
	add_bad(kv, "'k=vvvv", "...'");
	cr_assert(strstr(err, "2048 bytes"), "%s", err);
	cr_assert_eq(lb.len, 0);

	/* the bound counts escaped bytes: 341 invalid bytes need 7 + 2046 */
	origin_init(&lb);
	memset(kv + 2, 0xff, 341);
	kv[2 + 341] = 0;
	add_bad(kv, "'k=", "2048 bytes");
	kv[2 + 340] = 0; /* 7 + 2040 */
	add_ok(kv);
	cr_assert_eq(lb.len, 7 + 340 * 6);
}

Test(origin_labels, combined_with_path_labels)
{
	origin_init(&lb);
	add_ok("env=prod");
	add_ok("host=node-1");

	cr_assert_eq(origin_from_path(POD_DIR "/nginx/0.log", &o), 0);
	origin_set_labels(&o, &lb);
	cr_assert_str_eq(o.frag, K8S_FRAG ",\"env\":\"prod\",\"host\":\"node-1\"");
	cr_assert_eq(o.len, strlen(o.frag));
	cr_assert_eq(o.kind, ORIGIN_K8S);

	/* setting again replaces, never doubles */
	origin_set_labels(&o, &lb);
	cr_assert_str_eq(o.frag, K8S_FRAG ",\"env\":\"prod\",\"host\":\"node-1\"");

	/* the next file drops the previous file's labels and static ones */
	cr_assert_eq(origin_from_path("/var/lib/docker/containers/" ID "/" ID "-json.log.1", &o),
		     0);
	cr_assert_str_eq(o.frag, DOCKER_FRAG);
	origin_set_labels(&o, &lb);
	cr_assert_str_eq(o.frag, DOCKER_FRAG ",\"env\":\"prod\",\"host\":\"node-1\"");

	/* standard input: the static labels alone */
	tsn_origin in = lb;
	cr_assert_str_eq(in.frag, ",\"env\":\"prod\",\"host\":\"node-1\"");
	cr_assert_eq(in.kind, ORIGIN_NONE);

	/* no labels: the path part alone */
	tsn_origin none;
	origin_init(&none);
	origin_set_labels(&o, &none);
	cr_assert_str_eq(o.frag, DOCKER_FRAG);
}

Test(origin_labels, largest_path_and_labels_fit_together)
{
	char p[300] = "/tmp/";
	memset(p + 5, 0xff, 255);
	p[5 + 255] = 0;
	static char kv[TSN_LABELS_MAX];
	origin_init(&lb);
	memcpy(kv, "k=", 2);
	memset(kv + 2, 'v', TSN_LABELS_MAX - 7);
	kv[2 + TSN_LABELS_MAX - 7] = 0;
	add_ok(kv);
	cr_assert_eq(origin_from_path(p, &o), 0);
	size_t path_len = o.len;
	origin_set_labels(&o, &lb);
	cr_assert_eq(o.len, path_len + TSN_LABELS_MAX);
	cr_assert(o.len < TSN_ORIGIN_MAX);
	cr_assert_eq(strlen(o.frag), o.len);
	cr_assert_eq(o.frag[o.len - 1], '"');
}
