import type { CalendarCache } from '../calendar/cache.ts';
import type { Logger } from '../core/log.ts';
import type { PlannedDelivery, Store, Target } from '../store/index.ts';
import { calendarOccurrences } from './agenda.ts';
import { planDigest } from './plan-digests.ts';
import { planAlarms, planReminders } from './plan-reminders.ts';

export interface PlanSummary {
  scopes: number;
  unchanged: number;
  changed: number;
  cancelled: number;
}

const hourMs = 3_600_000;

/**
 * Keeps the outbox planned for a horizon ahead. One readable pass over users → rules, alarm
 * calendars and digests; each is a planning scope whose wanted deliveries replace its pending ones.
 * A scope whose inputs (calendar texts, settings, the hour) have not changed since the last pass
 * is skipped: re-planning an unchanged calendar does no work.
 */
export class Planner {
  private readonly fingerprints = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly cache: CalendarCache,
    private readonly logger: Logger,
    /** How far ahead reminders are planned (plus the longest lead). */
    private readonly horizonMs = 48 * hourMs,
  ) {}

  planAll(nowMs: number): PlanSummary {
    const summary: PlanSummary = { scopes: 0, unchanged: 0, changed: 0, cancelled: 0 };
    const active = new Set<string>();
    // Planning windows move by the hour, so within an hour the same inputs give the same plan.
    const bucket = Math.floor(nowMs / hourMs) * hourMs;
    const targets = this.store.targets.list();
    const targetsByName = new Map(targets.map((t) => [t.name, t]));
    for (const user of this.store.users.list()) {
      const calendars = this.store.calendars.list(user.id);
      const userTargets = new Map(targets.filter((t) => t.userId === user.id).map((t) => [t.id, t]));
      const userKey = `${user.tz}|${user.email ?? ''}|${user.locale}|${bucket}`;

      for (const rule of this.store.rules.list(user.id)) {
        const scope = `rule:${rule.id}`;
        active.add(scope);
        const cals = rule.calendarId === null ? calendars : calendars.filter((c) => c.id === rule.calendarId);
        const ruleTargets = rule.targetIds.map((id) => userTargets.get(id)).filter((t): t is Target => t !== undefined);
        const maxLead = Math.max(0, ...rule.leads) * 1000;
        const fingerprint = JSON.stringify([rule, cals.map((c) => [c.id, c.contentHash, c.defaultTz]), ruleTargets.map((t) => t.id), userKey]);
        this.apply(scope, fingerprint, nowMs, summary, () => {
          if (!rule.enabled) return [];
          // All-day events are reminded up to a day before: look one day further than the leads.
          const to = bucket + hourMs + this.horizonMs + Math.max(maxLead, 86_400_000);
          return cals.flatMap((cal) =>
            planReminders({ rule, calendar: cal, occurrences: calendarOccurrences(this.store, this.cache, cal, user, bucket, to), user, targets: ruleTargets, nowMs }),
          );
        });
      }

      for (const cal of calendars.filter((c) => c.honourAlarms)) {
        const scope = `alarms:${cal.id}`;
        active.add(scope);
        const fingerprint = JSON.stringify([cal.contentHash, cal.defaultTz, cal.alarmTargetIds, [...targetsByName.keys()], userKey]);
        this.apply(scope, fingerprint, nowMs, summary, () => {
          // Alarms may come days before their event: look a week past the horizon for their events.
          const to = bucket + hourMs + this.horizonMs + 7 * 86_400_000;
          const planned = planAlarms({
            calendar: cal,
            occurrences: calendarOccurrences(this.store, this.cache, cal, user, bucket, to),
            user,
            targetsByName,
            nowMs,
            unknownTarget: (name, uid) => this.logger.warn('alarm names an unknown target; skipped', { calendar: cal.name, uid, target: name }),
          });
          return planned.filter((p) => p.dueAt < bucket + hourMs + this.horizonMs);
        });
      }

      for (const digest of this.store.digests.list(user.id)) {
        const scope = `digest:${digest.id}`;
        active.add(scope);
        const fingerprint = JSON.stringify([digest, userKey]);
        this.apply(scope, fingerprint, nowMs, summary, () => planDigest({ digest, user, fromMs: nowMs, toMs: bucket + hourMs + this.horizonMs }));
      }
    }
    // Rules, calendars or digests that were removed: their planned rows must not go out.
    for (const scope of this.store.deliveries.pendingScopes()) {
      if (!active.has(scope)) {
        summary.cancelled += this.store.deliveries.cancelScope(scope);
        this.fingerprints.delete(scope);
      }
    }
    return summary;
  }

  /** Forgets what was planned, so the next pass re-plans every scope (after a restart, or in tests). */
  reset(): void {
    this.fingerprints.clear();
  }

  private apply(scope: string, fingerprint: string, nowMs: number, summary: PlanSummary, wanted: () => PlannedDelivery[]): void {
    summary.scopes++;
    if (this.fingerprints.get(scope) === fingerprint) {
      summary.unchanged++;
      return;
    }
    try {
      const r = this.store.deliveries.replaceScope(scope, wanted(), nowMs);
      summary.changed++;
      summary.cancelled += r.cancelled;
      this.fingerprints.set(scope, fingerprint);
    } catch (err) {
      this.logger.error('planning failed for one scope; the others go on', { scope, error: err as Error });
    }
  }
}

