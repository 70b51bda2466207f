/**
 * Bounds on what one rule or calendar may plan, so that a typo (`--before 99999d`) or a hostile
 * feed (`FREQ=SECONDLY`) cannot fill the outbox and flood a channel. Rows over a cap are not
 * planned; the earliest are kept, a warning is logged, and `herald calendar list` shows it.
 */
import type { Logger } from '../core/log.ts';
import type { Calendar, PlannedDelivery, Store } from '../store/index.ts';

/** The longest lead time a reminder rule may have. */
export const maxLeadSeconds = 90 * 86_400;
/** Deliveries one scope (a rule, a calendar's alarms) may plan from one calendar per planning window. */
export const maxPlannedPerCalendar = 5_000;
/** Deliveries one reminder rule may plan per planning window, over all its calendars. */
export const maxPlannedPerRule = 10_000;

export interface PlanningCap {
  scope: string;
  wanted: number;
  kept: number;
}

/** Where a calendar's planning caps are kept (store.settings: no change-log entry, no re-plan). */
const capSetting = (calendarId: number) => `planning.capped:${calendarId}`;

/** The caps a calendar's scopes hit when last planned (for `calendar list`). */
export function planningCapsOf(store: Store, calendarId: number): PlanningCap[] {
  return Object.values(store.settings.get<Record<string, PlanningCap>>(capSetting(calendarId), {}));
}

function recordCap(store: Store, calendarId: number, scope: string, cap: PlanningCap | null): void {
  const caps = store.settings.get<Record<string, PlanningCap>>(capSetting(calendarId), {});
  if (cap === null && !(scope in caps)) return;
  if (cap === null) delete caps[scope];
  else caps[scope] = cap;
  if (Object.keys(caps).length === 0) store.settings.remove(capSetting(calendarId));
  else store.settings.set(capSetting(calendarId), caps);
}

const earliestFirst = (a: PlannedDelivery, b: PlannedDelivery) => a.dueAt - b.dueAt;

/**
 * One scope's wanted rows, per calendar, with the caps applied: at most `perCalendar` from each
 * calendar and `total` in all, the earliest kept. Each calendar's cap (or its absence) is recorded.
 */
export function capPlanned(
  deps: { store: Store; logger: Logger },
  scope: string,
  byCalendar: { calendar: Pick<Calendar, 'id' | 'name'>; rows: PlannedDelivery[] }[],
  limits: { perCalendar: number; total: number } = { perCalendar: maxPlannedPerCalendar, total: maxPlannedPerRule },
): PlannedDelivery[] {
  let kept: { row: PlannedDelivery; from: number }[] = [];
  byCalendar.forEach(({ rows }, from) => {
    const capped = rows.length > limits.perCalendar ? [...rows].sort(earliestFirst).slice(0, limits.perCalendar) : rows;
    for (const row of capped) kept.push({ row, from });
  });
  if (kept.length > limits.total) kept = kept.sort((a, b) => earliestFirst(a.row, b.row)).slice(0, limits.total);
  const keptPer = byCalendar.map(() => 0);
  for (const { from } of kept) keptPer[from]!++;
  byCalendar.forEach(({ calendar, rows }, from) => {
    const keptHere = keptPer[from]!;
    if (keptHere < rows.length) {
      deps.logger.warn('calendar plans too many deliveries; only the earliest are kept', {
        calendar: calendar.name,
        scope,
        wanted: rows.length,
        kept: keptHere,
      });
      recordCap(deps.store, calendar.id, scope, { scope, wanted: rows.length, kept: keptHere });
    } else recordCap(deps.store, calendar.id, scope, null);
  });
  return kept.map((k) => k.row);
}
