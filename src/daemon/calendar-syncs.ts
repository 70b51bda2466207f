import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { syncCalendar } from '../schedule/sync.ts';
import type { Store } from '../store/index.ts';

/** Calendars read at the same time (URL fetches wait on the network, not on us). */
const syncConcurrency = 8;

/**
 * Syncs every calendar whose next sync time has come, a few at a time. On abort it returns at once:
 * a fetch still under way (up to its time limit) is left to finish, and its result is dropped.
 */
export async function syncDueCalendars(store: Store, deps: { clock: Clock; logger: Logger; signal: AbortSignal }): Promise<void> {
  const due = store.calendars.dueForSync(deps.clock.now());
  let next = 0;
  const worker = async () => {
    while (next < due.length && !deps.signal.aborted) {
      const calendar = due[next++]!;
      try {
        await syncCalendar(store, calendar, { clock: deps.clock, logger: deps.logger });
      } catch (err) {
        // Only after an abort closed the store under a late fetch; anything else syncCalendar records itself.
        if (!deps.signal.aborted) deps.logger.error('calendar sync failed', { calendar: calendar.name, error: err as Error });
      }
    }
  };
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  deps.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(syncConcurrency, due.length) }, worker)), aborted]);
  } finally {
    deps.signal.removeEventListener('abort', onAbort);
  }
}
