import type { Occurrence } from '../../src/calendar/types.ts';

/** A hand-built occurrence: render tests do not depend on the parser. */
export function occurrence(patch: Partial<Occurrence> = {}): Occurrence {
  const startMs = Date.parse('2026-11-24T09:00:00Z');
  return {
    uid: 'evt@test',
    recurrenceId: null,
    allDay: false,
    start: '2026-11-24T09:00:00Z',
    end: '2026-11-24T10:00:00Z',
    startMs,
    endMs: startMs + 3_600_000,
    zone: 'Europe/Zurich',
    summary: 'Prendre les médicaments',
    description: 'Deux comprimés',
    location: 'Cuisine',
    url: 'https://example.com/event',
    meetingUrl: null,
    organizer: { email: 'boss@example.com', name: 'Boss', partstat: null },
    attendees: [
      { email: 'alice@example.com', name: 'Alice', partstat: 'ACCEPTED' },
      { email: 'bob@example.com', name: null, partstat: 'TENTATIVE' },
    ],
    status: 'CONFIRMED',
    transparent: false,
    categories: [],
    recurring: false,
    sequence: 0,
    alarms: [],
    ...patch,
  };
}

export function allDay(start: string, end: string, patch: Partial<Occurrence> = {}): Occurrence {
  return occurrence({ allDay: true, start, end, startMs: Date.parse(`${start}T00:00:00Z`), endMs: Date.parse(`${end}T00:00:00Z`), zone: null, ...patch });
}
