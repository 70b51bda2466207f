/**
 * Black-box: one daemon per SQLite database. A second `herald start` on the database of a running
 * one exits non-zero with one line naming the running one (pid, host, since when), and the first
 * goes on; once the first has stopped, a start succeeds again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startHerald(dir: string): Run {
  const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), 'start'], {
    cwd: dir,
    env: { ...process.env, HERALD_DB: join(dir, 'herald.db'), HERALD_DATA_DIR: dir, HERALD_NO_EXAMPLE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(() => void child.kill('SIGKILL'));
  return { child, stderr: () => err, exited };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !check()) await new Promise((r) => setTimeout(r, 50));
  return check();
}

describe('a second herald start on the same database', () => {
  it('exits non-zero with one line naming the running daemon; the first goes on', async () => {
    const dir = tempDir();
    const first = startHerald(dir);
    expect(await waitFor(() => first.stderr().includes('herald started'), 20_000), first.stderr()).toBe(true);

    const second = startHerald(dir);
    // Bounded: a second daemon that starts instead of refusing fails here, not by the test's timeout.
    const code = await Promise.race([second.exited, new Promise<string>((r) => setTimeout(() => r('still running after 15 s'), 15_000))]);
    expect(code).not.toBe(0);
    const lines = second.stderr().trimEnd().split('\n');
    expect(lines, second.stderr()).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`pid ${first.child.pid} on host ${hostname().replace(/[.]/g, '\\.')}, running since \\d{4}-\\d\\d-\\d\\dT`));

    // The first is untouched by the attempt, and stops cleanly.
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    // Its lock went with it: a new start succeeds.
    const third = startHerald(dir);
    expect(await waitFor(() => third.stderr().includes('herald started'), 20_000), third.stderr()).toBe(true);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
  }, 60_000);

  it('is not blocked by the lock a killed daemon left behind', async () => {
    const dir = tempDir();
    const first = startHerald(dir);
    expect(await waitFor(() => first.stderr().includes('herald started'), 20_000), first.stderr()).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startHerald(dir);
    expect(await waitFor(() => second.stderr().includes('herald started'), 20_000), second.stderr()).toBe(true);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
