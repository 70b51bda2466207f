import type { Occurrence } from '../calendar/types.ts';
import type { AlarmContent, Calendar, PlannedDelivery, ReminderContent, ReminderRule, Target, User } from '../store/index.ts';
import { alarmKey, reminderKey } from './keys.ts';
import { maxLeadSeconds } from './limits.ts';
import { addDays, localTimeOn } from './local-time.ts';

/** The occurrence as the outbox keeps it: its alarms were used for planning and are not rendered. */
export const slimOccurrence = (o: Occurrence): Occurrence => (o.alarms.length === 0 ? o : { ...o, alarms: [] });

/** Does the rule want this occurrence at all? */
export function ruleWants(rule: ReminderRule, o: Occurrence, user: User): boolean {
  if (o.status === 'CANCELLED') return false;
  if (rule.skipTransparent && o.transparent) return false;
  if (rule.skipDeclined && user.email) {
    const me = o.attendees.find((a) => a.email?.toLowerCase() === user.email!.toLowerCase());
    if (me?.partstat === 'DECLINED') return false;
  }
  if (rule.filterText) {
    const needle = rule.filterText.toLowerCase();
    if (![o.summary, o.description, o.location].some((t) => t?.toLowerCase().includes(needle))) return false;
  }
  if (rule.filterCategory && !o.categories.some((c) => c.toLowerCase() === rule.filterCategory!.toLowerCase())) return false;
  return true;
}

/**
 * When a reminder is due: its lead before a timed event; for an all-day event, the rule's local
 * time on the day before (or the same morning), in the user's zone, once (leads do not apply).
 */
export function reminderDueTimes(rule: ReminderRule, o: Occurrence, zone: string): { lead: number | 'allday'; dueAt: number }[] {
  if (o.allDay) {
    const day = rule.allDayDayBefore ? addDays(o.start, -1) : o.start;
    return [{ lead: 'allday', dueAt: localTimeOn(day, rule.allDayAt, zone) }];
  }
  // A lead over the bound (a rule stored before it existed) plans nothing rather than a flood of late reminders.
  return rule.leads.filter((lead) => lead <= maxLeadSeconds).map((lead) => ({ lead, dueAt: o.startMs - lead * 1000 }));
}

/**
 * When a reminder goes out, or null if it is not wanted at all. `catchUpFromMs` is when herald last
 * planned (it was down since): a reminder that came due after that keeps its due time, so the
 * delivery engine sends it late (event not started) or records it as missed (event started). One
 * whose time passed before then while its event has not started (the event was created or moved
 * inside its lead time) is due at once. Without downtime `catchUpFromMs` is `nowMs`.
 */
export function effectiveDueAt(dueAt: number, startMs: number, nowMs: number, catchUpFromMs: number): number | null {
  if (dueAt > catchUpFromMs) return dueAt;
  return startMs > nowMs ? Math.max(dueAt, nowMs) : null;
}

/**
 * The reminders one rule wants for these occurrences (one calendar's), pure. See effectiveDueAt
 * for reminders whose time has passed.
 */
export function planReminders(input: {
  rule: ReminderRule;
  calendar: Pick<Calendar, 'id' | 'name'>;
  occurrences: Occurrence[];
  user: User;
  targets: Target[];
  nowMs: number;
  /** When herald last planned, if it was down since (default: now, no catching up). */
  catchUpFromMs?: number;
}): PlannedDelivery[] {
  const { rule, calendar, user, nowMs } = input;
  const catchUpFromMs = Math.min(input.catchUpFromMs ?? nowMs, nowMs);
  const out: PlannedDelivery[] = [];
  for (const o of input.occurrences) {
    // (No "has it started?" test here: a same-morning all-day reminder comes after its day began.)
    if (!ruleWants(rule, o, user)) continue;
    for (const { lead, dueAt: wantedAt } of reminderDueTimes(rule, o, user.tz)) {
      const dueAt = effectiveDueAt(wantedAt, o.startMs, nowMs, catchUpFromMs);
      if (dueAt === null) continue;
      const content: ReminderContent = {
        kind: 'reminder',
        occurrence: slimOccurrence(o),
        calendarName: calendar.name,
        leadSeconds: lead === 'allday' ? null : lead,
      };
      for (const target of input.targets) {
        out.push({
          dedupeKey: reminderKey(user.id, target.id, o.uid, o.start, lead),
          route: 'target',
          userId: user.id,
          targetId: target.id,
          calendarId: calendar.id,
          sourceId: rule.id,
          eventUid: o.uid,
          eventStartMs: o.startMs,
          dueAt,
          content,
        });
      }
    }
  }
  return out;
}

/**
 * The calendar's own VALARMs, pure: each fires at its trigger to the target it names
 * (X-HERALD-TARGET, one of the user's targets) or to the calendar's default alarm targets.
 */
export function planAlarms(input: {
  calendar: Pick<Calendar, 'id' | 'name' | 'alarmTargetIds'>;
  occurrences: Occurrence[];
  user: User;
  targetsByName: Map<string, Target>;
  nowMs: number;
  catchUpFromMs?: number;
  unknownTarget?: (name: string, uid: string) => void;
}): PlannedDelivery[] {
  const { calendar, user, nowMs } = input;
  const catchUpFromMs = Math.min(input.catchUpFromMs ?? nowMs, nowMs);
  const out: PlannedDelivery[] = [];
  for (const o of input.occurrences) {
    if (o.status === 'CANCELLED') continue;
    for (const alarm of o.alarms) {
      const dueAt = effectiveDueAt(alarm.triggerMs, o.startMs, nowMs, catchUpFromMs);
      if (dueAt === null) continue;
      let targetIds = calendar.alarmTargetIds;
      if (alarm.target) {
        const named = input.targetsByName.get(alarm.target);
        if (!named || named.userId !== user.id) {
          input.unknownTarget?.(alarm.target, o.uid);
          continue;
        }
        targetIds = [named.id];
      }
      const content: AlarmContent = {
        kind: 'alarm',
        occurrence: slimOccurrence(o),
        calendarName: calendar.name,
        leadSeconds: Math.round((o.startMs - alarm.triggerMs) / 1000),
        alarmAction: alarm.action,
        alarmDescription: alarm.description,
      };
      for (const targetId of targetIds) {
        out.push({
          dedupeKey: alarmKey(user.id, targetId, o.uid, o.start, alarm.key, alarm.triggerMs),
          route: 'target',
          userId: user.id,
          targetId,
          calendarId: calendar.id,
          sourceId: calendar.id,
          eventUid: o.uid,
          eventStartMs: o.startMs,
          dueAt,
          content,
        });
      }
    }
  }
  return out;
}
