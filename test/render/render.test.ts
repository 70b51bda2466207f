import { describe, expect, it } from 'vitest';
import { loadTemplate, renderAgenda, renderReminder, type OutputFormat } from '../../src/render/index.ts';
import { allDay, occurrence } from './fixtures.ts';

const viewer = { zone: 'Europe/Zurich', locale: 'fr' };
const reminder = (body: string, patch = {}, format: OutputFormat = 'chat', extra: Partial<Parameters<typeof renderReminder>[0]> = {}) =>
  renderReminder({ template: { name: 't', body }, occurrence: occurrence(patch), viewer, format, minutesUntil: 10, late: false, ...extra }).text;

describe("the seed's template", () => {
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

  it.each([
    ['https://zoom.us/j/123', 'Zoom'],
    ['https://kmeet.infomaniak.com/abc', 'kMeet'],
    ['https://meet.google.com/abc-defg-hij', 'Google Meet'],
    ['https://teams.microsoft.com/l/meetup-join/19%3a', 'Microsoft Teams'],
    ['https://meet.jit.si/herald', 'Jitsi'],
    ['https://acme.webex.com/meet/bob', 'Webex'],
  ])('meeting_service of %s', (url, service) => {
    expect(reminder('{{meeting_service}}', { meetingUrl: url })).toBe(service);
  });

  it('place: the location without a meeting link that is already shown as one', () => {
    expect(reminder('[{{place}}]', { location: 'https://zoom.us/j/123', meetingUrl: 'https://zoom.us/j/123' })).toBe('[]');
    expect(reminder('[{{place}}]', { location: 'Room 4, https://zoom.us/j/123', meetingUrl: 'https://zoom.us/j/123' })).toBe('[Room 4]');
    expect(reminder('[{{place}}]', { location: 'Room 4' })).toBe('[Room 4]');
  });

  it("own_time: the event's own clock when it differs from the reader's", () => {
    const ny = { zone: 'America/New_York', startMs: Date.parse('2026-11-24T15:00:00Z'), endMs: Date.parse('2026-11-24T16:00:00Z') };
    expect(reminder('[{{own_time}}]', ny)).toBe('[10:00–11:00 America/New_York]');
    expect(reminder('[{{own_time}}]')).toBe('[]');
  });

  it('meeting_url and late come through', () => {
    expect(reminder('{{meeting_url}} {{#late}}(late){{/late}}', { meetingUrl: 'https://meet.google.com/abc-defg-hij' }, 'chat', { late: true })).toBe(
      'https://meet.google.com/abc-defg-hij (late)',
    );
  });

  it('partials come from templates/', () => {
    const text = renderAgenda({
      template: { name: 'd', body: '{{#days}}{{#events}}{{> agenda-line}}{{/events}}{{/days}}' },
      occurrences: [occurrence()],
      viewer,
      format: 'chat',
      periodStart: '2026-11-24',
      periodEnd: '2026-11-25',
      weekly: false,
      calendarNames: ['w'],
      userName: 'a',
      unsubscribeUrl: null,
    })[0]!.text;
    expect(text).toBe('- 10:00–11:00 **Prendre les médicaments** · Cuisine');
  });
});

describe('escaping by output format', () => {
  const nasty = { summary: 'Party @channel @here @all @everyone <!channel> <!here> & <b>bold</b>', description: 'line1\n```\ncode' };
  it('chat: no HTML entities, mentions defused, code fences broken, subject on one line', () => {
    const text = reminder('%subject%|%description%', { ...nasty, summary: `${nasty.summary}\nsecond line` });
    expect(text).not.toMatch(/@(channel|here|all|everyone)\b/);
    expect(text).not.toContain('<!');
    expect(text).toContain('& \\<b\\>bold\\</b\\>');
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
    const m = renderReminder({
      template: { name: 'x', body: '%subject% at %location%' },
      occurrence: occurrence(nasty),
      viewer,
      format: 'email',
      minutesUntil: 5,
      late: false,
    });
    expect(m.text).toBe('Party @channel @here @all @everyone <!channel> <!here> & <b>bold</b> at Cuisine');
    expect(m.html).toContain('&lt;b&gt;');
  });

  it('text: as written', () => {
    expect(reminder('%subject%', { summary: 'A & <B>' }, 'text')).toBe('A & <B>');
  });
});

