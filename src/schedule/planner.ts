/** The planner: keeps every user's outbox rows planned for a horizon ahead, re-planning only what changed. */
import { CalendarCache } from '../calendar/cache.ts';
import type { Logger } from '../core/log.ts';
import type { Store, User } from '../store/index.ts';
import { userScopes, type Scope, type UserConfig } from './user-scopes.ts';

export interface PlanSummary {
  /** Users looked at: everyone on a full pass; on a later one, those whose inputs changed or whose window moved. */
  users: number;
  scopes: number;
  unchanged: number;
  changed: number;
  cancelled: number;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** After a longer downtime, what came due more than this long ago is not looked at any more. */
export const maxCatchUpMs = 7 * dayMs;
/** Where the planner keeps (in store.settings) when it last planned, across restarts. */
export const lastPlanSetting = 'schedule.lastPlanAt';

/**
 * The calendar cache the daemon plans with. A parsed calendar of 200 events takes about half a
 * megabyte, so only a few hundred are kept: a user's calendar is parsed when one of their scopes is
 * re-planned (after an edit, or once per planning period) and for their agenda, not on every pass.
 */
export function plannerCache(maxCalendars = 300): CalendarCache {
  return new CalendarCache(maxCalendars, 2);
}

export interface PlannerOptions {
  /** How far ahead the outbox is always planned (default 48 h). */
  horizonMs?: number;
  /**
   * Each user's plan covers [windowStart, windowStart + period + horizon) and is re-done when the
   * window moves on, once per period; users' windows are staggered over the period so the work is
   * spread evenly instead of everyone re-planning at the same instant (default 6 h).
   */
  periodMs?: number;
  /**
   * Drop the entries of the planning change log once planned (the daemon's planner: one per
   * database). Other planners read the log and leave it.
   */
  forgetChanges?: boolean;
}

/** The planning window of one user at an instant: always covers [now, now + horizon). */
export function planningWindow(userId: number, nowMs: number, periodMs: number, horizonMs: number): { fromMs: number; toMs: number } {
  const phase = Math.imul(userId, 2654435761) >>> 0;
  const offset = phase % periodMs;
  const fromMs = Math.floor((nowMs + offset) / periodMs) * periodMs - offset;
  return { fromMs, toMs: fromMs + periodMs + horizonMs };
}

/**
 * Keeps the outbox planned for a horizon ahead. One readable pass over users → rules, alarm
 * calendars and digests; each is a planning scope whose wanted deliveries replace its pending ones.
 * A scope whose inputs (calendar texts, settings, planning window) have not changed since the last
 * pass is skipped: re-planning an unchanged calendar does no work.
 */
export class Planner {
  private readonly fingerprints = new Map<string, string>();
  private readonly horizonMs: number;
  private readonly periodMs: number;
  private readonly forgetChanges: boolean;
  private firstPass = true;
  /**
   * After a full pass: each user's planning window start and scopes, and how far the planning
   * change log had got. A later pass then looks only at the users the log names and those whose
   * window moved on (the time arithmetic for everyone, no reading).
   */
  private known: { windows: Map<number, number>; scopes: Map<number, Set<string>>; changesSeen: number } | null = null;
  /** Users with a scope that failed to plan, and the user being planned now. */
  private readonly retryUsers = new Set<number>();
  private planningUser: number | null = null;
  /** On the first pass after a start: when the previous run last planned (it was down since). */
  private catchUpFromMs: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly cache: CalendarCache,
    private readonly logger: Logger,
    options: PlannerOptions | number = {},
  ) {
    const o = typeof options === 'number' ? { horizonMs: options } : options;
    this.horizonMs = o.horizonMs ?? 48 * hourMs;
    this.periodMs = o.periodMs ?? 6 * hourMs;
    this.forgetChanges = o.forgetChanges ?? false;
  }

  /** One whole planning pass, synchronously (tests, CLI, benchmarks). */
  planAll(nowMs: number): PlanSummary {
    const summary = emptySummary();
    for (const _ of this.pass(nowMs, summary));
    return summary;
  }

