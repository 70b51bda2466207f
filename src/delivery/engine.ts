/**
 * The one loop that sends. It sleeps until the outbox's next due instant (or a wake-up), claims what
 * is due, and hands each row to a worker: prepare (lateness, destination, payload), send (the
 * channel), outcome (sent, failed, retry later or dead), recorded in the outbox. While nothing is
 * due it works ahead (lookahead.ts), so that a burst due at one instant costs only claims and sends.
 */
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import { HeraldError, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { httpRequest } from '../net/http-client.ts';
import type { Delivery, Store } from '../store/index.ts';
import type { ChannelSet, Destination, SendTools, SmtpSettings } from './channel.ts';
import { createLookahead, type Lookahead } from './lookahead.ts';
import { decideOutcome } from './outcome.ts';
import { Pacer, SendRateCap } from './pacing.ts';
import { Preparer } from './prepare.ts';
import { OutcomeRecorder } from './record.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';
import { sendPayload } from './send.ts';

export interface DeliveryEngineOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  cache: CalendarCache;
  /** The ways out (src/channels/registry.ts). */
  channels: ChannelSet;
  /** Sends at once, at most (default 8). */
  concurrency?: number;
  smtp?: SmtpSettings | null;
  /** Base URL for unsubscribe links (HERALD_PUBLIC_URL). */
  publicUrl?: string | null;
  /** Let every target reach private and loopback addresses (HERALD_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets?: boolean;
  /** Where `console` targets print (default stdout). */
  print?: (text: string) => void;
  retry?: RetryPolicy;
  /** One deadline for a whole HTTP exchange (default 15 s). */
  timeoutMs?: number;
  random?: () => number;
  /** Planned rows coming due within this long are rendered while nothing is due (default 60 s). */
  renderAheadMs?: number;
  /** Rendered rows coming due within this long are read into memory ahead of their instant (default 2 s). */
  readAheadMs?: number;
  /** At most this many messages a minute to one target; the rest wait their turn in the outbox (default: no cap). */
  targetRatePerMinute?: number | null;
}

/** How long a claimed row stays taken before another worker may resume it. */
const leaseMs = 10 * 60_000;
/** The largest answer body kept from a service. */
const maxAnswerBytes = 64 * 1024;

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
    });
    this.ahead = createLookahead({
      store: this.store,
      renderAheadMs: options.renderAheadMs ?? 60_000,
      readAheadMs: options.readAheadMs ?? 2_000,
      render: (d) => this.preparer.renderAhead(d),
    });
    this.record = new OutcomeRecorder(this.store, this.clock, this.logger);
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop().catch((err) => this.logger.error('delivery loop crashed', { error: err as Error }));
  }

  /** New or changed rows (the planner's call): look at the outbox again, and work ahead from the front. */
  wake(): void {
    this.ahead.restart();
    this.wakeUp.abort();
  }

  /** Stops taking work; waits (at most `graceMs`) for sends in flight; hands back what did not finish. */
  async stop(graceMs = 4000): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = null;
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    }
    this.record.flush();
    const released = this.store.deliveries.releaseLeases();
    if (released > 0) this.logger.warn('handed back deliveries still in flight at shutdown', { count: released });
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
    const resumed = this.store.deliveries.releaseLeases();
    if (resumed > 0) this.logger.warn('resuming deliveries that were in flight when herald stopped', { count: resumed });
    while (!this.stopping) {
      const now = this.clock.now();
      if (this.ready.length < this.concurrency) this.claim(now);
      while (this.inFlight.size < this.concurrency && this.ready.length > 0) this.track(this.ready.shift()!);
      if (this.ready.length > 0 && this.inFlight.size < this.concurrency) continue;
      if (this.ready.length === 0) {
        this.notifyIdle();
        // Nothing due now: render what comes due within a minute and read what comes due within
        // seconds, a batch at a time, letting answers in between.
        if (this.ahead.work(now) > 0) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
      }
      await this.sleep(now);
    }
    this.ready = [];
    this.ahead.clear();
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
    const p = this.deliver(d)
      .catch((err) => {
        this.logger.error('delivery crashed; handed back for retry', { delivery: d.id, error: err as Error });
        this.store.deliveries.markRetry(d.id, { error: errorMessage(err), statusCode: null, nextAttemptAt: this.clock.now() + this.policy.baseMs });
      })
      .finally(() => {
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
    if (prepared.rendered) this.store.deliveries.setPayload(d.id, payload);
    if (capped && this.rateCap) {
      const now = this.clock.now();
      const at = this.rateCap.reserve(to.targetId ?? to.url, d.id, now);
      if (at > now) return this.postpone(d, to, at);
    }
    const channel = this.options.channels.byKind(to.kind);
    const result = await sendPayload(d, payload, to, channel, {
      tools: this.tools(to),
      pacer: this.pacer,
      partSent: (p) => this.store.deliveries.setPayload(d.id, p),
    });
    const outcome = decideOutcome(
      result,
      { attempts: d.attempts, late: payload.late },
      { policy: this.policy, random: this.options.random ?? Math.random, nowMs: this.clock.now() },
    );
    await this.record.sent(d, to, outcome);
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

  /** What a channel may use for one send to `to`. */
  private tools(to: Destination): SendTools {
    const limits = {
      timeoutMs: this.options.timeoutMs ?? 15_000,
      maxBodyBytes: maxAnswerBytes,
      oversize: 'truncate' as const,
      maxRedirects: 0,
      decompress: false,
      allowPrivate: to.allowPrivate || (this.options.allowPrivateTargets ?? false),
    };
    return {
      http: (request) => httpRequest(request, limits),
      smtp: this.options.smtp ?? null,
      print: this.options.print ?? ((text) => process.stdout.write(text)),
      now: () => this.clock.now(),
    };
  }
}

/** The engine, built from its options. */
export function createDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  return new DeliveryEngine(options);
}
