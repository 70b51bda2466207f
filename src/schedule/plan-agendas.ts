import type { AgendaContent, AgendaSnapshot, DigestSubscription, PlannedDelivery, User } from '../store/index.ts';
import { digestKey } from './keys.ts';
import { agendaLateLimitMs } from './lateness.ts';
import { addDays, localDate, localTimeOn, weekdayOf } from './local-time.ts';

/**
 * The agendas one digest sends between `fromMs` and `toMs`, pure. Each local day in the user's zone
 * whose weekday is chosen gets one send at the chosen local time (DST-proof: see localTimeOn). The
 * morning agenda lists that day; the evening-before one lists the next; a weekly one lists seven days.
 */
export function planAgendas(input: {
  digest: DigestSubscription;
  user: User;
  fromMs: number;
  toMs: number;
  /** The agenda of local days [periodStart, periodEnd), kept in each row's content. */
  agenda?: (periodStart: string, periodEnd: string) => AgendaSnapshot;
}): PlannedDelivery[] {
  const { digest, user } = input;
  if (!digest.enabled) return [];
  // A subscription starts with its next slot: one that passed before it was switched on is never sent.
  const startsAt = digest.enabledAt ?? digest.createdAt;
  const out: PlannedDelivery[] = [];
  const firstDay = addDays(localDate(input.fromMs - agendaLateLimitMs, user.tz), -1);
  const lastDay = addDays(localDate(input.toMs, user.tz), 1);
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (!digest.days.includes(weekdayOf(day))) continue;
    const dueAt = localTimeOn(day, digest.atTime, user.tz);
    if (dueAt < input.fromMs - agendaLateLimitMs || dueAt < startsAt || dueAt >= input.toMs) continue;
    const periodStart = digest.eveningBefore ? addDays(day, 1) : day;
    const periodEnd = addDays(periodStart, digest.weekly ? 7 : 1);
    const vias: (number | 'email')[] = [...digest.targetIds, ...(digest.sendEmail && user.email ? (['email'] as const) : [])];
    const agenda = vias.length > 0 ? input.agenda?.(periodStart, periodEnd) : undefined;
    const content: AgendaContent = { kind: 'agenda', digestId: digest.id, periodStart, periodEnd, weekly: digest.weekly, ...(agenda ? { agenda } : {}) };
    for (const via of vias) {
      out.push({
        dedupeKey: digestKey(digest.id, via, periodStart),
        route: via === 'email' ? 'user-email' : 'target',
        userId: user.id,
        targetId: via === 'email' ? null : via,
        sourceId: digest.id,
        eventStartMs: null,
        dueAt,
        content,
      });
    }
  }
  return out;
}
