import { DateTime, FixedOffsetZone } from 'luxon';
import { offsetAt } from '../calendar/offsets.ts';
import { isValidZone } from '../calendar/zones.ts';
import type { Occurrence } from '../calendar/types.ts';
import { wordsFor } from './i18n.ts';
import type { Viewer } from './types.ts';

/**
 * The locale used for dates. Plain "en" reads the British way ("Monday 24 November 2026, 10:00"),
 * as the seed's examples do; "en-US" gives the American order and a 12-hour clock.
 */
export function dateLocale(locale: string): string {
  return locale.toLowerCase() === 'en' ? 'en-GB' : locale;
}

/**
 * An instant on a zone's clock. Luxon asks the platform for an IANA zone's offset on every use,
 * which is most of a message's rendering time; the calendar stage's cached offsets give the same
 * clock through a fixed-offset zone.
 */
export function zoned(ms: number, zone: string): DateTime {
  return DateTime.fromMillis(ms, { zone: FixedOffsetZone.instance(Math.round(offsetAt(zone, ms) / 60_000)) });
}

function dt(ms: number, viewer: Viewer, zone = viewer.zone): DateTime {
  return zoned(ms, zone).setLocale(dateLocale(viewer.locale));
}

/** Day patterns for the languages herald speaks; others use the platform's long date. */
const dayPatterns: Record<string, string> = {
  en: 'cccc d LLLL yyyy',
  fr: 'cccc d LLLL yyyy',
  de: 'cccc, d. LLLL yyyy',
  it: 'cccc d LLLL yyyy',
  es: "cccc, d 'de' LLLL 'de' yyyy",
};

/** "Monday 24 November 2026" in the viewer's language ("lundi 24 novembre 2026", "Montag, 24. November 2026"). */
export function formatDay(d: DateTime): string {
  const lang = (d.locale ?? 'en').toLowerCase().split('-')[0]!;
  if (lang === 'en' && d.locale !== 'en-GB' && d.locale?.toLowerCase() !== 'en') {
    return d.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  }
  const pattern = dayPatterns[lang];
  return pattern ? d.toFormat(pattern) : d.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** Whether a locale writes times with a 12-hour clock by habit (en-US yes, en-GB and fr no). */
const twelveHour = new Map<string, boolean>();
export function localeUses12Hour(locale: string): boolean {
  let v = twelveHour.get(locale);
  if (v === undefined) {
    const cycle = new Intl.DateTimeFormat(dateLocale(locale), { hour: 'numeric' }).resolvedOptions().hourCycle;
    twelveHour.set(locale, (v = cycle === 'h11' || cycle === 'h12'));
  }
  return v;
}

/** Intl formatters are costly to build and an agenda formats hundreds of times: keep them. */
const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** "10:00" or "10:00 AM", per the viewer's clock. */
export function formatTime(ms: number, viewer: Viewer, zone = viewer.zone): string {
  const twelve = viewer.hour12 ?? localeUses12Hour(viewer.locale);
  const key = `${viewer.locale}|${zone}|${twelve}`;
  let f = timeFormatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = twelve
      ? { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }
      : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat(dateLocale(viewer.locale), { ...opts, timeZone: zone });
    if (timeFormatters.size > 1000) timeFormatters.clear();
    timeFormatters.set(key, f);
  }
  return f.format(ms);
}

const dayOf = (date: string, viewer: Viewer) => DateTime.fromISO(date, { zone: 'UTC' }).setLocale(dateLocale(viewer.locale));

/**
 * `%date%`: the occurrence's day and time range in the viewer's zone and language:
 * "Monday 24 November 2026, 10:00–11:00"; all-day "Monday 24 November 2026 (all day)";
 * across days "Monday 24 November 2026, 22:00 – Tuesday 25 November 2026, 02:00". When the event was
 * written in another zone whose clock differs, its own times follow: "(09:00–10:00 America/New_York)".
 */
