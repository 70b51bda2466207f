import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { retryWhileBusy } from '../store/index.ts';

/** The pause between two tries of a write while another process holds the database's lock. */
const busyPauseMs = 1000;

/**
 * The delivery engine's writes, tried again while another process holds the database's write lock
 * (a backup, a long command): an outcome must land, since its message went out. One warning when
 * the waiting starts (and every tenth try), one line when it is over.
 */
export function busyWrites(clock: Clock, logger: Logger): <T>(what: string, write: () => T | Promise<T>) => Promise<T> {
  return async <T>(what: string, write: () => T | Promise<T>): Promise<T> => {
    let waited = 0;
    const result = await retryWhileBusy(write, {
      onBusy: (attempt) => {
        waited = attempt;
        if (attempt % 10 === 1) logger.warn('database is locked by another process; waiting to write', { what, attempt });
      },
      pause: () => clock.sleepUntil(clock.now() + busyPauseMs),
    });
    if (waited > 0) logger.info('database lock released; going on', { what, tries: waited + 1 });
    return result;
  };
}
