import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import { HeraldError, errorMessage } from '../core/errors.ts';
import { BurstFolder, type Logger } from '../core/log.ts';
import { redact, registerSecret, truncate } from '../core/mask.ts';
import { decideLateness } from '../schedule/lateness.ts';
import type { Delivery, Store, Target, User } from '../store/index.ts';
import { composeDelivery, renderBasis, type StoredPayload } from './compose.ts';
import { formatConsoleMessage } from './console.ts';
import { groupCommit } from './group-commit.ts';
import { createLookahead } from './lookahead.ts';
import { sendEmail, type SmtpSettings } from './email.ts';
import { postJson, TransportError } from './http-transport.ts';
import { webhookChannel } from './registry.ts';
import { defaultRetryPolicy, nextAttemptDelay, type RetryPolicy } from './retry.ts';
import type { ChannelVerdict, Outbound } from './types.ts';

export interface DeliveryEngineOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  cache: CalendarCache;
  /** Sends at once, at most (default 8). */
  concurrency?: number;
  smtp?: SmtpSettings | null;
  /** Base URL for unsubscribe links (HERALD_PUBLIC_URL). */
  publicUrl?: string | null;
  /** Let every target reach private and loopback addresses (HERALD_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets?: boolean;
  /** Where `console` targets print (default stdout). */
  consoleWrite?: (text: string) => void;
  retry?: RetryPolicy;
  timeoutMs?: number;
  random?: () => number;
  /**
   * Planned rows coming due within this long are rendered while the engine has nothing to send
   * (default 60 s), so that their due instant costs only the claim and the send.
   */
  renderAheadMs?: number;
  /**
   * Rendered rows coming due within this long are read into memory ahead of their instant
   * (default 2 s), which then costs one conditional UPDATE per row (see claimUnchanged).
   */
  readAheadMs?: number;
}

export interface DeliveryEngine {
  start(): void;
  /** Look at the outbox again now (the planner added rows). */
  wake(): void;
  /** Stop taking work; wait (at most `graceMs`) for sends in flight; hand back what did not finish. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when nothing is due now and nothing is in flight (for tests and `digest send`). */
  idle(): Promise<void>;
  /** Sends one delivery now, whatever its due time (for `target test`). */
  sendNow(id: number): Promise<Delivery | undefined>;
}

type SendResult = { ok: true; statusCode: number | null; info: string } | { ok: false; statusCode: number | null; retry: boolean; retryAfterMs?: number; error: string };

/**
 * The one loop that sends: it sleeps until the outbox's next due instant (or a wake-up), claims
 * what is due, and sends it with bounded concurrency. Each row is rendered and its payload written
 * before the first attempt; every outcome is recorded; failures retry with backoff and jitter.
 */
