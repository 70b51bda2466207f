/**
 * The one loop that sends. It sleeps until the outbox's next due instant (or a wake-up), claims what
 * is due, and hands each row to a worker: prepare (lateness, destination, payload), send (the
 * channel), outcome (sent, failed, retry later or dead), recorded in the outbox. While nothing is
 * due it works ahead (lookahead.ts), so that a burst due at one instant costs only claims and sends.
 */
import type { Clock } from '../core/clock.ts';
import { HeraldError, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { processGone } from '../core/process-identity.ts';
import { isDatabaseBusy, type Delivery, type Store } from '../store/index.ts';
import { busyWrites } from './busy-writes.ts';
import type { Destination } from './channel.ts';
import type { DeliveryEngineOptions } from './engine-options.ts';
import { createLookahead, type Lookahead } from './lookahead.ts';
import { decideOutcome } from './outcome.ts';
import { Pacer, SendRateCap } from './pacing.ts';
import { Preparer } from './prepare.ts';
import { OutcomeRecorder } from './record.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';
import { sendPayload, stoppedBeforeSending } from './send.ts';
import { sendTools } from './send-tools.ts';

export type { DeliveryEngineOptions } from './engine-options.ts';

/**
 * How long a claimed row stays taken before another process may resume it: far longer than a
 * send's deadline, so a live sender never loses a row it is sending.
 */
const leaseMs = 10 * 60_000;
/** How often a running engine resumes rows abandoned by another process (a daemon that died). */
const resumeEveryMs = 60_000;
/** A stop waits for sends in flight up to their deadline and this much more, to record them. */
const stopMarginMs = 2000;
/** The pause before the loop looks again while another process holds the database's write lock. */
const busyPauseMs = 1000;

export class DeliveryEngine {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly concurrency: number;
  private readonly policy: RetryPolicy;
  private readonly preparer: Preparer;
  private readonly ahead: Lookahead;
  private readonly pacer: Pacer;
  private readonly rateCap: SendRateCap | null;
  private readonly capWarnedAt = new Map<number | string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The rows of the sends in flight. */
  private readonly sendingIds = new Set<number>();
  /** Aborted by stop: sends still waiting for their turn (pacing) give up, not sent. */
  private stopSends = new AbortController();
  private nextResumeAt = Number.NEGATIVE_INFINITY;
  private readonly persist: <T>(what: string, write: () => T | Promise<T>) => Promise<T>;
  /** Claimed rows waiting for a free worker: claiming in batches keeps the outbox's transactions few. */
  private ready: Delivery[] = [];
  private stopping = false;
  private running: Promise<void> | null = null;
  private wakeUp = new AbortController();
  private idleWaiters: (() => void)[] = [];
  private readonly record: OutcomeRecorder;

  constructor(private readonly options: DeliveryEngineOptions) {
    ({ store: this.store, clock: this.clock, logger: this.logger } = options);
    this.concurrency = options.concurrency ?? 8;
    this.policy = options.retry ?? defaultRetryPolicy;
    this.pacer = new Pacer(this.clock);
    this.rateCap = options.targetRatePerMinute ? new SendRateCap(options.targetRatePerMinute) : null;
    this.preparer = new Preparer({
      store: this.store,
      cache: options.cache,
      channels: options.channels,
      clock: this.clock,
      publicUrl: options.publicUrl ?? null,
      unsubscribeLink: options.unsubscribeLink ?? null,
    });
    this.ahead = createLookahead({
      store: this.store,
      renderAheadMs: options.renderAheadMs ?? 60_000,
      readAheadMs: options.readAheadMs ?? 2_000,
      render: (d) => this.preparer.renderAhead(d),
    });
    this.persist = busyWrites(this.clock, this.logger);
    this.record = new OutcomeRecorder(this.store, this.clock, this.logger, this.persist, options.observer ?? null);
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.stopSends = new AbortController();
    this.running = this.loop().catch((err) => this.logger.error('delivery loop crashed', { error: err as Error }));
  }

  /** New or changed rows (the planner's call): look at the outbox again, and work ahead from the front. */
  wake(): void {
    this.ahead.restart();
    this.wakeUp.abort();
  }

  /**
   * Stops taking work; waits for sends in flight up to their deadline (a send cut off at shutdown
   * may well have arrived, and would go again after a restart); hands back the rows claimed but not
   * sent. A send still running past its deadline keeps its lease, and its outcome is not written.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSends.abort();
    this.wake();
    await this.running;
    this.running = null;
    if (this.inFlight.size > 0) {
      const graceMs = this.sendDeadlineMs() + stopMarginMs;
      this.logger.info('stopping: waiting for sends in flight', { count: this.inFlight.size, at_most_s: graceMs / 1000 });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    }
    this.record.flush();
    const stillSending = [...this.sendingIds];
    if (stillSending.length > 0) {
      this.logger.warn('sends still in flight past their deadline at shutdown; left leased, resumed by the next start', { count: stillSending.length });
      this.record.close();
    }
    const handedBack = await this.persist('hand back unsent deliveries', () => this.store.deliveries.handBack(stillSending));
    if (handedBack > 0) this.logger.info('handed back deliveries claimed but not sent', { count: handedBack });
  }

  /** Resolves when nothing is due now and nothing is in flight (tests, `digest send`). */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
      if (!this.running) this.notifyIdle();
    });
  }

  /** Sends one delivery now, whatever its due time (`target test`, `digest send`). */
  async sendNow(id: number): Promise<Delivery | undefined> {
    if (!this.store.deliveries.get(id)) throw new HeraldError('delivery', `no delivery ${id}`);
    const claimed = this.store.deliveries.claimOne(id, this.clock.now(), leaseMs);
    if (claimed) await this.deliver({ ...claimed, dueAt: this.clock.now() }, false);
    return this.store.deliveries.get(id);
  }

  private async loop(): Promise<void> {
    let busyTurns = 0;
    while (!this.stopping) {
      try {
        await this.turn();
        if (busyTurns > 0) this.logger.info('database lock released; sending again', { waited_turns: busyTurns });
        busyTurns = 0;
      } catch (err) {
        if (!isDatabaseBusy(err)) throw err;
        // Another process holds the database's write lock: say so, wait a little, look again.
        if (busyTurns++ % 10 === 0) this.logger.warn('database is locked by another process; waiting to claim due deliveries', { error: err as Error });
        this.wakeUp = new AbortController();
        await this.clock.sleepUntil(this.clock.now() + busyPauseMs, this.wakeUp.signal).catch(() => undefined);
      }
    }
    this.ready = [];
    this.ahead.clear();
  }

  /** One turn of the loop: claim, hand out, work ahead or sleep. */
  private async turn(): Promise<void> {
    const now = this.clock.now();
    if (now >= this.nextResumeAt) this.resumeAbandoned(now);
    if (this.ready.length < this.concurrency) this.claim(now);
    while (this.inFlight.size < this.concurrency && this.ready.length > 0) this.track(this.ready.shift()!);
    if (this.ready.length > 0 && this.inFlight.size < this.concurrency) return;
    if (this.ready.length === 0) {
      this.notifyIdle();
      // Nothing due now: render what comes due within a minute and read what comes due within
      // seconds, a batch at a time, letting answers in between.
      if (this.ahead.work(now) > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        return;
      }
    }
    await this.sleep(now);
  }

  /**
   * Resume after a crash, at the start and every minute: rows in flight whose lease expired, or
   * whose owner died on this host, are pending again. Rows another live process is sending stay its.
   */
  private resumeAbandoned(now: number): void {
    this.nextResumeAt = now + resumeEveryMs;
    const resumed = this.store.deliveries.resumeAbandoned(now, this.options.ownerGone ?? processGone);
    if (resumed > 0) this.logger.warn('resuming deliveries left in flight by a herald that stopped', { count: resumed });
  }

  /** Rows read ahead first (a cheap claim); then anything else that is due, rendered as it is claimed. */
  private claim(now: number): void {
    const room = this.concurrency * 4 - this.ready.length;
    const early = this.ahead.claimDue(now, room, leaseMs);
    for (const d of early.claimed) this.ready.push(d);
    if (!early.exhausted) return;
    for (const d of this.store.deliveries.claimDue(now, room - early.claimed.length, leaseMs, (d) => this.preparer.renderAtClaim(d, now))) this.ready.push(d);
  }

  /**
   * Full: until a worker finishes (it wakes the loop). Otherwise: until the next due row, or until
   * the next planned row comes within reach of working ahead; a minute at most.
   */
  private async sleep(now: number): Promise<void> {
    this.wakeUp = new AbortController();
    const busy = this.inFlight.size >= this.concurrency || this.ready.length > 0;
    const until = busy ? now + 60_000 : Math.min(this.store.deliveries.nextDueAt() ?? now + 60_000, this.ahead.nextWorkAt(now) ?? now + 60_000, now + 60_000);
    if (until > now) await this.clock.sleepUntil(until, this.wakeUp.signal).catch(() => undefined);
  }

  private track(d: Delivery): void {
    this.sendingIds.add(d.id);
    const p = this.deliver(d)
      .catch((err) => {
        this.logger.error('delivery crashed; handed back for retry', { delivery: d.id, error: err as Error });
        const retry = { error: errorMessage(err), statusCode: null, nextAttemptAt: this.clock.now() + (this.policy.waitsMs[0] ?? 1000) };
        return this.record.write('hand back a crashed delivery', () => this.store.deliveries.markRetry(d.id, retry));
      })
      .catch((err) => this.logger.error('cannot record a crashed delivery; resumed after its lease', { delivery: d.id, error: err as Error }))
      .finally(() => {
        this.sendingIds.delete(d.id);
        this.inFlight.delete(p);
        // Take the next claimed row at once; wake the loop only when the queue runs low.
        const next = this.stopping ? undefined : this.ready.shift();
        if (next) this.track(next);
        if (this.ready.length < this.concurrency) this.wakeUp.abort();
      });
    this.inFlight.add(p);
  }

  private notifyIdle(): void {
    this.record.flush();
    const due = this.store.deliveries.nextDueAt();
    if (this.inFlight.size === 0 && this.ready.length === 0 && (due === null || due > this.clock.now())) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** One claimed row: prepare, send (when its target's rate cap allows; `sendNow` is not capped), decide, record. */
  private async deliver(d: Delivery, capped = true): Promise<void> {
    const prepared = this.preparer.prepare(d, this.clock.now());
    if (!prepared.ready) return this.record.notSent(d, prepared);
    const { to, payload } = prepared;
    if (prepared.rendered) await this.record.write('record a rendered payload', () => this.store.deliveries.setPayload(d.id, payload));
    if (capped && this.rateCap) {
      const now = this.clock.now();
      const at = this.rateCap.reserve(to.targetId ?? to.url, d.id, now);
      if (at > now) return this.postpone(d, to, at);
    }
    const channel = this.options.channels.byKind(to.kind);
    const result = await sendPayload(d, payload, to, channel, {
      tools: sendTools(this.options, to, this.sendDeadlineMs(), this.clock),
      pacer: this.pacer,
      partSent: (p) => this.record.write('record the parts sent', () => this.store.deliveries.setPayload(d.id, p)),
      stop: this.stopSends.signal,
    });
    // Not sent (the engine is stopping): the row stays leased until stop hands it back.
    if (result === stoppedBeforeSending) return;
    const deadline = result.ok ? null : this.preparer.deadline(d, prepared.user);
    const outcome = decideOutcome(
      result,
      // Sent after its event started (a rule with late delivery): late, whatever the payload says.
      {
        attempts: d.attempts,
        late: payload.late || this.clock.now() >= (d.eventStartMs ?? Infinity),
        deadlineMs: deadline?.atMs ?? null,
        deadlineWhat: deadline?.what ?? '',
      },
      { policy: this.policy, random: this.options.random ?? Math.random, nowMs: this.clock.now() },
    );
    await this.record.sent(d, to, outcome);
  }

  /** One deadline for a whole HTTP exchange. */
  private sendDeadlineMs(): number {
    return this.options.timeoutMs ?? 15_000;
  }

  /** A target over its send-rate cap: the row waits in the outbox for its slot (logged once a minute per target). */
  private postpone(d: Delivery, to: Destination, atMs: number): void {
    this.store.deliveries.postpone(d.id, atMs);
    const key = to.targetId ?? to.url;
    const now = this.clock.now();
    if ((this.capWarnedAt.get(key) ?? -Infinity) > now - 60_000) return;
    this.capWarnedAt.set(key, now);
    this.logger.warn('target over its send-rate cap; deliveries wait their turn', { target: to.name, per_minute: this.options.targetRatePerMinute });
  }
}

/** The engine, built from its options. */
export function createDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  return new DeliveryEngine(options);
}
