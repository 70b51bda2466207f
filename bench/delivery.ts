/**
 * The delivery engine against a loopback sink: N deliveries all due at one instant (10,000; quick:
 * 1,000) go through createDeliveryEngine (real store, systemClock, concurrency 16), beside a bare
 * http.request loop posting the same requests with the same concurrency to the same sink.
 * Lateness is sent_at − due_at with every due_at = the start instant, so it measures queueing: with
 * everything due at once its p99 is bounded by N / throughput, and is reported as it is.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CalendarCache } from '../src/calendar/cache.ts';
import { createDeliveryEngine } from '../src/channels/delivery-engine.ts';
import { webhook } from '../src/channels/webhook.ts';
import type { StoredPayload } from '../src/channels/compose.ts';
import { systemClock } from '../src/core/clock.ts';
import { memoryLogger } from '../src/core/log.ts';
import { openStore, type Store, type Target } from '../src/store/index.ts';
import type { BenchResult } from './types.ts';

const concurrency = 16;

/**
 * The sink runs in a child process: a real chat service does not share herald's CPU, and on a
 * two-core machine an in-process sink would take half of what is measured.
 */
async function startSink(): Promise<{ url: string; received: () => Promise<number>; close: () => Promise<void> }> {
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'loopback-sink.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench: the loopback sink exited (${code}) before listening`)));
  });
  const received = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve((m as { received: number }).received));
      child.send('count');
    });
  const close = () =>
    new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill();
    });
  return { url: `http://127.0.0.1:${port}/hook`, received, close };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function fill(store: Store, prefix: string, n: number, userId: number, targetId: number, dueAt: number) {
  const rows = Array.from({ length: n }, (_, i) => ({ dedupeKey: `${prefix}-${i}`, kind: 'test' as const, userId, targetId, dueAt, context: { text: `bench message ${i}: the quick brown fox jumps over the lazy dog` } }));
  for (let i = 0; i < rows.length; i += 1000) store.deliveries.add(rows.slice(i, i + 1000));
}

/** The same requests the engine sent (body and headers, built by the webhook channel), posted with plain http.request. */
async function bareLoop(requests: { url: string; headers: Record<string, string>; body: string }[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        await new Promise<void>((resolve, reject) => {
          const req = http.request(r.url, { method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', reject);
          req.end(r.body);
        });
      }
    }),
  );
  agent.destroy();
  return performance.now() - t;
}

function requestsFor(store: Store, target: Target, prefix: string, n: number) {
  return store.deliveries
    .list({ limit: n * 3 })
    .filter((d) => d.dedupeKey.startsWith(`${prefix}-`))
    .map((d) => {
      const p = d.payload as StoredPayload;
      return webhook.buildRequest({ kind: d.kind, message: p.parts[0]!, dedupeKey: d.dedupeKey, part: 1, parts: 1, event: p.event, unsubscribeUrl: p.unsubscribeUrl }, target);
    });
}

export async function run(options: { quick: boolean }): Promise<BenchResult[]> {
  const n = options.quick ? 1000 : 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-delivery-'));
  const sink = await startSink();
  const store = openStore(join(dir, 'bench.db'), () => systemClock.now());
  const rows: BenchResult[] = [];
  const row = (metric: string, value: number, unit: string, target?: string, ok?: boolean) =>
    rows.push({ bench: 'delivery', metric, value, unit, ...(target ? { target } : {}), ...(ok === undefined ? {} : { ok }) });
  try {
    const user = store.users.add({ name: 'bench', tz: 'UTC' });
    const target = store.targets.add({ userId: user.id, name: 'sink', kind: 'webhook', url: sink.url, allowPrivate: true });
    const engine = createDeliveryEngine({ store, clock: systemClock, logger: memoryLogger('error'), cache: new CalendarCache(), concurrency });

    // Warm-up (not measured), for the engine and for the bare loop alike.
    fill(store, 'warm', 1000, user.id, target.id, systemClock.now());
    engine.start();
    await engine.idle();
    await bareLoop(requestsFor(store, target, 'warm', 1000));

    // The burst: N rows all due at the start instant.
    const start = systemClock.now();
    fill(store, 'burst', n, user.id, target.id, start);
    const t = performance.now();
    engine.wake();
    await engine.idle();
    const engineMs = performance.now() - t;
    await engine.stop();
    const burst = store.deliveries.list({ limit: n * 3 }).filter((d) => d.dedupeKey.startsWith('burst-'));
    const sent = burst.filter((d) => d.status === 'sent' && d.sentAt !== null);
    const lateness = sent.map((d) => d.sentAt! - d.dueAt).sort((a, b) => a - b);

    const bareMs = await bareLoop(requestsFor(store, target, 'burst', n));
    const engineRate = sent.length / (engineMs / 1000);
    const bareRate = n / (bareMs / 1000);
    const ratio = engineRate / bareRate;
    const p99 = percentile(lateness, 99);
    row('deliveries sent in the burst', sent.length, 'deliveries', `${n}`, sent.length === n);
    row('engine rate (store + render + HTTP)', engineRate, 'deliveries/s');
    row('bare http.request loop, same requests and concurrency', bareRate, 'posts/s');
    row('engine / bare loop', ratio, 'ratio', '≥ 0.5', ratio >= 0.5);
    row('lateness p50 (sent − due, all due at once)', percentile(lateness, 50), 'ms');
    row('lateness p99 (sent − due, all due at once)', p99, 'ms', '≤ 1000 ms', p99 <= 1000);
    row('lateness max', lateness.at(-1) ?? NaN, 'ms');
    row('p99 lateness bound by throughput (N / engine rate)', (n / engineRate) * 1000, 'ms');
  } finally {
    store.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