describe('digests', () => {
  const day = {
    viewer: { zone: 'Europe/Zurich', locale: 'en' },
    periodStart: '2026-11-24',
    periodEnd: '2026-11-25',
    weekly: false,
    calendarNames: ['work'],
    userName: 'alice',
    unsubscribeUrl: 'https://herald.example.com/unsubscribe/tok',
  };
  const events = [
    allDay('2026-11-24', '2026-11-25', { summary: 'Holiday' }),
    ...Array.from({ length: 30 }, (_, i) =>
      occurrence({
        uid: `e${i}`,
        summary: `Meeting number ${i}`,
        startMs: Date.parse('2026-11-24T07:00:00Z') + i * 600_000,
        endMs: Date.parse('2026-11-24T07:10:00Z') + i * 600_000,
      }),
    ),
  ];

  it('splits a chat digest between events to stay under the size limit, never cutting one', () => {
    const parts = renderAgenda({ template: null, occurrences: events, format: 'chat', maxLength: 600, ...day });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(600);
    const all = parts.map((p) => p.text).join('\n');
    for (let i = 0; i < 30; i++) expect(all).toContain(`Meeting number ${i}**`);
    expect(parts[0]!.text).toContain(`(part 1/${parts.length})`);
    expect(all.indexOf('Holiday')).toBeLessThan(all.indexOf('Meeting number 0'));
  });

  it('email digest: one message, unsubscribe link at the very bottom of both parts', () => {
    const [m, more] = renderAgenda({ template: null, occurrences: events, format: 'email', ...day });
    expect(more).toBeUndefined();
    expect(m!.subject).toBe('Agenda for Tuesday 24 November 2026 (31)');
    expect(m!.text.trimEnd().endsWith('Unsubscribe: https://herald.example.com/unsubscribe/tok')).toBe(true);
    const html = m!.html!;
    expect(html.lastIndexOf('unsubscribe/tok')).toBeGreaterThan(html.lastIndexOf('Meeting number 29'));
  });

  it('an empty day says so', () => {
    const [m] = renderAgenda({ template: null, occurrences: [], format: 'chat', ...day, viewer: { zone: 'Europe/Zurich', locale: 'de' } });
    expect(m!.text).toContain('Keine Termine.');
  });
});

