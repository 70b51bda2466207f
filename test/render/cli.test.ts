/** `herald render`: the real parser, the real template files, the CLI's own output. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const ics = (events: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//herald test//EN\r\nX-WR-CALNAME:Maison\r\n${events}END:VCALENDAR\r\n`;
const weeklyPills = `BEGIN:VEVENT\r\nUID:pills@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Zurich:20261123T100000\r\nDTEND;TZID=Europe/Zurich:20261123T110000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nSUMMARY:prendre les médicaments\r\nDESCRIPTION:un verre d'eau\r\nLOCATION:Cuisine\r\nEND:VEVENT\r\n`;
const googleCall = `BEGIN:VEVENT\r\nUID:call@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/New_York:20261130T090000\r\nDTEND;TZID=America/New_York:20261130T093000\r\nSUMMARY:Call @channel <!here>\r\nX-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij\r\nEND:VEVENT\r\n`;
const offsite = `BEGIN:VEVENT\r\nUID:offsite@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261202\r\nSUMMARY:Offsite\r\nLOCATION:Grindelwald\r\nEND:VEVENT\r\n`;

function setup(files: Record<string, string>) {
  const dir = tempDir();
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const run = (argv: string[]) => runCli(join(dir, 'herald.db'), argv, {}, dir);
  return { dir, run };
}

describe('herald render', () => {
  it("renders the seed's template in French for the first occurrence at or after --at", async () => {
    const { run } = setup({
      'cal.ics': ics(weeklyPills),
      'seed.txt': "N'oubliez pas de %subject% pour le %date%.\nÀ prendre avec le jour J : %description%.\nLieu de l'évènement : %location%",
    });
    const r = await run(['render', '--template', 'seed.txt', '--event', 'cal.ics', '--locale', 'fr', '--tz', 'Europe/Zurich', '--at', '2026-11-24T00:00:00Z']);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      "N'oubliez pas de prendre les médicaments pour le lundi 30 novembre 2026, 10:00–11:00.\nÀ prendre avec le jour J : un verre d'eau.\nLieu de l'évènement : Cuisine\n",
    );
    expect(r.code).toBe(0);
  });

  it('--for-kind renders as a target of that kind gets it: Slack mrkdwn around the escaped values', async () => {
    const { run } = setup({ 'cal.ics': ics(googleCall), 'slack.txt': '<https://example.com|Open> *%subject%*' });
    const base = ['render', '--event', 'cal.ics', '--tz', 'Europe/Zurich', '--at', '2026-11-30T13:00:00Z', '--for-kind', 'slack'];
    expect((await run([...base, '--template', 'slack.txt'])).out).toBe('<https://example.com|Open> *Call @\u200Bchannel &lt;\u200B!here&gt;*\n');
    const byDefault = await run([...base, '--template', 'default']);
    expect(byDefault.out.split('\n')[0]).toBe('🔔 *Call @\u200Bchannel &lt;\u200B!here&gt;* in 60 minutes');
    expect(byDefault.out).toContain('🎥 <https://meet.google.com/abc-defg-hij|Join (Google Meet)>');
    expect((await run([...base.slice(0, -1), 'slak', '--template', 'default'])).err).toMatch(
      /^herald: --for-kind: unknown kind "slak" \(one of: mattermost, kchat, slack/,
    );
  });

  it('picks an event by --uid; the X-GOOGLE-CONFERENCE link reaches meeting_url; mentions are defused', async () => {
    const { run } = setup({ 'cal.ics': ics(weeklyPills + googleCall), 't.txt': '%subject% | {{meeting_url}} | %date% | {{calendar}} | {{minutes_until}}' });
    const r = await run(['render', '--template', 't.txt', '--event', 'cal.ics', '--uid', 'call@test', '--tz', 'Europe/Zurich', '--at', '2026-11-30T13:00:00Z']);
    expect(r.out).toBe(
      'Call @\u200Bchannel \\<\u200B!here\\> | https://meet.google.com/abc-defg-hij | Monday 30 November 2026, 15:00–15:30 (09:00–09:30 America/New_York) | Maison | 60\n',
    );
  });

  it('email by default name: subject, plain text and HTML', async () => {
    const { run } = setup({ 'cal.ics': ics(googleCall) });
    const r = await run([
      'render',
      '--template',
      'reminder.email',
      '--format',
      'email',
      '--event',
      'cal.ics',
      '--tz',
      'America/New_York',
      '--locale',
      'en-US',
      '--at',
      '2026-11-01T00:00:00Z',
    ]);
    expect(r.out).toMatch(/^Subject: Reminder: Call @channel <!here> – 9:00 AM\n\nCall @channel <!here>\nMonday, November 30, 2026, 9:00 AM–9:30 AM\n/);
    expect(r.out).toContain('--- HTML ---\n<!doctype html>');
    expect(r.out).toContain('Call @channel &lt;!here&gt;');
  });

  it('an agenda template renders the day of the occurrence, all-day events first, split under --max-length', async () => {
    const { run } = setup({ 'cal.ics': ics(weeklyPills + googleCall + offsite) });
    const whole = await run([
      'render',
      '--template',
      'agenda.chat',
      '--event',
      'cal.ics',
      '--tz',
      'Europe/Zurich',
      '--locale',
      'it',
      '--at',
      '2026-11-30T00:00:00Z',
    ]);
    expect(whole.out).toBe(
      '📅 **Agenda di lunedì 30 novembre 2026**\n- _tutto il giorno_ **Offsite** · Grindelwald\n- 10:00–11:00 **prendre les médicaments** · Cuisine\n- 15:00–15:30 **Call @\u200Bchannel \\<\u200B!here\\>** (09:00–09:30 America/New_York) · [Partecipa](https://meet.google.com/abc-defg-hij)\n',
    );
    const split = await run([
      'render',
      '--template',
      'agenda.chat',
      '--event',
      'cal.ics',
      '--tz',
      'Europe/Zurich',
      '--locale',
      'it',
      '--at',
      '2026-11-30T00:00:00Z',
      '--max-length',
      '130',
    ]);
    const parts = split.out.split(/--- message \d of \d ---\n/).filter(Boolean);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.trim().length).toBeLessThanOrEqual(130);
    expect(parts[0]).toContain(`(parte 1/${parts.length})`);
  });

  it('names template problems on stderr and bad flags as usage errors', async () => {
    const { run } = setup({ 'cal.ics': ics(weeklyPills), 'bad.txt': 'Hello %subjet%' });
    const r = await run(['render', '--template', 'bad.txt', '--event', 'cal.ics', '--at', '2026-11-24T00:00:00Z']);
    expect(r.err).toContain('template "bad.txt" line 1, column 7: unknown placeholder %subjet% (did you mean %subject%?)');
    expect((await run(['render', '--template', 'bad.txt', '--event', 'cal.ics', '--format', 'pdf'])).code).toBe(2);
    expect((await run(['render', '--template', 'no-such-template', '--event', 'cal.ics'])).code).toBe(2);
    const none = await run(['render', '--template', 'default', '--event', 'cal.ics', '--uid', 'nope@test', '--at', '2026-11-24T00:00:00Z']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no occurrence of nope@test');
  });
});
