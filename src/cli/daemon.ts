import { createDeliveryEngine, type DeliveryEngine } from '../channels/delivery-engine.ts';
import { closeMailTransports, smtpFromEnv } from '../channels/email.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { Planner, plannerCache } from '../schedule/planner.ts';
import { syncCalendar } from '../schedule/sync.ts';
import type { Store } from '../store/index.ts';
import { ensureExample } from './commands/example.ts';
import { registerStoredSecrets } from './context.ts';

export interface DaemonOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Aborting stops the daemon. */
  signal: AbortSignal;
  dataDir: string;
  consoleWrite?: (text: string) => void;
  /** Seconds between passes that re-read configuration and calendars and re-plan (default 60). */
  planIntervalSeconds?: number;
}

/** The longest the delivery loop waits for the first planning pass after a start. */
const firstPassWaitMs = 10_000;
/** Calendars read at the same time (URL fetches wait on the network, not on us). */
const syncConcurrency = 8;

function positiveNumber(text: string | undefined, name: string, fallback: number, logger: Logger): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (Number.isFinite(n) && n > 0) return n;
  logger.warn(`${name} must be a positive number; using the default`, { value: text, default: fallback });
  return fallback;
}

/**
 * The running daemon, top to bottom: create the example on a first start; then every pass re-read
 * the configuration, sync the calendars that are due and re-plan the outbox. The delivery loop
 * starts after the first pass (or 10 s), so that a reminder of an event moved or deleted while
 * herald was down is cancelled before it could go out. On abort: stop taking work, let in-flight
 * sends finish or hand them back.
 */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { store, clock, logger, env, signal } = options;
  if (!env.HERALD_NO_EXAMPLE) ensureExample(store, { dataDir: options.dataDir, clock, logger });
  const interval = (options.planIntervalSeconds ?? positiveNumber(env.HERALD_PLAN_INTERVAL, 'HERALD_PLAN_INTERVAL', 60, logger)) * 1000;
  const horizonMs = positiveNumber(env.HERALD_PLAN_HORIZON_HOURS, 'HERALD_PLAN_HORIZON_HOURS', 48, logger) * 3_600_000;
  const cache = plannerCache(positiveNumber(env.HERALD_CALENDAR_CACHE, 'HERALD_CALENDAR_CACHE', 300, logger));
  // The daemon's planner is the one that drops planned entries of the planning change log.
  const planner = new Planner(store, cache, logger, { horizonMs, forgetChanges: true });
  const engine: DeliveryEngine = createDeliveryEngine({
    store,
    clock,
    logger,
    cache,
    smtp: smtpFromEnv(env),
    publicUrl: env.HERALD_PUBLIC_URL ?? null,
    allowPrivateTargets: env.HERALD_ALLOW_PRIVATE_TARGETS === '1',
    ...(options.consoleWrite ? { consoleWrite: options.consoleWrite } : {}),
    ...(env.HERALD_CONCURRENCY ? { concurrency: positiveNumber(env.HERALD_CONCURRENCY, 'HERALD_CONCURRENCY', 8, logger) } : {}),
  });
  logger.info('herald started', { users: store.users.list().length, calendars: store.calendars.list().length, plan_interval_s: interval / 1000 });
  let engineStarted = false;
  const startEngine = () => {
    if (engineStarted || signal.aborted) return;
    engine.start();
    engineStarted = true;
  };
  // A long first pass (thousands of users, slow feeds) must not hold back what is due: the engine
  // starts when the first pass is done, or after firstPassWaitMs at the latest.
  const startTimer = new AbortController();
  clock.sleepUntil(clock.now() + firstPassWaitMs, startTimer.signal).then(startEngine, () => undefined);
  try {
    // Secrets added later are registered where they are used: a target's URL when a delivery
    // goes to it, a calendar's URL and password when it is synced.
    registerStoredSecrets(store);
    while (!signal.aborted) {
      await syncDueCalendars(store, { clock, logger, signal });
      if (signal.aborted) break;
      const summary = await planner.planAllAsync(clock.now(), 20, signal);
      if (summary.changed > 0 || summary.cancelled > 0) {
        logger.info('planned', { scopes: summary.scopes, changed: summary.changed, cancelled: summary.cancelled, pending: store.deliveries.pendingCount() });
      }
      if (!engineStarted) {
        startTimer.abort();
        startEngine();
      } else if (summary.changed > 0) engine.wake();
      await clock.sleepUntil(clock.now() + interval, signal).catch(() => undefined);
    }
  } finally {
    startTimer.abort();
    logger.info('stopping: finishing deliveries in flight');
    if (engineStarted) await engine.stop();
    closeMailTransports();
    logger.info('herald stopped');
  }
}

/**
 * Syncs every calendar whose next sync time has come, a few at a time. On abort it returns at once:
 * a fetch still under way (up to its time limit) is left to finish, and its result is dropped.
 */
async function syncDueCalendars(store: Store, deps: { clock: Clock; logger: Logger; signal: AbortSignal }): Promise<void> {
  const now = deps.clock.now();
  const due = store.calendars.dueForSync(now);
  let next = 0;
  const worker = async () => {
    while (next < due.length && !deps.signal.aborted) {
      const calendar = due[next++]!;
      try {
        await syncCalendar(store, calendar, { clock: deps.clock, logger: deps.logger });
      } catch (err) {
        // Only after an abort closed the store under a late fetch; anything else syncCalendar records itself.
        if (!deps.signal.aborted) deps.logger.error('calendar sync failed', { calendar: calendar.name, error: err as Error });
      }
    }
  };
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  deps.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(syncConcurrency, due.length) }, worker)), aborted]);
  } finally {
    deps.signal.removeEventListener('abort', onAbort);
  }
}