export function formatOccurrenceDate(o: Occurrence, viewer: Viewer): string {
  const w = wordsFor(viewer.locale);
  if (o.allDay) {
    const first = dayOf(o.start, viewer);
    const last = dayOf(o.end, viewer).minus({ days: 1 });
    return `${formatDayRange(first, last, viewer)} (${w.allDay})`;
  }
  const start = dt(o.startMs, viewer);
  const end = dt(o.endMs, viewer);
  let text: string;
  if (o.endMs <= o.startMs) text = `${formatDay(start)}, ${formatTime(o.startMs, viewer)}`;
  else if (start.hasSame(end.minus({ milliseconds: 1 }), 'day')) text = `${formatDay(start)}, ${formatTime(o.startMs, viewer)}–${formatTime(o.endMs, viewer)}`;
  else text = `${formatDay(start)}, ${formatTime(o.startMs, viewer)} – ${formatDay(end)}, ${formatTime(o.endMs, viewer)}`;
  const own = formatOwnZoneTime(o, viewer);
  return own ? `${text} (${own})` : text;
}

/**
 * The event's times on its own zone's clock, "09:00–10:00 America/New_York", when that clock reads
 * differently from the viewer's at the start; otherwise "".
 */
export function formatOwnZoneTime(o: Occurrence, viewer: Viewer): string {
  if (o.allDay || !o.zone || o.zone === viewer.zone) return '';
  if (!isValidZone(o.zone) || offsetAt(o.zone, o.startMs) === offsetAt(viewer.zone, o.startMs)) return '';
  const own = o.endMs > o.startMs ? `${formatTime(o.startMs, viewer, o.zone)}–${formatTime(o.endMs, viewer, o.zone)}` : formatTime(o.startMs, viewer, o.zone);
  return `${own} ${o.zone}`;
}

/** `%time%`: the start time alone ("10:00"), or "all day". */
export function formatStartTime(o: Occurrence, viewer: Viewer): string {
  return o.allDay ? wordsFor(viewer.locale).allDay : formatTime(o.startMs, viewer);
}

/** Local ISO with offset, for templates that want machine-readable times. */
export function localIso(ms: number, zone: string): string {
  return zoned(ms, zone).toISO({ suppressMilliseconds: true })!;
}

/** "45 min", "1 h 30 min", "2 days", in the viewer's language ("2 jours", "1 Std. 30 Min."). */
export function formatEventDuration(o: Occurrence, locale = 'en'): string {
  const u = wordsFor(locale).units;
  if (o.allDay) {
    const days = Math.round(DateTime.fromISO(o.end, { zone: 'UTC' }).diff(DateTime.fromISO(o.start, { zone: 'UTC' }), 'days').days);
    return `${days} ${days === 1 ? u.day : u.days}`;
  }
  const minutes = Math.max(0, Math.round((o.endMs - o.startMs) / 60000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} ${u.min}` : m === 0 ? `${h} ${u.h}` : `${h} ${u.h} ${m} ${u.min}`;
}

/**
 * A run of whole days, each named once and the shared month and year not repeated where the
 * language allows it: "mardi 24 – jeudi 26 novembre 2026", "Dienstag, 24. – Donnerstag, 26. November 2026".
 */
export function formatDayRange(first: DateTime, last: DateTime, viewer: Viewer): string {
  if (last <= first) return formatDay(first);
  const locale = dateLocale(viewer.locale);
  // ICU's British English repeats a shared month ("Monday 23 November – Sunday 29 November"); say it once.
  if (locale === 'en-GB' && first.hasSame(last, 'month')) return `${first.setLocale(locale).toFormat('cccc d')} – ${formatDay(last.setLocale(locale))}`;
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
  const a = Date.UTC(first.year, first.month - 1, first.day);
  const b = Date.UTC(last.year, last.month - 1, last.day);
  // ICU puts thin spaces around the dash; plain ones read the same and survive every chat.
  return new Intl.DateTimeFormat(locale, options).formatRange(a, b).replace(/\s*–\s*/, ' – ');
}

/** "Monday 24 November 2026" for an agenda's day, or "Monday 23 – Sunday 29 November 2026" for its week. */
export function formatPeriod(periodStart: string, periodEnd: string, viewer: Viewer): string {
  return formatDayRange(dayOf(periodStart, viewer), dayOf(periodEnd, viewer).minus({ days: 1 }), viewer);
}
