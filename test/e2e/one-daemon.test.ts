/**
 * Black-box: one daemon per SQLite database. A second `herald start` on the database of a running
 * one exits non-zero with one line naming the running one (pid, host, since when), and the first
 * goes on; once the first has stopped, a start succeeds again.
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runHerald, waitFor } from '../helpers/herald-process.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('a second herald start on the same database', () => {
  it('exits non-zero with one line naming the running daemon; the first goes on', async () => {
    const dir = tempDir();
    const first = runHerald(dir, ['start']);
    expect(await waitFor(() => first.stderr().includes('herald started'), 20_000), first.stderr()).toBe(true);

    const second = runHerald(dir, ['start']);
    // Bounded: a second daemon that starts instead of refusing fails here, not by the test's timeout.
    const code = await Promise.race([second.exited.then((e) => e.code), new Promise<string>((r) => setTimeout(() => r('still running after 15 s'), 15_000))]);
    expect(code).not.toBe(0);
    const lines = second.stderr().trimEnd().split('\n');
    expect(lines, second.stderr()).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`pid ${first.child.pid} on host ${hostname().replace(/[.]/g, '\\.')}, running since \\d{4}-\\d\\d-\\d\\dT`));

    // The first is untouched by the attempt, and stops cleanly.
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);

    // Its lock went with it: a new start succeeds.
    const third = runHerald(dir, ['start']);
    expect(await waitFor(() => third.stderr().includes('herald started'), 20_000), third.stderr()).toBe(true);
    third.child.kill('SIGINT');
    expect((await third.exited).code).toBe(0);
  }, 60_000);

  it('is not blocked by the lock a killed daemon left behind', async () => {
    const dir = tempDir();
    const first = runHerald(dir, ['start']);
    expect(await waitFor(() => first.stderr().includes('herald started'), 20_000), first.stderr()).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = runHerald(dir, ['start']);
    expect(await waitFor(() => second.stderr().includes('herald started'), 20_000), second.stderr()).toBe(true);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  }, 60_000);
});
