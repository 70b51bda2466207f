import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';

/** The daemon id of a process of this host that has exited (a daemon that crashed). */
export function deadProcessId(): string {
  const child = spawnSync(process.execPath, ['-e', '']);
  return `${hostname()}:${child.pid}`;
}

/** The daemon id of another process of this host that is alive (pid 1 always is). */
export function liveProcessId(): string {
  return `${hostname()}:1`;
}
