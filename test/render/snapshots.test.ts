/** The default templates, rendered for fixed events, zone and language: a change to them shows up here. */
import { describe, expect, it } from 'vitest';
import { renderAgenda, renderReminder, type OutputFormat } from '../../src/render/index.ts';
import { allDay, occurrence } from './fixtures.ts';

const viewer = { zone: 'Europe/Zurich', locale: 'en' };
const event = occurrence({
  summary: 'Sprint review',
  description: 'Demo of the sprint.\nBring questions.',
  location: 'Room Matterhorn',
  meetingUrl: 'https://kmeet.infomaniak.com/review',
});
const day = [
  allDay('2026-11-24', '2026-11-25', { summary: 'Team offsite', location: 'Grindelwald' }),
  event,
  occurrence({ uid: 'b', summary: 'Lunch', startMs: Date.parse('2026-11-24T11:00:00Z'), endMs: Date.parse('2026-11-24T12:00:00Z'), location: null }),
];

describe('default templates', () => {
  it.each(['chat', 'text', 'email'] as OutputFormat[])('reminder (%s)', async (format) => {
    const m = renderReminder({ template: null, occurrence: event, viewer, format, minutesUntil: 15, late: false });
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot(`__snapshots__/reminder.${format}.json`);
  });

  it.each(['chat', 'text', 'email'] as OutputFormat[])('daily agenda (%s)', async (format) => {
    const m = renderAgenda({
      template: null,
      occurrences: day,
      viewer,
      format,
      periodStart: '2026-11-24',
      periodEnd: '2026-11-25',
      weekly: false,
      calendarNames: ['work'],
      userName: 'alice',
      unsubscribeUrl: 'https://herald.example.com/unsubscribe/TOKEN',
    });
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot(`__snapshots__/agenda.${format}.json`);
  });

  it('weekly agenda (chat, French)', async () => {
    const m = renderAgenda({
      template: null,
      occurrences: day,
      viewer: { zone: 'Europe/Zurich', locale: 'fr' },
      format: 'chat',
      periodStart: '2026-11-23',
      periodEnd: '2026-11-30',
      weekly: true,
      calendarNames: ['travail'],
      userName: 'alice',
      unsubscribeUrl: null,
    });
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/agenda.weekly.fr.json');
  });

  it('daily agenda (email, French, with an event from New York and a late reminder beside it)', async () => {
    const ny = occurrence({
      uid: 'ny',
      summary: 'Point avec New York',
      zone: 'America/New_York',
      startMs: Date.parse('2026-11-24T15:00:00Z'),
      endMs: Date.parse('2026-11-24T15:30:00Z'),
      location: 'https://zoom.us/j/42',
      meetingUrl: 'https://zoom.us/j/42',
    });
    const m = renderAgenda({
      template: null,
      occurrences: [...day, ny],
      viewer: { zone: 'Europe/Zurich', locale: 'fr' },
      format: 'email',
      periodStart: '2026-11-24',
      periodEnd: '2026-11-25',
      weekly: false,
      calendarNames: ['travail'],
      userName: 'alice',
      unsubscribeUrl: 'https://herald.example.com/unsubscribe/TOKEN',
    });
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/agenda.email.fr.json');
    const late = renderReminder({
      template: null,
      occurrence: ny,
      viewer: { zone: 'Europe/Zurich', locale: 'fr', hour12: true },
      format: 'chat',
      minutesUntil: -2,
      late: true,
    });
    await expect(JSON.stringify(late, null, 2)).toMatchFileSnapshot('__snapshots__/reminder.chat.fr-late.json');
  });
});
