import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { msToZonedWall, wallToInstant, zonedWallToMs } from './offsets.ts';
import { windowsZones } from './windows-zones.ts';

/** A wall-clock reading as written in the file, before any zone is applied. */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Where a written time lives: an IANA zone (luxon), an embedded VTIMEZONE (ical.js), UTC, or floating. */
export type ZoneRef = { kind: 'iana'; name: string } | { kind: 'vtimezone'; tzid: string; tz: ICAL.Timezone } | { kind: 'utc' } | { kind: 'floating' };

const validZones = new Map<string, boolean>();
/** luxon builds a formatter to answer this; rendering asks it for every date, so remember. */
export function isValidZone(name: string): boolean {
  let v = validZones.get(name);
  if (v === undefined) {
    v = IANAZone.isValidZone(name);
    if (validZones.size > 5000) validZones.clear();
    validZones.set(name, v);
  }
  return v;
}

/**
 * Resolves TZIDs as calendars write them. Order: an IANA name (luxon's zone data, which is newer
 * than most embedded VTIMEZONEs), a Windows name (CLDR map), an IANA name hidden in a vendor path
 * ("/mozilla.org/20050126_1/Europe/Berlin", "/freeassociation.sourceforge.net/Tzfile/Europe/Zurich"),
 * then the file's own VTIMEZONE. Anything else is unknown: the caller falls back to the default zone
 * and reports it.
 */
export class ZoneResolver {
  private readonly cache = new Map<string, ZoneRef | null>();

  constructor(private readonly vtimezones: Map<string, ICAL.Timezone>) {}

  resolve(tzid: string): ZoneRef | null {
    let hit = this.cache.get(tzid);
    if (hit === undefined) {
      hit = this.lookup(tzid);
      this.cache.set(tzid, hit);
    }
    return hit;
  }

  private lookup(raw: string): ZoneRef | null {
    const tzid = raw.trim().replace(/^"|"$/g, '');
    if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(tzid)) return { kind: 'utc' };
    if (isValidZone(tzid)) return { kind: 'iana', name: tzid };
    const windows = windowsZones[tzid] ?? windowsZones[tzid.replace(/^\(UTC[^)]*\)\s*/, '')];
    if (windows) return { kind: 'iana', name: windows };
    const parts = tzid.split('/').filter(Boolean);
    for (let n = Math.min(3, parts.length); n >= 2; n--) {
      const tail = parts.slice(-n).join('/');
      if (isValidZone(tail)) return { kind: 'iana', name: tail };
    }
    const embedded = this.vtimezones.get(tzid) ?? this.vtimezones.get(raw);
    if (embedded) return { kind: 'vtimezone', tzid, tz: embedded };
    return null;
  }
}

/** The IANA name of a zone, when it has one (used to say in which zone an event was written). */
export function zoneName(zone: ZoneRef): string | null {
  return zone.kind === 'iana' ? zone.name : zone.kind === 'vtimezone' ? zone.tzid : null;
}

/**
 * Wall clock + zone → instant. Times in a DST gap move forward by the gap (02:30 → 03:30, RFC 5545
 * §3.3.5); times in an overlap take the first (earlier) instant.
 */
export function wallToMs(w: Wall, zone: ZoneRef, floatingZone: string): number {
  switch (zone.kind) {
    case 'utc':
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    case 'vtimezone':
      // Not ICAL.Time#toUnixTime: it reads a time in a gap or an overlap with the offset after the
      // change (02:30 on spring-forward day lands at 01:30 local), against RFC 5545 §3.3.5.
      return wallToInstant(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second), (ms) => vtimezoneOffset(zone.tz, ms));
    case 'iana':
      return ianaWallToMs(w, zone.name);
    case 'floating':
      return ianaWallToMs(w, floatingZone);
  }
}

function ianaWallToMs(w: Wall, zone: string): number {
  return zonedWallToMs(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second), zone);
}

interface IcalChange {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  utcOffset: number;
  prevUtcOffset: number;
}

/** Each VTIMEZONE's transitions as UTC instants, rebuilt when ical.js has expanded more years. */
const transitions = new WeakMap<ICAL.Timezone, { count: number; at: number[]; offsets: number[]; before: number }>();

/**
 * An embedded VTIMEZONE's offset at an instant, in ms (wall clock minus UTC). Read from the
 * transitions ical.js computes (kept in UTC), not through ICAL.Time#convertToZone: converting from
 * UTC, ical.js looks the UTC reading up as if it were local time, so for up to the offset's length
 * around each transition it answers with the wrong offset (an hour off in New York for 4–5 hours).
 */
export function vtimezoneOffset(tz: ICAL.Timezone, ms: number): number {
  const internal = tz as unknown as { changes: IcalChange[]; _ensureCoverage(year: number): void };
  internal._ensureCoverage(new Date(ms).getUTCFullYear() + 1);
  let t = transitions.get(tz);
  if (!t || t.count !== internal.changes.length) {
    const changes = internal.changes;
    t = {
      count: changes.length,
      at: changes.map((c) => Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second)),
      offsets: changes.map((c) => c.utcOffset * 1000),
      before: (changes[0]?.prevUtcOffset ?? 0) * 1000,
    };
    transitions.set(tz, t);
  }
  // The last transition at or before ms (binary search; the list is sorted by ical.js).
  let lo = 0;
  let hi = t.at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t.at[mid]! <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? t.before : t.offsets[found]!;
}

/** Instant → wall clock in a zone (for UNTIL and EXDATE written in another zone than DTSTART). */
export function msToWall(ms: number, zone: ZoneRef, floatingZone: string): Wall {
  if (zone.kind === 'vtimezone') {
    const d = new Date(ms + vtimezoneOffset(zone.tz, ms));
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const name = zone.kind === 'utc' ? 'UTC' : zone.kind === 'iana' ? zone.name : floatingZone;
  const d = new Date(msToZonedWall(ms, name));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function wallOf(t: ICAL.Time): Wall {
  return { year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second };
}

export function dateKey(w: Pick<Wall, 'year' | 'month' | 'day'>): string {
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
