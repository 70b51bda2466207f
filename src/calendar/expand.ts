/**
 * Recurrence expansion, the core of herald's correctness: every occurrence of a parsed calendar that
 * overlaps a window. Each event group (a master and its RECURRENCE-ID overrides) is expanded on its
 * own here; a recurring master's instances are walked in series.ts, its rules in rrule-iteration.ts.
 */
import type ICAL from 'ical.js';
import { pushIfOverlaps } from './occurrence.ts';
import type { EventGroup, ParsedCalendar } from './parse.ts';
import { expandSeries, type Override } from './series.ts';
import { placeInstance, shapeOf, type Shape } from './shape.ts';
import { isoZ, stampMs, stampOf, type Ctx } from './stamp.ts';
import type { CalendarProblem, ExpandOptions, Occurrence } from './types.ts';
import { dateKey } from './zones.ts';

export { overlapsWindow } from './occurrence.ts';
export { maxRecurrenceSteps } from './rrule-iteration.ts';
export { isoZ } from './stamp.ts';

/**
 * Every occurrence overlapping [fromMs, toMs), sorted by start then uid. Recurrence is expanded in
 * the wall clock of the event's own zone, then each instance is placed on the time line, so DST
 * changes move nothing. One broken event is reported and skipped; the others are kept.
 */
export function expandOccurrences(cal: ParsedCalendar, options: ExpandOptions): { occurrences: Occurrence[]; problems: CalendarProblem[] } {
  // The calendar's own X-WR-TIMEZONE says where its floating times are (as Google, Apple and Outlook
  // read it); then the caller's zone (the user's, or `--tz`); then the zone given at parse time; UTC.
  const ctx: Ctx = { cal, floatingZone: cal.defaultZone ?? options.defaultZone ?? cal.fallbackZone ?? 'UTC', problems: [] };
  const out: Occurrence[] = [];
  for (const group of cal.groups) {
    try {
      expandGroup(ctx, group, options, out);
    } catch (err) {
      ctx.problems.push({ uid: group.uid, reason: `event skipped: ${(err as Error).message}` });
    }
  }
  const kept = options.includeCancelled ? out : out.filter((o) => o.status !== 'CANCELLED');
  kept.sort((a, b) => a.startMs - b.startMs || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0) || a.endMs - b.endMs);
  return { occurrences: kept, problems: ctx.problems };
}

function expandGroup(ctx: Ctx, group: EventGroup, options: ExpandOptions, out: Occurrence[]): void {
  const { uid } = group;
  const master = group.master;
  const masterShape = master ? shapeOf(ctx, master, uid) : null;
  const overrides = readOverrides(ctx, group, masterShape);
  if (!master || !masterShape) {
    addLoneOverrides(ctx, uid, overrides, options, out);
    return;
  }
  const recurring = master.hasProperty('rrule') || master.hasProperty('rdate');
  if (!recurring) {
    const placed = placeInstance(ctx, masterShape, masterShape.start.wall);
    pushIfOverlaps(ctx, out, options, master, masterShape, placed, null, false);
    return;
  }
  expandSeries(ctx, uid, master, masterShape, overrides, options, out);
}

/** The group's overrides by the instance each replaces (of two for one instance, the higher SEQUENCE); a broken one is reported and skipped. */
function readOverrides(ctx: Ctx, group: EventGroup, masterShape: Shape | null): Map<string, Override> {
  const { uid } = group;
  const overrides = new Map<string, Override>();
  for (const comp of group.overrides) {
    try {
      const ridProp = comp.getFirstProperty('recurrence-id')!;
      const rid = stampOf(ctx, ridProp, uid);
      // RECURRENCE-ID is compared in the master's zone: dates by day, date-times by instant.
      const ridMs = masterShape && masterShape.start.isDate ? Date.UTC(rid.wall.year, rid.wall.month - 1, rid.wall.day) : stampMs(ctx, rid);
      const key = masterShape?.start.isDate ? dateKey(rid.wall) : String(ridMs);
      const prev = overrides.get(key);
      if (!prev || newerThan(comp, prev.comp))
        overrides.set(key, { comp, ridMs, thisAndFuture: /THISANDFUTURE/i.test(String(ridProp.getParameter('range') ?? '')) });
    } catch (err) {
      ctx.problems.push({ uid, reason: `override skipped: ${(err as Error).message}` });
    }
  }
  return overrides;
}

function newerThan(a: ICAL.Component, b: ICAL.Component): boolean {
  return Number(a.getFirstPropertyValue('sequence') ?? 0) > Number(b.getFirstPropertyValue('sequence') ?? 0);
}

/** Overrides without their series (a calendar that only shares some instances): each stands alone. */
function addLoneOverrides(ctx: Ctx, uid: string, overrides: Map<string, Override>, options: ExpandOptions, out: Occurrence[]): void {
  for (const [, o] of overrides) {
    const shape = shapeOf(ctx, o.comp, uid);
    const placed = placeInstance(ctx, shape, shape.start.wall);
    const ridStamp = stampOf(ctx, o.comp.getFirstProperty('recurrence-id')!, uid);
    const rid = ridStamp.isDate ? dateKey(ridStamp.wall) : isoZ(stampMs(ctx, ridStamp));
    pushIfOverlaps(ctx, out, options, o.comp, shape, placed, rid, true);
  }
}
