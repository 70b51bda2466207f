import { describe, expect, it } from 'vitest';
import { expand, ics } from './helpers.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const alarm = (...lines: string[]) => ['BEGIN:VALARM', ...lines, 'END:VALARM'];

describe('alarms', () => {
  it('relative to start or end, absolute, repeated; action and X-HERALD-TARGET kept', () => {
    const text = ics([
      'UID:a', 'DTSTART:20260105T090000Z', 'DTEND:20260105T100000Z', 'SUMMARY:a',
      ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT15M', 'DESCRIPTION:soon', 'X-HERALD-TARGET:team-chat'),
      ...alarm('ACTION:EMAIL', 'TRIGGER;RELATED=END:PT5M', 'DESCRIPTION:after', 'SUMMARY:x', 'ATTENDEE:mailto:a@example.com'),
      ...alarm('ACTION:AUDIO', 'TRIGGER;VALUE=DATE-TIME:20260104T180000Z'),
      ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT30M', 'REPEAT:2', 'DURATION:PT10M', 'DESCRIPTION:nag'),
    ]);
    const [o] = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences;
    expect(o!.alarms.map((a) => [a.action, iso(a.triggerMs), a.target])).toEqual([
      ['DISPLAY', '2026-01-05T08:45:00.000Z', 'team-chat'],
      ['EMAIL', '2026-01-05T10:05:00.000Z', null],
      ['AUDIO', '2026-01-04T18:00:00.000Z', null],
      ['DISPLAY', '2026-01-05T08:30:00.000Z', null],
      ['DISPLAY', '2026-01-05T08:40:00.000Z', null],
      ['DISPLAY', '2026-01-05T08:50:00.000Z', null],
    ]);
  });

  it('each instance has its own alarms; an override\'s alarms replace the master\'s', () => {
    const text = ics(
      ['UID:r', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;COUNT=2', 'SUMMARY:r', ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x')],
      ['UID:r', 'RECURRENCE-ID:20260106T090000Z', 'DTSTART:20260106T090000Z', 'SUMMARY:r', ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT1H', 'DESCRIPTION:y')],
    );
    const os = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences;
    expect(os.map((o) => o.alarms.map((a) => iso(a.triggerMs)))).toEqual([['2026-01-05T08:50:00.000Z'], ['2026-01-06T08:00:00.000Z']]);
  });

  it('an all-day event\'s alarm counts from its local midnight', () => {
    const text = ics(['UID:d', 'DTSTART;VALUE=DATE:20260110', 'SUMMARY:d', ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT15H', 'DESCRIPTION:eve')]);
    const [o] = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', { defaultZone: 'Europe/Zurich' }).occurrences;
    expect(iso(o!.alarms[0]!.triggerMs)).toBe('2026-01-09T08:00:00.000Z');
  });

  it('a broken VALARM is reported and the event kept', () => {
    const r = expand(ics(['UID:b', 'DTSTART:20260105T090000Z', 'SUMMARY:b', ...alarm('ACTION:DISPLAY', 'DESCRIPTION:no trigger')]), '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(r.occurrences).toHaveLength(1);
    expect(r.problems).toEqual([{ uid: 'b', reason: 'alarm skipped: VALARM without TRIGGER' }]);
  });
});
