/**
 * Two delivery engines (two daemons, or a daemon and `target test`) on one database: the second
 * to start must not take the first one's rows in flight for a crash's and send them again.
 */
import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { channelSet } from '../../src/channels/registry.ts';
import { systemClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { createDeliveryEngine } from '../../src/delivery/engine.ts';
import { openStore } from '../../src/store/index.ts';
import { engineWorld } from '../channels/engine-fixture.ts';
import { liveProcessId } from '../helpers/processes.ts';
import { startSink } from '../helpers/sink.ts';

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('a second engine on the same database', () => {
  it("leaves the first one's sends in flight alone: every message goes once", async () => {
    const sink = await startSink();
    sink.respond = (_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 1500);
    const first = engineWorld(systemClock, { timeoutMs: 10_000 });
    const target = first.store.targets.add({ userId: first.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    for (let i = 0; i < 5; i++) first.addTest(target.id, `m${i}`);
    first.engine.start();
    expect(await until(() => sink.requests.length === 5, 5000)).toBe(true);

    // Another live process starts its engine while the first one's five sends wait for answers.
    const otherStore = openStore(first.dbPath, () => systemClock.now(), { owner: liveProcessId() });
    const logger = memoryLogger('debug');
    const second = createDeliveryEngine({
      store: otherStore,
      clock: systemClock,
      logger,
      cache: new CalendarCache(),
      channels: channelSet,
      allowPrivateTargets: true,
    });
    second.start();
    expect(await until(() => first.store.deliveries.countByStatus().sent === 5, 5000)).toBe(true);
    await second.stop();
    await first.engine.stop();
    const keys = sink.requests.map((r) => String(r.headers['idempotency-key']));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
    expect(logger.lines.join('\n')).not.toMatch(/resuming/);
    otherStore.close();
  }, 20_000);
});
