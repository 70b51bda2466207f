/**
 * The daemon lock: one row naming the daemon that runs on this database. Taking it, renewing it and
 * letting it go are each one SQLite transaction, so two daemons starting together cannot both win.
 * Times here are wall-clock milliseconds (not a daemon's clock, which may be simulated): the lock
 * is between processes.
 */
import type { Db } from './db.ts';

export interface DaemonLockHolder {
  /** The daemon id (host:pid). */
  owner: string;
  /** Tells two holders apart that share an id (two daemons in one process: tests). */
  token: string;
  host: string;
  pid: number;
  startedAt: number;
  /** The holder's last sign of life. */
  heartbeatAt: number;
}

/** Taken (`replaced`: the stale holder it took over from), or refused because `holder` has it. */
export type LockAttempt = { acquired: true; replaced?: DaemonLockHolder } | { acquired: false; holder: DaemonLockHolder };

export function daemonLockStore(db: Db) {
  const read = () => {
    const r = db.prepare('SELECT owner, token, host, pid, started_at, heartbeat_at FROM daemon_lock WHERE id = 1').get() as
      { owner: string; token: string; host: string; pid: number; started_at: number; heartbeat_at: number } | undefined;
    return r && { owner: r.owner, token: r.token, host: r.host, pid: r.pid, startedAt: r.started_at, heartbeatAt: r.heartbeat_at };
  };
  return {
    /** Who holds the lock, if anyone (a holder may be stale: a crashed daemon's). */
    holder: (): DaemonLockHolder | undefined => read(),

    /**
     * Takes the lock for `me` unless a holder that `isStale` does not dismiss has it. One IMMEDIATE
     * transaction: the check and the write are atomic across processes.
     */
    acquire(me: DaemonLockHolder, isStale: (holder: DaemonLockHolder) => boolean): LockAttempt {
      return db
        .transaction((): LockAttempt => {
          const current = read();
          if (current && current.token !== me.token && !isStale(current)) return { acquired: false, holder: current };
          db.prepare(
            `INSERT INTO daemon_lock (id, owner, token, host, pid, started_at, heartbeat_at) VALUES (1, @owner, @token, @host, @pid, @startedAt, @heartbeatAt)
             ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, token = excluded.token, host = excluded.host, pid = excluded.pid,
               started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
          ).run(me);
          return current && current.token !== me.token ? { acquired: true, replaced: current } : { acquired: true };
        })
        .immediate();
    },

    /** A sign of life; false when the lock is no longer ours (another daemon took it over). */
    renew(token: string, atMs: number): boolean {
      return db.prepare('UPDATE daemon_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?').run(atMs, token).changes > 0;
    },

    /** Lets the lock go, if it is still ours. */
    release(token: string): void {
      db.prepare('DELETE FROM daemon_lock WHERE id = 1 AND token = ?').run(token);
    },
  };
}
