/**
 * The delivery engine against a loopback sink: throughput on a burst of N deliveries due at once,
 * beside a bare HTTP client loop posting the same payloads with the same concurrency; and lateness
 * (sent − due, p50/p99) for N deliveries due across one minute.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarCache } from '../src/calendar/cache.ts';
import { createDeliveryEngine } from '../src/channels/delivery-engine.ts';
import { systemClock } from '../src/core/clock.ts';
import { memoryLogger } from '../src/core/log.ts';
import { openStore, type Store } from '../src/store/index.ts';
import type { BenchResult } from './types.ts';

const concurrency = 16;

async function startSink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, count: () => n, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function fill(store: Store, prefix: string, n: number, userId: number, targetId: number, dueAt: (i: number) => number) {
  const rows = Array.from({ length: n }, (_, i) => ({ dedupeKey: `${prefix}-${i}`, kind: 'test' as const, userId, targetId, dueAt: dueAt(i), context: { text: `bench message ${i}: the quick brown fox jumps over the lazy dog` } }));
  for (let i = 0; i < rows.length; i += 1000) store.deliveries.add(rows.slice(i, i + 1000));
}

async function bareLoop(url: string, bodies: string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        await new Promise<void>((resolve, reject) => {
          const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', reject);
          req.end(body);
        });
      }
    }),
  );
  agent.destroy();
  return performance.now() - t;
}

export async function run(options: { quick: boolean }): Promise<BenchResult[]> {
  const n = options.quick ? 1000 : 10_000;
  const spreadMs = options.quick ? 6_000 : 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-delivery-'));
  const sink = await startSink();
  const store = openStore(join(dir, 'bench.db'), () => systemClock.now());
  const rows: BenchResult[] = [];
  const row = (metric: string, value: number, unit: string, target?: string, ok?: boolean) => rows.push({ bench: 'delivery', metric, value, unit, ...(target ? { target } : {}), ...(ok === undefined ? {} : { ok }) });
  try {
    const user = store.users.add({ name: 'bench', tz: 'UTC' });
    const target = store.targets.add({ userId: user.id, name: 'sink', kind: 'webhook', url: sink.url, allowPrivate: true });
    const engine = createDeliveryEngine({ store, clock: systemClock, logger: memoryLogger('error'), cache: new CalendarCache(), concurrency });

    // 0. Warm-up (not measured): the JIT compiles the engine's path, as the bare loop's is simple.
    fill(store, 'warm', 1000, user.id, target.id, () => systemClock.now());
    engine.start();
    await engine.idle();
    const warmed = store.deliveries.countByStatus().sent;

    // 1. Burst: N due now.
    const now = systemClock.now();
    fill(store, 'burst', n, user.id, target.id, () => now);
    let t = performance.now();
    engine.wake();
    await engine.idle();
    const engineMs = performance.now() - t;
    const sent = store.deliveries.countByStatus().sent - warmed;
    const bodies = store.deliveries.list({ limit: n + 1000 }).filter((d) => d.dedupeKey.startsWith('burst-')).map((d) => JSON.stringify({ kind: 'test', text: (d.payload as { parts: { text: string }[] }).parts[0]!.text, id: d.dedupeKey }));
    const bareMs = await bareLoop(sink.url, bodies);
    const engineRate = sent / (engineMs / 1000);
    const bareRate = bodies.length / (bareMs / 1000);
    row('deliveries in the burst', sent, 'deliveries', `${n}`, sent === n);
    row('engine throughput (store + render + HTTP)', engineRate, 'deliveries/s');
    row('bare HTTP client loop, same payloads and concurrency', bareRate, 'posts/s');
    row('engine / bare loop', engineRate / bareRate, 'ratio', '≥ 0.5', engineRate / bareRate >= 0.5);

    // 2. Paced: N due across one minute; lateness is sent − due.
    const start = systemClock.now() + 500;
    fill(store, 'paced', n, user.id, target.id, (i) => start + Math.floor((i * spreadMs) / n));
    engine.wake();
    t = performance.now();
    while (store.deliveries.countByStatus().sent + store.deliveries.countByStatus().late < 2 * n + warmed && performance.now() - t < spreadMs + 60_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await engine.stop();
    const lateness = store.deliveries.list({ limit: 3 * n + warmed }).filter((d) => d.dedupeKey.startsWith('paced-') && d.sentAt !== null).map((d) => d.sentAt! - d.dueAt).sort((a, b) => a - b);
    row(`deliveries due across ${spreadMs / 1000} s`, lateness.length, 'deliveries', `${n}`, lateness.length === n);
    row('lateness p50 (sent − due)', percentile(lateness, 50), 'ms');
    row('lateness p99 (sent − due)', percentile(lateness, 99), 'ms', '≤ 1000 ms', percentile(lateness, 99) <= 1000);
    row('lateness max', lateness.at(-1) ?? NaN, 'ms');
  } finally {
    store.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
