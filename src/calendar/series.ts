/**
 * The instances of one recurring event in the window: its RRULEs and RDATEs walked in the event's own
 * wall clock, less its EXDATEs, with its RECURRENCE-ID overrides in place (an override with
 * RANGE=THISANDFUTURE moves every later instance too).
 */
import ICAL from 'ical.js';
import { pushIfOverlaps } from './occurrence.ts';
import { iterateRule } from './rrule-iteration.ts';
import { placeInstance, shapeOf, type Placed, type Shape } from './shape.ts';
import { inZone, isoZ, stampMs, stampOf, type Ctx } from './stamp.ts';
import type { ExpandOptions, Occurrence } from './types.ts';
import { dateKey, msToWall, wallToMs, type Wall, type ZoneRef } from './zones.ts';

/** A RECURRENCE-ID override, with the instant (or, for an all-day series, the day) it replaces. */
export interface Override {
  comp: ICAL.Component;
  ridMs: number;
  thisAndFuture: boolean;
}

/** A RANGE=THISANDFUTURE override: the wall-clock difference it applies from its RECURRENCE-ID on. */
interface FutureShift extends Override {
  shape: Shape;
  deltaMs: number;
}

/** One series being expanded: what the instances are checked against, and where they go. */
interface Series {
  ctx: Ctx;
  uid: string;
  master: ICAL.Component;
  shape: Shape;
  isDate: boolean;
  zone: ZoneRef;
  options: ExpandOptions;
  out: Occurrence[];
  overrides: Map<string, Override>;
  exdates: Set<string>;
  futureShifts: FutureShift[];
  /** Keys of the instances already considered: an RRULE, an RDATE and DTSTART may name the same one. */
  seen: Set<string>;
  /** An instance's identity, as overrides and EXDATEs name it: its day (all-day series) or its instant. */
  instanceKey: (w: Wall) => string;
}

const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Adds to `out` the instances of a master with RRULE or RDATE that overlap the window, overrides included. */
export function expandSeries(
  ctx: Ctx,
  uid: string,
  master: ICAL.Component,
  masterShape: Shape,
  overrides: Map<string, Override>,
  options: ExpandOptions,
  out: Occurrence[],
): void {
  const isDate = masterShape.start.isDate;
  const zone = masterShape.start.zone;
  const instanceKey = (w: Wall) => (isDate ? dateKey(w) : String(wallToMs(w, zone, ctx.floatingZone)));
  const exdates = readExdates(ctx, uid, master, zone, isDate, instanceKey);
  const futureShifts = readFutureShifts(ctx, uid, overrides, zone, isDate);
  const { earlierPad, laterPad } = windowPads(masterShape, futureShifts);
  const s: Series = { ctx, uid, master, shape: masterShape, isDate, zone, options, out, overrides, exdates, futureShifts, seen: new Set(), instanceKey };
  const consider = (w: Wall) => considerInstance(s, w);
  for (const p of master.getAllProperties('rrule')) {
    const recur = p.getFirstValue() as ICAL.Recur;
    iterateRule(ctx, uid, recur, masterShape, options.fromMs - earlierPad, options.toMs + laterPad, consider);
  }
  addRdates(s);
  // The DTSTART is always the first instance (RFC 5545 §3.8.5.2, §3.8.5.3), even when the rule
  // would not produce it, and also when the set is made of RDATEs only.
  consider(masterShape.start.wall);
  addOverridesLeft(s);
}

function readExdates(ctx: Ctx, uid: string, master: ICAL.Component, zone: ZoneRef, isDate: boolean, instanceKey: (w: Wall) => string): Set<string> {
  const exdates = new Set<string>();
  for (const p of master.getAllProperties('exdate')) {
    let values: unknown[];
    try {
      values = p.getValues();
    } catch (err) {
      throw new Error(`EXDATE "${String((p.jCal as unknown[])[3])}" is not a valid date or date-time (${(err as Error).message})`, { cause: err });
    }
    for (const v of values) {
      if (v instanceof ICAL.Time) exdates.add(instanceKey(inZone(ctx, stampOf(ctx, p, uid, v), zone, isDate)));
    }
  }
  return exdates;
}

// RANGE=THISANDFUTURE: from its RECURRENCE-ID on, every instance moves by the same wall-clock
// difference (so a meeting moved from 09:00 to 10:00 stays at 10:00 local across DST changes).
function readFutureShifts(ctx: Ctx, uid: string, overrides: Map<string, Override>, zone: ZoneRef, isDate: boolean): FutureShift[] {
  return [...overrides.values()]
    .filter((o) => o.thisAndFuture)
    .map((o) => {
      const shape = shapeOf(ctx, o.comp, uid);
      const ridWall = isDate ? o.ridMs : wallAsUtc(msToWall(o.ridMs, zone, ctx.floatingZone));
      return { ...o, shape, deltaMs: wallAsUtc(inZone(ctx, shape.start, zone, isDate)) - ridWall };
    })
    .sort((a, b) => a.ridMs - b.ridMs);
}

