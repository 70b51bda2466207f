import type { ManualClock } from '../../src/core/clock.ts';
import type { Daemon } from '../../src/daemon/daemon.ts';

/**
 * Moves the clock to `untilMs` one wake-up at a time, letting the daemon finish what each wake-up
 * started (a pass, the sends that came due) before the next. Bounded: a daemon that kept asking to
 * wake at the same instant would fail the test instead of hanging it.
 */
export async function runUntil(daemon: Daemon, clock: ManualClock, untilMs: number): Promise<void> {
  for (let steps = 0; ; steps++) {
    if (steps > 20_000) throw new Error('the daemon did not settle');
    await daemon.quiet();
    const next = clock.nextWake();
    if (next === undefined || next > untilMs) break;
    await clock.advanceTo(next);
  }
  await clock.advanceTo(untilMs);
  await daemon.quiet();
}
