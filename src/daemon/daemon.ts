/**
 * The running daemon, top to bottom: create the example on a first start; then every pass start
 * the calendar syncs that are due (they run apart, calendar-syncs.ts) and re-plan the outbox from
 * each calendar's last good copy; a sync that brings a new copy wakes a pass at once. The delivery
 * engine sends; housekeeping runs on its UTC schedule. The first pass waits for its syncs (at most
 * 10 s) and the engine starts after it, so that a reminder of an event moved or deleted while
 * herald was down is cancelled before it could go out. On abort: stop taking work, abort the
 * downloads in flight, let sends in flight finish or hand them back.
 *
 * One daemon per database (daemon-lock.ts): a second start refuses. Another process holding the
 * database's write lock is waited out, with a warning, at the start and at every pass.
 */
import { closeChannels } from '../channels/registry.ts';
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { DeliveryEngine } from '../delivery/engine.ts';
import { Planner, plannerCache } from '../schedule/planner.ts';
import { createMetrics, type Metrics } from '../server/metrics.ts';
import type { DaemonStatus } from '../server/health.ts';
import type { RunningServer } from '../server/listen.ts';
import { isDatabaseBusy, retryWhileBusy, type BusyRetry, type Store } from '../store/index.ts';
import { CalendarSyncs } from './calendar-syncs.ts';
import type { HeraldConfig } from './config.ts';
import { takeDaemonLock } from './daemon-lock.ts';
import { deliveryEngineFor } from './delivery-engine.ts';
import { ensureExample } from './example.ts';
import { runHousekeeping } from './housekeeping.ts';
import { housekeepingJobs } from './retention.ts';
import { registerStoredSecrets, sealClearPasswords } from './secrets.ts';
import { secretKeyOf } from './server-keys.ts';
import { startServer } from './server.ts';

export interface DaemonOptions {
  config: Readonly<HeraldConfig>;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Aborting stops the daemon. */
  signal: AbortSignal;
  /** Where `console` targets print (default stdout). */
  print?: (text: string) => void;
  /** More fields for the "herald started" line (a simulated clock's start and speed). */
  startedWith?: Record<string, unknown>;
}

/** The longest the delivery engine waits for the first planning pass after a start. */
const firstPassWaitMs = 10_000;
/** The pause between two tries while another process holds the database's write lock. */
const busyPauseMs = 1000;
/**
 * How long one statement of the daemon's waits for another process's write lock before it gives the
 * event loop back and tries again (the CLI's statements wait 5 s, then fail).
 */
export const daemonBusyTimeoutMs = 2000;

export class Daemon {
  /** Resolves once the daemon has stopped. */
  readonly stopped: Promise<void>;
  private readonly engine: DeliveryEngine;
  private readonly planner: Planner;
  private readonly cache: CalendarCache;
  private engineStarted = false;
  private engineStopped = false;
  private readonly metrics: Metrics;
  private readonly startedAt: number;
  private lastPassAt: number | null = null;
  /** The HTTP server's address once it listens (null without one). */
  url: string | null = null;
  private sleeping = false;
  private sleepWaiters: (() => void)[] = [];
  private readonly syncs: CalendarSyncs;
  /** A sync brought a new copy since the last pass began: plan again without sleeping. */
  private planRequested = false;
  /** Ends the current sleep early (planRequested). */
  private wake: AbortController | null = null;
  private ended = false;
  /** The key sealing stored passwords, read on first need. */
  private secretKey: Buffer | null = null;
  /** The caller's signal, the loss of the daemon lock, or the way out: each stops the daemon. */
  private signal: AbortSignal;

