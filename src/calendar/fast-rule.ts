/**
 * The recurrence fast path: the rules most calendars hold (FREQ=DAILY, WEEKLY, MONTHLY, YEARLY with
 * BYDAY, BYMONTHDAY, BYMONTH, INTERVAL, COUNT, UNTIL, WKST) walked on integers in the event's wall
 * clock, period by period (RFC 5545 §3.3.10), starting at the period that holds the window instead
 * of at DTSTART. COUNT is still counted from DTSTART, by whole periods where their size is fixed.
 * Any other rule (BYSETPOS, BYYEARDAY, BYWEEKNO, BYHOUR…, sub-daily frequencies, odd values) gets
 * null from `compileFastRule` and is walked by rrule-iteration.ts as before.
 */
import type ICAL from 'ical.js';
import { daysFromCivil, daysInMonth, civilFromDays, weekdayOf, dayMs } from './wall-clock.ts';
import type { Wall } from './zones.ts';

type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface FastRule {
  freq: Freq;
  interval: number;
  /** COUNT, or null. */
  count: number | null;
  /** UNTIL in the same wall clock (as if UTC), or Infinity. */
  untilWallMs: number;
  startDay: number;
  startYear: number;
  startMonth: number;
  startDate: number;
  /** The instances' time of day (DTSTART's), in seconds. */
  secondOfDay: number;
  months: number[] | null;
  monthDays: number[] | null;
  /** Plain BYDAY as a bit mask of weekdays (bit 0 = Sunday), when no entry has an ordinal. */
  weekdayMask: number;
  /** BYDAY entries as [ordinal (0 = every), weekday], for MONTHLY and YEARLY. */
  byDay: [number, number][] | null;
  /** DAILY/WEEKLY: the first day of DTSTART's period. */
  firstPeriodDay: number;
}

const dayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const covered = new Set(['BYDAY', 'BYMONTHDAY', 'BYMONTH']);
/** COUNTs above this are left to the general walker (and its bound on steps). */
const maxFastCount = 100_000;

let enabled = true;
/** Turns the fast path off (or on again): the tests and the benchmark run both paths on the same calendars. */
export function useFastRules(on: boolean): void {
  enabled = on;
}

/** The rule on integers, or null when the fast path does not cover it. `until` is already in the event's wall clock. */
export function compileFastRule(rule: ICAL.Recur, start: Wall, isDate: boolean): FastRule | null {
  if (!enabled) return null;
  const freq = rule.freq as Freq;
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') return null;
  const parts = (rule.parts ?? {}) as Record<string, (string | number)[] | undefined>;
  for (const [name, values] of Object.entries(parts)) if (values && values.length > 0 && !covered.has(name)) return null;
  const interval = rule.interval || 1;
  if (!Number.isInteger(interval) || interval < 1) return null;
  const count = rule.count ?? null;
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > maxFastCount)) return null;
  let untilWallMs = Infinity;
  if (rule.until) {
    if (rule.until.isDate && !isDate) return null; // a DATE UNTIL for timed instances: left to the general walker
    const u = rule.until;
    untilWallMs = Date.UTC(u.year, u.month - 1, u.day, u.isDate ? 0 : u.hour, u.isDate ? 0 : u.minute, u.isDate ? 0 : u.second);
  }
  const months = numbers(parts.BYMONTH, 1, 12);
  const monthDays = numbers(parts.BYMONTHDAY, 1, 31);
  if (months === undefined || monthDays === undefined) return null;
  const byDay = byDayEntries(parts.BYDAY, freq === 'YEARLY' && !months ? 53 : 5);
  if (byDay === undefined) return null;
  const ordinals = byDay?.some(([ord]) => ord !== 0) ?? false;
  if ((freq === 'DAILY' || freq === 'WEEKLY') && (ordinals || (freq === 'WEEKLY' && monthDays))) return null;
  const startDay = daysFromCivil(start.year, start.month, start.day);
  const wkstRaw = (rule as unknown as { wkst?: number }).wkst;
  const wkst = typeof wkstRaw === 'number' ? (wkstRaw - 1 + 7) % 7 : 1; // ical.js: SUNDAY=1 … SATURDAY=7
  const weekdayMask = byDay ? byDay.reduce((m, [, d]) => m | (1 << d), 0) : 0;
  const r: FastRule = {
    freq,
    interval,
    count,
    untilWallMs,
    startDay,
    startYear: start.year,
    startMonth: start.month,
    startDate: start.day,
    secondOfDay: isDate ? 0 : start.hour * 3600 + start.minute * 60 + start.second,
    months: months ? [...new Set(months)].sort((a, b) => a - b) : null,
    monthDays,
    weekdayMask: freq === 'WEEKLY' && !byDay ? 1 << weekdayOf(startDay) : weekdayMask,
    byDay: byDay && (freq === 'MONTHLY' || freq === 'YEARLY') ? byDay : null,
    firstPeriodDay: freq === 'WEEKLY' ? startDay - ((weekdayOf(startDay) - wkst + 7) % 7) : startDay,
  };
  return restricted(r) && !matchesWithin(r, 56) ? null : r;
}

