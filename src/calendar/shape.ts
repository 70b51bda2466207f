/**
 * An event's shape (its DTSTART and its length, from DTEND or DURATION), read once per component and
 * zone, and the placing of one instance of it on the time line.
 */
import ICAL from 'ical.js';
import { isoZ, stampMs, stampOf, type Ctx, type Stamp } from './stamp.ts';
import type { CalendarProblem } from './types.ts';
import { dateKey, wallToMs, type Wall, type ZoneRef } from './zones.ts';

export interface Shape {
  comp: ICAL.Component;
  start: Stamp;
  /** Exact length in ms (DTEND, or DURATION without days), or a nominal one in days (dates, P1D). */
  exactMs: number | null;
  nominal: { days: number; seconds: number } | null;
}

/** An instance on the time line: its instants, and how they are written (dates for an all-day event). */
export interface Placed {
  startMs: number;
  endMs: number;
  start: string;
  end: string;
}

/**
 * A component's shape depends only on it and on the zone for floating times, and reading it is most
 * of the cost of an event that is not in the window: keep it with the parsed calendar (and replay
 * the problems found while reading it, so every expansion reports them).
 */
type ShapeByZone = Map<string, { shape?: Shape; error?: Error; problems: CalendarProblem[] }>;
const shapeCache = new WeakMap<ICAL.Component, ShapeByZone>();

export function shapeOf(ctx: Ctx, comp: ICAL.Component, uid: string): Shape {
  let byZone = shapeCache.get(comp);
  if (!byZone) shapeCache.set(comp, (byZone = new Map() as ShapeByZone));
  let hit = byZone.get(ctx.floatingZone);
  if (!hit) {
    const before = ctx.problems.length;
    try {
      hit = { shape: readShape(ctx, comp, uid), problems: ctx.problems.slice(before) };
    } catch (err) {
      hit = { error: err as Error, problems: ctx.problems.slice(before) };
    }
    ctx.problems.length = before;
    byZone.set(ctx.floatingZone, hit);
  }
  for (const p of hit.problems) ctx.problems.push(p);
  if (hit.error) throw hit.error;
  return hit.shape!;
}

function readShape(ctx: Ctx, comp: ICAL.Component, uid: string): Shape {
  const dtstartProp = comp.getFirstProperty('dtstart');
  if (!dtstartProp) throw new Error('no DTSTART');
  const start = stampOf(ctx, dtstartProp, uid);
  const dtendProp = comp.getFirstProperty('dtend');
  const durVal = comp.getFirstPropertyValue('duration');
  if (dtendProp) {
    const end = stampOf(ctx, dtendProp, uid);
    if (start.isDate) {
      const days = Math.round(
        (Date.UTC(end.wall.year, end.wall.month - 1, end.wall.day) - Date.UTC(start.wall.year, start.wall.month - 1, start.wall.day)) / 86_400_000,
      );
      return { comp, start, exactMs: null, nominal: { days: Math.max(days, 1), seconds: 0 } };
    }
    const ms = stampMs(ctx, end) - stampMs(ctx, start);
    if (ms < 0) ctx.problems.push({ uid, reason: 'DTEND is before DTSTART; treated as zero length' });
    return { comp, start, exactMs: Math.max(ms, 0), nominal: null };
  }
  if (durVal instanceof ICAL.Duration) {
    const total = durVal.toSeconds();
    const days = (durVal.weeks ?? 0) * 7 + (durVal.days ?? 0);
    if (days !== 0 || start.isDate) {
      const dayPart = start.isDate ? Math.max(Math.ceil(total / 86400), 1) : days * (durVal.isNegative ? -1 : 1);
      return { comp, start, exactMs: null, nominal: { days: dayPart, seconds: start.isDate ? 0 : total - days * 86400 * (durVal.isNegative ? -1 : 1) } };
    }
    return { comp, start, exactMs: Math.max(total * 1000, 0), nominal: null };
  }
  // RFC 5545: no DTEND and no DURATION → one day for a DATE, zero length for a DATE-TIME.
  return start.isDate ? { comp, start, exactMs: null, nominal: { days: 1, seconds: 0 } } : { comp, start, exactMs: 0, nominal: null };
}

/** Start and end instants (and all-day dates) of an instance that starts at wall clock `w` in the shape's zone. */
export function placeInstance(ctx: Ctx, shape: Shape, w: Wall): Placed {
  if (shape.start.isDate) {
    const floating: ZoneRef = { kind: 'iana', name: ctx.floatingZone };
    const endWall = addWallDays(w, shape.nominal?.days ?? 1);
    return {
      startMs: wallToMs({ ...w, hour: 0, minute: 0, second: 0 }, floating, ctx.floatingZone),
      endMs: wallToMs(endWall, floating, ctx.floatingZone),
      start: dateKey(w),
      end: dateKey(endWall),
    };
  }
  const startMs = wallToMs(w, shape.start.zone, ctx.floatingZone);
  let endMs: number;
  if (shape.exactMs !== null) endMs = startMs + shape.exactMs;
  else {
    endMs = wallToMs(addWallDays(w, shape.nominal!.days), shape.start.zone, ctx.floatingZone) + shape.nominal!.seconds * 1000;
  }
  return { startMs, endMs, start: isoZ(startMs), end: isoZ(endMs) };
}

/** Adds calendar days to a wall-clock reading (days of the wall clock, not 24-hour periods). */
function addWallDays(w: Wall, days: number): Wall {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days, w.hour, w.minute, w.second));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
