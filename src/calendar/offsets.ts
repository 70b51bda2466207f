/**
 * UTC offsets of IANA zones, fast. Expanding a year of a busy calendar converts hundreds of
 * thousands of wall-clock times; going through luxon for each spends most of the time formatting
 * dates. Offsets only change at a zone's transitions, so they are cached per UTC day, and a day that
 * holds a transition is computed exactly every time.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, number | null>();
const hourMs = 3_600_000;
const dayMs = 86_400_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset at an instant, in ms (wall clock minus UTC), computed by the platform. */
function exactOffset(zone: string, ms: number): number {
  const parts = formatter(zone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

export function offsetAt(zone: string, ms: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const day = Math.floor(ms / dayMs);
  const key = `${zone}|${day}`;
  let cached = dayCache.get(key);
  if (cached === undefined) {
    const a = exactOffset(zone, day * dayMs);
    const b = exactOffset(zone, day * dayMs + dayMs - 1000);
    cached = a === b ? a : null;
    if (dayCache.size > 500_000) dayCache.clear();
    dayCache.set(key, cached);
  }
  return cached ?? exactOffset(zone, ms);
}

/**
 * A wall-clock time (given as if it were UTC) in a zone → the instant. In a DST gap the offset from
 * before the gap applies (02:30 → 03:30, RFC 5545 §3.3.5); in an overlap the first instant wins.
 */
export function zonedWallToMs(wallAsUtc: number, zone: string): number {
  return wallToInstant(wallAsUtc, (ms) => offsetAt(zone, ms));
}

/**
 * The same rule for any zone given by its offset function (also embedded VTIMEZONEs): in a gap the
 * offset from before the gap applies, in an overlap the first instant wins.
 */
export function wallToInstant(wallAsUtc: number, offset: (ms: number) => number): number {
  const before = offset(wallAsUtc - 12 * hourMs);
  const after = offset(wallAsUtc + 12 * hourMs);
  if (before === after) {
    // The common case; still check the middle for zones with a short-lived offset.
    const guess = wallAsUtc - before;
    const o = offset(guess);
    return o === before ? guess : wallAsUtc - o;
  }
  const first = wallAsUtc - before;
  const second = wallAsUtc - after;
  const firstValid = first + offset(first) === wallAsUtc;
  const secondValid = second + offset(second) === wallAsUtc;
  if (firstValid && secondValid) return Math.min(first, second);
  if (firstValid) return first;
  if (secondValid) return second;
  return wallAsUtc - before; // in the gap
}

/** An instant → the zone's wall clock, given as if it were UTC. */
export function msToZonedWall(ms: number, zone: string): number {
  return ms + offsetAt(zone, ms);
}
