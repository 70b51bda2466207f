import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { nextCronRun, runHousekeeping, type HousekeepingJob } from '../../src/daemon/housekeeping.ts';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the housekeeping schedule (UTC)', () => {
  it.each([
    ['17 3 * * *', '2026-12-03T08:00:00Z', '2026-12-04T03:17:00.000Z'],
    ['17 3 * * *', '2026-12-03T03:16:59Z', '2026-12-03T03:17:00.000Z'],
    ['17 3 * * *', '2026-12-03T03:17:00Z', '2026-12-04T03:17:00.000Z'],
    ['*/15 * * * *', '2026-12-03T08:07:10Z', '2026-12-03T08:15:00.000Z'],
    ['0 4 * * sun', '2026-12-03T08:00:00Z', '2026-12-06T04:00:00.000Z'],
    ['0 0 29 2 *', '2026-12-03T08:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['30 * * * * *', '2026-12-03T08:00:00Z', '2026-12-03T08:00:30.000Z'],
    // No local time: the day Europe's clocks change is an ordinary day.
    ['30 2 * * *', '2026-03-29T00:00:00Z', '2026-03-29T02:30:00.000Z'],
  ])('%s after %s: %s', (expression, after, expected) => {
    expect(iso(nextCronRun(expression, utc(after)))).toBe(expected);
  });

  it('runs the jobs at each time on the daemon clock; one failing job does not stop the others', async () => {
    const clock = new ManualClock(utc('2026-12-03T08:00:00Z'));
    const logger = memoryLogger('info');
    const stop = new AbortController();
    const runs: string[] = [];
    const jobs: HousekeepingJob[] = [
      { name: 'broken', run: async () => Promise.reject(new Error('disk full')) },
      { name: 'prune', run: async (now) => (runs.push(iso(now)), { removed: 3 }) },
    ];
    const done = runHousekeeping({ cron: '0 */6 * * *', clock, logger, signal: stop.signal, jobs });
    await clock.advanceTo(utc('2026-12-03T11:59:59Z'));
    expect(runs).toEqual([]);
    await clock.advanceTo(utc('2026-12-04T00:00:00Z'));
    expect(runs).toEqual(['2026-12-03T12:00:00.000Z', '2026-12-03T18:00:00.000Z', '2026-12-04T00:00:00.000Z']);
    stop.abort();
    await done;
    const lines = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.job === 'broken').map((l) => [l.msg, l.error])).toContainEqual(['housekeeping failed; the next run tries again', 'disk full']);
    expect(lines.filter((l) => l.job === 'prune')).toHaveLength(3);
  });
});
