/**
 * One daemon per SQLite database: a second `herald start` on the same file would claim the same
 * rows' neighbours, plan the same users and double the load, so it refuses with one line naming
 * the running daemon. The lock is a row in the database (store/daemon-lock.ts), held for the
 * daemon's life with a heartbeat. A lock left by a daemon that crashed does not block: it is stale
 * once its process is gone (same host) or its heartbeat is a minute old (any host; a reboot too).
 *
 * Its times are the wall clock's, not the daemon's clock: the lock is between processes, and a
 * simulated clock (`--simulate-from`) is one process's own.
 */
import { randomUUID } from 'node:crypto';
import { HeraldError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { processGone, thisProcess } from '../core/process-identity.ts';
import { isDatabaseBusy, type DaemonLockHolder, type Store } from '../store/index.ts';

/** How often the running daemon renews its lock. */
const defaultHeartbeatEveryMs = 10_000;
/** A lock whose heartbeat is older than this belongs to a daemon that is no longer running. */
export const daemonLockStaleAfterMs = 60_000;

export interface HeldDaemonLock {
  /** Aborted if another daemon took the lock over (this one had stopped renewing it). */
  lost: AbortSignal;
  release(): void;
}

export function daemonLockIsStale(holder: DaemonLockHolder, nowMs: number, gone: (owner: string) => boolean = processGone): boolean {
  return nowMs - holder.heartbeatAt > daemonLockStaleAfterMs || gone(holder.owner);
}

/** The one line a refused start prints. */
function runningElsewhere(holder: DaemonLockHolder): string {
  return `another herald daemon is running on this database: pid ${holder.pid} on host ${holder.host}, running since ${new Date(holder.startedAt).toISOString()}; stop it first`;
}

/** Takes the daemon lock of `store`'s database, or throws the line naming the daemon that has it. */
export function takeDaemonLock(store: Store, logger: Logger, heartbeatEveryMs = defaultHeartbeatEveryMs): HeldDaemonLock {
  const { host, pid } = thisProcess();
  const now = Date.now();
  const me: DaemonLockHolder = { owner: store.owner, token: randomUUID(), host, pid, startedAt: now, heartbeatAt: now };
  const attempt = store.daemonLock.acquire(me, (holder) => daemonLockIsStale(holder, Date.now()));
  if (!attempt.acquired) throw new HeraldError('daemon', runningElsewhere(attempt.holder));
  if (attempt.replaced) {
    const { pid: oldPid, host: oldHost } = attempt.replaced;
    logger.warn('took over the lock of a herald daemon that is no longer running', { pid: oldPid, host: oldHost });
  }
  const lost = new AbortController();
  const timer = setInterval(() => {
    try {
      if (store.daemonLock.renew(me.token, Date.now())) return;
      const holder = store.daemonLock.holder();
      const error = new HeraldError('daemon', `stopping: ${holder ? runningElsewhere(holder).replace(/; stop it first$/, '') : 'the daemon lock was removed'}`);
      logger.error('another herald daemon took over this database', { error });
      clearInterval(timer);
      lost.abort(error);
    } catch (err) {
      if (isDatabaseBusy(err)) logger.warn('database is locked by another process; the daemon lock is renewed next time', { error: err as Error });
      else logger.error('cannot renew the daemon lock', { error: err as Error });
    }
  }, heartbeatEveryMs);
  timer.unref();
  return {
    lost: lost.signal,
    release() {
      clearInterval(timer);
      try {
        store.daemonLock.release(me.token);
      } catch (err) {
        // Not fatal: the lock goes stale once this process has exited.
        logger.warn('could not release the daemon lock', { error: err as Error });
      }
    },
  };
}
