/** Adding and removing reminder rules: behind `herald reminder add|rm` and /api/v1/reminders. */
import { formatDuration, parseDuration } from '../core/duration.ts';
import { quoteInput } from '../core/quote.ts';
import { maxLeadSeconds } from '../schedule/limits.ts';
import type { ReminderRule } from '../store/index.ts';
import { requireLocalTime } from './checks.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, flagField, listField, textField, type Fields } from './fields.ts';
import { requireCalendar, requireOwnTargets, requireRule, requireUser } from './lookups.ts';

function leadsOf(f: Fields): number[] {
  const leads = listField(f, 'before').map((d) => {
    let seconds: number;
    try {
      seconds = parseDuration(d);
    } catch (err) {
      throw bad('before', `--before: ${(err as Error).message} (at most ${formatDuration(maxLeadSeconds)})`);
    }
    if (seconds > maxLeadSeconds) throw bad('before', `--before: lead times are at most ${formatDuration(maxLeadSeconds)} (90 days), got ${quoteInput(d)}`);
    return seconds;
  });
  if (leads.length === 0) throw bad('before', 'missing --before (e.g. --before 10m,1h)');
  return leads;
}

/** Fields: calendar | user, target, before, all-day-at, all-day-same-day, skip-free, keep-declined, match, category, deliver-late. */
export function addRule(ctx: ManageContext, f: Fields): ReminderRule {
  const leads = leadsOf(f);
  const targetNames = listField(f, 'target');
  if (targetNames.length === 0) throw bad('target', 'missing --target');
  const allDayAt = requireLocalTime(textField(f, 'all-day-at') ?? '09:00', 'all-day-at');
  const calName = textField(f, 'calendar');
  const userName = textField(f, 'user');
  if ((calName === undefined) === (userName === undefined)) throw bad('calendar', 'give exactly one of --calendar C or --user U');
  const calendar = calName === undefined ? null : requireCalendar(ctx.store, calName);
  const user = calendar ? ctx.store.users.get(calendar.userId)! : requireUser(ctx.store, userName!);
  const targets = requireOwnTargets(ctx.store, user, targetNames);
  const input = {
    userId: user.id,
    calendarId: calendar?.id ?? null,
    targetIds: targets.map((t) => t.id),
    leads,
    allDayAt,
    allDayDayBefore: !flagField(f, 'all-day-same-day'),
    skipTransparent: flagField(f, 'skip-free'),
    deliverLate: flagField(f, 'deliver-late'),
    skipDeclined: !flagField(f, 'keep-declined'),
    filterText: textField(f, 'match') ?? null,
    filterCategory: textField(f, 'category') ?? null,
  };
  return audited(
    ctx,
    'add',
    'reminder',
    () => ctx.store.rules.add(input),
    (r) => String(r.id),
  );
}

/** Removes the rule and cancels its planned reminders. */
export function removeRule(ctx: ManageContext, idText: string): ReminderRule {
  const rule = requireRule(ctx.store, idText);
  return audited(
    ctx,
    'remove',
    'reminder',
    () => {
      ctx.store.rules.remove(rule.id);
      ctx.store.deliveries.cancelScope(`rule:${rule.id}`);
      return rule;
    },
    (r) => String(r.id),
  );
}