/** Whole numbers in [-max, -1] ∪ [min, max]; null when absent, undefined when one is not. */
function numbers(values: (string | number)[] | undefined, min: number, max: number): number[] | null | undefined {
  if (!values || values.length === 0) return null;
  const out = values.map(Number);
  return out.every((n) => Number.isInteger(n) && ((n >= min && n <= max) || (min === 1 && max === 31 && n <= -1 && n >= -31))) ? out : undefined;
}

function byDayEntries(values: (string | number)[] | undefined, maxOrdinal: number): [number, number][] | null | undefined {
  if (!values || values.length === 0) return null;
  const out: [number, number][] = [];
  for (const raw of values) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/i.exec(String(raw).trim());
    const day = dayCodes.indexOf((m?.[2] ?? '').toUpperCase());
    const ord = m?.[1] ? Number(m[1]) : 0;
    if (!m || day < 0 || Math.abs(ord) > maxOrdinal || (m[1] && ord === 0)) return undefined;
    out.push([ord, day]);
  }
  return out;
}

/** Rules whose periods may all be empty (Feb 30th, the 5th Monday of a given month…): checked before use. */
function restricted(r: FastRule): boolean {
  const noDayParts = !r.monthDays && !r.byDay && r.weekdayMask === 0;
  return (
    (r.months !== null && r.months.length < 12) ||
    (r.monthDays !== null && (r.byDay !== null || r.weekdayMask !== 0)) ||
    (r.byDay?.some(([ord]) => Math.abs(ord) >= 5) ?? false) ||
    (noDayParts && r.startDate >= 29)
  );
}

/** Does some period in the first `years` years hold an instance? (A rule that never matches is left to the general walker.) */
function matchesWithin(r: FastRule, years: number): boolean {
  const periods = { DAILY: 366, WEEKLY: 53, MONTHLY: 12, YEARLY: 1 }[r.freq] * Math.ceil(years / r.interval);
  for (let n = 0; n < periods; n++) if (periodDays(r, n).length > 0) return true;
  return false;
}

/** The index of the period that holds `day` (0 = DTSTART's; never below 0). */
function periodIndexOf(r: FastRule, day: number): number {
  if (day <= r.startDay) return 0;
  const { year, month } = civilFromDays(day);
  const span =
    r.freq === 'DAILY'
      ? day - r.firstPeriodDay
      : r.freq === 'WEEKLY'
        ? Math.floor((day - r.firstPeriodDay) / 7)
        : r.freq === 'MONTHLY'
          ? year * 12 + month - (r.startYear * 12 + r.startMonth)
          : year - r.startYear;
  return Math.max(0, Math.floor(span / r.interval));
}

function periodFirstDay(r: FastRule, n: number): number {
  if (r.freq === 'DAILY') return r.firstPeriodDay + n * r.interval;
  if (r.freq === 'WEEKLY') return r.firstPeriodDay + 7 * n * r.interval;
  if (r.freq === 'MONTHLY') {
    const mi = r.startYear * 12 + r.startMonth - 1 + n * r.interval;
    return daysFromCivil(Math.floor(mi / 12), (mi % 12) + 1, 1);
  }
  return daysFromCivil(r.startYear + n * r.interval, 1, 1);
}

/** The days (as day numbers, ascending) of period `n` that the rule names, DTSTART's period included whole. */
function periodDays(r: FastRule, n: number): number[] {
  if (r.freq === 'DAILY') {
    const d = r.firstPeriodDay + n * r.interval;
    return passesFilters(r, d) ? [d] : [];
  }
  if (r.freq === 'WEEKLY') {
    const out: number[] = [];
    const first = r.firstPeriodDay + 7 * n * r.interval;
    for (let d = first; d < first + 7; d++) if ((r.weekdayMask >> weekdayOf(d)) & 1 && passesFilters(r, d)) out.push(d);
    return out;
  }
  if (r.freq === 'MONTHLY') {
    const mi = r.startYear * 12 + r.startMonth - 1 + n * r.interval;
    const year = Math.floor(mi / 12);
    const month = (mi % 12) + 1;
    if (r.months && !r.months.includes(month)) return [];
    return daysInMonthMatching(r, year, month);
  }
  const year = r.startYear + n * r.interval;
  if (r.byDay && !r.months && r.byDay.some(([ord]) => ord !== 0)) return yearDaysMatching(r, year);
  const months = r.months ?? (r.monthDays || r.byDay ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [r.startMonth]);
  return months.flatMap((m) => daysInMonthMatching(r, year, m));
}