describe('digest variables and order', () => {
  const base = {
    viewer: { zone: 'Europe/Zurich', locale: 'en' },
    format: 'text' as const,
    periodStart: '2026-11-24',
    periodEnd: '2026-11-25',
    weekly: false,
    calendarNames: ['work', 'home'],
    userName: 'alice',
    unsubscribeUrl: 'https://h.example/u/tok',
  };
  const digest = (body: string, occurrences = [occurrence()], extra = {}) =>
    renderAgenda({ template: { name: 'd', body }, occurrences, ...base, ...extra })[0]!.text;

  it.each([
    ['{{date}}', 'Tuesday 24 November 2026'],
    ['{{count}}', '1'],
    ['{{count_text}}', '1 event'],
    ['{{calendar}}', 'work, home'],
    ['{{#calendars}}[{{.}}]{{/calendars}}', '[work][home]'],
    ['{{user}}', 'alice'],
    ['{{unsubscribe_url}}', 'https://h.example/u/tok'],
    ['{{#events}}{{subject}} {{time}} {{day}}{{/events}}', 'Prendre les médicaments 10:00 Tuesday 24 November 2026'],
    ['{{#days}}{{date}}: {{#events}}{{subject}}{{/events}}{{/days}}', 'Tuesday 24 November 2026: Prendre les médicaments'],
    ['{{#weekly}}w{{/weekly}}{{^weekly}}d{{/weekly}}', 'd'],
    ['{{#empty}}none{{/empty}}{{^empty}}some{{/empty}}', 'some'],
  ])('%s', (body, expected) => {
    expect(digest(body)).toBe(expected);
  });

  it('all-day events first, then by time, whatever order they come in; an event begun before the period is listed on its first day', () => {
    const events = [
      occurrence({ uid: 'late', summary: 'Late', startMs: Date.parse('2026-11-24T16:00:00Z'), endMs: Date.parse('2026-11-24T17:00:00Z') }),
      occurrence({ uid: 'early', summary: 'Early' }),
      allDay('2026-11-23', '2026-11-26', { summary: 'Conference' }),
    ];
    expect(digest('{{#days}}{{date}}:{{#events}} {{subject}}{{/events}}{{/days}}', events)).toBe('Tuesday 24 November 2026: Conference Early Late');
  });

  it('a week groups events under their local days (a late-evening event in Zurich is on the Zurich day)', () => {
    const events = [
      occurrence({ uid: 'a', summary: 'Wed late', startMs: Date.parse('2026-11-25T23:30:00Z'), endMs: Date.parse('2026-11-26T00:30:00Z') }),
      occurrence({ uid: 'b', summary: 'Tue' }),
    ];
    const text = digest('{{date}}\n{{#days}}{{date}}:{{#events}} {{subject}}{{/events}}\n{{/days}}', events, {
      periodStart: '2026-11-23',
      periodEnd: '2026-11-30',
      weekly: true,
      viewer: { zone: 'Europe/Zurich', locale: 'es' },
    });
    expect(text).toBe(
      'lunes, 23 de noviembre – domingo, 29 de noviembre de 2026\nmartes, 24 de noviembre de 2026: Tue\njueves, 26 de noviembre de 2026: Wed late',
    );
  });

  it("an admin's template that does not number its parts gets (1/3)-style numbers when split", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      occurrence({ uid: `m${i}`, summary: `Meeting ${i}`, startMs: Date.parse('2026-11-24T07:00:00Z') + i * 900_000 }),
    );
    const parts = renderAgenda({
      template: { name: 'd', body: 'Today:\n{{#events}}- {{time}} {{subject}}\n{{/events}}' },
      occurrences: many,
      ...base,
      format: 'chat',
      maxLength: 80,
    });
    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((p, i) => {
      expect(p.text.startsWith(`(${i + 1}/${parts.length}) Today:`)).toBe(true);
      expect(p.text.length).toBeLessThanOrEqual(80);
    });
    expect(
      parts
        .map((p) => p.text)
        .join('\n')
        .match(/Meeting \d+/g),
    ).toHaveLength(12);
  });

  it('splitting is quick enough for a busy week: 300 events in parts of at most 4000 characters', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      occurrence({ uid: `m${i}`, summary: `Meeting ${i}`, startMs: Date.parse('2026-11-23T07:00:00Z') + i * 1_800_000 }),
    );
    const parts = renderAgenda({
      template: null,
      occurrences: many,
      ...base,
      format: 'chat',
      maxLength: 4000,
      periodStart: '2026-11-23',
      periodEnd: '2026-11-30',
      weekly: true,
    });
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4000);
    expect(
      parts
        .map((p) => p.text)
        .join('\n')
        .match(/\*\*Meeting \d+\*\*/g),
    ).toHaveLength(300);
  });
});

