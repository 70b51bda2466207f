/**
 * Another process holding the database's write lock (a backup, a long CLI command, a script) is
 * transient: herald's long-running parts wait and try again instead of failing. SQLite's
 * busy_timeout waits inside one statement; this waits between tries, giving the event loop back.
 */
import { HeraldError } from '../core/errors.ts';

/** SQLITE_BUSY (another connection holds the lock) or SQLITE_LOCKED, with their extended codes. */
export function isDatabaseBusy(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** A write refused because the database (its file or folder) is read-only. */
export function isDatabaseReadOnly(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '';
  return code.startsWith('SQLITE_READONLY');
}

export interface BusyRetry {
  /** Called on each busy try (1, 2, …) before the pause; say so in the log. */
  onBusy: (attempt: number, err: unknown) => void;
  /** Waits between tries (the caller's clock). Rejecting (an abort) stops the retries with the last error. */
  pause: (attempt: number) => Promise<void>;
  /** Gives up after this many tries (default: never, while the pause resolves). */
  maxAttempts?: number;
}

/** Runs `fn`, and again after a pause each time it fails because the database is busy. */
export async function retryWhileBusy<T>(fn: () => T | Promise<T>, retry: BusyRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isDatabaseBusy(err) || attempt >= (retry.maxAttempts ?? Number.POSITIVE_INFINITY)) throw err;
      retry.onBusy(attempt, err);
      try {
        await retry.pause(attempt);
      } catch {
        throw err;
      }
    }
  }
}

/** The message a person sees for a busy or read-only database, naming it; undefined for other errors. */
export function describeStoreError(err: unknown, path: string): HeraldError | undefined {
  if (isDatabaseBusy(err)) return new HeraldError('store', `database ${path} is locked by another process; try again when it is done`, { cause: err });
  if (isDatabaseReadOnly(err)) return new HeraldError('store', `database ${path} is read-only: this command needs to write to it`, { cause: err });
  return undefined;
}
