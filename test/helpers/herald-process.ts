import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** A `herald` process run from the compiled CLI (bin/herald.js; the global setup builds dist/). */
export interface HeraldProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the process has exited, with when (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Runs `herald ARGS…` in `dir` on `dir/herald.db`, data in `dir`, no example and an HTTP port of
 * the system's choosing unless `env` says otherwise. Killed when the test ends.
 */
export function runHerald(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): HeraldProcess {
  const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), ...args], {
    cwd: dir,
    env: { ...process.env, HERALD_DB: join(dir, 'herald.db'), HERALD_DATA_DIR: dir, HERALD_NO_EXAMPLE: '1', HERALD_HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  onTestFinished(() => void child.kill('SIGKILL'));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` (real time) has passed; returns the last answer. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !check()) await new Promise((r) => setTimeout(r, 50));
  return check();
}