describe('email templates', () => {
  const viewerEn = { zone: 'Europe/Zurich', locale: 'en' };
  const ev = occurrence({ summary: 'Review <draft> & plan', meetingUrl: 'https://zoom.us/j/123' });

  it('a default picked by name renders exactly like no template at all', () => {
    for (const format of ['chat', 'text', 'email'] as OutputFormat[]) {
      const byName = renderReminder({ template: loadTemplate(`reminder.${format}`), occurrence: ev, viewer: viewerEn, format, minutesUntil: 5, late: false });
      const implicit = renderReminder({ template: null, occurrence: ev, viewer: viewerEn, format, minutesUntil: 5, late: false });
      expect(byName).toEqual(implicit);
    }
    const day = {
      occurrences: [ev],
      viewer: viewerEn,
      format: 'email' as const,
      periodStart: '2026-11-24',
      periodEnd: '2026-11-25',
      weekly: false,
      calendarNames: [],
      userName: 'a',
      unsubscribeUrl: null,
    };
    expect(renderAgenda({ template: loadTemplate('agenda.email'), ...day })).toEqual(renderAgenda({ template: null, ...day }));
  });

  it("an admin's HTML template: values HTML-escaped, the text part derived from it, its own Subject line", () => {
    const body = 'Subject: {{subject}} ({{minutes_until}} min)\n<p>Hello <b>{{subject}}</b><br>{{date}}</p>\n<p><a href="{{meeting_url}}">Join</a></p>';
    const m = renderReminder({ template: { name: 'mine', body }, occurrence: ev, viewer: viewerEn, format: 'email', minutesUntil: 5, late: false });
    expect(m.subject).toBe('Review <draft> & plan (5 min)');
    expect(m.html).toBe(
      '<p>Hello <b>Review &lt;draft&gt; &amp; plan</b><br>Tuesday 24 November 2026, 10:00–11:00</p>\n<p><a href="https://zoom.us/j/123">Join</a></p>',
    );
    expect(m.text).toBe('Hello Review <draft> & plan\nTuesday 24 November 2026, 10:00–11:00\n\nJoin (https://zoom.us/j/123)');
  });

  it('a subject never spans lines, whatever the event says', () => {
    const m = renderReminder({
      template: null,
      occurrence: occurrence({ summary: 'One\r\nBcc: evil@example.com' }),
      viewer: viewerEn,
      format: 'email',
      minutesUntil: 5,
      late: false,
    });
    expect(m.subject).toBe('Reminder: One Bcc: evil@example.com – 10:00');
  });
});

describe('each language in the default reminder', () => {
  it.each([
    ['en', '🔔 **Prendre les médicaments** in 10 minutes\n📅 Tuesday 24 November 2026, 10:00–11:00'],
    ['fr', '🔔 **Prendre les médicaments** dans 10 minutes\n📅 mardi 24 novembre 2026, 10:00–11:00'],
    ['de', '🔔 **Prendre les médicaments** in 10 Minuten\n📅 Dienstag, 24. November 2026, 10:00–11:00'],
    ['it', '🔔 **Prendre les médicaments** tra 10 minuti\n📅 martedì 24 novembre 2026, 10:00–11:00'],
    ['es', '🔔 **Prendre les médicaments** en 10 minutos\n📅 martes, 24 de noviembre de 2026, 10:00–11:00'],
  ])('%s', (locale, start) => {
    const text = renderReminder({
      template: null,
      occurrence: occurrence(),
      viewer: { zone: 'Europe/Zurich', locale },
      format: 'chat',
      minutesUntil: 10,
      late: false,
    }).text;
    expect(text.startsWith(start)).toBe(true);
  });

  it('when: soon, now, already started, late', () => {
    const when = (minutesUntil: number, late = false) =>
      renderReminder({
        template: { name: 'w', body: '{{when}}{{#late}} ({{t.late}}){{/late}}' },
        occurrence: occurrence(),
        viewer: { zone: 'UTC', locale: 'de' },
        format: 'text',
        minutesUntil,
        late,
      }).text;
    expect(when(1)).toBe('in 1 Minute');
    expect(when(180)).toBe('in 3 Stunden');
    expect(when(0)).toBe('jetzt');
    expect(when(-5, true)).toBe('bereits begonnen (verspätet gesendet)');
  });
});
