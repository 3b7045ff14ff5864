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

/* Seconds east of UTC in effect at the UTC instant utc_sec. */
int32_t tsn_zone_offset_at(const tsn_zone *z, int64_t utc_sec);

/* UTC seconds for local civil seconds (local time counted as if UTC).  In a
 * gap or an overlap it chooses as Go's time.Date does: the offset in effect
 * at the local time read as UTC; if the result falls outside that offset's
 * period, the offset in effect at that result instead. */
int64_t tsn_zone_to_utc(const tsn_zone *z, int64_t local_sec);

/* The offset a zone abbreviation ("CET", "CEST", "EST") has in this zone's
 * history, preferring the most recent use: 0 and *off filled, or -1 if the
 * zone never uses it.  "UTC" and "GMT" are 0 in every zone. */
int tsn_zone_abbr_offset(const tsn_zone *z, const char *abbr, size_t n, int32_t *off);

#endif
