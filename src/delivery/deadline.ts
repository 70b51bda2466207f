/**
 * Until when a message is worth trying (issue 12): a reminder until its event starts — or, when its
 * rule asks for late delivery, until the event ends; an agenda until the end of the (first) day it
 * lists; a test message has no deadline (only the retry policy's attempts). A retry that would come
 * after the deadline is not made: the row is recorded missed with its last error.
 */
import { addDays, startOfLocalDay } from '../schedule/local-time.ts';
import type { Delivery, User } from '../store/index.ts';

export interface Deadline {
  atMs: number;
  /** For the missed row's error: "not delivered before …". */
  what: string;
}

/** A late-delivered reminder of an event without a length is still worth sending this long after its start. */
const lateWithoutEndMs = 3_600_000;

/** When a reminder of a rule with late delivery stops being worth sending: its event's end. */
export function lateReminderUntil(d: Pick<Delivery, 'content' | 'eventStartMs'>): number | null {
  if (d.eventStartMs === null) return null;
  const end = d.content.kind === 'reminder' ? d.content.occurrence.endMs : d.eventStartMs;
  return end > d.eventStartMs ? end : d.eventStartMs + lateWithoutEndMs;
}

/** `deliversLate`: whether the reminder's rule asks for late delivery. */
export function retryDeadline(d: Delivery, user: Pick<User, 'tz'>, deliversLate: boolean): Deadline | null {
  switch (d.kind) {
    case 'reminder':
    case 'alarm': {
      if (d.eventStartMs === null) return null;
      const late = d.kind === 'reminder' && deliversLate ? lateReminderUntil(d) : null;
      return late === null ? { atMs: d.eventStartMs, what: 'its event started' } : { atMs: late, what: 'its event ended' };
    }
    case 'agenda': {
      if (d.content.kind !== 'agenda') return null;
      return { atMs: startOfLocalDay(addDays(d.content.periodStart, 1), user.tz), what: 'the end of the day it lists' };
    }
    default:
      return null;
  }
}
