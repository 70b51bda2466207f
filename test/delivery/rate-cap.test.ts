import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { SendRateCap } from '../../src/delivery/pacing.ts';
import { engineWorld, t0 } from '../channels/engine-fixture.ts';
import { startSink } from '../helpers/sink.ts';

describe('per-target send-rate cap', () => {
  it('sends at most N a minute to a flooded target; the rest wait in the outbox, other targets go on', async () => {
    const sink = await startSink();
    const clock = new ManualClock(t0);
    const w = engineWorld(clock, { targetRatePerMinute: 3 });
    const flooded = w.store.targets.add({ userId: w.user.id, name: 'flooded', kind: 'webhook', url: `${sink.url}/flooded`, allowPrivate: true });
    const quiet = w.store.targets.add({ userId: w.user.id, name: 'quiet', kind: 'webhook', url: `${sink.url}/quiet`, allowPrivate: true });
    for (let i = 0; i < 8; i++) w.addTest(flooded.id, `m${i}`);
    w.addTest(quiet.id, 'q');
    w.engine.start();
    await w.engine.idle();
    const sentTo = (path: string) => sink.requests.filter((r) => r.url === path).length;
    expect(sentTo('/flooded')).toBe(3);
    expect(sentTo('/quiet')).toBe(1);
    const waiting = w.store.deliveries.list({ status: 'pending' });
    expect(waiting).toHaveLength(5);
    // Waiting is not an attempt: nothing is used up of the retry budget.
    expect(waiting.every((d) => d.attempts === 0)).toBe(true);
    expect(w.logger.lines.filter((l) => l.includes('over its send-rate cap'))).toHaveLength(1);
    expect(waiting.map((d) => d.nextAttemptAt - t0).sort((a, b) => a - b)).toEqual([60_000, 60_000, 60_000, 120_000, 120_000]);
    await clock.advanceBy(60_000);
    await w.engine.idle();
    expect(sentTo('/flooded')).toBe(6);
    await clock.advanceBy(60_000);
    await w.engine.idle();
    await w.engine.stop();
    expect(sentTo('/flooded')).toBe(8);
    expect(w.store.deliveries.countByStatus()).toMatchObject({ sent: 9, pending: 0 });
  });

  it('gives each delivery over the cap a slot of its own, a minute after the message it waits for', () => {
    const cap = new SendRateCap(2);
    expect([1, 2, 3, 4, 5].map((id) => cap.reserve('t', id, 0))).toEqual([0, 0, 60_000, 60_000, 120_000]);
    expect(cap.reserve('t', 3, 59_000)).toBe(60_000); // too early: keeps its slot
    expect(cap.reserve('t', 3, 60_000)).toBe(60_000); // its slot came: goes without queueing again
    expect(cap.reserve('other', 9, 0)).toBe(0);
  });
});
