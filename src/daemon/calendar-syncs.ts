import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { syncCalendar } from '../schedule/sync.ts';
import type { Store } from '../store/index.ts';

/** Calendars read at the same time (URL fetches wait on the network, not on us). */
const syncConcurrency = 8;

export interface CalendarSyncsDeps {
  clock: Clock;
  logger: Logger;
  /** The daemon's signal of the moment: aborting it gives up every download in flight (the daemon stops). */
  signal: () => AbortSignal;
  allowPrivateCalendars: boolean;
  /** Opens sealed calendar passwords. */
  secretKey: () => Buffer;
  /** A calendar got a new copy: its users need planning again. */
  onChanged: () => void;
  /** Every sync's result and duration (metrics). */
  onSynced?: (result: 'changed' | 'unchanged' | 'error', seconds: number) => void;
}

/**
 * The daemon's calendar reads, apart from planning: each pass starts the syncs that are due and
 * returns at once, and planning works from each calendar's last good copy. A slow or hanging
 * feed (up to its fetch deadline) only delays itself, holding one of a few slots; a calendar
 * already being read is not started twice.
 */
export class CalendarSyncs {
  private readonly running = new Map<number, Promise<void>>();
  private queue: number[] = [];

  constructor(
    private readonly store: Store,
    private readonly deps: CalendarSyncsDeps,
  ) {}

  /** Queues the calendars whose sync time has come (those running or queued once) and starts what fits. */
  startDue(): void {
    if (this.deps.signal().aborted) return;
    const queued = new Set(this.queue);
    for (const c of this.store.calendars.dueForSync(this.deps.clock.now())) {
      if (!this.running.has(c.id) && !queued.has(c.id)) this.queue.push(c.id);
    }
    this.pump();
  }

  /** Resolves once no sync is running or queued (a stopped daemon's syncs end at once). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  private pump(): void {
    const aborted = this.deps.signal().aborted;
    while (this.running.size < syncConcurrency && this.queue.length > 0 && !aborted) {
      const id = this.queue.shift()!;
      this.running.set(id, this.sync(id));
    }
    if (aborted) this.queue = [];
  }

  private async sync(id: number): Promise<void> {
    const { clock, logger, allowPrivateCalendars, secretKey } = this.deps;
    const signal = this.deps.signal();
    let changed = false;
    const started = performance.now();
    try {
      // Read again: the calendar may have changed or gone while it was queued.
      const calendar = this.store.calendars.get(id);
      if (calendar) {
        const result = await syncCalendar(this.store, calendar, { clock, logger, signal, allowPrivateCalendars, secretKey });
        changed = result.ok && result.changed;
        if (!signal.aborted) this.deps.onSynced?.(result.ok ? (result.changed ? 'changed' : 'unchanged') : 'error', (performance.now() - started) / 1000);
      }
    } catch (err) {
      // syncCalendar records its own failures; this is the store failing (busy, or closed after a stop).
      if (!signal.aborted) logger.error('calendar sync failed', { calendar_id: id, error: err as Error });
    } finally {
      this.running.delete(id);
    }
    if (changed && !signal.aborted) this.deps.onChanged();
    this.pump();
  }
}
