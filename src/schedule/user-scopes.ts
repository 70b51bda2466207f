/**
 * One user's planning scopes: each reminder rule, each calendar whose VALARMs are honoured, each
 * digest. A scope says what it depends on (its fingerprint) and how to compute the rows it wants in
 * the outbox; the planner decides whether to compute them (the fingerprint changed) and writes them.
 */
import type { CalendarCache } from '../calendar/cache.ts';
import type { Logger } from '../core/log.ts';
import type { Calendar, DigestSubscription, PlannedDelivery, ReminderRule, Store, Target, User } from '../store/index.ts';
import { agendaOf, calendarOccurrences } from './agenda.ts';
import { planAgendas } from './plan-agendas.ts';
import { capPlanned, maxLeadSeconds } from './limits.ts';
import { planAlarms, planReminders, slimOccurrence } from './plan-reminders.ts';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** What a user has configured (one pass reads it for everyone, or for one changed user). */
export interface UserConfig {
  targets: Target[];
  calendars: Calendar[];
  rules: ReminderRule[];
  digests: DigestSubscription[];
}

export interface Scope {
  /** `rule:ID`, `alarms:CALENDAR_ID` or `digest:ID`: the outbox's unit of replacement. */
  name: string;
  fingerprint: string;
  wanted: () => PlannedDelivery[];
}

export interface ScopeInputs {
  store: Store;
  cache: CalendarCache;
  logger: Logger;
  user: User;
  config: UserConfig;
  window: { fromMs: number; toMs: number };
  nowMs: number;
  catchUpFromMs: number;
}

/**
 * One window covers what every scope of the user looks at, so that each calendar is expanded once
 * per planning window (each scope picks what it needs from it): reminders up to their longest lead
 * (all-day ones a day and a half) before the event, alarms up to a week, and the days agendas list,
 * from the day before the window (an agenda sent late) to a week after it.
 */
function expansionWindow(input: ScopeInputs): { fromMs: number; toMs: number } {
  const { config, window, catchUpFromMs } = input;
  const occurrencesFrom = Math.min(window.fromMs, catchUpFromMs);
  const longestLead =
    Math.min(
      config.rules.reduce((most, r) => r.leads.reduce((m, lead) => Math.max(m, lead), most), 0),
      maxLeadSeconds,
    ) * 1000;
  const hasDigests = config.digests.length > 0;
  return {
    fromMs: hasDigests ? Math.min(occurrencesFrom, catchUpFromMs - 26 * hourMs) : occurrencesFrom,
    toMs: Math.max(
      window.toMs + longestLead + 36 * hourMs,
      config.calendars.some((c) => c.honourAlarms) ? window.toMs + 7 * dayMs : 0,
      hasDigests ? window.toMs + (config.digests.some((d) => d.weekly) ? 9 : 2) * dayMs : 0,
    ),
  };
}

export function userScopes(input: ScopeInputs): Scope[] {
  const { user, config, window, nowMs, catchUpFromMs } = input;
  const userKey = `${user.tz}|${user.email ?? ''}|${user.locale}|${window.fromMs}|${catchUpFromMs < nowMs ? catchUpFromMs : ''}`;
  const expansion = expansionWindow(input);
  const occurrences = (cal: Calendar) => calendarOccurrences(input.store, input.cache, cal, user, expansion.fromMs, expansion.toMs);
  const inHorizon = (d: PlannedDelivery) => d.dueAt < window.toMs;
  const userTargets = new Map(config.targets.map((t) => [t.id, t]));
  const scopes: Scope[] = [];

  for (const rule of config.rules) {
    const cals = rule.calendarId === null ? config.calendars : config.calendars.filter((c) => c.id === rule.calendarId);
    const targets = rule.targetIds.map((id) => userTargets.get(id)).filter((t): t is Target => t !== undefined);
    scopes.push({
      name: `rule:${rule.id}`,
      fingerprint: JSON.stringify([rule, cals.map((c) => [c.id, c.contentHash, c.defaultTz]), targets.map((t) => t.id), userKey]),
      wanted: () =>
        rule.enabled
          ? capPlanned(
              input,
              `rule:${rule.id}`,
              cals.map((calendar) => ({
                calendar,
                rows: planReminders({ rule, calendar, occurrences: occurrences(calendar), user, targets, nowMs, catchUpFromMs }).filter(inHorizon),
              })),
            )
          : [],
    });
  }

  // An alarm's X-HERALD-TARGET names one of the user's own targets.
  const targetsByName = new Map(config.targets.map((t) => [t.name, t]));
  // Alarms go only to the user's own targets, whatever the stored calendar lists (the CLI checks too).
  const ownAlarmTargets = (c: Calendar) => ({ ...c, alarmTargetIds: c.alarmTargetIds.filter((id) => userTargets.has(id)) });
  for (const calendar of config.calendars.filter((c) => c.honourAlarms)) {
    const unknownTarget = (name: string, uid: string) =>
      input.logger.warn('alarm names an unknown target; skipped', { calendar: calendar.name, uid, target: name });
    scopes.push({
      name: `alarms:${calendar.id}`,
      fingerprint: JSON.stringify([calendar.contentHash, calendar.defaultTz, calendar.alarmTargetIds, [...targetsByName.keys()], userKey]),
      wanted: () =>
        capPlanned(input, `alarms:${calendar.id}`, [
          {
            calendar,
            rows: planAlarms({
              calendar: ownAlarmTargets(calendar),
              occurrences: occurrences(calendar),
              user,
              targetsByName,
              nowMs,
              catchUpFromMs,
              unknownTarget,
            }).filter(inHorizon),
          },
        ]),
    });
  }

  for (const subscribed of config.digests) {
    // Disabled targets (not in config.targets) get no agenda.
    const digest = { ...subscribed, targetIds: subscribed.targetIds.filter((id) => userTargets.has(id)) };
    const cals = config.calendars.filter((c) => digest.calendarIds.includes(c.id));
    const agenda = (periodStart: string, periodEnd: string) => ({
      occurrences: agendaOf(cals.map(occurrences), { user, periodStart, periodEnd, includeRecurring: digest.includeRecurring }).map(slimOccurrence),
      includeRecurring: digest.includeRecurring,
      calendars: cals.map((c) => ({ id: c.id, contentHash: c.contentHash, defaultTz: c.defaultTz })),
    });
    scopes.push({
      name: `digest:${digest.id}`,
      fingerprint: JSON.stringify([digest, cals.map((c) => [c.id, c.name, c.contentHash, c.defaultTz]), userKey]),
      wanted: () => planAgendas({ digest, user, fromMs: catchUpFromMs, toMs: window.toMs, agenda }),
    });
  }
  return scopes;
}
