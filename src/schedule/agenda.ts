import type { CalendarCache } from '../calendar/cache.ts';
import { overlapsWindow } from '../calendar/expand.ts';
import type { Occurrence } from '../calendar/types.ts';
import type { AgendaContent, Calendar, DigestSubscription, Store, User } from '../store/index.ts';
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

/**
 * The events an agenda row sends: the planner's snapshot while its calendars are the ones the
 * digest reads and unchanged since it was taken, otherwise gathered afresh from the calendars.
 */
export function agendaToSend(
  store: Store,
  cache: CalendarCache,
  input: { content: AgendaContent; digest: DigestSubscription; calendars: Calendar[]; user: User },
): Occurrence[] {
  const { content, digest, calendars } = input;
  const snapshot = content.agenda;
  const fresh =
    snapshot !== undefined &&
    snapshot.includeRecurring === digest.includeRecurring &&
    snapshot.calendars.length === calendars.length &&
    snapshot.calendars.every((s, i) => s.id === calendars[i]!.id && s.contentHash === calendars[i]!.contentHash && s.defaultTz === calendars[i]!.defaultTz);
  if (fresh) return snapshot.occurrences;
  return gatherAgenda(store, cache, {
    user: input.user,
    calendars,
    periodStart: content.periodStart,
    periodEnd: content.periodEnd,
    includeRecurring: digest.includeRecurring,
  });
}