/** DAILY and WEEKLY limits: BYMONTH, BYMONTHDAY, and (DAILY) plain BYDAY. */
function passesFilters(r: FastRule, d: number): boolean {
  if (r.freq === 'DAILY' && r.weekdayMask !== 0 && !((r.weekdayMask >> weekdayOf(d)) & 1)) return false;
  if (!r.months && !r.monthDays) return true;
  const { year, month, day } = civilFromDays(d);
  if (r.months && !r.months.includes(month)) return false;
  if (r.monthDays) {
    const dim = daysInMonth(year, month);
    if (!r.monthDays.some((md) => (md > 0 ? md : dim + 1 + md) === day)) return false;
  }
  return true;
}

/** A month's days that pass BYMONTHDAY and BYDAY (ordinals counted in the month); DTSTART's day without either. */
function daysInMonthMatching(r: FastRule, year: number, month: number): number[] {
  const first = daysFromCivil(year, month, 1);
  const dim = daysInMonth(year, month);
  if (!r.monthDays && !r.byDay) return r.startDate <= dim ? [first + r.startDate - 1] : [];
  let days: number[] | null = null;
  if (r.monthDays) days = r.monthDays.map((md) => (md > 0 ? md : dim + 1 + md)).filter((d) => d >= 1 && d <= dim);
  if (r.byDay) {
    const named = weekdaysIn(r.byDay, first, first + dim).map((d) => d - first + 1);
    days = days ? days.filter((d) => named.includes(d)) : named;
  }
  return [...new Set(days)].sort((a, b) => a - b).map((d) => first + d - 1);
}

/** YEARLY with ordinal BYDAY and no BYMONTH: ordinals count in the year; BYMONTHDAY limits. */
function yearDaysMatching(r: FastRule, year: number): number[] {
  const from = daysFromCivil(year, 1, 1);
  let days = weekdaysIn(r.byDay!, from, daysFromCivil(year + 1, 1, 1));
  if (r.monthDays) {
    days = days.filter((d) => {
      const c = civilFromDays(d);
      const dim = daysInMonth(c.year, c.month);
      return r.monthDays!.some((md) => (md > 0 ? md : dim + 1 + md) === c.day);
    });
  }
  return [...new Set(days)].sort((a, b) => a - b);
}

/** The days in [from, to) that BYDAY entries name: every such weekday, or the nth from the start or the end. */
function weekdaysIn(entries: [number, number][], from: number, to: number): number[] {
  const out: number[] = [];
  for (const [ord, wd] of entries) {
    const firstOf = from + ((wd - weekdayOf(from) + 7) % 7);
    if (ord === 0) for (let d = firstOf; d < to; d += 7) out.push(d);
    else if (ord > 0) {
      const d = firstOf + 7 * (ord - 1);
      if (d < to) out.push(d);
    } else {
      const lastOf = to - 1 - ((weekdayOf(to - 1) - wd + 7) % 7);
      const d = lastOf + 7 * (ord + 1);
      if (d >= from) out.push(d);
    }
  }
  return out;
}

/** How many instances periods [0, n) hold (from DTSTART on), counting whole periods at once where they are all alike. */
function instancesBefore(r: FastRule, n: number, enough: number): number {
  if (n <= 0) return 0;
  const firstCount = periodDays(r, 0).filter((d) => d >= r.startDay).length;
  if (r.freq === 'DAILY' && !r.months && !r.monthDays && r.weekdayMask === 0) return n;
  if (r.freq === 'WEEKLY' && !r.months) return firstCount + (n - 1) * popCount(r.weekdayMask);
  let total = firstCount;
  for (let k = 1; k < n && total < enough; k++) total += periodDays(r, k).length;
  return total;
}

const popCount = (m: number) => [0, 1, 2, 3, 4, 5, 6].reduce((c, d) => c + ((m >> d) & 1), 0);

/**
 * Calls `visit` with each instance's wall clock (as if UTC, in ms), ascending, from about `fromDay`
 * on, until it returns false, the rule ends, or the periods pass `toDay`. DTSTART itself counts
 * towards COUNT even when the rule does not name it (RFC 5545 §3.3.10); the caller adds it.
 */
export function walkFastRule(r: FastRule, fromDay: number, toDay: number, visit: (wallMs: number) => boolean): void {
  const n0 = periodIndexOf(r, fromDay);
  let remaining = Infinity;
  if (r.count !== null) {
    const startNamed = periodDays(r, 0).includes(r.startDay);
    const ruleCount = r.count - (startNamed ? 0 : 1);
    remaining = ruleCount - instancesBefore(r, n0, ruleCount);
    if (remaining <= 0) return;
  }
  for (let n = n0; periodFirstDay(r, n) <= toDay; n++) {
    for (const d of periodDays(r, n)) {
      if (d < r.startDay) continue;
      const wallMs = d * dayMs + r.secondOfDay * 1000;
      if (wallMs > r.untilWallMs || remaining-- <= 0) return;
      if (!visit(wallMs)) return;
    }
  }
}
