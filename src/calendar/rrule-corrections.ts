/**
 * Where ical.js 2.2.1's RRULE iterator goes wrong, measured against python-dateutil on random rules:
 * - an impossible date is rolled into the next month instead of dropped (FREQ=YEARLY from Feb 29 gives
 *   Mar 1; BYMONTHDAY=31 with BYMONTH=2 gives Mar 2/3), against RFC 5545 errata 4271;
 * - BYWEEKNO is ignored (the rule runs weekly from DTSTART);
 * - MONTHLY with BYMONTHDAY and BYDAY loses the INTERVAL (every other month becomes every month).
 * Rolled dates are recognised because they break a BY-part (or the DTSTART day they inherit), so they
 * are dropped here; the rules `needsOwnIterator` names are walked by `periodRule` instead.
 */
import ICAL from 'ical.js';
import type { Wall } from './zones.ts';

type Parts = Record<string, (string | number)[] | undefined>;

const dayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const dayOfYear = (w: Pick<Wall, 'year' | 'month' | 'day'>) => (Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86_400_000 + 1;
const weekday = (w: Pick<Wall, 'year' | 'month' | 'day'>) => new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();

function nums(parts: Parts, name: string): number[] | null {
  const v = parts[name];
  return v && v.length > 0 ? v.map(Number) : null;
}

function weekdaysOf(parts: Parts): number[] | null {
  const v = parts.BYDAY;
  if (!v || v.length === 0) return null;
  return v.map((d) => dayCodes.indexOf(String(d).slice(-2).toUpperCase())).filter((d) => d >= 0);
}

/** A predicate every real instance of the rule satisfies; a date ical.js rolled over fails it. */
export function instanceFilter(rule: ICAL.Recur, start: Wall): ((w: Wall) => boolean) | null {
  // Only YEARLY and MONTHLY steps land on impossible dates; the others move by whole days.
  if (rule.freq !== 'YEARLY' && rule.freq !== 'MONTHLY') return null;
  return partsFilter(rule.freq, rule.parts ?? {}, start);
}

function partsFilter(freq: string, parts: Parts, start: Wall): ((w: Wall) => boolean) | null {
  const byMonth = nums(parts, 'BYMONTH');
  const byMonthDay = nums(parts, 'BYMONTHDAY');
  const byYearDay = nums(parts, 'BYYEARDAY');
  const byDay = weekdaysOf(parts);
  const byWeekNo = nums(parts, 'BYWEEKNO');
  // Without any day part, YEARLY and MONTHLY take the day (and YEARLY the month) from DTSTART.
  const noDayParts = !byMonthDay && !byYearDay && !byDay && !byWeekNo;
  const sameDay = noDayParts && (freq === 'YEARLY' || freq === 'MONTHLY');
  const sameMonth = noDayParts && freq === 'YEARLY' && !byMonth;
  if (!byMonth && !byMonthDay && !byYearDay && !byDay && !sameDay) return null;
  return (w) => {
    if (byMonth && !byMonth.includes(w.month)) return false;
    if (sameMonth && w.month !== start.month) return false;
    if (sameDay && w.day !== start.day) return false;
    if (byMonthDay) {
      const dim = daysInMonth(w.year, w.month);
      if (!byMonthDay.some((d) => (d > 0 ? d : dim + 1 + d) === w.day)) return false;
    }
    if (byYearDay) {
      const diy = isLeap(w.year) ? 366 : 365;
      const doy = dayOfYear(w);
      if (!byYearDay.some((d) => (d > 0 ? d : diy + 1 + d) === doy)) return false;
    }
    if (byDay && !byDay.includes(weekday(w))) return false;
    return true;
  };
}

/**
 * Rules walked by `periodRule` instead of ical.js: YEARLY with BYWEEKNO (ignored by ical.js) and
 * MONTHLY with both BYMONTHDAY and BYDAY (ical.js loses the INTERVAL's phase: every other month
 * becomes every month).
 */
export function needsOwnIterator(rule: ICAL.Recur): boolean {
  const parts = (rule.parts ?? {}) as Parts;
  if (rule.freq === 'YEARLY') return nums(parts, 'BYWEEKNO') !== null;
  if (rule.freq === 'MONTHLY') return nums(parts, 'BYMONTHDAY') !== null && weekdaysOf(parts) !== null;
  return false;
}

/** First day (as UTC ms) of week 1 of `year`: the week, starting on `wkst`, that holds January 4th. */
function week1Start(year: number, wkst: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const back = (new Date(jan4).getUTCDay() - wkst + 7) % 7;
  return jan4 - back * 86_400_000;
}

const dayMs = 86_400_000;

/** BYDAY entries as [ordinal (0 = every), weekday 0–6]. */
function byDayEntries(parts: Parts): [number, number][] | null {
  const v = parts.BYDAY;
  if (!v || v.length === 0) return null;
  return v.map((raw) => {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/i.exec(String(raw).trim());
    return [m?.[1] ? Number(m[1]) : 0, dayCodes.indexOf((m?.[2] ?? '').toUpperCase())] as [number, number];
  });
}

/**
 * A YEARLY or MONTHLY rule in the wall clock, period by period (RFC 5545 §3.3.10), from DTSTART on
 * (DTSTART itself is the caller's business). A period's set holds its days that pass every day
 * part: BYWEEKNO (days of this calendar year whose week, numbered from WKST with week 1 holding
 * January 4th, is listed), BYDAY (an ordinal counts within the month, or within the year for a
 * YEARLY rule without BYMONTH; ignored beside BYWEEKNO), BYMONTH, BYMONTHDAY, BYYEARDAY; BYHOUR,
 * BYMINUTE, BYSECOND expand it (else DTSTART's time); BYSETPOS picks from the sorted set. UNTIL is
 * applied (in the same wall clock); COUNT is left to the caller. Ends after `maxYears` years.
 */
export function* periodRule(rule: ICAL.Recur, start: Wall, isDate: boolean, maxYears = 400): Generator<Wall> {
  const parts = (rule.parts ?? {}) as Parts;
  const monthly = rule.freq === 'MONTHLY';
  const weeks = nums(parts, 'BYWEEKNO');
  const wkstRaw = (rule as unknown as { wkst?: number }).wkst;
  const wkst = typeof wkstRaw === 'number' ? (wkstRaw - 1 + 7) % 7 : 1; // ical.js: SUNDAY=1 … SATURDAY=7
  const days = byDayEntries(parts);
  const byMonth = nums(parts, 'BYMONTH');
  const ordinalInYear = !monthly && !byMonth;
  // Only the explicit limits: a day part is present, so nothing is inherited from DTSTART.
  const limit = partsFilter('WEEKLY', { BYMONTH: parts.BYMONTH, BYMONTHDAY: parts.BYMONTHDAY, BYYEARDAY: parts.BYYEARDAY }, start);
  const hours = isDate ? [0] : (nums(parts, 'BYHOUR') ?? [start.hour]);
  const minutes = isDate ? [0] : (nums(parts, 'BYMINUTE') ?? [start.minute]);
  const seconds = isDate ? [0] : (nums(parts, 'BYSECOND') ?? [start.second]);
  const setPos = nums(parts, 'BYSETPOS');
  const interval = rule.interval || 1;
  const until = rule.until
    ? Date.UTC(
        rule.until.year,
        rule.until.month - 1,
        rule.until.day,
        rule.until.isDate ? 23 : rule.until.hour,
        rule.until.isDate ? 59 : rule.until.minute,
        rule.until.isDate ? 59 : rule.until.second,
      )
    : Infinity;
  const startMs = Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second);
  const numWeeks = (y: number) => (week1Start(y + 1, wkst) - week1Start(y, wkst)) / (7 * dayMs);
  const periods = monthly ? maxYears * 12 : maxYears;
  for (let n = 0; n < periods; n++) {
    const year = monthly ? start.year + Math.floor((start.month - 1 + n * interval) / 12) : start.year + n * interval;
    const month0 = monthly ? (start.month - 1 + n * interval) % 12 : 0;
    const from = Date.UTC(year, month0, 1);
    const to = monthly ? Date.UTC(year, month0 + 1, 1) : Date.UTC(year + 1, 0, 1);
    if (from > until) return;
    const set: number[] = [];
    for (let ms = from; ms < to; ms += dayMs) {
      const d = new Date(ms);
      const w: Wall = { year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, second: 0 };
      if (weeks) {
        // The week-numbering year this day belongs to, and its week number there.
        let wy = year;
        if (ms >= week1Start(year + 1, wkst)) wy = year + 1;
        else if (ms < week1Start(year, wkst)) wy = year - 1;
        const wn = Math.floor((ms - week1Start(wy, wkst)) / (7 * dayMs)) + 1;
        const total = numWeeks(wy);
        if (!weeks.some((k) => (k > 0 ? k : total + 1 + k) === wn)) continue;
      }
      if (days) {
        const wd = d.getUTCDay();
        const scopeFrom = ordinalInYear ? Date.UTC(year, 0, 1) : Date.UTC(year, w.month - 1, 1);
        const scopeTo = ordinalInYear ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, w.month, 1);
        const nth = Math.floor((ms - scopeFrom) / (7 * dayMs)) + 1;
        const nthFromEnd = -(Math.floor((scopeTo - dayMs - ms) / (7 * dayMs)) + 1);
        if (!days.some(([ord, day]) => day === wd && (ord === 0 || weeks !== null || ord === nth || ord === nthFromEnd))) continue;
      }
      if (limit && !limit(w)) continue;
      for (const h of hours) for (const mi of minutes) for (const s of seconds) set.push(Date.UTC(year, w.month - 1, w.day, h, mi, s));
    }
    set.sort((a, b) => a - b);
    const picked = setPos
      ? [...new Set(setPos.map((p) => set[p > 0 ? p - 1 : set.length + p]).filter((v): v is number => v !== undefined))].sort((a, b) => a - b)
      : set;
    for (const ms of picked) {
      if (ms > until) return;
      if (ms < startMs) continue;
      const d = new Date(ms);
      yield {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
      };
    }
  }
}
