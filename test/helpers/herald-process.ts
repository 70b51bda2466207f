import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** A `herald` process (the compiled bin/herald.js) and what it printed; killed after the test. */
export interface HeraldProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnHerald(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): HeraldProcess {
  const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), ...args], {
    cwd: dir,
    env: { ...process.env, HERALD_DB: join(dir, 'herald.db'), HERALD_DATA_DIR: dir, HERALD_NO_EXAMPLE: '1', HERALD_HTTP: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  onTestFinished(() => void child.kill('SIGKILL'));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passed (bounded). */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !check()) await new Promise((r) => setTimeout(r, 50));
  return check();
}