  /**
   * The same pass, giving the event loop back every few milliseconds, so that the delivery engine
   * keeps sending on time while thousands of users are planned.
   */
  async planAllAsync(nowMs: number, sliceMs = 20, signal?: AbortSignal): Promise<PlanSummary> {
    const summary = emptySummary();
    let sliceStart = performance.now();
    for (const _ of this.pass(nowMs, summary)) {
      if (performance.now() - sliceStart < sliceMs) continue;
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) break;
      sliceStart = performance.now();
    }
    return summary;
  }

  /** Forgets what was planned, so the next pass re-plans every scope. */
  reset(): void {
    this.fingerprints.clear();
    this.known = null;
  }

  /** The pass; yields after each scope. */
  private *pass(nowMs: number, summary: PlanSummary): Generator<void> {
    // After downtime, the first pass also plans what came due while nobody was planning, with its
    // real due time: the engine then sends it late or records it as missed (lateness.ts).
    const catchUpFromMs = this.takeCatchUp(nowMs);
    if (this.known) yield* this.changedUsersPass(this.known, nowMs, catchUpFromMs, summary);
    else yield* this.fullPass(nowMs, catchUpFromMs, summary);
    this.store.settings.set(lastPlanSetting, nowMs);
  }

  /** Every user. Read before the configuration, the log's position is where the next pass starts. */
  private *fullPass(nowMs: number, catchUpFromMs: number, summary: PlanSummary): Generator<void> {
    const changesSeen = this.store.planningChanges.latest();
    const active = new Set<string>();
    const known = { windows: new Map<number, number>(), scopes: new Map<number, Set<string>>(), changesSeen };
    // The configuration is read once per pass (four queries, not four per user).
    const targets = byUser(this.store.targets.list().filter((t) => t.enabled));
    const calendars = byUser(this.store.calendars.list());
    const rules = byUser(this.store.rules.list());
    const digests = byUser(this.store.digests.list());
    for (const user of this.store.users.list()) {
      const scopes = new Set<string>();
      const config: UserConfig = {
        targets: targets.get(user.id) ?? [],
        calendars: calendars.get(user.id) ?? [],
        rules: rules.get(user.id) ?? [],
        digests: digests.get(user.id) ?? [],
      };
      known.windows.set(user.id, yield* this.planUser(user, config, { nowMs, catchUpFromMs, active: scopes, summary }));
      known.scopes.set(user.id, scopes);
      for (const scope of scopes) active.add(scope);
      yield;
    }
    // Rules, calendars or digests removed before this pass: their planned rows must not go out. A
    // full pass has no earlier pass to compare with, so it asks the outbox (a scan of its pending
    // rows); later passes know each user's scopes.
    for (const scope of this.store.deliveries.pendingScopes()) {
      if (!active.has(scope)) {
        summary.cancelled += this.store.deliveries.cancelScope(scope);
        this.fingerprints.delete(scope);
      }
    }
    this.known = known;
    if (this.forgetChanges) this.store.planningChanges.forget(changesSeen);
  }

  /**
   * The users whose inputs the planning change log names since the last pass, and those whose
   * planning window moved on; each is planned as on a full pass (its unchanged scopes skipped by
   * fingerprint). A scope a user no longer has is cancelled; so are all of a removed user's.
   */
  private *changedUsersPass(known: NonNullable<Planner['known']>, nowMs: number, catchUpFromMs: number, summary: PlanSummary): Generator<void> {
    const { latest, userIds } = this.store.planningChanges.since(known.changesSeen);
    const todo = new Set([...userIds, ...this.retryUsers]);
    this.retryUsers.clear();
    for (const [userId, fromMs] of known.windows) if (planningWindow(userId, nowMs, this.periodMs, this.horizonMs).fromMs !== fromMs) todo.add(userId);
    for (const userId of todo) {
      const user = this.store.users.get(userId);
      const scopes = new Set<string>();
      if (user) {
        const config: UserConfig = {
          targets: this.store.targets.list(userId).filter((t) => t.enabled),
          calendars: this.store.calendars.list(userId),
          rules: this.store.rules.list(userId),
          digests: this.store.digests.list(userId),
        };
        known.windows.set(userId, yield* this.planUser(user, config, { nowMs, catchUpFromMs, active: scopes, summary }));
      }
      for (const scope of known.scopes.get(userId) ?? []) {
        if (scopes.has(scope)) continue;
        summary.cancelled += this.store.deliveries.cancelScope(scope);
        this.fingerprints.delete(scope);
      }
      if (user) known.scopes.set(userId, scopes);
      else {
        known.scopes.delete(userId);
        known.windows.delete(userId);
      }
      yield;
    }
    known.changesSeen = latest;
    if (this.forgetChanges) this.store.planningChanges.forget(latest);
  }

  /**
   * Plans one user's scopes (adding them to `active`), yielding after each, so that a user with
   * many rules neither holds up sends nor an abort; returns the user's planning window start.
   */
  private *planUser(
    user: User,
    config: UserConfig,
    p: { nowMs: number; catchUpFromMs: number; active: Set<string>; summary: PlanSummary },
  ): Generator<void, number> {
    p.summary.users++;
    this.planningUser = user.id;
    const window = planningWindow(user.id, p.nowMs, this.periodMs, this.horizonMs);
    const inputs = { store: this.store, cache: this.cache, logger: this.logger, user, config, window, nowMs: p.nowMs, catchUpFromMs: p.catchUpFromMs };
    for (const scope of userScopes(inputs)) {
      p.active.add(scope.name);
      this.apply(scope, p.nowMs, p.summary);
      yield;
    }
    return window.fromMs;
  }

  /**
   * When to catch up from: on the first pass, the previous run's last plan (at most a week back);
   * otherwise now. A stored time in the future (the clock was set back, or a simulation replays
   * time) means there is nothing to catch up.
   */
  private takeCatchUp(nowMs: number): number {
    this.catchUpFromMs = null;
    if (this.firstPass) {
      this.firstPass = false;
      const last = this.store.settings.get<number | null>(lastPlanSetting, null);
      if (last !== null && last < nowMs) this.catchUpFromMs = Math.max(last, nowMs - maxCatchUpMs);
    }
    return this.catchUpFromMs ?? nowMs;
  }

  private apply({ name: scope, fingerprint, wanted }: Scope, nowMs: number, summary: PlanSummary): void {
    summary.scopes++;
    if (this.fingerprints.get(scope) === fingerprint) {
      summary.unchanged++;
      return;
    }
    try {
      // On a catch-up pass, rows that came due while herald was down are compared too: a pending
      // reminder of an event moved or deleted meanwhile is cancelled rather than sent late.
      const r = this.store.deliveries.replaceScope(scope, wanted(), Math.min(nowMs, this.catchUpFromMs ?? nowMs));
      summary.changed++;
      summary.cancelled += r.cancelled;
      this.fingerprints.set(scope, fingerprint);
    } catch (err) {
      this.logger.error('planning failed for one scope; the others go on', { scope, error: err as Error });
      // Tried again on the next pass, changed or not.
      if (this.planningUser !== null) this.retryUsers.add(this.planningUser);
    }
  }
}

/**
 * One planning pass with a fresh planner, for callers without a running daemon (a CLI command after
 * a sync, a test). Every scope is planned (no fingerprints yet); what came due since the last pass
 * is caught up as the daemon would.
 */
export function planAll(store: Store, options: { now: number; logger: Logger; calendarCache?: CalendarCache; horizonMs?: number }): PlanSummary {
  const planner = new Planner(
    store,
    options.calendarCache ?? plannerCache(),
    options.logger,
    options.horizonMs === undefined ? {} : { horizonMs: options.horizonMs },
  );
  return planner.planAll(options.now);
}

function byUser<T extends { userId: number }>(items: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const list = out.get(item.userId);
    if (list) list.push(item);
    else out.set(item.userId, [item]);
  }
  return out;
}

const emptySummary = (): PlanSummary => ({ users: 0, scopes: 0, unchanged: 0, changed: 0, cancelled: 0 });
