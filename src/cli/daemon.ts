import { CalendarCache } from '../calendar/cache.ts';
import { createDeliveryEngine, type DeliveryEngine } from '../channels/delivery-engine.ts';
import { closeMailTransports, smtpFromEnv } from '../channels/email.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { Planner } from '../schedule/planner.ts';
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

/**
 * The running daemon, top to bottom: create the example on a first start, start the delivery loop,
 * then every pass re-read the configuration, sync the calendars that are due and re-plan the outbox;
 * on abort stop taking work and let in-flight sends finish or hand them back.
 */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { store, clock, logger, env, signal } = options;
  if (!env.HERALD_NO_EXAMPLE) ensureExample(store, { dataDir: options.dataDir, clock, logger });
  const interval = (options.planIntervalSeconds ?? (Number(env.HERALD_PLAN_INTERVAL) || 60)) * 1000;
  const cache = new CalendarCache();
  const planner = new Planner(store, cache, logger);
  const engine: DeliveryEngine = createDeliveryEngine({
    store,
    clock,
    logger,
    cache,
    smtp: smtpFromEnv(env),
    publicUrl: env.HERALD_PUBLIC_URL ?? null,
    allowPrivateTargets: env.HERALD_ALLOW_PRIVATE_TARGETS === '1',
    ...(options.consoleWrite ? { consoleWrite: options.consoleWrite } : {}),
    ...(env.HERALD_CONCURRENCY ? { concurrency: Number(env.HERALD_CONCURRENCY) } : {}),
  });
  engine.start();
  logger.info('herald started', { users: store.users.list().length, calendars: store.calendars.list().length, plan_interval_s: interval / 1000 });
  try {
    while (!signal.aborted) {
      registerStoredSecrets(store);
      for (const calendar of store.calendars.list()) {
        if (signal.aborted) break;
        await syncCalendar(store, calendar, { clock, logger });
      }
      const summary = planner.planAll(clock.now());
      if (summary.changed > 0 || summary.cancelled > 0) {
        logger.info('planned', { scopes: summary.scopes, changed: summary.changed, cancelled: summary.cancelled, pending: store.deliveries.countByStatus().pending });
        engine.wake();
      }
      await clock.sleepUntil(clock.now() + interval, signal).catch(() => undefined);
    }
  } finally {
    logger.info('stopping: finishing deliveries in flight');
    await engine.stop();
    closeMailTransports();
    logger.info('herald stopped');
  }
}
