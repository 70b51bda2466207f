/**
 * The daemon's periodic chores (outbox retention, database upkeep) on a UTC cron schedule, never on
 * users' local times. node-cron parses and matches the expression; the waiting is done on the
 * daemon's own clock, so simulated time (`--simulate-from`) and tests move housekeeping too.
 */
import cron from 'node-cron';
import type { Clock } from '../core/clock.ts';
import { HeraldError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';

export interface HousekeepingJob {
  name: string;
  /** Does the chore; returns what to log about it. */
  run(nowMs: number, signal: AbortSignal): Promise<Record<string, unknown>>;
}

const dayMs = 86_400_000;

/** The first instant after `afterMs` that a cron expression names, in UTC (to the second). */
export function nextCronRun(expression: string, afterMs: number): number {
  const fields = cron.parse(expression);
  const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
  try {
    const seconds = [...fields.second].sort((a, b) => a - b);
    const minutes = [...fields.minute].sort((a, b) => a - b);
    const hours = [...fields.hour].sort((a, b) => a - b);
    const firstDay = Math.floor(afterMs / dayMs) * dayMs;
    // Day by day for up to five years (29 February): a day whose first allowed time does not match
    // is not one the expression names (month, day of month, weekday).
    for (let day = firstDay; day < firstDay + 5 * 366 * dayMs; day += dayMs) {
      if (!task.match(new Date(day + ((hours[0]! * 60 + minutes[0]!) * 60 + seconds[0]!) * 1000))) continue;
      for (const h of hours) {
        for (const m of minutes) {
          for (const s of seconds) {
            const at = day + ((h * 60 + m) * 60 + s) * 1000;
            if (at > afterMs) return at;
          }
        }
      }
    }
    throw new HeraldError('housekeeping', `"${expression}" names no time in the next five years`);
  } finally {
    void task.destroy();
  }
}

/**
 * Runs the jobs at each time the expression names until `signal` aborts. A failing job is logged
 * and the others still run; a run that takes longer than the interval skips the times it overran.
 */
export async function runHousekeeping(options: {
  cron: string;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  jobs: readonly HousekeepingJob[];
}): Promise<void> {
  const { clock, logger, signal } = options;
  while (!signal.aborted) {
    const at = nextCronRun(options.cron, clock.now());
    const woke = await clock.sleepUntil(at, signal).then(
      () => true,
      () => false,
    );
    if (!woke) return;
    for (const job of options.jobs) {
      if (signal.aborted) return;
      try {
        const facts = await job.run(clock.now(), signal);
        logger.info('housekeeping done', { job: job.name, ...facts });
      } catch (err) {
        logger.error('housekeeping failed; the next run tries again', { job: job.name, error: err as Error });
      }
    }
  }
}
