import ICAL from 'ical.js';
import { alarmsFor } from './alarms.ts';
import { findMeetingUrl } from './meeting.ts';
import { instanceFilter, needsOwnIterator, periodRule } from './rule-walls.ts';
import type { EventGroup, ParsedCalendar } from './parse.ts';
import type { Attendee, CalendarProblem, ExpandOptions, Occurrence } from './types.ts';
import { dateKey, msToWall, wallOf, wallToMs, zoneName, type Wall, type ZoneRef } from './zones.ts';

/** Most RRULE steps taken for one series in one expansion: bounds a runaway rule. */
export const maxRecurrenceSteps = 200_000;

/** A time as written: wall clock, zone, and whether it is a DATE. */
interface Stamp {
  wall: Wall;
  zone: ZoneRef;
  isDate: boolean;
}

interface Ctx {
  cal: ParsedCalendar;
  floatingZone: string;
  problems: CalendarProblem[];
}

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

function stampOf(ctx: Ctx, prop: ICAL.Property, uid: string, value?: ICAL.Time): Stamp {
  let t: unknown = value;
  if (t === undefined) {
    try {
      t = prop.getFirstValue();
    } catch (err) {
      throw new Error(`${prop.name.toUpperCase()} "${String((prop.jCal as unknown[])[3])}" is not a valid date or date-time (${(err as Error).message})`);
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

const toMs = (ctx: Ctx, s: Stamp) => wallToMs(s.wall, s.zone, ctx.floatingZone);

/** Moves a stamp into another zone's wall clock (same instant). Dates stay dates. */
function inZone(ctx: Ctx, s: Stamp, zone: ZoneRef, isDate: boolean): Wall {
  if (s.isDate || isDate) return { ...s.wall, hour: isDate ? 0 : s.wall.hour, minute: isDate ? 0 : s.wall.minute, second: isDate ? 0 : s.wall.second };
  return msToWall(toMs(ctx, s), zone, ctx.floatingZone);
}

const wallKey = (w: Wall) => `${dateKey(w)}T${w.hour}:${w.minute}:${w.second}`;

const toIcalTime = (w: Wall, isDate: boolean) =>
  ICAL.Time.fromData({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second, isDate });

interface Shape {
  comp: ICAL.Component;
  start: Stamp;
  /** Exact length in ms (DTEND, or DURATION without days), or a nominal one in days (dates, P1D). */
  exactMs: number | null;
  nominal: { days: number; seconds: number } | null;
}

/**
 * A component's shape depends only on it and on the zone for floating times, and reading it is most
 * of the cost of an event that is not in the window: keep it with the parsed calendar (and replay
 * the problems found while reading it, so every expansion reports them).
 */
const shapeCache = new WeakMap<ICAL.Component, Map<string, { shape?: Shape; error?: Error; problems: CalendarProblem[] }>>();

function shapeOf(ctx: Ctx, comp: ICAL.Component, uid: string): Shape {
  let byZone = shapeCache.get(comp);
  if (!byZone) shapeCache.set(comp, (byZone = new Map()));
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
  ctx.problems.push(...hit.problems);
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
      const days = Math.round((Date.UTC(end.wall.year, end.wall.month - 1, end.wall.day) - Date.UTC(start.wall.year, start.wall.month - 1, start.wall.day)) / 86_400_000);
      return { comp, start, exactMs: null, nominal: { days: Math.max(days, 1), seconds: 0 } };
    }
    const ms = toMs(ctx, end) - toMs(ctx, start);
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
function placeInstance(ctx: Ctx, shape: Shape, w: Wall): { startMs: number; endMs: number; start: string; end: string } {
  if (shape.start.isDate) {
    const floating: ZoneRef = { kind: 'iana', name: ctx.floatingZone };
    const endWall = addWallDays(w, shape.nominal?.days ?? 1);
    return { startMs: wallToMs({ ...w, hour: 0, minute: 0, second: 0 }, floating, ctx.floatingZone), endMs: wallToMs(endWall, floating, ctx.floatingZone), start: dateKey(w), end: dateKey(endWall) };
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
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

export const isoZ = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function expandGroup(ctx: Ctx, group: EventGroup, options: ExpandOptions, out: Occurrence[]): void {
  const { uid } = group;
  const overrides = new Map<string, { comp: ICAL.Component; ridMs: number; thisAndFuture: boolean }>();
  const master = group.master;
  const masterShape = master ? shapeOf(ctx, master, uid) : null;
  for (const comp of group.overrides) {
    try {
      const ridProp = comp.getFirstProperty('recurrence-id')!;
      const rid = stampOf(ctx, ridProp, uid);
      // RECURRENCE-ID is compared in the master's zone: dates by day, date-times by instant.
      const ridMs = masterShape && masterShape.start.isDate ? Date.UTC(rid.wall.year, rid.wall.month - 1, rid.wall.day) : toMs(ctx, rid);
      const key = masterShape?.start.isDate ? dateKey(rid.wall) : String(ridMs);
      const prev = overrides.get(key);
      if (!prev || newerThan(comp, prev.comp)) overrides.set(key, { comp, ridMs, thisAndFuture: /THISANDFUTURE/i.test(String(ridProp.getParameter('range') ?? '')) });
    } catch (err) {
      ctx.problems.push({ uid, reason: `override skipped: ${(err as Error).message}` });
    }
  }

  if (!master || !masterShape) {
    // Overrides without their series (a calendar that only shares some instances): each stands alone.
    for (const [, o] of overrides) {
      const shape = shapeOf(ctx, o.comp, uid);
      const placed = placeInstance(ctx, shape, shape.start.wall);
      const ridStamp = stampOf(ctx, o.comp.getFirstProperty('recurrence-id')!, uid);
      const rid = ridStamp.isDate ? dateKey(ridStamp.wall) : isoZ(toMs(ctx, ridStamp));
      pushIfOverlaps(ctx, out, options, o.comp, shape, placed, rid, true);
    }
    return;
  }

  const recurring = master.hasProperty('rrule') || master.hasProperty('rdate');
  if (!recurring) {
    const placed = placeInstance(ctx, masterShape, masterShape.start.wall);
    pushIfOverlaps(ctx, out, options, master, masterShape, placed, null, false);
    return;
  }

  const isDate = masterShape.start.isDate;
  const zone = masterShape.start.zone;
  const instanceKey = (w: Wall) => (isDate ? dateKey(w) : String(wallToMs(w, zone, ctx.floatingZone)));
  const exdates = new Set<string>();
  for (const p of master.getAllProperties('exdate')) {
    let values: unknown[];
    try {
      values = p.getValues();
    } catch (err) {
      throw new Error(`EXDATE "${String((p.jCal as unknown[])[3])}" is not a valid date or date-time (${(err as Error).message})`);
    }
    for (const v of values) {
      if (v instanceof ICAL.Time) exdates.add(instanceKey(inZone(ctx, stampOf(ctx, p, uid, v), zone, isDate)));
    }
  }
  // RANGE=THISANDFUTURE: from its RECURRENCE-ID on, every instance moves by the same wall-clock
  // difference (so a meeting moved from 09:00 to 10:00 stays at 10:00 local across DST changes).
  const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const futureShifts = [...overrides.values()]
    .filter((o) => o.thisAndFuture)
    .map((o) => {
      const shape = shapeOf(ctx, o.comp, uid);
      const ridWall = isDate ? o.ridMs : wallAsUtc(msToWall(o.ridMs, zone, ctx.floatingZone));
      return { ...o, shape, deltaMs: wallAsUtc(inZone(ctx, shape.start, zone, isDate)) - ridWall };
    })
    .sort((a, b) => a.ridMs - b.ridMs);
  // How far outside the window an instance can start and still be seen in it: its length, and any shift.
  const lengthPad = (s: Shape) => s.exactMs ?? ((s.nominal?.days ?? 0) + 1) * 86_400_000 + Math.max(s.nominal?.seconds ?? 0, 0) * 1000;
  const longest = Math.max(lengthPad(masterShape), ...futureShifts.map((f) => lengthPad(f.shape)));
  const shiftPad = futureShifts.length === 0 ? 0 : 86_400_000; // a wall-clock shift may differ from its instant by a DST hour
  const earlierPad = longest + Math.max(0, ...futureShifts.map((f) => f.deltaMs)) + shiftPad;
  const laterPad = Math.max(0, ...futureShifts.map((f) => -f.deltaMs)) + shiftPad;
  const seen = new Set<string>();

  const consider = (w: Wall) => {
    const key = instanceKey(w);
    if (seen.has(key)) return;
    seen.add(key);
    if (exdates.has(key)) return;
    if (overrides.has(key) && !overrides.get(key)!.thisAndFuture) return; // placed from the override below
    const ridPlaced = placeInstance(ctx, masterShape, w);
    const rid = ridPlaced.start;
    const shift = futureShifts.length === 0 ? undefined : futureShifts.filter((f) => f.ridMs <= (isDate ? Date.UTC(w.year, w.month - 1, w.day) : ridPlaced.startMs)).pop();
    if (shift) {
      const d = new Date(wallAsUtc(w) + shift.deltaMs);
      const moved: Wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
      let placed;
      if (isDate) placed = placeInstance(ctx, shift.shape, moved);
      else {
        const startMs = wallToMs(moved, zone, ctx.floatingZone);
        const own = placeInstance(ctx, shift.shape, shift.shape.start.wall);
        const endMs = startMs + (own.endMs - own.startMs);
        placed = { startMs, endMs, start: isoZ(startMs), end: isoZ(endMs) };
      }
      pushIfOverlaps(ctx, out, options, shift.comp, shift.shape, placed, rid, true);
      return;
    }
    pushIfOverlaps(ctx, out, options, master, masterShape, ridPlaced, rid, true);
  };

  for (const p of master.getAllProperties('rrule')) {
    const recur = p.getFirstValue() as ICAL.Recur;
    iterateRule(ctx, uid, recur, masterShape, options.fromMs - earlierPad, options.toMs + laterPad, consider);
  }
  for (const p of master.getAllProperties('rdate')) {
    for (const v of p.getValues()) {
      const t = v instanceof ICAL.Period ? v.start : v;
      if (!(t instanceof ICAL.Time)) continue;
      const w = inZone(ctx, stampOf(ctx, p, uid, t), zone, isDate);
      if (v instanceof ICAL.Period && !isDate) {
        // A PERIOD gives this instance its own length.
        const startMs = wallToMs(w, zone, ctx.floatingZone);
        const endMs = v.end ? toMs(ctx, stampOf(ctx, p, uid, v.end)) : startMs + (v.duration?.toSeconds() ?? 0) * 1000;
        const key = instanceKey(w);
        if (seen.has(key) || exdates.has(key) || overrides.has(key)) continue;
        seen.add(key);
        pushIfOverlaps(ctx, out, options, master, masterShape, { startMs, endMs, start: isoZ(startMs), end: isoZ(endMs) }, isoZ(startMs), true);
      } else consider(w);
    }
  }
  // The DTSTART is always the first instance (RFC 5545 §3.8.5.2, §3.8.5.3), even when the rule
  // would not produce it, and also when the set is made of RDATEs only.
  consider(masterShape.start.wall);

  for (const [key, o] of overrides) {
    if (o.thisAndFuture && seen.has(key)) continue; // placed by `consider`, with its shift applied
    const shape = shapeOf(ctx, o.comp, uid);
    const placed = placeInstance(ctx, shape, shape.start.wall);
    const rid = isDate ? key : isoZ(o.ridMs);
    pushIfOverlaps(ctx, out, options, o.comp, shape, placed, rid, true);
  }
}

function newerThan(a: ICAL.Component, b: ICAL.Component): boolean {
  return Number(a.getFirstPropertyValue('sequence') ?? 0) > Number(b.getFirstPropertyValue('sequence') ?? 0);
}

/**
 * Walks one RRULE in the event's wall clock. UNTIL written in UTC is first moved into that wall
 * clock; a rule without COUNT whose steps are fixed (SECONDLY…WEEKLY, no BYxxx) jumps close to the
 * window instead of stepping from a DTSTART years ago.
 */
function iterateRule(ctx: Ctx, uid: string, recur: ICAL.Recur, shape: Shape, fromMs: number, toMs: number, visit: (w: Wall) => void): void {
  const rule = recur.clone();
  const isDate = shape.start.isDate;
  if (rule.until && !rule.until.isDate && !isDate) {
    const untilStamp: Stamp = { wall: wallOf(rule.until), zone: rule.until.zone === ICAL.Timezone.utcTimezone ? { kind: 'utc' } : shape.start.zone, isDate: false };
    rule.until = toIcalTime(inZone(ctx, untilStamp, shape.start.zone, false), false);
  } else if (rule.until && !rule.until.isDate && isDate) {
    rule.until = toIcalTime({ ...wallOf(rule.until), hour: 0, minute: 0, second: 0 }, true);
  }
  let startWall = shape.start.wall;
  // Steps counted in the wall clock (a day is always 24 wall hours), so jumping is exact across DST.
  const fixedStep: Record<string, number> = { SECONDLY: 1, MINUTELY: 60, HOURLY: 3600, DAILY: 86_400, WEEKLY: 604_800 };
  const step = fixedStep[rule.freq];
  const partNames = Object.keys(rule.parts ?? {}).filter((k) => (rule.parts as Record<string, unknown[]>)[k]!.length > 0);
  // A weekly rule whose only part is a plain BYDAY repeats week by week too. The iterator always
  // yields its start first, so when the start is not one of those days that first value is dropped.
  const dayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
  const startDay = dayCodes[new Date(Date.UTC(startWall.year, startWall.month - 1, startWall.day)).getUTCDay()]!;
  const byDay = (rule.parts as Record<string, string[]>).BYDAY ?? [];
  const weeklyByDay = rule.freq === 'WEEKLY' && partNames.length === 1 && partNames[0] === 'BYDAY' && byDay.every((d) => /^[A-Z]{2}$/.test(d));
  let dropFirst = false;
  if (step && !rule.count && (partNames.length === 0 || weeklyByDay)) {
    const period = step * (rule.interval || 1) * 1000;
    const startMs = wallToMs(startWall, { kind: 'utc' }, 'UTC');
    const targetMs = wallToMs(msToWall(fromMs, shape.start.zone, ctx.floatingZone), { kind: 'utc' }, 'UTC');
    if (targetMs - startMs > 2 * period) {
      const jumped = startMs + Math.floor((targetMs - startMs) / period - 1) * period;
      startWall = msToWall(jumped, { kind: 'utc' }, 'UTC');
      dropFirst = weeklyByDay && !byDay.includes(startDay);
    }
  }
  const count = rule.count;
  // COUNT is counted here, not by ical.js: the dates it rolls over (dropped by `valid`) must not count.
  rule.count = null;
  const valid = instanceFilter(rule, shape.start.wall);
  let nextWall: () => Wall | null;
  if (needsOwnIterator(rule)) {
    const gen = periodRule(rule, startWall, isDate);
    nextWall = () => gen.next().value ?? null;
  } else {
    const it = rule.iterator(toIcalTime(startWall, isDate));
    if (dropFirst) it.next();
    nextWall = () => {
      const t = it.next();
      return t ? wallOf(t) : null;
    };
  }
  let steps = 0;
  // DTSTART always counts as the first instance (RFC 5545 §3.3.10), even when the rule would not
  // produce it; the iterator then does not count it, so COUNT leaves one fewer for the rule.
  let remaining = count ? count : Infinity;
  let first = true;
  for (let w = nextWall(); w; w = nextWall()) {
    if (++steps > maxRecurrenceSteps) {
      ctx.problems.push({ uid, reason: `recurrence rule stopped after ${maxRecurrenceSteps} steps (${recur.toString()})` });
      return;
    }
    const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    if (valid && !valid(w)) {
      if (wallMs > toMs + 2 * 86_400_000) return;
      continue;
    }
    if (first && count) {
      const s = shape.start.wall;
      if (w.year !== s.year || w.month !== s.month || w.day !== s.day || (!isDate && (w.hour !== s.hour || w.minute !== s.minute || w.second !== s.second))) remaining--;
    }
    first = false;
    if (remaining-- <= 0) return;
    // Far before the window no zone can bring an instance into it: skip the zone arithmetic.
    if (wallMs < fromMs - 2 * 86_400_000) continue;
    const ms = isDate ? wallToMs(w, { kind: 'floating' }, ctx.floatingZone) : wallToMs(w, shape.start.zone, ctx.floatingZone);
    if (ms >= toMs) return;
    if (ms >= fromMs) visit(w);
  }
}

function pushIfOverlaps(
  ctx: Ctx,
  out: Occurrence[],
  options: ExpandOptions,
  comp: ICAL.Component,
  shape: Shape,
  placed: { startMs: number; endMs: number; start: string; end: string },
  recurrenceId: string | null,
  recurring: boolean,
): void {
  if (!overlapsWindow(placed, options.fromMs, options.toMs)) return;
  out.push(describe(ctx, comp, shape, placed, recurrenceId, recurring));
}

/** Does a span overlap [fromMs, toMs)? An instant (no duration) counts at its start. */
export function overlapsWindow(span: { startMs: number; endMs: number }, fromMs: number, toMs: number): boolean {
  return span.endMs > span.startMs ? span.startMs < toMs && span.endMs > fromMs : span.startMs >= fromMs && span.startMs < toMs;
}

function text(comp: ICAL.Component, name: string): string | null {
  const v = comp.getFirstPropertyValue(name);
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

function summaryOf(comp: ICAL.Component): string {
  const v = comp.getFirstPropertyValue('summary');
  return v === null || v === undefined ? '' : String(v);
}

function person(p: ICAL.Property): Attendee {
  const v = String(p.getFirstValue() ?? '');
  const cn = p.getParameter('cn');
  const partstat = p.getParameter('partstat');
  return {
    email: /^mailto:/i.test(v) ? v.replace(/^mailto:/i, '') : v || null,
    name: typeof cn === 'string' ? cn : null,
    partstat: typeof partstat === 'string' ? partstat.toUpperCase() : null,
  };
}

type EventFields = Pick<Occurrence, 'uid' | 'summary' | 'description' | 'location' | 'url' | 'meetingUrl' | 'organizer' | 'attendees' | 'status' | 'transparent' | 'categories' | 'sequence'>;

/** What does not change from one instance of a component to the next, read once per component. */
const fieldsCache = new WeakMap<ICAL.Component, EventFields>();

function eventFieldsOf(comp: ICAL.Component): EventFields {
  let f = fieldsCache.get(comp);
  if (!f) {
    const organizerProp = comp.getFirstProperty('organizer');
    const description = text(comp, 'description');
    const location = text(comp, 'location');
    const url = text(comp, 'url');
    const xValues = comp.getAllProperties().filter((p) => p.name.startsWith('x-')).map((p) => String(p.getFirstValue() ?? ''));
    f = {
      uid: String(comp.getFirstPropertyValue('uid')),
      // As written (not trimmed): `herald occurrences` is compared with other implementations.
      summary: summaryOf(comp),
      description,
      location,
      url,
      meetingUrl: findMeetingUrl([url, location, description, ...xValues]),
      organizer: organizerProp ? person(organizerProp) : null,
      attendees: Object.freeze(comp.getAllProperties('attendee').map((p) => Object.freeze(person(p)))) as Attendee[],
      status: text(comp, 'status')?.toUpperCase() ?? null,
      transparent: text(comp, 'transp')?.toUpperCase() === 'TRANSPARENT',
      categories: Object.freeze(comp.getAllProperties('categories').flatMap((p) => p.getValues().map((v) => String(v).trim())).filter(Boolean)) as string[],
      sequence: Number(comp.getFirstPropertyValue('sequence') ?? 0) || 0,
    };
    fieldsCache.set(comp, f);
  }
  return f;
}

function describe(
  ctx: Ctx,
  comp: ICAL.Component,
  shape: Shape,
  placed: { startMs: number; endMs: number; start: string; end: string },
  recurrenceId: string | null,
  recurring: boolean,
): Occurrence {
  const f = eventFieldsOf(comp);
  // Written out field by field (not spread): this runs once per occurrence and dominates expansion.
  // The attendee and category lists are frozen and shared by all instances of a component.
  return {
    uid: f.uid,
    recurrenceId,
    allDay: shape.start.isDate,
    start: placed.start,
    end: placed.end,
    startMs: placed.startMs,
    endMs: placed.endMs,
    zone: shape.start.isDate ? null : zoneName(shape.start.zone),
    summary: f.summary,
    description: f.description,
    location: f.location,
    url: f.url,
    meetingUrl: f.meetingUrl,
    organizer: f.organizer,
    attendees: f.attendees,
    status: f.status,
    transparent: f.transparent,
    categories: f.categories,
    recurring,
    sequence: f.sequence,
    alarms: comp.getFirstSubcomponent('valarm') ? alarmsFor(comp, placed.startMs, placed.endMs, ctx.problems, f.uid) : [],
  };
}
