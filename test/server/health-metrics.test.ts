/** /healthz, /readyz and /metrics over real HTTP; the server's error shape and headers. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { loadConfig } from '../../src/daemon/config.ts';
import { Daemon } from '../../src/daemon/daemon.ts';
import { openStore } from '../../src/store/index.ts';
import { runUntil } from '../helpers/daemon-run.ts';
import { tempDir } from '../helpers/tmp.ts';
import { keys, parseMetrics, serveApp } from './harness.ts';

describe('health', () => {
  it('/healthz answers while the process runs; /readyz says ready with a check per part and each calendar', async () => {
    const app = await serveApp();
    const user = app.store.users.add({ name: 'ana', tz: 'UTC', locale: 'en' });
    const cal = app.store.calendars.add({ userId: user.id, name: 'team', kind: 'url', location: 'https://calendar.example.com/team.ics?token=SECRET-in-url' });
    app.store.calendars.recordSync(cal.id, { ok: false, error: 'http: 503 from https://calendar.example.com/team.ics?token=SECRET-in-url', nextSyncAt: 0 });
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }>; calendars: { name: string; last_error: string }[] };
    expect(body.status).toBe('ready');
    expect(Object.fromEntries(Object.entries(body.checks).map(([k, v]) => [k, v.ok]))).toEqual({ database: true, planning: true, delivery: true });
    expect(body.calendars[0]!.name).toBe('team');
    expect(body.calendars[0]!.last_error).toContain('503');
    expect(JSON.stringify(body)).not.toContain('SECRET-in-url');
  });

  it('/readyz is 503 before the first planning pass, when planning stalls, when the engine stops, and when the database is gone', async () => {
    const app = await serveApp({ status: { lastPassAt: null } });
    const check = async () => {
      const res = await fetch(`${app.url}/readyz`);
      return [res.status, ((await res.json()) as { status: string }).status];
    };
    expect(await check()).toEqual([503, 'not ready']);
    app.setStatus({ lastPassAt: app.clock.now() });
    expect(await check()).toEqual([200, 'ready']);
    await app.clock.advanceTo(app.clock.now() + 60_000 + 5 * 60_000 + 1);
    expect(await check()).toEqual([503, 'not ready']);
    app.setStatus({ lastPassAt: app.clock.now(), engineRunning: false });
    expect(await check()).toEqual([503, 'not ready']);
    app.setStatus({ engineRunning: true });
    app.store.close();
    expect(await check()).toEqual([503, 'not ready']);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('errors have one JSON shape and every answer carries security headers', async () => {
    const app = await serveApp();
    const res = await fetch(`${app.url}/no/such/route/with-a-secret-token`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; field: null } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).not.toContain('secret');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const big = await fetch(`${app.url}/unsubscribe/x`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
  });
});

describe('metrics', () => {
  it('serves Prometheus text that moves with the outcomes the engine reports', async () => {
    const app = await serveApp();
    const scrape = async () => {
      const res = await fetch(`${app.url}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain');
      return parseMetrics(await res.text());
    };
    const before = await scrape();
    expect(before.get('herald_deliveries_pending')).toBe(0);
    const row = { id: 1, dueAt: app.clock.now() - 250 } as Parameters<typeof app.metrics.observer.outcome>[0];
    app.metrics.observer.outcome(row, 'mattermost', 'sent', app.clock.now());
    app.metrics.observer.outcome(row, 'slack', 'retry', app.clock.now());
    app.metrics.observer.outcome(row, 'slack', 'dead', app.clock.now());
    const after = await scrape();
    expect(after.get('herald_deliveries_total{status="sent",channel="mattermost"}')).toBe(1);
    expect(after.get('herald_delivery_retries_total{channel="slack"}')).toBe(1);
    expect(after.get('herald_dead_letters_total{channel="slack"}')).toBe(1);
    expect(after.get('herald_delivery_lateness_seconds_count')).toBe(1);
    expect(after.get('herald_delivery_lateness_seconds_bucket{le="0.25"}')).toBe(1);
    expect(after.get('herald_delivery_lateness_seconds_bucket{le="0.1"}')).toBe(0);
    // The scrapes themselves are counted, by route.
    expect(after.get('herald_http_requests_total{route="/metrics",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
  });

  it('asks for the admin token when told to, compared in constant time', async () => {
    const app = await serveApp({ metricsNeedToken: true });
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${keys.adminToken}` } })).status).toBe(200);
  });
});

describe('calendar sync metrics', () => {
  it('count each sync by result in a running daemon: changed, unchanged, error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.ics'), 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n');
    const clock = new ManualClock(Date.parse('2026-11-24T08:00:00Z'));
    const store = openStore(join(dir, 'h.db'), () => clock.now());
    const user = store.users.add({ name: 'ops', tz: 'UTC', locale: 'en' });
    store.calendars.add({ userId: user.id, name: 'good', kind: 'file', location: join(dir, 'good.ics') });
    store.calendars.add({ userId: user.id, name: 'gone', kind: 'file', location: join(dir, 'missing.ics') });
    const stop = new AbortController();
    const config = loadConfig({
      env: { HERALD_NO_EXAMPLE: '1', HERALD_PLAN_INTERVAL: '30', HERALD_HTTP_PORT: '0' },
      cwd: dir,
      flags: { db: join(dir, 'h.db') },
    });
    const daemon = new Daemon({ config, store, clock, logger: memoryLogger('error'), signal: stop.signal });
    // First pass: both read (one new copy, one error); files are checked again 30 s later (unchanged).
    await runUntil(daemon, clock, clock.now() + 31_000);
    const scraped = parseMetrics(await (await fetch(`${daemon.url!}/metrics`)).text());
    stop.abort();
    await daemon.stopped;
    store.close();
    expect(scraped.get('herald_calendar_syncs_total{result="changed"}')).toBe(1);
    expect(scraped.get('herald_calendar_syncs_total{result="unchanged"}')).toBe(1);
    // The missing file failed at the start; it is tried again a minute later, not yet.
    expect(scraped.get('herald_calendar_syncs_total{result="error"}')).toBe(1);
    expect(scraped.get('herald_calendar_sync_seconds_count')).toBe(3);
  });
});
