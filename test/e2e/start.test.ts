/**
 * Black-box: the newcomer's experience. `herald start` on an empty database creates the example and
 * prints a rendered reminder; SIGINT stops it within 5 s; a second start does not print the same
 * reminder again. Runs on simulated time (60x) so that "within two minutes" takes two seconds, in
 * place (`--simulate-in-place`): a simulation otherwise runs on a copy, and the restart's check is
 * that the real database remembers what was sent.
 */
import { describe, expect, it } from 'vitest';
import { runHerald, waitFor } from '../helpers/herald-process.ts';
import { tempDir } from '../helpers/tmp.ts';

function startHerald(dir: string, simulateFrom: string, speed: number) {
  return runHerald(dir, ['start', '--simulate-from', simulateFrom, '--speed', String(speed), '--simulate-in-place'], {
    HERALD_NO_EXAMPLE: '',
    TZ: 'Europe/Zurich',
  });
}

const reminderLine = /Stand up and stretch/g;

describe('herald start on an empty database', () => {
  it('prints a rendered example reminder within two (simulated) minutes, stops on SIGINT, never repeats it', async () => {
    const dir = tempDir();
    const t0 = '2026-11-24T09:00:30Z';
    const first = startHerald(dir, t0, 60);
    // Two simulated minutes at 60x = 2 s, plus start-up (tsx compiles on first run).
    const printed = await waitFor(() => first.stdout().includes('Stand up and stretch'), 25_000);
    expect(printed, `stdout:\n${first.stdout()}\nstderr:\n${first.stderr()}`).toBe(true);
    const sentFirst = first.stdout().match(reminderLine)?.length ?? 0;
    const stopAt = Date.now();
    first.child.kill('SIGINT');
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - stopAt).toBeLessThan(5000);
    expect(first.stderr()).toMatch(/example/);

    // Restart at the same simulated instant: the reminders already printed are not printed again.
    const second = startHerald(dir, t0, 1);
    await waitFor(() => /planned|started|listening|ready/i.test(second.stderr()), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    second.child.kill('SIGINT');
    const exit2 = await second.exited;
    expect(exit2.code).toBe(0);
    expect(sentFirst).toBeGreaterThan(0);
    expect(second.stdout().match(reminderLine)?.length ?? 0).toBe(0);
  }, 60_000);
});
