/** Adding, switching and removing agenda subscriptions: behind `herald digest add|enable|disable|rm` and /api/v1/digests. */
import { quoteInput } from '../core/quote.ts';
import { weekdays, type DigestSubscription, type Weekday } from '../store/index.ts';
import { requireLocalTime, requireName } from './checks.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, flagField, listField, requiredField, type Fields } from './fields.ts';
import { requireCalendar, requireDigest, requireOwned, requireOwnTargets, requireUser } from './lookups.ts';
import { templateRefFrom } from './template-ref.ts';

export function parseDays(list: string[]): Weekday[] {
  const days = list.map((d) => d.toLowerCase().slice(0, 3));
  for (const d of days)
    if (!(weekdays as readonly string[]).includes(d)) throw bad('days', `--days: ${quoteInput(d)} is not a weekday (mon, tue, wed, thu, fri, sat, sun)`);
  return [...new Set(days)] as Weekday[];
}

/** Fields: name, user, calendar, target, email, at, evening-before, days, no-recurring, skip-empty, weekly, template | template-text, enable. */
export function addDigest(ctx: ManageContext, f: Fields): DigestSubscription {
  const name = requireName(requiredField(f, 'name'), 'digest');
  const atTime = requireLocalTime(requiredField(f, 'at'), 'at');
  // A weekly agenda goes once a week: on Monday unless days says which day.
  const days = f.days !== undefined ? parseDays(listField(f, 'days')) : flagField(f, 'weekly') ? (['mon'] as Weekday[]) : [...weekdays];
  if (days.length === 0) throw bad('days', '--days lists no day');
  const user = requireUser(ctx.store, requiredField(f, 'user'));
  const calendars = requireOwned(
    user,
    listField(f, 'calendar').map((c) => requireCalendar(ctx.store, c)),
    'calendar',
  );
  if (calendars.length === 0) throw bad('calendar', 'missing --calendar');
  const targets = requireOwnTargets(ctx.store, user, listField(f, 'target'));
  const sendEmail = flagField(f, 'email');
  if (targets.length === 0 && !sendEmail) throw bad('target', 'give --target T, --email, or both');
  if (sendEmail && !user.email) throw bad('email', `--email: user ${quoteInput(user.name)} has no email address`);
  const template = templateRefFrom(ctx, f, { kind: 'agenda', format: 'chat' });
  const input = {
    userId: user.id,
    name,
    calendarIds: calendars.map((c) => c.id),
    targetIds: targets.map((t) => t.id),
    atTime,
    eveningBefore: flagField(f, 'evening-before'),
    days,
    includeRecurring: !flagField(f, 'no-recurring'),
    skipEmpty: flagField(f, 'skip-empty'),
    weekly: flagField(f, 'weekly'),
    sendEmail,
    template: template ?? null,
    enabled: flagField(f, 'enable'),
  };
  return audited(
    ctx,
    'add',
    'digest',
    () => ctx.store.digests.add(input),
    (d) => d.name,
  );
}

/** On or off; off cancels what is planned. */
export function setDigestEnabled(ctx: ManageContext, name: string, enabled: boolean): DigestSubscription {
  const d = requireDigest(ctx.store, name, 'name');
  return audited(
    ctx,
    enabled ? 'enable' : 'disable',
    'digest',
    () => {
      ctx.store.digests.setEnabled(d.id, enabled);
      if (!enabled) ctx.store.deliveries.cancelScope(`digest:${d.id}`);
      return ctx.store.digests.get(d.id)!;
    },
    (x) => x.name,
  );
}

export function removeDigest(ctx: ManageContext, name: string): DigestSubscription {
  const d = requireDigest(ctx.store, name, 'name');
  return audited(
    ctx,
    'remove',
    'digest',
    () => {
      ctx.store.digests.remove(d.id);
      ctx.store.deliveries.cancelScope(`digest:${d.id}`);
      return d;
    },
    (x) => x.name,
  );
}
