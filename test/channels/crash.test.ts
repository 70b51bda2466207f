/**
 * kill -9 in the middle of a burst, then a restart: every message arrives, and only those in flight
 * at the kill (at most the concurrency, 4) may arrive twice — the Idempotency-Key tells them apart.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/index.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');

function startWorker(db: string, sinkUrl: string) {
  const child = spawn(process.execPath, [join(root, 'scripts', 'run-ts.mjs'), join(root, 'test/channels/fixtures/burst-worker.ts'), db, sinkUrl], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout.resume();
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return { child, exited, stderr: () => stderr };
}

async function until(check: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('crash in the middle of a burst', () => {
  it('loses nothing, and duplicates at most what was in flight', async () => {
    const sink = await startSink();
    sink.respond = (_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 5);
    const db = join(tempDir(), 'h.db');
    const store = openStore(db, () => systemClock.now());
    const user = store.users.add({ name: 'u', tz: 'UTC' });
    const sinkUrl = `${sink.url}/burst`;
    const target = store.targets.add({ userId: user.id, name: 'sink', kind: 'webhook', url: sinkUrl, allowPrivate: true });
    const total = 200;
    store.deliveries.add(
      Array.from({ length: total }, (_, i) => ({
        dedupeKey: `burst-${i}`,
        route: 'target' as const,
        userId: user.id,
        targetId: target.id,
        dueAt: systemClock.now(),
        content: { kind: 'test' as const, text: `m${i}` },
      })),
    );

    const first = startWorker(db, sinkUrl);
    const reached = await until(() => sink.requests.length >= 50, 20_000);
    expect(reached, first.stderr()).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = sink.requests.length;
    expect(atKill).toBeGreaterThanOrEqual(50);
    expect(atKill).toBeLessThan(total);
    // Some rows were taken (leased) by the killed worker and never answered for.
    expect(store.deliveries.countByStatus().sent).toBeLessThan(total);

    const second = startWorker(db, sinkUrl);
    const done = await until(() => store.deliveries.countByStatus().sent === total, 30_000);
    second.child.kill('SIGKILL');
    await second.exited;
    expect(done, second.stderr()).toBe(true);
    const keys = sink.requests.map((r) => String(r.headers['idempotency-key']));
    const unique = new Set(keys);
    expect(unique.size).toBe(total);
    expect(keys.length - unique.size).toBeLessThanOrEqual(4);
    store.close();
  }, 60_000);
});
