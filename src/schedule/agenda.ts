import type { CalendarCache } from '../calendar/cache.ts';
import { overlapsWindow } from '../calendar/expand.ts';
import type { Occurrence } from '../calendar/types.ts';
import type { Calendar, Store, User } from '../store/index.ts';
import { localDate, startOfLocalDay } from './local-time.ts';

/**
 * A calendar's occurrences in a window, through the cache (no re-parse or re-expansion while its
 * text is unchanged). A calendar never read yet has none.
 */
export function calendarOccurrences(store: Store, cache: CalendarCache, calendar: Calendar, user: User, fromMs: number, toMs: number): Occurrence[] {
  if (!calendar.contentHash) return [];
  const result = cache.expand(calendar.contentHash, () => store.calendars.body(calendar.id) ?? '', {
    fromMs,
    toMs,
    defaultZone: calendar.defaultTz ?? user.tz,
  });
  return result.occurrences;
}

/** Agenda order: by local day, all-day events first, then by start time, then title. */
export function agendaOrder(zone: string) {
  return (a: Occurrence, b: Occurrence): number => {
    const da = a.allDay ? a.start : localDate(a.startMs, zone);
    const db = b.allDay ? b.start : localDate(b.startMs, zone);
    if (da !== db) return da < db ? -1 : 1;
    if (a.allDay !== b.allDay) return a.allDay ? -1 : 1;
    return a.startMs - b.startMs || a.summary.localeCompare(b.summary);
  };
}

/**
 * What an agenda lists for local days [periodStart, periodEnd), from each of its calendars'
 * occurrences over any window that covers those days: every event that overlaps them, the same
 * event in two calendars once, in agenda order. Pure.
 */
export function agendaOf(
  occurrencesByCalendar: Occurrence[][],
  input: { user: Pick<User, 'tz'>; periodStart: string; periodEnd: string; includeRecurring: boolean },
): Occurrence[] {
  const fromMs = startOfLocalDay(input.periodStart, input.user.tz);
  const toMs = startOfLocalDay(input.periodEnd, input.user.tz);
  const seen = new Set<string>();
  const out: Occurrence[] = [];
  for (const occurrences of occurrencesByCalendar) {
    for (const o of occurrences) {
      if (!input.includeRecurring && o.recurring) continue;
      // All-day dates are the user's days: keep only those that overlap the period's dates.
      if (o.allDay ? o.end <= input.periodStart || o.start >= input.periodEnd : !overlapsWindow(o, fromMs, toMs)) continue;
      const key = `${o.uid}|${o.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(o);
    }
  }
  return out.sort(agendaOrder(input.user.tz));
}

/**
 * Everything a user's agenda lists for local days [periodStart, periodEnd): every event of the
 * given calendars that overlaps those days, the same event in two calendars once.
 */
export function gatherAgenda(
  store: Store,
  cache: CalendarCache,
  input: { user: User; calendars: Calendar[]; periodStart: string; periodEnd: string; includeRecurring: boolean },
): Occurrence[] {
  const fromMs = startOfLocalDay(input.periodStart, input.user.tz);
  const toMs = startOfLocalDay(input.periodEnd, input.user.tz);
  return agendaOf(
    input.calendars.map((cal) => calendarOccurrences(store, cache, cal, input.user, fromMs, toMs)),
    input,
  );
}
