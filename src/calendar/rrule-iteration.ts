/**
 * One RRULE walked in the event's wall clock up to the end of a window: ical.js's iterator with
 * herald's corrections (rrule-corrections.ts), COUNT counted here, and a bound on the steps taken.
 */
import ICAL from 'ical.js';
import { compileFastRule, walkFastRule } from './fast-rule.ts';
import { instanceFilter, needsOwnIterator, periodRule } from './rrule-corrections.ts';
import type { Shape } from './shape.ts';
import { inZone, toIcalTime, type Ctx, type Stamp } from './stamp.ts';
import { wallAt } from './wall-clock.ts';
import { msToWall, wallOf, wallToMs, type Wall } from './zones.ts';

/** Most RRULE steps taken for one series in one expansion: bounds a runaway rule. */
export const maxRecurrenceSteps = 200_000;

// Steps counted in the wall clock (a day is always 24 wall hours), so jumping is exact across DST.
const fixedStep: Record<string, number> = { SECONDLY: 1, MINUTELY: 60, HOURLY: 3600, DAILY: 86_400, WEEKLY: 604_800 };

const dayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * Walks one RRULE in the event's wall clock. UNTIL written in UTC is first moved into that wall
 * clock; a rule without COUNT whose steps are fixed (SECONDLY…WEEKLY, no BYxxx) jumps close to the
 * window instead of stepping from a DTSTART years ago.
 */
export function iterateRule(ctx: Ctx, uid: string, recur: ICAL.Recur, shape: Shape, fromMs: number, toMs: number, visit: (w: Wall) => void): void {
  const rule = recur.clone();
  const isDate = shape.start.isDate;
  moveUntilIntoWallClock(ctx, rule, shape);
  const fast = compileFastRule(rule, shape.start.wall, isDate);
  if (fast) {
    walkFastRule(fast, Math.floor((fromMs - 2 * 86_400_000) / 86_400_000), Math.ceil((toMs + 2 * 86_400_000) / 86_400_000), (wallMs) => {
      // The same limits as the general walk below: far before the window no zone brings an instance into it.
      if (wallMs < fromMs - 2 * 86_400_000) return true;
      const w = wallFromMs(wallMs);
      const ms = isDate ? wallToMs(w, { kind: 'floating' }, ctx.floatingZone) : wallToMs(w, shape.start.zone, ctx.floatingZone);
      if (ms >= toMs) return false;
      if (ms >= fromMs) visit(w);
      return true;
    });
    return;
  }
  const { startWall, dropFirst } = jumpTowardsWindow(ctx, rule, shape, fromMs);
  const count = rule.count;
  // COUNT is counted here, not by ical.js: the dates it rolls over (dropped by `valid`) must not count.
  rule.count = null;
  const valid = instanceFilter(rule, shape.start.wall);
  const nextWall = wallSteps(rule, startWall, isDate, dropFirst);
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
      if (w.year !== s.year || w.month !== s.month || w.day !== s.day || (!isDate && (w.hour !== s.hour || w.minute !== s.minute || w.second !== s.second)))
        remaining--;
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

function wallFromMs(wallMs: number): Wall {
  const days = Math.floor(wallMs / 86_400_000);
  return wallAt(days, (wallMs - days * 86_400_000) / 1000);
}

/** Rewrites the rule's UNTIL in the event's wall clock (a date for an all-day event). */
function moveUntilIntoWallClock(ctx: Ctx, rule: ICAL.Recur, shape: Shape): void {
  const isDate = shape.start.isDate;
  if (rule.until && !rule.until.isDate && !isDate) {
    const untilStamp: Stamp = {
      wall: wallOf(rule.until),
      zone: rule.until.zone === ICAL.Timezone.utcTimezone ? { kind: 'utc' } : shape.start.zone,
      isDate: false,
    };
    rule.until = toIcalTime(inZone(ctx, untilStamp, shape.start.zone, false), false);
  } else if (rule.until && !rule.until.isDate && isDate) {
    rule.until = toIcalTime({ ...wallOf(rule.until), hour: 0, minute: 0, second: 0 }, true);
  }
}

/** Where to start walking: DTSTART, or (a rule without COUNT whose steps are fixed) a whole number of periods on, just before the window. */
function jumpTowardsWindow(ctx: Ctx, rule: ICAL.Recur, shape: Shape, fromMs: number): { startWall: Wall; dropFirst: boolean } {
  let startWall = shape.start.wall;
  const step = fixedStep[rule.freq];
  const partNames = Object.keys(rule.parts ?? {}).filter((k) => (rule.parts as Record<string, unknown[]>)[k]!.length > 0);
  // A weekly rule whose only part is a plain BYDAY repeats week by week too. The iterator always
  // yields its start first, so when the start is not one of those days that first value is dropped.
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
  return { startWall, dropFirst };
}

/** The rule's wall-clock values one by one (null when it ends): herald's own walk, or ical.js's iterator. */
function wallSteps(rule: ICAL.Recur, startWall: Wall, isDate: boolean, dropFirst: boolean): () => Wall | null {
  if (needsOwnIterator(rule)) {
    const gen = periodRule(rule, startWall, isDate);
    return () => (gen.next().value as Wall | undefined) ?? null;
  }
  const it = rule.iterator(toIcalTime(startWall, isDate));
  if (dropFirst) it.next();
  return () => {
    const t = it.next();
    return t ? wallOf(t) : null;
  };
}
