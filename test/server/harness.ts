import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { keyFrom } from '../../src/core/secret-box.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { createApp } from '../../src/server/app.ts';
import type { DaemonStatus } from '../../src/server/health.ts';
import { listen } from '../../src/server/listen.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

export const keys = {
  unsubscribeSecret: 'test-unsubscribe-secret-0123456789',
  adminToken: 'test-admin-token-0123456789',
  secretKey: keyFrom('test-secret-key'),
};

/** herald's HTTP app over a real SQLite store, served on 127.0.0.1 for one test. */
export async function serveApp(options: { metricsNeedToken?: boolean; status?: Partial<DaemonStatus>; inlineParseBytes?: number } = {}) {
  const dir = tempDir();
  const clock = new ManualClock(Date.parse('2026-12-07T06:00:00Z'));
  const store = openStore(join(dir, 'h.db'), () => clock.now());
  const logger = memoryLogger('debug');
  const metrics = createMetrics(store);
  let status: DaemonStatus = { startedAt: clock.now(), lastPassAt: clock.now(), planIntervalMs: 60_000, engineRunning: true, ...options.status };
  const app = createApp({
    store,
    clock,
    logger,
    metrics,
    status: () => status,
    keys,
    cache: new CalendarCache(),
    metricsNeedToken: options.metricsNeedToken ?? false,
    // The tests' chat services (response_url) are on 127.0.0.1.
    allowPrivateTargets: true,
    ...(options.inlineParseBytes === undefined ? {} : { inlineParseBytes: options.inlineParseBytes }),
  });
  const server = await listen(app, '127.0.0.1', 0);
  onTestFinished(async () => {
    await server.close();
    try {
      store.close();
    } catch {
      /* closed by the test */
    }
  });
  return {
    url: server.url,
    store,
    clock,
    logger,
    metrics,
    setStatus: (s: Partial<DaemonStatus>) => (status = { ...status, ...s }),
  };
}

/** Prometheus text format, read back: `name{a="b"}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}
