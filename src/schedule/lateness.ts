import type { DeliveryKind } from '../store/index.ts';

/** A message that leaves within this long after its due time is on time. */
export const onTimeGraceMs = 60_000;
/** An agenda that could not leave at its time is still worth sending for this long. */
export const agendaLateLimitMs = 2 * 3_600_000;

/**
 * What to do with a delivery whose time has come, perhaps long ago (herald was down): a reminder
 * is still worth sending, marked late, until its event starts; after that it is recorded as missed.
 * An agenda is sent late for up to two hours.
 */
export function decideLateness(d: { kind: DeliveryKind; dueAt: number; eventStartMs: number | null }, nowMs: number): 'on-time' | 'late' | 'missed' {
  if (d.kind === 'test' || nowMs - d.dueAt <= onTimeGraceMs) return 'on-time';
  if (d.kind === 'agenda') return nowMs - d.dueAt <= agendaLateLimitMs ? 'late' : 'missed';
  return d.eventStartMs === null || nowMs < d.eventStartMs ? 'late' : 'missed';
}
