import { describe, expect, it } from 'vitest';
import { renderDigest, renderReminder, type OutputFormat } from '../../src/render/index.ts';
import { allDay, occurrence } from './fixtures.ts';

const viewer = { zone: 'Europe/Zurich', locale: 'fr' };
const reminder = (body: string, patch = {}, format: OutputFormat = 'chat', extra: Partial<Parameters<typeof renderReminder>[0]> = {}) =>
  renderReminder({ template: { name: 't', body }, occurrence: occurrence(patch), viewer, format, minutesUntil: 10, late: false, ...extra }).text;

describe('the seed\'s template', () => {
  it('renders the Infomaniak example with French dates', () => {
    const body = "N'oubliez pas de %subject% pour le %date%.\nÀ prendre avec le jour J : %description%.\nLieu de l'évènement : %location%";
    expect(reminder(body)).toBe(
      "N'oubliez pas de Prendre les médicaments pour le mardi 24 novembre 2026, 10:00–11:00.\nÀ prendre avec le jour J : Deux comprimés.\nLieu de l'évènement : Cuisine",
    );
  });

  it('leaves chat markdown around the placeholders alone, and a lone % too', () => {
    expect(reminder('**%subject%** _%location%_ (100% sure)')).toBe('**Prendre les médicaments** _Cuisine_ (100% sure)');
  });
});

describe('variables', () => {
  it.each([
    ['{{subject}}', 'Prendre les médicaments'],
    ['{{date}}', 'mardi 24 novembre 2026, 10:00–11:00'],
    ['{{time}}', '10:00'],
    ['{{start}}', '2026-11-24T10:00:00+01:00'],
    ['{{end}}', '2026-11-24T11:00:00+01:00'],
    ['{{end_time}}', '11:00'],
    ['{{duration}}', '1 h'],
    ['{{#all_day}}yes{{/all_day}}{{^all_day}}no{{/all_day}}', 'no'],
    ['{{description}}', 'Deux comprimés'],
    ['{{location}}', 'Cuisine'],
    ['{{url}}', 'https://example.com/event'],
    ['{{meeting_url}}', ''],
    ['{{organizer}}', 'Boss'],
    ['{{#attendees}}{{name}}{{^name}}{{email}}{{/name}}/{{partstat}} {{/attendees}}', 'Alice/ACCEPTED bob@example.com/TENTATIVE'],
    ['{{attendees_text}}', 'Alice, bob@example.com'],
    ['{{calendar}}', 'maison'],
    ['{{status}}', 'CONFIRMED'],
    ['{{minutes_until}}', '10'],
    ['{{when}}', 'dans 10 minutes'],
    ['{{#recurring}}r{{/recurring}}{{^recurring}}once{{/recurring}}', 'once'],
    ['{{#late}}late{{/late}}{{^late}}on time{{/late}}', 'on time'],
    ['{{t.reminder}}', 'Rappel'],
  ])('%s', (body, expected) => {
    expect(reminder(body, {}, 'chat', { calendarName: 'maison' })).toBe(expected);
  });

  it('meeting_url and late come through', () => {
    expect(reminder('{{meeting_url}} {{#late}}(late){{/late}}', { meetingUrl: 'https://meet.google.com/abc-defg-hij' }, 'chat', { late: true })).toBe('https://meet.google.com/abc-defg-hij (late)');
  });

  it('partials come from templates/', () => {
    const text = renderDigest({ template: { name: 'd', body: '{{#days}}{{#events}}{{> agenda-line}}{{/events}}{{/days}}' }, occurrences: [occurrence()], viewer, format: 'chat', periodStart: '2026-11-24', periodEnd: '2026-11-25', weekly: false, calendarNames: ['w'], userName: 'a', unsubscribeUrl: null })[0]!.text;
    expect(text).toBe('- 10:00–11:00 **Prendre les médicaments** · Cuisine');
  });
});

