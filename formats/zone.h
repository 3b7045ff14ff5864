/* zone.h — time zones for stamps that carry none: UTC, fixed offsets, and
 * IANA names read from the system's time-zone database (TZif files, Debian
 * package tzdata), DST-correct, including the POSIX TZ rule that TZif files
 * end with for instants past their last transition. */
#ifndef TSNORM_ZONE_H
#define TSNORM_ZONE_H

#include <stddef.h>
#include <stdint.h>

typedef struct tsn_zone tsn_zone;

/* spec: "UTC", "Z", a fixed offset ("+08:00", "-0530", "+08"), or an IANA
 * name ("Asia/Shanghai", "America/New_York") looked up under $TZDIR or
 * /usr/share/zoneinfo.  Returns a zone, or NULL with a message in err
 * naming the spec and what is wrong. */
tsn_zone *tsn_zone_open(const char *spec, char *err, size_t errlen);
void tsn_zone_free(tsn_zone *z);

/* The zone's name as given ("UTC", "+08:00", "Europe/Berlin"). */
const char *tsn_zone_name(const tsn_zone *z);

/* Seconds east of UTC in effect at the UTC instant utc_sec.  Before a file's
 * first transition: its time type 0 (RFC 8536), or, should type 0 be a DST
 * type, the first standard-time type (as glibc and Go).  At and after the
 * last transition: the footer's POSIX TZ rule, if the file has one.
 * offset_at and to_utc keep the last period looked up inside the zone, so
 * one zone must not be used by two threads at once. */
int32_t tsn_zone_offset_at(const tsn_zone *z, int64_t utc_sec);

/* UTC seconds for local civil seconds (local time counted as if UTC), chosen
 * as Go's time.Date does: o1 = the offset in effect at local_sec read as a
 * UTC instant; if local_sec - o1 lies in the period where o1 is in effect,
 * that is the answer; otherwise local_sec - o2, o2 being the offset in effect
 * at local_sec - o1.  Around a transition at instant T that means:
 *  - overlap (clocks go back, the local time happens twice): the reading
 *    whose offset is in effect at local_sec-as-UTC: the later one (the new
 *    offset) if local_sec >= T, as east of Greenwich (Europe/Berlin
 *    2024-10-27 02:30 -> 02:30 CET = 01:30Z), else the earlier one (the old
 *    offset), as west of it (America/New_York 2024-11-03 01:30 ->
 *    01:30 EDT = 05:30Z);
 *  - gap (clocks go forward, the local time never happens): an instant just
 *    outside the gap, the clock moved by the gap's length: forward if
 *    local_sec >= T (Europe/Berlin 2024-03-31 02:30 -> 03:30 CEST = 01:30Z),
 *    else back (America/New_York 2024-03-10 02:30 -> 01:30 EST = 06:30Z). */
int64_t tsn_zone_to_utc(const tsn_zone *z, int64_t local_sec);

/* The offset a zone abbreviation ("CET", "CEST", "EST") has in this zone's
 * history, preferring the most recent use: 0 and *off filled, or -1 if the
 * zone never uses it.  "UTC" and "GMT" are 0 in every zone. */
int tsn_zone_abbr_offset(const tsn_zone *z, const char *abbr, size_t n, int32_t *off);

#endif
