/* cri.c — the CRI log line scanner: the same accept set and the same fields
 * as kubelet's parseCRILog (pkg/kubelet/kuberuntime/logs/logs.go), except
 * that the stamp must pass Go's strict RFC 3339 parser (see cri.h). */
#include <string.h>

#include "cri.h"
#include "formats.h"

/*
 * Kubelet splits on the first three spaces: time, stream, tags; the rest is
 * the message.  It rejects a line without a third space and an unknown
 * stream, and treats every tag field whose first ':'-part is not "P" as
 * full (it is "forward compatible").  We do the same, so a double space
 * before the stream (empty stream) is rejected while one before the message
 * (empty tag field, or a message that starts with a space) is not.
 *
 * The stamp: kubelet calls time.Parse with "2006-01-02T15:04:05.999999999
 * Z07:00", i.e. time.RFC3339Nano.  Go tries its strict fast parser first and
 * then its generic layout parser, which additionally lets through a one-digit
 * hour, a ',' before the fraction and zone offsets of 24 hours or 60
 * minutes.  No runtime writes those (containerd formats with Go's
 * time.RFC3339Nano, conmon with "%02d" fields and a "+hh:mm" offset), so
 * we keep to the strict parser the rest of tsnorm uses.
 */
int cri_scan(const char *s, size_t n, cri_line *out)
{
	int k = rfc3339_parse(s, n, &out->time);
	if (k < 0)
		return 0;
	size_t i = (size_t)k;
	if (i >= n || s[i] != ' ')
		return 0;
	out->time_text.p = s;
	out->time_text.n = i;
	i++;

	/* "stdout " or "stderr " */
	if (n - i < 7 || s[i + 6] != ' ' ||
	    (memcmp(s + i, "stdout", 6) != 0 && memcmp(s + i, "stderr", 6) != 0))
		return 0;
	out->stream.p = s + i;
	out->stream.n = 6;
	i += 7;

	const char *sp = memchr(s + i, ' ', n - i);
	if (!sp)
		return 0;
	size_t tag = (size_t)(sp - s) - i;
	/* first ':'-separated tag exactly "P" */
	out->partial = tag >= 1 && s[i] == 'P' && (tag == 1 || s[i + 1] == ':');
	i += tag + 1;

	out->msg.p = s + i;
	out->msg.n = n - i;
	return 1;
}
