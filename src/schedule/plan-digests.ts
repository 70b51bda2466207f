import type { Occurrence } from '../calendar/types.ts';
import type { DigestSubscription, PlannedDelivery, User } from '../store/index.ts';
import { digestKey } from './keys.ts';
import { digestLateLimitMs } from './lateness.ts';
import { addDays, localDate, localTimeOn, weekdayOf } from './local-time.ts';

export interface DigestContext {
  digestId: number;
  /** First local day listed, and the day after the last (exclusive). */
  periodStart: string;
  periodEnd: string;
  weekly: boolean;
  viaEmail: boolean;
  /** What the agenda lists, as planned (absent in rows planned by older versions). */
  agenda?: DigestSnapshot;
}

/**
 * An agenda as the planner read it: its events, and the calendars it read them from with their
 * texts' hashes. Sending uses it only while those hashes still hold (a calendar changed since the
 * last planning pass is read afresh), so 10,000 morning agendas at 07:00 cost a rendering each,
 * not a parse and an expansion each.
 */
export interface DigestSnapshot {
  occurrences: Occurrence[];
  /** The subscription's setting it was read with. */
  includeRecurring: boolean;
  calendars: { id: number; contentHash: string | null; defaultTz: string | null }[];
}

/**
 * The sends of one digest between `fromMs` and `toMs`, pure. Each local day in the user's zone whose
 * weekday is chosen gets one send at the chosen local time (DST-proof: see localTimeOn). The morning
 * digest lists that day; the evening-before one lists the next; a weekly one lists seven days.
 */
export function planDigest(input: {
  digest: DigestSubscription;
  user: User;
  fromMs: number;
  toMs: number;
  /** The agenda of local days [periodStart, periodEnd), kept in each row's context. */
  agenda?: (periodStart: string, periodEnd: string) => DigestSnapshot;
}): PlannedDelivery[] {
  const { digest, user } = input;
  if (!digest.enabled) return [];
  const out: PlannedDelivery[] = [];
  const firstDay = addDays(localDate(input.fromMs - digestLateLimitMs, user.tz), -1);
  const lastDay = addDays(localDate(input.toMs, user.tz), 1);
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (!digest.days.includes(weekdayOf(day))) continue;
    const dueAt = localTimeOn(day, digest.atTime, user.tz);
    if (dueAt < input.fromMs - digestLateLimitMs || dueAt >= input.toMs) continue;
    const periodStart = digest.eveningBefore ? addDays(day, 1) : day;
    const periodEnd = addDays(periodStart, digest.weekly ? 7 : 1);
    const vias: (number | 'email')[] = [...digest.targetIds, ...(digest.sendEmail && user.email ? (['email'] as const) : [])];
    const agenda = vias.length > 0 ? input.agenda?.(periodStart, periodEnd) : undefined;
    for (const via of vias) {
      const context: DigestContext = { digestId: digest.id, periodStart, periodEnd, weekly: digest.weekly, viaEmail: via === 'email', ...(agenda ? { agenda } : {}) };
      out.push({
        dedupeKey: digestKey(digest.id, via, periodStart),
        kind: 'digest',
        userId: user.id,
        targetId: via === 'email' ? null : via,
        sourceId: digest.id,
        eventStartMs: null,
        dueAt,
        context: context as unknown as Record<string, unknown>,
      });
    }
  }
  return out;
}