  constructor(private readonly options: DaemonOptions) {
    const { config, store, clock, logger } = options;
    const cache = (this.cache = plannerCache(config.calendarCacheSize));
    // The daemon's planner is the one that drops planned entries of the planning change log.
    this.planner = new Planner(store, cache, logger, { horizonMs: config.planHorizonMs, forgetChanges: true });
    this.metrics = createMetrics(store);
    this.startedAt = clock.now();
    this.engine = deliveryEngineFor(
      config,
      { store, clock, logger, cache, print: options.print ?? ((t) => process.stdout.write(t)) },
      { observer: this.metrics.observer },
    );
    this.signal = options.signal;
    this.syncs = new CalendarSyncs(store, {
      clock,
      logger,
      // Read when a sync starts: the run's signal (stop, lost lock) replaces the caller's.
      signal: () => this.signal,
      allowPrivateCalendars: config.allowPrivateCalendars,
      secretKey: () => (this.secretKey ??= secretKeyOf(config)),
      onChanged: () => this.requestPlan(),
      onSynced: (result, seconds) => this.metrics.calendarSync(result, seconds),
    });
    this.stopped = this.run();
  }

  /** What /readyz reports. */
  status(): DaemonStatus {
    return {
      startedAt: this.startedAt,
      lastPassAt: this.lastPassAt,
      planIntervalMs: this.options.config.planIntervalMs,
      engineRunning: this.engineStarted && !this.engineStopped,
    };
  }

  /**
   * Resolves when the daemon has nothing to do until its clock moves: its pass is over and nothing
   * due is unsent (tests drive a manual clock with it).
   */
  async quiet(): Promise<void> {
    if (!this.sleeping) await this.nextSleep();
    // Syncs run apart: one that brings a new copy wakes another pass, which must end too.
    for (;;) {
      await this.syncs.idle();
      if (this.ended || (this.sleeping && !this.planRequested)) break;
      await this.nextSleep();
    }
    if (this.engineStarted) await this.engine.idle();
  }

  private nextSleep(): Promise<void> {
    return new Promise<void>((resolve) => this.sleepWaiters.push(resolve));
  }

  private requestPlan(): void {
    this.planRequested = true;
    this.wake?.abort();
  }

  private async run(): Promise<void> {
    const { config, store, clock, logger } = this.options;
    // Refused (another daemon runs), or stopped while waiting for the database: nothing started.
    const lock = await this.whileBusy('take the daemon lock', () => takeDaemonLock(store, logger)).catch((err: unknown) => {
      this.markSleeping();
      throw err;
    });
    if (!lock) return this.markSleeping();
    // Aborted on the way out, whatever the reason (an unexpected error too): housekeeping and the
    // waits end with the daemon instead of holding its stop.
    const done = new AbortController();
    this.signal = AbortSignal.any([this.options.signal, lock.lost, done.signal]);
    const signal = this.signal;
    let housekeeping: Promise<void> = Promise.resolve();
    let server: RunningServer | null = null;
    // A long first pass (thousands of users, slow feeds) must not hold back what is due.
    const startTimer = new AbortController();
    try {
      // Before anything is planned or sent: a port already taken stops the start with one clear line.
      if (config.http) {
        server = await startServer({ config, http: config.http, store, clock, logger, metrics: this.metrics, status: () => this.status(), cache: this.cache });
        this.url = server.url;
      }
      await this.whileBusy('start', () => this.starting());
      clock.sleepUntil(clock.now() + firstPassWaitMs, startTimer.signal).then(
        () => this.startEngine(),
        () => undefined,
      );
      housekeeping = runHousekeeping({ cron: config.housekeepingCron, clock, logger, signal, jobs: housekeepingJobs(store, config.retentionMs) });
      let first = true;
      while (!signal.aborted) {
        await this.whileBusy('plan', () => this.pass(first));
        first = false;
        if (!this.engineStarted) {
          startTimer.abort();
          this.startEngine();
        }
        await this.sleepUntil(clock.now() + config.planIntervalMs);
      }
    } finally {
      done.abort();
      startTimer.abort();
      logger.info('stopping: finishing deliveries in flight');
      // Downloads in flight were aborted with the signal; their ends are quick.
      await this.syncs.idle();
      if (this.engineStarted) await this.engine.stop();
      this.engineStopped = true;
      await server?.close();
      await housekeeping;
      closeChannels();
      lock.release();
      logger.info('herald stopped');
      this.ended = true;
      this.markSleeping();
    }
    if (lock.lost.aborted) throw lock.lost.reason;
  }