describe('escaping by output format', () => {
  const nasty = { summary: 'Party @channel @here @all @everyone <!channel> <!here> & <b>bold</b>', description: 'line1\n```\ncode' };
  it('chat: no HTML entities, mentions defused, code fences broken, subject on one line', () => {
    const text = reminder('%subject%|%description%', { ...nasty, summary: `${nasty.summary}\nsecond line` });
    expect(text).not.toMatch(/@(channel|here|all|everyone)\b/);
    expect(text).not.toContain('<!');
    expect(text).toContain('& <b>bold</b>');
    expect(text).not.toContain('&amp;');
    expect(text).not.toContain('```');
    expect(text.split('|')[0]).not.toContain('\n');
  });

  it('chat: mentions pass when the target allows them', () => {
    expect(reminder('%subject%', nasty, 'chat', { allowMentions: true })).toContain('@channel');
  });

  it('email: HTML escaped in the HTML part, plain text alongside', () => {
    const m = renderReminder({ template: null, occurrence: occurrence(nasty), viewer, format: 'email', minutesUntil: 5, late: false });
    expect(m.html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(m.html).not.toContain('<b>bold</b>');
    expect(m.text).toContain('<b>bold</b>');
    expect(m.subject).toBe('Rappel: Party @channel @here @all @everyone <!channel> <!here> & <b>bold</b> – 10:00');
  });

  it('email with an admin template: its text, and a safe HTML copy', () => {
    const m = renderReminder({ template: { name: 'x', body: '%subject% at %location%' }, occurrence: occurrence(nasty), viewer, format: 'email', minutesUntil: 5, late: false });
    expect(m.text).toBe('Party @channel @here @all @everyone <!channel> <!here> & <b>bold</b> at Cuisine');
    expect(m.html).toContain('&lt;b&gt;');
  });

  it('text: as written', () => {
    expect(reminder('%subject%', { summary: 'A & <B>' }, 'text')).toBe('A & <B>');
  });
});

describe('digests', () => {
  const day = { viewer: { zone: 'Europe/Zurich', locale: 'en' }, periodStart: '2026-11-24', periodEnd: '2026-11-25', weekly: false, calendarNames: ['work'], userName: 'alice', unsubscribeUrl: 'https://herald.example.com/unsubscribe/tok' };
  const events = [allDay('2026-11-24', '2026-11-25', { summary: 'Holiday' }), ...Array.from({ length: 30 }, (_, i) => occurrence({ uid: `e${i}`, summary: `Meeting number ${i}`, startMs: Date.parse('2026-11-24T07:00:00Z') + i * 600_000, endMs: Date.parse('2026-11-24T07:10:00Z') + i * 600_000 }))];

  it('splits a chat digest between events to stay under the size limit, never cutting one', () => {
    const parts = renderDigest({ template: null, occurrences: events, format: 'chat', maxLength: 600, ...day });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(600);
    const all = parts.map((p) => p.text).join('\n');
    for (let i = 0; i < 30; i++) expect(all).toContain(`Meeting number ${i}**`);
    expect(parts[0]!.text).toContain(`(part 1/${parts.length})`);
    expect(all.indexOf('Holiday')).toBeLessThan(all.indexOf('Meeting number 0'));
  });

  it('email digest: one message, unsubscribe link at the very bottom of both parts', () => {
    const [m, more] = renderDigest({ template: null, occurrences: events, format: 'email', ...day });
    expect(more).toBeUndefined();
    expect(m!.subject).toBe('Agenda for Tuesday 24 November 2026 (31)');
    expect(m!.text.trimEnd().endsWith('Unsubscribe: https://herald.example.com/unsubscribe/tok')).toBe(true);
    const html = m!.html!;
    expect(html.lastIndexOf('unsubscribe/tok')).toBeGreaterThan(html.lastIndexOf('Meeting number 29'));
  });

  it('an empty day says so', () => {
    const [m] = renderDigest({ template: null, occurrences: [], format: 'chat', ...day, viewer: { zone: 'Europe/Zurich', locale: 'de' } });
    expect(m!.text).toContain('Keine Termine.');
  });
});
