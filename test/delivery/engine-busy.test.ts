/**
 * An outcome must land: a message that went out while another process took the database's write
 * lock is recorded once the lock is gone (and not sent again), instead of the write failing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { channelSet } from '../../src/channels/registry.ts';
import { systemClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { createDeliveryEngine } from '../../src/delivery/engine.ts';
import { openStore } from '../../src/store/index.ts';
import { holdWriteLock } from '../helpers/lock-holder.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('recording outcomes while the database is locked', () => {
  it('waits for the lock and records each send once', async () => {
    const sink = await startSink();
    const dbPath = join(tempDir(), 'h.db');
    // The engine's store waits little per statement, as the daemon's does.
    const store = openStore(dbPath, () => systemClock.now(), { busyTimeoutMs: 300 });
    const user = store.users.add({ name: 'ops', tz: 'UTC' });
    const target = store.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    store.deliveries.add(
      [0, 1].map((i) => ({
        dedupeKey: `t${i}`,
        route: 'target' as const,
        userId: user.id,
        targetId: target.id,
        dueAt: Date.now(),
        content: { kind: 'test' as const, text: `m${i}` },
      })),
    );
    const logger = memoryLogger('debug');
    const engine = createDeliveryEngine({ store, clock: systemClock, logger, cache: new CalendarCache(), channels: channelSet, allowPrivateTargets: true });
    let lockTaken: Promise<void> = Promise.resolve();
    let released: Promise<void> = Promise.resolve();
    sink.respond = (_req, res) => {
      // Answer only once another process holds the lock, for longer than a statement waits.
      if (sink.requests.length === 1) {
        const holder = holdWriteLock(dbPath, 6000);
        lockTaken = holder.locked;
        released = holder.released;
      }
      void lockTaken.then(() => res.writeHead(200).end('ok'));
    };
    engine.start();
    expect(await until(() => sink.requests.length === 2, 5000)).toBe(true);
    await lockTaken;
    await released;
    expect(await until(() => store.deliveries.countByStatus().sent === 2, 5000), logger.lines.join('\n')).toBe(true);
    await engine.stop();
    store.close();
    expect(sink.requests).toHaveLength(2);
    expect(logger.lines.join('\n')).toMatch(/database is locked by another process; waiting to write/);
  }, 30_000);
});
