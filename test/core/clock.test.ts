import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock, sleep } from '../../src/core/clock.ts';

describe('ManualClock', () => {
  it('wakes sleepers in due order as time is advanced', async () => {
    const clock = new ManualClock(1000);
    const woke: [string, number][] = [];
    void clock.sleepUntil(3000).then(() => woke.push(['b', clock.now()]));
    void sleep(clock, 1000).then(() => woke.push(['a', clock.now()]));
    void clock.sleepUntil(9000).then(() => woke.push(['c', clock.now()]));
    await clock.advanceTo(5000);
    expect(woke).toEqual([
      ['a', 2000],
      ['b', 3000],
    ]);
    expect(clock.now()).toBe(5000);
    expect(clock.nextWake()).toBe(9000);
  });

  it('rejects a sleeper on abort and forgets it', async () => {
    const clock = new ManualClock(0);
    const ac = new AbortController();
    const p = clock.sleepUntil(100, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.nextWake()).toBeUndefined();
  });
});

describe('ScaledClock', () => {
  it('starts at the given instant and runs faster than real time', async () => {
    const start = Date.parse('2026-03-29T00:59:00Z');
    const clock = new ScaledClock(start, 600);
    expect(Math.abs(clock.now() - start)).toBeLessThan(600 * 50);
    const before = Date.now();
    await clock.sleepUntil(start + 60_000); // one simulated minute = 100 real ms
    const real = Date.now() - before;
    expect(clock.now()).toBeGreaterThanOrEqual(start + 60_000);
    expect(real).toBeLessThan(2000);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => new ScaledClock(0, 0)).toThrow(/must be positive/);
  });
});
