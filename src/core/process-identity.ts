/**
 * Who this process is to other processes sharing its database: a daemon id (host and pid) that
 * owns the leases of the outbox rows it claims and the daemon lock. On the same host, an id whose
 * process is gone can be recognised at once; on another host only by its lease or lock expiring.
 */
import { hostname } from 'node:os';

export interface ProcessIdentity {
  /** `host:pid`, e.g. `mail-1:4711`. */
  id: string;
  host: string;
  pid: number;
}

export function thisProcess(): ProcessIdentity {
  const host = hostname();
  return { id: `${host}:${process.pid}`, host, pid: process.pid };
}

/** The host and pid of an id made by thisProcess (null: not one). */
export function parseProcessId(id: string): { host: string; pid: number } | null {
  const colon = id.lastIndexOf(':');
  const pid = Number(id.slice(colon + 1));
  return colon > 0 && Number.isInteger(pid) && pid > 0 ? { host: id.slice(0, colon), pid } : null;
}

/**
 * True only when the id names a process of this host that no longer runs. A process of another
 * host, or one we may not signal (EPERM), counts as alive; a pid reused since errs the same safe way.
 */
export function processGone(id: string): boolean {
  const parsed = parseProcessId(id);
  if (!parsed || parsed.host !== hostname()) return false;
  try {
    process.kill(parsed.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
