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
export type ZoneRef =
  | { kind: 'iana'; name: string }
  | { kind: 'vtimezone'; tzid: string; tz: ICAL.Timezone }
  | { kind: 'utc' }
  | { kind: 'floating' };

export function isValidZone(name: string): boolean {
  return IANAZone.isValidZone(name);
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

/** An embedded VTIMEZONE's offset at an instant, in ms (wall clock minus UTC). */
function vtimezoneOffset(tz: ICAL.Timezone, ms: number): number {
  const t = ICAL.Time.fromJSDate(new Date(ms), true).convertToZone(tz);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Instant → wall clock in a zone (for UNTIL and EXDATE written in another zone than DTSTART). */
export function msToWall(ms: number, zone: ZoneRef, floatingZone: string): Wall {
  if (zone.kind === 'vtimezone') {
    const t = ICAL.Time.fromJSDate(new Date(ms), true).convertToZone(zone.tz);
    return { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
  }
  const name = zone.kind === 'utc' ? 'UTC' : zone.kind === 'iana' ? zone.name : floatingZone;
  const d = new Date(msToZonedWall(ms, name));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

export function wallOf(t: ICAL.Time): Wall {
  return { year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second };
}

export function dateKey(w: Pick<Wall, 'year' | 'month' | 'day'>): string {
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
