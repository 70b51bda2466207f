/**
 * What listings show of each entity, for `herald … list` and the admin API alike. Secrets are
 * write-only: URLs are masked (core/mask.ts), passwords and secret options never appear.
 */
import { channelFor } from '../channels/registry.ts';
import { maskedOptions } from '../channels/target-options.ts';
import { formatDuration } from '../core/duration.ts';
import { maskUrl } from '../core/mask.ts';
import { describeTemplateRef } from '../render/index.ts';
import { planningCapsOf, type PlanningCap } from '../schedule/limits.ts';
import type { Calendar, Delivery, DigestSubscription, ReminderRule, Store, StoredTemplate, Target, User } from '../store/index.ts';
import { namesById } from './lookups.ts';

type Names = ReturnType<typeof namesById>;
const when = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000', ''));

export const userView = (u: User) => ({
  name: u.name,
  email: u.email,
  tz: u.tz,
  locale: u.locale,
  clock: u.hour12 === null ? 'auto' : u.hour12 ? '12' : '24',
  max_targets: u.maxTargets,
  example: u.isExample,
});

export const targetView = (t: Target, names: Names) => ({
  name: t.name,
  user: names.users.get(t.userId) ?? null,
  kind: t.kind,
  url: maskUrl(t.url),
  template: describeTemplateRef(t.template),
  options: maskedOptions(channelFor(t.kind), t.options),
  allow_private: t.allowPrivate,
  allow_mentions: t.allowMentions,
  enabled: t.enabled,
  state: t.enabled ? 'on' : 'disabled',
});

/** A calendar's planning caps, as listings show them. */
function planningWarning(caps: PlanningCap[]): string | null {
  if (caps.length === 0) return null;
  return caps.map((c) => `${c.scope}: ${c.wanted} deliveries wanted, only the earliest ${c.kept} planned`).join('; ');
}

export const calendarView = (store: Store, c: Calendar, names: Names) => ({
  name: c.name,
  user: names.users.get(c.userId) ?? null,
  kind: c.kind,
  location: c.kind === 'file' ? c.location : maskUrl(c.location),
  tz: c.defaultTz,
  alarms: c.honourAlarms,
  private: c.allowPrivate,
  last_sync: when(c.lastSyncAt),
  last_success: when(c.lastSuccessAt),
  next_sync: when(c.nextSyncAt),
  error: c.lastError,
  warning: planningWarning(planningCapsOf(store, c.id)),
});

export const ruleView = (r: ReminderRule, names: Names) => ({
  id: r.id,
  user: names.users.get(r.userId) ?? null,
  calendar: r.calendarId === null ? '(all)' : (names.calendars.get(r.calendarId) ?? null),
  targets: r.targetIds.map((t) => names.targets.get(t)).join(','),
  before: r.leads.map(formatDuration).join(','),
  all_day: `${r.allDayAt}${r.allDayDayBefore ? ' day before' : ' same day'}`,
  filters: [
    r.skipTransparent ? 'skip-free' : '',
    r.deliverLate ? 'deliver-late' : '',
    r.skipDeclined ? '' : 'keep-declined',
    r.filterText ? `match:${r.filterText}` : '',
    r.filterCategory ? `category:${r.filterCategory}` : '',
  ]
    .filter(Boolean)
    .join(' '),
  enabled: r.enabled,
});

export const digestView = (d: DigestSubscription, names: Names) => ({
  name: d.name,
  user: names.users.get(d.userId) ?? null,
  calendars: d.calendarIds.map((c) => names.calendars.get(c)).join(','),
  to: [...d.targetIds.map((t) => names.targets.get(t)), ...(d.sendEmail ? ['email'] : [])].join(','),
  at: d.atTime,
  lists: `${d.weekly ? 'week' : 'day'}${d.eveningBefore ? ' (evening before)' : ''}`,
  days: d.days.join(','),
  recurring: d.includeRecurring,
  skip_empty: d.skipEmpty,
  enabled: d.enabled,
});

export const templateView = (t: StoredTemplate) => ({ name: t.name, kind: t.kind, length: t.body.length, first_line: t.body.split('\n')[0] });

export const deliveryView = (d: Delivery, names: Names) => ({
  id: d.id,
  kind: d.kind,
  status: d.status,
  due: when(d.dueAt),
  sent: when(d.sentAt),
  target: d.targetId === null ? 'email' : (names.targets.get(d.targetId) ?? null),
  event: d.eventUid,
  attempts: d.attempts,
  error: d.lastError,
});