export function createDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  const { store, clock, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const policy = options.retry ?? defaultRetryPolicy;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const random = options.random ?? Math.random;
  const consoleWrite = options.consoleWrite ?? ((t: string) => process.stdout.write(t));
  const leaseMs = 10 * 60_000;
  const composeDeps = (nowMs: number) => ({ store, cache: options.cache, publicUrl: options.publicUrl ?? null, nowMs });
  const inFlight = new Set<Promise<void>>();
  const nextFreeSlot = new Map<number, number>();
  let stopping = false;
  let running: Promise<void> | null = null;
  let wakeUp = new AbortController();
  let idleWaiters: (() => void)[] = [];

  const wakeLoop = () => wakeUp.abort();
  /** New or changed rows (the planner's call): look at the outbox again, and work ahead from the front. */
  const wake = () => {
    ahead.restart();
    wakeLoop();
  };
  /** Successes are logged a line each, up to 20 a second; every outcome is in the outbox (`herald deliveries`). */
  const deliveredLines = new BurstFolder(
    () => clock.now(),
    (count, late) => logger.info('delivered more in the same second (one line each for the first 20)', { count, late }),
  );

  /**
   * Targets and users as of at most two seconds ago: a burst to one target then reads them once
   * instead of once per message. A removed or edited target takes effect within that time.
   */
  const lookups = new Map<string, { at: number; value: unknown }>();
  function cached<T>(key: string, load: () => T): T {
    const now = clock.now();
    const hit = lookups.get(key);
    if (hit && now - hit.at < 2000 && now >= hit.at) return hit.value as T;
    const value = load();
    if (lookups.size > 10_000) lookups.clear();
    lookups.set(key, { at: now, value });
    return value;
  }

  /** What a row's rendering depends on (see renderBasis), looked up as targets and users are. */
  function basisFor(d: Delivery, target: Target | null, user: User): string {
    const key = `b${d.kind === 'digest' ? `d${(d.context as { digestId?: number }).digestId}` : 'r'}:${d.targetId}:${d.userId}`;
    return cached(key, () => renderBasis(d, target, user, { store, publicUrl: options.publicUrl ?? null }));
  }

  function compose(d: Delivery, target: Target | null, user: User, late: boolean, nowMs: number): StoredPayload | null {
    const payload = composeDelivery(d, target, user, late, composeDeps(nowMs));
    if (payload && d.kind !== 'test') payload.basis = basisFor(d, target, user);
    return payload;
  }

  /** A payload rendered ahead of time that no longer matches what it was rendered from. */
  function isStale(d: Delivery, payload: StoredPayload, target: Target | null, user: User, late: boolean): boolean {
    if (payload.basis === undefined || payload.sentParts > 0 || d.attempts > 1) return false;
    return payload.late !== late || payload.basis !== basisFor(d, target, user);
  }

  async function waitForSlot(target: Target, minIntervalMs: number | undefined): Promise<void> {
    if (!minIntervalMs) return;
    const now = clock.now();
    const slot = Math.max(now, nextFreeSlot.get(target.id) ?? 0);
    nextFreeSlot.set(target.id, slot + minIntervalMs);
    if (slot > now) await clock.sleepUntil(slot);
  }

  /**
   * Sent outcomes are group-committed. A worker waits for its outcome's commit before it takes the
   * next row, so at most `concurrency` rows are ever sent but not yet recorded — the most a crash
   * can make herald send twice.
   */
  const record = groupCommit((fn) => store.transaction(fn));

  async function sendPart(out: Outbound, target: Target | null, toAddress: string | null): Promise<SendResult> {
    if (target === null || target.kind === 'email') {
      const to = target ? decodeURIComponent(target.url.replace(/^mailto:/, '')) : toAddress;
      if (!options.smtp) return { ok: false, statusCode: null, retry: false, error: 'email: no SMTP server configured (set HERALD_SMTP_URL)' };
      if (!to) return { ok: false, statusCode: null, retry: false, error: 'email: the user has no email address' };
      try {
        const r = await sendEmail(out, to, options.smtp);
        return { ok: true, statusCode: 250, info: r.info };
      } catch (err) {
        return { ok: false, statusCode: null, retry: (err as { retry?: boolean }).retry ?? true, error: errorMessage(err) };
      }
    }
    if (target.kind === 'console') {
      consoleWrite(formatConsoleMessage(out, target.name, new Date(clock.now()).toISOString()));
      return { ok: true, statusCode: null, info: 'printed' };
    }
    const channel = webhookChannel(target.kind);
    if (!channel) return { ok: false, statusCode: null, retry: false, error: `unknown target kind "${target.kind}"` };
    await waitForSlot(target, channel.minIntervalMs);
    let verdict: ChannelVerdict;
    let status: number | null = null;
    try {
      const answer = await postJson(channel.buildRequest(out, target), { timeoutMs, allowPrivate: target.allowPrivate || (options.allowPrivateTargets ?? false) });
      status = answer.status;
      verdict = channel.interpretResponse(answer);
    } catch (err) {
      const retry = err instanceof TransportError ? err.retry : true;
      return { ok: false, statusCode: null, retry, error: `${channel.kind}: ${errorMessage(err)}` };
    }
    if (verdict.ok) return { ok: true, statusCode: status, info: verdict.info };
    return { ok: false, statusCode: status, retry: verdict.retry, error: truncate(verdict.error, 300), ...(verdict.retryAfterMs === undefined ? {} : { retryAfterMs: verdict.retryAfterMs }) };
  }

  async function deliver(d: Delivery): Promise<void> {
    // Made only when a line is written: most deliveries log one line at most.
    let childLog: Logger | undefined;
    const log = () => (childLog ??= logger.child({ delivery: d.id, kind: d.kind }));
    const now = clock.now();
    const lateness = decideLateness(d, now);
    if (lateness === 'missed') {
      store.deliveries.markFinal(d.id, 'missed', { error: 'its moment passed while herald could not send it' });
      log().warn('delivery missed', { due: new Date(d.dueAt).toISOString() });
      return;
    }
    const target = d.targetId === null ? null : cached(`t${d.targetId}`, () => store.targets.get(d.targetId!) ?? null);
    if (d.targetId !== null && target === null) {
      store.deliveries.markFinal(d.id, 'failed', { error: 'its target was removed' });
      return;
    }
    if (target) registerSecret(target.url);
    const user = d.userId === null ? undefined : cached(`u${d.userId}`, () => store.users.get(d.userId!));
    if (!user) {
      store.deliveries.markFinal(d.id, 'failed', { error: 'its user was removed' });
      return;
    }
    let payload = d.payload as StoredPayload | null;
    try {
      if (payload && isStale(d, payload, target, user, lateness === 'late')) payload = null;
      if (!payload) {
        const composed = compose(d, target, user, lateness === 'late', now);
        if (!composed) {
          store.deliveries.markFinal(d.id, 'cancelled', { error: 'nothing to send (empty agenda with skip-empty)' });
          return;
        }
        payload = composed;
        store.deliveries.setPayload(d.id, payload);
      }
    } catch (err) {
      store.deliveries.markFinal(d.id, 'failed', { error: `cannot render: ${errorMessage(err)}` });
      log().error('cannot render delivery', { error: err as Error });
      return;
    }
    let last: SendResult = { ok: true, statusCode: null, info: '' };
    for (let i = payload.sentParts; i < payload.parts.length; i++) {
      const out: Outbound = { kind: d.kind, message: payload.parts[i]!, dedupeKey: d.dedupeKey, part: i + 1, parts: payload.parts.length, event: payload.event, unsubscribeUrl: payload.unsubscribeUrl };
      last = await sendPart(out, target, user.email);
      if (!last.ok) break;
      payload.sentParts = i + 1;
      if (payload.parts.length > 1) store.deliveries.setPayload(d.id, payload);
    }
    const sentAt = clock.now();
    // What is stored is shown later by `herald deliveries`: never keep a secret that a service echoed.
    if (last.ok) last.info = redact(last.info);
    else last.error = redact(last.error);
    if (last.ok) {
      const ok = last;
      const late = payload.late;
      await record(() => store.deliveries.markSent(d.id, { statusCode: ok.statusCode, sentAt, late, answer: ok.info }));
      if (deliveredLines.admit(payload.late)) log().info('delivered', { target: target?.name ?? 'email', late: payload.late, ms_after_due: sentAt - d.dueAt });
      return;
    }
    const delay = last.retry ? nextAttemptDelay(policy, d.attempts, last.retryAfterMs, random) : null;
    if (!last.retry) {
      store.deliveries.markFinal(d.id, 'failed', { error: last.error, statusCode: last.statusCode });
      log().error('delivery refused', { target: target?.name, error: last.error });
    } else if (delay === null) {
      store.deliveries.markFinal(d.id, 'dead', { error: `${last.error} (after ${d.attempts} attempts)`, statusCode: last.statusCode });
      log().error('delivery dead after its last attempt', { target: target?.name, attempts: d.attempts, error: last.error });
    } else {
      store.deliveries.markRetry(d.id, { error: last.error, statusCode: last.statusCode, nextAttemptAt: sentAt + delay });
      log().warn('delivery failed; will retry', { target: target?.name, attempt: d.attempts, retry_in_s: Math.round(delay / 1000), error: last.error });
    }
  }

  /** The target and user a row needs, or null when either is gone (deliver records why). */
  function partiesOf(d: Delivery): { target: Target | null; user: User } | null {
    if (d.userId === null) return null;
    const target = d.targetId === null ? null : cached(`t${d.targetId}`, () => store.targets.get(d.targetId!) ?? null);
    const user = cached(`u${d.userId}`, () => store.users.get(d.userId!));
    if ((d.targetId !== null && !target) || !user) return null;
    return { target, user };
  }

  /**
   * Renders a row as it is claimed, so its payload is written by the claim itself, before any of
   * the batch is sent. A row this skips (missed, target or user gone, cannot render) is left for
   * `deliver`, which records why.
   */
  function renderAtClaim(d: Delivery): StoredPayload | undefined {
    const now = clock.now();
    const lateness = decideLateness(d, now);
    const parties = lateness === 'missed' ? null : partiesOf(d);
    if (!parties) return undefined;
    try {
      return compose(d, parties.target, parties.user, lateness === 'late', now) ?? undefined;
    } catch {
      return undefined;
    }
  }

  const ahead = createLookahead({
    store,
    renderAheadMs: options.renderAheadMs ?? 60_000,
    readAheadMs: options.readAheadMs ?? 2_000,
    render: (d) => {
      const parties = partiesOf(d);
      return parties && compose(d, parties.target, parties.user, false, d.dueAt);
    },
  });

  function track(d: Delivery): void {
    const p = deliver(d)
      .catch((err) => {
        logger.error('delivery crashed; handed back for retry', { delivery: d.id, error: err as Error });
        store.deliveries.markRetry(d.id, { error: errorMessage(err), statusCode: null, nextAttemptAt: clock.now() + policy.baseMs });
      })
      .finally(() => {
        inFlight.delete(p);
        // Take the next claimed row at once; wake the loop only when the queue runs low.
        const next = stopping ? undefined : ready.shift();
        if (next) track(next);
        if (ready.length < concurrency) wakeLoop();
      });
    inFlight.add(p);
  }

  function notifyIdle(): void {
    deliveredLines.flush();
    const due = store.deliveries.nextDueAt();
    if (inFlight.size === 0 && ready.length === 0 && (due === null || due > clock.now())) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Claimed rows waiting for a free worker: claiming in batches keeps the outbox's transactions few. */
  let ready: Delivery[] = [];

  async function loop(): Promise<void> {
    const resumed = store.deliveries.releaseLeases();
    if (resumed > 0) logger.warn('resuming deliveries that were in flight when herald stopped', { count: resumed });
    while (!stopping) {
      const now = clock.now();
      if (ready.length < concurrency) {
        // Rows read ahead first (a cheap claim); then anything else that is due.
        const room = concurrency * 4 - ready.length;
        const early = ahead.claimDue(now, room, leaseMs);
        ready.push(...early.claimed);
        if (early.exhausted) ready.push(...store.deliveries.claimDue(now, room - early.claimed.length, leaseMs, renderAtClaim));
      }
      while (inFlight.size < concurrency && ready.length > 0) track(ready.shift()!);
      if (ready.length > 0 && inFlight.size < concurrency) continue;
      if (ready.length === 0) {
        notifyIdle();
        // Nothing due now: render what comes due within a minute and read what comes due within
        // seconds, a batch at a time, letting answers in between.
        if (ahead.work(now) > 0) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
      }
      wakeUp = new AbortController();
      // Full: wait for a worker to finish (it wakes the loop). Otherwise: until the next due row,
      // or until the next planned row comes within reach of working ahead.
      const until =
        inFlight.size >= concurrency || ready.length > 0
          ? now + 60_000
          : Math.min(store.deliveries.nextDueAt() ?? now + 60_000, ahead.nextWorkAt(now) ?? now + 60_000, now + 60_000);
      if (until > now) await clock.sleepUntil(until, wakeUp.signal).catch(() => undefined);
    }
    ready = [];
    ahead.clear();
  }

  return {
    start() {
      if (running) return;
      stopping = false;
      running = loop().catch((err) => logger.error('delivery loop crashed', { error: err as Error }));
    },
    wake,
    async stop(graceMs = 4000) {
      stopping = true;
      wake();
      await running;
      running = null;
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      deliveredLines.flush();
      const released = store.deliveries.releaseLeases();
      if (released > 0) logger.warn('handed back deliveries still in flight at shutdown', { count: released });
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
        if (!running) notifyIdle();
      });
    },
    async sendNow(id) {
      const d = store.deliveries.get(id);
      if (!d) throw new HeraldError('delivery', `no delivery ${id}`);
      const claimed = store.deliveries.claimOne(id, clock.now(), leaseMs);
      if (claimed) await deliver({ ...claimed, dueAt: clock.now() });
      return store.deliveries.get(id);
    },
  };
}