/** How far outside the window an instance can start and still be seen in it: its length, and any shift. */
function windowPads(masterShape: Shape, futureShifts: FutureShift[]): { earlierPad: number; laterPad: number } {
  const lengthPad = (s: Shape) => s.exactMs ?? ((s.nominal?.days ?? 0) + 1) * 86_400_000 + Math.max(s.nominal?.seconds ?? 0, 0) * 1000;
  // Folds, not Math.max(...spread): an event may carry any number of overrides.
  const longest = futureShifts.reduce((most, f) => Math.max(most, lengthPad(f.shape)), lengthPad(masterShape));
  const shiftPad = futureShifts.length === 0 ? 0 : 86_400_000; // a wall-clock shift may differ from its instant by a DST hour
  const earlierPad = longest + futureShifts.reduce((most, f) => Math.max(most, f.deltaMs), 0) + shiftPad;
  const laterPad = futureShifts.reduce((most, f) => Math.max(most, -f.deltaMs), 0) + shiftPad;
  return { earlierPad, laterPad };
}

/** An instance the series names at wall clock `w`: kept once, unless an EXDATE or an override replaces it. */
function considerInstance(s: Series, w: Wall): void {
  const key = s.instanceKey(w);
  if (s.seen.has(key)) return;
  s.seen.add(key);
  if (s.exdates.has(key)) return;
  if (s.overrides.has(key) && !s.overrides.get(key)!.thisAndFuture) return; // placed from the override by `addOverridesLeft`
  const ridPlaced = placeInstance(s.ctx, s.shape, w);
  const rid = ridPlaced.start;
  const shift =
    s.futureShifts.length === 0
      ? undefined
      : s.futureShifts.filter((f) => f.ridMs <= (s.isDate ? Date.UTC(w.year, w.month - 1, w.day) : ridPlaced.startMs)).pop();
  if (shift) {
    pushIfOverlaps(s.ctx, s.out, s.options, shift.comp, shift.shape, placeShifted(s, shift, w), rid, true);
    return;
  }
  pushIfOverlaps(s.ctx, s.out, s.options, s.master, s.shape, ridPlaced, rid, true);
}

/** The instance at `w` moved by a THISANDFUTURE override: its start shifted in the wall clock, its length the override's. */
function placeShifted(s: Series, shift: FutureShift, w: Wall): Placed {
  const d = new Date(wallAsUtc(w) + shift.deltaMs);
  const moved: Wall = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  if (s.isDate) return placeInstance(s.ctx, shift.shape, moved);
  const startMs = wallToMs(moved, s.zone, s.ctx.floatingZone);
  const own = placeInstance(s.ctx, shift.shape, shift.shape.start.wall);
  const endMs = startMs + (own.endMs - own.startMs);
  return { startMs, endMs, start: isoZ(startMs), end: isoZ(endMs) };
}

function addRdates(s: Series): void {
  for (const p of s.master.getAllProperties('rdate')) {
    for (const v of p.getValues() as unknown[]) {
      const t = v instanceof ICAL.Period ? v.start : v;
      if (!(t instanceof ICAL.Time)) continue;
      const w = inZone(s.ctx, stampOf(s.ctx, p, s.uid, t), s.zone, s.isDate);
      if (v instanceof ICAL.Period && !s.isDate) {
        // A PERIOD gives this instance its own length.
        const startMs = wallToMs(w, s.zone, s.ctx.floatingZone);
        const endMs = v.end ? stampMs(s.ctx, stampOf(s.ctx, p, s.uid, v.end)) : startMs + (v.duration?.toSeconds() ?? 0) * 1000;
        const key = s.instanceKey(w);
        if (s.seen.has(key) || s.exdates.has(key) || s.overrides.has(key)) continue;
        s.seen.add(key);
        pushIfOverlaps(s.ctx, s.out, s.options, s.master, s.shape, { startMs, endMs, start: isoZ(startMs), end: isoZ(endMs) }, isoZ(startMs), true);
      } else considerInstance(s, w);
    }
  }
}

/** The overrides not yet placed: all but the THISANDFUTURE ones whose own instance was met (and shifted). */
function addOverridesLeft(s: Series): void {
  for (const [key, o] of s.overrides) {
    if (o.thisAndFuture && s.seen.has(key)) continue; // placed by `considerInstance`, with its shift applied
    const shape = shapeOf(s.ctx, o.comp, s.uid);
    const placed = placeInstance(s.ctx, shape, shape.start.wall);
    const rid = s.isDate ? key : isoZ(o.ridMs);
    pushIfOverlaps(s.ctx, s.out, s.options, o.comp, shape, placed, rid, true);
  }
}
