/**
 * /healthz: the process answers. /readyz: it can do its job — the database answers, the planning
 * loop has run within its expected interval, the delivery engine runs — with each calendar's last
 * sync and error (redacted) for whoever watches it.
 */
import type { Hono } from 'hono';
import type { Clock } from '../core/clock.ts';
import { redact } from '../core/mask.ts';
import type { Store } from '../store/index.ts';

/** What the daemon tells the server about itself. */
export interface DaemonStatus {
  startedAt: number;
  /** When the last planning pass ended; null before the first. */
  lastPassAt: number | null;
  planIntervalMs: number;
  engineRunning: boolean;
}

/** A pass may take a while (thousands of users, slow feeds): late by this much still counts as alive. */
const passSlackMs = 5 * 60_000;

export function healthRoutes(app: Hono, deps: { store: Store; clock: Clock; status: () => DaemonStatus }): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const now = deps.clock.now();
    const status = deps.status();
    let database: { ok: boolean; error?: string } = { ok: true };
    let calendars: { name: string; kind: string; last_sync: string | null; last_error: string | null }[] = [];
    try {
      calendars = deps.store.calendars.list().map((cal) => ({
        name: cal.name,
        kind: cal.kind,
        last_sync: cal.lastSyncAt === null ? null : new Date(cal.lastSyncAt).toISOString(),
        last_error: cal.lastError === null ? null : redact(cal.lastError),
      }));
    } catch (err) {
      database = { ok: false, error: redact((err as Error).message) };
    }
    const planning = {
      ok: status.lastPassAt !== null && now - status.lastPassAt <= status.planIntervalMs + passSlackMs,
      last_pass: status.lastPassAt === null ? null : new Date(status.lastPassAt).toISOString(),
    };
    const delivery = { ok: status.engineRunning };
    const ready = database.ok && planning.ok && delivery.ok;
    return c.json({ status: ready ? 'ready' : 'not ready', checks: { database, planning, delivery }, calendars }, ready ? 200 : 503);
  });
}
