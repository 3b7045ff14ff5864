/* cri.h — recognising a CRI container log line (containerd, CRI-O/conmon;
 * the files kubelet reads under /var/log/pods) and slicing it.
 * Pure: slices into the caller's line, no allocation. */
#ifndef TSNORM_CRI_H
#define TSNORM_CRI_H

#include <stddef.h>

#include "envelope.h"
#include "tstime.h"

/* What cri_scan hands on: slices into the line. */
typedef struct cri_line {
	tsn_slice msg;        /* the message: the rest of the line, raw bytes, may be empty */
	tsn_slice stream;     /* "stdout" or "stderr" */
	tsn_time time;        /* the runtime's stamp, parsed */
	tsn_slice time_text;  /* the stamp as written */
	int partial;          /* 1: first tag is "P", the message continues in the
	                       * next line of the same stream; 0: the line is full */
} cri_line;

/* One line, without its terminating newline:
 *   <time> SP <stream> SP <tags> SP <message>
 * <time>: RFC 3339 as Go's parser accepts it (rfc3339_parse), immediately
 * followed by one space.  <stream>: exactly "stdout" or "stderr", then one
 * space.  <tags>: the bytes up to the next space, ':'-separated; the line is
 * partial iff the first tag is exactly "P".  Like kubelet's parseCRILog,
 * any other tag field -- "F", "F:x", an unknown tag, even an empty one (two
 * spaces) -- counts as full, and the message is everything after the space
 * that ends the tags, byte for byte.  Returns 1 and fills *out, or 0 (and
 * *out unspecified) if the time is bad, the stream unknown, or a space is
 * missing (no space after the tags: kubelet's "log tag is not found"). */
int cri_scan(const char *line, size_t n, cri_line *out);

#endif
