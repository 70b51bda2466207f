/** Outbox retention: the history of finished deliveries is kept for a while, then pruned. */
import type { Store } from '../store/index.ts';
import type { HousekeepingJob } from './housekeeping.ts';

/** Ids looked at per batch: a batch holds SQLite's write lock for a few milliseconds at most. */
const batchIds = 2000;

/**
 * Removes finished rows (sent, late, missed, failed, dead, cancelled) older than `retentionMs`, a
 * range of ids at a time, giving the event loop back between batches so that deliveries go on.
 * A row whose event has not started yet is kept, however old: its dedupe key is what stops that
 * reminder from being planned, and sent, again.
 */
export async function pruneOutbox(store: Store, options: { retentionMs: number; nowMs: number; signal?: AbortSignal }): Promise<number> {
  const before = options.nowMs - options.retentionMs;
  const last = store.deliveries.lastId();
  let removed = 0;
  for (let from = 0; from < last && !options.signal?.aborted; from += batchIds) {
    removed += store.deliveries.pruneFinished({ fromId: from, toId: from + batchIds }, before, options.nowMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return removed;
}

/** The daemon's housekeeping chores. */
export function housekeepingJobs(store: Store, retentionMs: number): HousekeepingJob[] {
  return [
    {
      name: 'outbox retention',
      run: async (nowMs, signal) => ({ removed: await pruneOutbox(store, { retentionMs, nowMs, signal }), retention_days: retentionMs / 86_400_000 }),
    },
    {
      // Refreshes SQLite's statistics where they drifted (cheap; SQLite's own recommendation for
      // long-running connections).
      name: 'database upkeep',
      run: async () => {
        store.optimize();
        return {};
      },
    },
  ];
}
