/**
 * Prometheus metrics (prom-client): counters the delivery engine and the daemon move as things
 * happen, and gauges read from the store when /metrics is scraped (what is pending, calendars in
 * error). One registry per daemon, so tests and several daemons in one process do not mix.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryObserver } from '../delivery/observer.ts';
import type { Store } from '../store/index.ts';

export interface Metrics {
  registry: Registry;
  /** For the delivery engine. */
  observer: DeliveryObserver;
  planningPass(seconds: number): void;
  /** A calendar sync ended: it brought a new copy, found none, or failed (the last good copy stays). */
  calendarSync(result: 'changed' | 'unchanged' | 'error', seconds: number): void;
  httpRequest(route: string, method: string, status: number): void;
}

export function createMetrics(store: Store): Metrics {
  const registry = new Registry();
  const deliveries = new Counter({
    name: 'herald_deliveries_total',
    help: 'Delivery outcomes recorded, by status (sent, late, failed, dead, retry, missed, cancelled) and channel kind',
    labelNames: ['status', 'channel'],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'herald_delivery_retries_total',
    help: 'Sends that failed and were scheduled again',
    labelNames: ['channel'],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'herald_dead_letters_total',
    help: 'Deliveries given up after their last attempt',
    labelNames: ['channel'],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'herald_delivery_lateness_seconds',
    help: 'Time from a delivery being due to it being sent',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
    registers: [registry],
  });
  const planning = new Histogram({
    name: 'herald_planning_pass_seconds',
    help: 'Duration of a planning pass (calendar syncs run apart and are not counted)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const syncs = new Counter({
    name: 'herald_calendar_syncs_total',
    help: 'Calendar syncs, by result: changed (a new copy), unchanged, error (the last good copy stays)',
    labelNames: ['result'],
    registers: [registry],
  });
  const syncSeconds = new Histogram({
    name: 'herald_calendar_sync_seconds',
    help: 'Duration of a calendar sync (download or file read, and parse)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60],
    registers: [registry],
  });
  const http = new Counter({
    name: 'herald_http_requests_total',
    help: 'HTTP requests served, by route and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  storeGauges(registry, store);
  return {
    registry,
    observer: {
      outcome(d, channel, status, atMs) {
        deliveries.inc({ status, channel });
        if (status === 'retry') retries.inc({ channel });
        if (status === 'dead') deadLetters.inc({ channel });
        if (status === 'sent' || status === 'late') lateness.observe(Math.max(0, atMs - d.dueAt) / 1000);
      },
    },
    planningPass: (seconds) => planning.observe(seconds),
    calendarSync: (result, seconds) => {
      syncs.inc({ result });
      syncSeconds.observe(seconds);
    },
    httpRequest: (route, method, status) => http.inc({ route, method, status: String(status) }),
  };
}

/** Gauges read from the store when /metrics is scraped. */
function storeGauges(registry: Registry, store: Store): void {
  new Gauge({
    name: 'herald_deliveries_pending',
    help: 'Planned deliveries not yet sent',
    registers: [registry],
    collect() {
      this.set(store.deliveries.pendingCount());
    },
  });
  new Gauge({
    name: 'herald_calendars',
    help: 'Calendars by the state of their last sync (ok, error, never synced)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = { ok: 0, error: 0, never: 0 };
      for (const c of store.calendars.list()) counts[c.lastSyncAt === null ? 'never' : c.lastError ? 'error' : 'ok']++;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
}
