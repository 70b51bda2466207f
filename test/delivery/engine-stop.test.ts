/**
 * A clean stop sends nothing twice: it waits for sends in flight up to their deadline (a send cut
 * off may well have arrived), hands back what it had claimed but not started, and writes nothing
 * after the store is closed. Real HTTP on 127.0.0.1, real time.
 */
import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { channelSet } from '../../src/channels/registry.ts';
import { systemClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { createDeliveryEngine } from '../../src/delivery/engine.ts';
import { openStore } from '../../src/store/index.ts';
import { engineWorld } from '../channels/engine-fixture.ts';
import { startSink } from '../helpers/sink.ts';

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

/** The engine of a restarted daemon on `dbPath`, run until it has nothing to do. */
async function restartAndSettle(dbPath: string) {
  const store = openStore(dbPath, () => systemClock.now());
  const logger = memoryLogger('debug');
  const engine = createDeliveryEngine({ store, clock: systemClock, logger, cache: new CalendarCache(), channels: channelSet, allowPrivateTargets: true });
  engine.start();
  await engine.idle();
  await engine.stop();
  const rows = store.deliveries.list();
  store.close();
  return rows;
}

describe('stopping the engine during sends', () => {
  it('waits for a slow webhook up to the send deadline: nothing goes twice after a restart', async () => {
    const sink = await startSink();
    // Slower than the old fixed 4 s shutdown grace, well inside the send deadline.
    sink.respond = (_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 5000);
    const w = engineWorld(systemClock, { timeoutMs: 8000 });
    const target = w.store.targets.add({ userId: w.user.id, name: 'slow', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    for (let i = 0; i < 3; i++) w.addTest(target.id, `m${i}`);
    w.engine.start();
    expect(await until(() => sink.requests.length === 3, 5000)).toBe(true);
    await w.engine.stop();
    // As `herald start` does once the daemon has stopped.
    w.store.close();
    // Whatever a cut-off send might still do, it has done by now.
    await new Promise((r) => setTimeout(r, 1000));

    const rows = await restartAndSettle(w.dbPath);
    expect(sink.requests).toHaveLength(3);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(w.logger.lines.join('\n')).toContain('stopping: waiting for sends in flight');
  }, 30_000);

  it('hands back, uncounted, the sends still waiting for their turn at the service (Slack: one a second)', async () => {
    const sink = await startSink();
    const w = engineWorld(systemClock);
    const target = w.store.targets.add({ userId: w.user.id, name: 'slack', kind: 'slack', url: `${sink.url}/services/T/B/X`, allowPrivate: true });
    for (let i = 0; i < 6; i++) w.addTest(target.id, `m${i}`);
    w.engine.start();
    expect(await until(() => sink.requests.length >= 1, 5000)).toBe(true);
    const t = Date.now();
    await w.engine.stop();
    // The five others waited for slots up to five seconds away: the stop does not wait for them.
    expect(Date.now() - t).toBeLessThan(1500);
    const sentBeforeStop = sink.requests.length;
    expect(sentBeforeStop).toBeLessThan(6);
    const handedBack = w.store.deliveries.list().filter((r) => r.status === 'pending');
    expect(handedBack).toHaveLength(6 - sentBeforeStop);
    for (const r of handedBack) expect(r.attempts).toBe(0);
    w.store.close();

    const rows = await restartAndSettle(w.dbPath);
    const keys = sink.requests.map((r) => r.body);
    expect(new Set(keys).size).toBe(6);
    expect(keys).toHaveLength(6);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  }, 30_000);
});
