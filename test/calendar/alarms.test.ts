import { describe, expect, it } from 'vitest';
import { expand, ics } from './helpers.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const alarm = (...lines: string[]) => ['BEGIN:VALARM', ...lines, 'END:VALARM'];

describe('alarms', () => {
  it('relative to start or end, absolute, repeated; action and X-HERALD-TARGET kept', () => {
    const text = ics([
      'UID:a',
      'DTSTART:20260105T090000Z',
      'DTEND:20260105T100000Z',
      'SUMMARY:a',
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

  it("each instance has its own alarms; an override's alarms replace the master's", () => {
    const text = ics(
      ['UID:r', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;COUNT=2', 'SUMMARY:r', ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x')],
      ['UID:r', 'RECURRENCE-ID:20260106T090000Z', 'DTSTART:20260106T090000Z', 'SUMMARY:r', ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT1H', 'DESCRIPTION:y')],
    );
    const os = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences;
    expect(os.map((o) => o.alarms.map((a) => iso(a.triggerMs)))).toEqual([['2026-01-05T08:50:00.000Z'], ['2026-01-06T08:00:00.000Z']]);
  });

  it("an all-day event's alarm counts from its local midnight", () => {
    const text = ics(['UID:d', 'DTSTART;VALUE=DATE:20260110', 'SUMMARY:d', ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT15H', 'DESCRIPTION:eve')]);
    const [o] = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', { defaultZone: 'Europe/Zurich' }).occurrences;
    expect(iso(o!.alarms[0]!.triggerMs)).toBe('2026-01-09T08:00:00.000Z');
  });

  it('a broken VALARM is reported and the event kept', () => {
    const r = expand(
      ics(['UID:b', 'DTSTART:20260105T090000Z', 'SUMMARY:b', ...alarm('ACTION:DISPLAY', 'DESCRIPTION:no trigger')]),
      '2026-01-01T00:00:00Z',
      '2026-02-01T00:00:00Z',
    );
    expect(r.occurrences).toHaveLength(1);
    expect(r.problems).toEqual([{ uid: 'b', reason: 'alarm skipped: VALARM without TRIGGER' }]);
  });

  it("RELATED=END counts from the end given by DURATION, per instance, in the event's zone across DST", () => {
    const text = ics([
      'UID:z',
      'DTSTART;TZID=Europe/Zurich:20260328T090000',
      'DURATION:PT2H',
      'RRULE:FREQ=DAILY;COUNT=2',
      'SUMMARY:z',
      ...alarm('ACTION:DISPLAY', 'TRIGGER;RELATED=END:-PT10M', 'DESCRIPTION:wrap up'),
      ...alarm('ACTION:DISPLAY', 'TRIGGER:PT0S', 'DESCRIPTION:now', 'UID:alarm-now'),
    ]);
    const os = expand(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z').occurrences;
    expect(os.map((o) => o.alarms.map((a) => [iso(a.triggerMs), a.key]))).toEqual([
      [
        ['2026-03-28T09:50:00.000Z', '#0'],
        ['2026-03-28T08:00:00.000Z', 'alarm-now'],
      ],
      [
        ['2026-03-29T08:50:00.000Z', '#0'],
        ['2026-03-29T07:00:00.000Z', 'alarm-now'],
      ],
    ]);
  });

  it('REPEAT gives 1 + REPEAT firings with distinct keys; REPEAT without DURATION fires once', () => {
    const text = ics([
      'UID:r',
      'DTSTART:20260105T090000Z',
      'SUMMARY:r',
      ...alarm('ACTION:EMAIL', 'TRIGGER:-PT1H', 'REPEAT:3', 'DURATION:PT15M', 'DESCRIPTION:x', 'SUMMARY:x', 'ATTENDEE:mailto:a@example.com'),
      ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT5M', 'REPEAT:4', 'DESCRIPTION:y'),
    ]);
    const [o] = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences;
    expect(o!.alarms.map((a) => [a.action, iso(a.triggerMs), a.key])).toEqual([
      ['EMAIL', '2026-01-05T08:00:00.000Z', '#0/0'],
      ['EMAIL', '2026-01-05T08:15:00.000Z', '#0/1'],
      ['EMAIL', '2026-01-05T08:30:00.000Z', '#0/2'],
      ['EMAIL', '2026-01-05T08:45:00.000Z', '#0/3'],
      ['DISPLAY', '2026-01-05T08:55:00.000Z', '#1'],
    ]);
  });

  it("an all-day alarm follows the expansion zone's midnight; an absolute trigger does not move", () => {
    const text = ics([
      'UID:d',
      'DTSTART;VALUE=DATE:20260329',
      'SUMMARY:d',
      ...alarm('ACTION:DISPLAY', 'TRIGGER:PT9H', 'DESCRIPTION:9 local'),
      ...alarm('ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20260328T120000Z', 'DESCRIPTION:abs'),
    ]);
    const at = (zone: string) =>
      expand(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', { defaultZone: zone }).occurrences[0]!.alarms.map((a) => iso(a.triggerMs));
    expect(at('Europe/Zurich')).toEqual(['2026-03-29T08:00:00.000Z', '2026-03-28T12:00:00.000Z']); // CET midnight (23:00Z) + 9 h elapsed = 10:00 CEST
    expect(at('Asia/Tokyo')).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-28T12:00:00.000Z']);
  });

  it('a malformed TRIGGER is reported on every instance it affects, other alarms and the event kept', () => {
    const text = ics([
      'UID:m',
      'DTSTART:20260105T090000Z',
      'RRULE:FREQ=DAILY;COUNT=2',
      'SUMMARY:m',
      ...alarm('ACTION:DISPLAY', 'TRIGGER:soon', 'DESCRIPTION:x'),
      ...alarm('ACTION:DISPLAY', 'TRIGGER:-PT1M', 'DESCRIPTION:ok'),
    ]);
    const r = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(r.occurrences.map((o) => o.alarms.map((a) => a.description))).toEqual([['ok'], ['ok']]);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.uid === 'm' && p.reason.startsWith('alarm skipped: '))).toBe(true);
  });
});