  /** The example on a first start, the start line, the secrets to mask. */
  private starting(): void {
    const { config, store, clock, logger } = this.options;
    if (config.createExample) ensureExample(store, { dataDir: config.dataDir, clock, logger });
    logger.info('herald started', {
      users: store.users.list().length,
      calendars: store.calendars.list().length,
      plan_interval_s: config.planIntervalMs / 1000,
      ...this.options.startedWith,
    });
    registerStoredSecrets(store);
    // Passwords stored in clear by an older herald are sealed now (once; logged by count only).
    const sealed = sealClearPasswords(store, () => (this.secretKey ??= secretKeyOf(config)));
    if (sealed > 0) logger.info('calendar passwords sealed with the secret key', { calendars: sealed });
  }

  /**
   * Runs `fn`, waiting out another process's write lock: a warning on the first busy try (and every
   * tenth), a pause, again. Undefined when the daemon was stopped while waiting.
   */
  private async whileBusy<T>(what: string, fn: () => T | Promise<T>): Promise<T | undefined> {
    const { clock, logger } = this.options;
    const retry: BusyRetry = {
      onBusy: (attempt, err) => {
        if (attempt % 10 === 1) logger.warn('database is locked by another process; waiting', { what, attempt, error: err as Error });
      },
      pause: () => clock.sleepUntil(clock.now() + busyPauseMs, this.signal),
    };
    try {
      return await retryWhileBusy(fn, retry);
    } catch (err) {
      if (this.signal.aborted && isDatabaseBusy(err)) return undefined;
      throw err;
    }
  }

  /**
   * Starts the calendar syncs that are due, then plans; wakes the engine when the outbox changed.
   * The first pass after a start waits for its syncs, up to firstPassWaitMs.
   */
  private async pass(first = false): Promise<void> {
    const { store, clock, logger } = this.options;
    const signal = this.signal;
    const started = performance.now();
    this.planRequested = false;
    this.syncs.startDue();
    if (first && this.syncs.busy) {
      const waited = new AbortController();
      await Promise.race([this.syncs.idle(), clock.sleepUntil(clock.now() + firstPassWaitMs, AbortSignal.any([signal, waited.signal])).catch(() => undefined)]);
      waited.abort();
      // What those syncs brought is planned now.
      this.planRequested = false;
    }
    if (signal.aborted) return;
    const summary = await this.planner.planAllAsync(clock.now(), 20, signal);
    this.lastPassAt = clock.now();
    this.metrics.planningPass((performance.now() - started) / 1000);
    if (summary.changed > 0 || summary.cancelled > 0) {
      logger.info('planned', { scopes: summary.scopes, changed: summary.changed, cancelled: summary.cancelled, pending: store.deliveries.pendingCount() });
    }
    if (this.engineStarted && summary.changed > 0) this.engine.wake();
  }

  private startEngine(): void {
    if (this.engineStarted || this.signal.aborted) return;
    this.engine.start();
    this.engineStarted = true;
  }

  private markSleeping(): void {
    this.sleeping = true;
    const waiters = this.sleepWaiters;
    this.sleepWaiters = [];
    for (const w of waiters) w();
  }

  private async sleepUntil(untilMs: number): Promise<void> {
    if (this.planRequested) return;
    const wake = (this.wake = new AbortController());
    this.markSleeping();
    await this.options.clock.sleepUntil(untilMs, AbortSignal.any([this.signal, wake.signal])).catch(() => undefined);
    this.wake = null;
    this.sleeping = false;
  }
}

/** Runs the daemon until `signal` aborts. */
export function runDaemon(options: DaemonOptions): Promise<void> {
  return new Daemon(options).stopped;
}
