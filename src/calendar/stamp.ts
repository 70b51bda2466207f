/**
 * Times as an iCalendar property writes them (wall clock, zone, DATE or not) and their moves onto the
 * time line or into another zone's wall clock, for the recurrence expansion (expand.ts).
 */
import ICAL from 'ical.js';
import type { ParsedCalendar } from './parse.ts';
import type { CalendarProblem } from './types.ts';
import { msToWall, wallOf, wallToMs, type Wall, type ZoneRef } from './zones.ts';

/** A time as written: wall clock, zone, and whether it is a DATE. */
export interface Stamp {
  wall: Wall;
  zone: ZoneRef;
  isDate: boolean;
}

/** One expansion's context: the calendar, the zone its floating times are read in, the problems found. */
export interface Ctx {
  cal: ParsedCalendar;
  floatingZone: string;
  problems: CalendarProblem[];
}

/** The time a DTSTART-like property holds (or `value`, one of its values); an unknown TZID is reported and read as floating. */
export function stampOf(ctx: Ctx, prop: ICAL.Property, uid: string, value?: ICAL.Time): Stamp {
  let t: unknown = value;
  if (t === undefined) {
    try {
      t = prop.getFirstValue();
    } catch (err) {
      throw new Error(`${prop.name.toUpperCase()} "${String((prop.jCal as unknown[])[3])}" is not a valid date or date-time (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
  if (!(t instanceof ICAL.Time)) throw new Error(`${prop.name.toUpperCase()} is not a date or date-time`);
  const tzid = prop.getParameter('tzid');
  let zone: ZoneRef = { kind: 'floating' };
  if (t.isDate) zone = { kind: 'floating' };
  else if (t.zone === ICAL.Timezone.utcTimezone) zone = { kind: 'utc' };
  else if (typeof tzid === 'string' && tzid !== '') {
    const resolved = ctx.cal.resolver.resolve(tzid);
    if (resolved) zone = resolved;
    else {
      ctx.problems.push({ uid, reason: `unknown TZID "${tzid}"; its times are read in ${ctx.floatingZone}` });
      zone = { kind: 'floating' };
    }
  }
  return { wall: wallOf(t), zone, isDate: t.isDate };
}

/** The instant a stamp stands for. */
export const stampMs = (ctx: Ctx, s: Stamp) => wallToMs(s.wall, s.zone, ctx.floatingZone);

/** Moves a stamp into another zone's wall clock (same instant). Dates stay dates. */
export function inZone(ctx: Ctx, s: Stamp, zone: ZoneRef, isDate: boolean): Wall {
  if (s.isDate || isDate) return { ...s.wall, hour: isDate ? 0 : s.wall.hour, minute: isDate ? 0 : s.wall.minute, second: isDate ? 0 : s.wall.second };
  return msToWall(stampMs(ctx, s), zone, ctx.floatingZone);
}

export const toIcalTime = (w: Wall, isDate: boolean) =>
  ICAL.Time.fromData({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second, isDate });

export const isoZ = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
