import ICAL from 'ical.js';
import type { CalendarProblem, OccurrenceAlarm } from './types.ts';

/**
 * An occurrence's VALARMs as absolute instants. Relative triggers count from the start (or, with
 * RELATED=END, the end); an all-day event's start is its local midnight. REPEAT with DURATION adds
 * one firing per repetition (RFC 5545 §3.8.6.3). An override's alarms replace the master's because
 * the caller passes the override's component.
 */
export function alarmsFor(comp: ICAL.Component, startMs: number, endMs: number, problems: CalendarProblem[], uid: string): OccurrenceAlarm[] {
  const out: OccurrenceAlarm[] = [];
  comp.getAllSubcomponents('valarm').forEach((alarm, index) => {
    try {
      const triggerProp = alarm.getFirstProperty('trigger');
      if (!triggerProp) throw new Error('VALARM without TRIGGER');
      const value = triggerProp.getFirstValue();
      let first: number;
      if (value instanceof ICAL.Duration) {
        const related = String(triggerProp.getParameter('related') ?? 'START').toUpperCase();
        first = (related === 'END' ? endMs : startMs) + value.toSeconds() * 1000;
      } else if (value instanceof ICAL.Time) {
        first = value.toUnixTime() * 1000;
      } else throw new Error('TRIGGER is neither a duration nor a date-time');
      const repeat = Number(alarm.getFirstPropertyValue('repeat') ?? 0) || 0;
      const every = alarm.getFirstPropertyValue('duration');
      const stepMs = every instanceof ICAL.Duration ? every.toSeconds() * 1000 : 0;
      const action = String(alarm.getFirstPropertyValue('action') ?? 'DISPLAY').toUpperCase();
      const target = alarm.getFirstPropertyValue('x-herald-target');
      const description = alarm.getFirstPropertyValue('description');
      const key = String(alarm.getFirstPropertyValue('uid') ?? `#${index}`);
      const times = repeat > 0 && stepMs > 0 ? Math.min(repeat, 100) : 0;
      for (let i = 0; i <= times; i++) {
        out.push({
          action,
          triggerMs: first + i * stepMs,
          target: typeof target === 'string' && target.trim() !== '' ? target.trim() : null,
          description: typeof description === 'string' ? description : null,
          key: times > 0 ? `${key}/${i}` : key,
        });
      }
    } catch (err) {
      problems.push({ uid, reason: `alarm skipped: ${(err as Error).message}` });
    }
  });
  return out;
}
