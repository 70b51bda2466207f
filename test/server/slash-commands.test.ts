/** /agenda slash commands over real HTTP, for Mattermost (token) and Slack (signature), answering the linked user's agenda. */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealSecret } from '../../src/core/secret-box.ts';
import { syncCalendar } from '../../src/schedule/sync.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';
import { vevent } from '../helpers/world.ts';
import { keys, serveApp } from './harness.ts';

const mmToken = 'mattermost-command-token-123';
const slackSecret = 'slack-signing-secret-456';

async function world(options: { inlineParseBytes?: number } = {}) {
  const app = await serveApp(options); // the clock: Monday 2026-12-07 06:00 UTC
  const dir = tempDir();
  const ics = join(dir, 'work.ics');
  writeFileSync(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      vevent({ UID: 'standup@t', DTSTART: '20261207T090000Z', DURATION: 'PT15M', RRULE: 'FREQ=WEEKLY;BYDAY=MO,WE', SUMMARY: 'Stand-up' }),
      vevent({ UID: 'review@t', DTSTART: '20261208T140000Z', DURATION: 'PT1H', SUMMARY: 'Design review', LOCATION: 'Room 4' }),
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const ana = app.store.users.add({ name: 'ana', tz: 'Europe/Zurich', locale: 'en' });
  app.store.users.setChatId(ana.id, 'U-ANA');
  app.store.users.add({ name: 'bob', tz: 'UTC', locale: 'en' });
  const cal = app.store.calendars.add({ userId: ana.id, name: 'work', kind: 'file', location: ics });
  await syncCalendar(app.store, cal, { clock: app.clock, logger: app.logger, force: true });
  app.store.commands.add({ name: 'agenda', kind: 'mattermost', sealedSecret: sealSecret(keys.secretKey, mmToken), matchUsername: false });
  app.store.commands.add({ name: 'agenda-slack', kind: 'slack', sealedSecret: sealSecret(keys.secretKey, slackSecret), matchUsername: true });
  const form = (fields: Record<string, string>) =>
    new URLSearchParams({ team_id: 'T1', user_id: 'U-ANA', user_name: 'ana', command: '/agenda', ...fields }).toString();
  const mattermost = async (text: string, headers: Record<string, string> = { authorization: `Token ${mmToken}` }, fields: Record<string, string> = {}) => {
    const res = await fetch(`${app.url}/commands/agenda`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: form({ text, ...fields }),
    });
    return { status: res.status, body: (await res.json()) as { response_type?: string; text?: string; error?: { code: string } } };
  };
  const slack = async (text: string, options: { secret?: string; ageSeconds?: number; fields?: Record<string, string>; omit?: boolean } = {}) => {
    const body = form({ text, ...options.fields });
    const ts = String(Math.floor(app.clock.now() / 1000) - (options.ageSeconds ?? 0));
    const signature = `v0=${createHmac('sha256', options.secret ?? slackSecret)
      .update(`v0:${ts}:${body}`)
      .digest('hex')}`;
    const headers: Record<string, string> = options.omit ? {} : { 'x-slack-request-timestamp': ts, 'x-slack-signature': signature };
    const res = await fetch(`${app.url}/commands/agenda-slack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as { response_type?: string; text?: string } };
  };
  return { ...app, mattermost, slack };
}

describe('slash commands', () => {
  it('Mattermost: the token (header or form) proves the request; the linked user gets today’s agenda, ephemeral', async () => {
    const w = await world();
    const today = await w.mattermost('');
    expect(today.status).toBe(200);
    expect(today.body.response_type).toBe('ephemeral');
    expect(today.body.text).toContain('Monday 7 December 2026');
    expect(today.body.text).toContain('10:00'); // 09:00 UTC in Zurich
    expect(today.body.text).toContain('Stand-up');
    expect(today.body.text).not.toContain('Design review');
    const viaForm = await w.mattermost('', {}, { token: mmToken });
    expect(viaForm.body.text).toContain('Stand-up');
  });

  it('Mattermost: a wrong or missing token is refused; nobody’s agenda is shown', async () => {
    const w = await world();
    for (const headers of [{ authorization: 'Token wrong-token' }, {}, { authorization: `Bearer ${mmToken}` }] as Record<string, string>[]) {
      const r = await w.mattermost('', headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.stringify(r.body)).not.toContain('Stand-up');
    }
    expect((await w.mattermost('', {}, { token: 'wrong' })).status).toBe(401);
  });

  it('answers tomorrow, a weekday, the week, the next event, help and share', async () => {
    const w = await world();
    const tomorrow = (await w.mattermost('tomorrow')).body;
    expect(tomorrow.text).toContain('Design review');
    expect(tomorrow.text).not.toContain('Stand-up');
    expect((await w.mattermost('wednesday')).body.text).toContain('Wednesday 9 December 2026');
    expect((await w.mattermost('Mon')).body.text).toContain('Monday 7 December 2026');
    const week = (await w.mattermost('week')).body.text!;
    expect(week.match(/Stand-up/g)).toHaveLength(2);
    expect(week).toContain('Design review');
    expect((await w.mattermost('next')).body.text).toMatch(/^Next: \*\*Stand-up\*\* · .*10:00/);
    expect((await w.mattermost('help')).body.text).toContain('/agenda week');
    expect((await w.mattermost('whenever')).body.text).toContain('I did not understand “whenever”');
    const shared = (await w.mattermost('share tomorrow')).body;
    expect([shared.response_type, shared.text?.includes('Design review')]).toEqual(['in_channel', true]);
  });

  it('an unknown chat user is told how to be linked; a command may match by user name', async () => {
    const w = await world();
    const stranger = (await w.mattermost('', undefined, { user_id: 'U-NEW', user_name: 'bob' })).body;
    expect(stranger.text).toContain('herald user set NAME --chat-id U-NEW');
    // The Slack command matches user names: bob (no calendars) gets his own, empty agenda.
    const bob = (await w.slack('', { fields: { user_id: 'U-BOB', user_name: 'bob' } })).body;
    expect(bob.text).not.toContain('Stand-up');
    expect(bob.text).toContain('Monday 7 December 2026');
  });

  it('Slack: a valid signature gets the agenda; a wrong, missing or expired one is refused', async () => {
    const w = await world();
    const ok = await w.slack('tomorrow');
    expect([ok.status, ok.body.text?.includes('Design review')]).toEqual([200, true]);
    // Slack's text is plain: no Markdown stars.
    expect((await w.slack('next')).body.text).toMatch(/^Next: Stand-up · /);
    expect((await w.slack('', { secret: 'not-the-secret' })).status).toBe(401);
    expect((await w.slack('', { omit: true })).status).toBe(401);
    expect((await w.slack('', { ageSeconds: 6 * 60 })).status).toBe(401);
    expect((await w.slack('', { ageSeconds: 4 * 60 })).status).toBe(200);
  });

  it('limits each team to 30 requests a minute', async () => {
    const w = await world();
    for (let i = 0; i < 30; i++) expect((await w.mattermost('')).body.text).toContain('Stand-up');
    expect((await w.mattermost('')).body.text).toContain('Too many');
    expect((await w.mattermost('', undefined, { team_id: 'T2' })).body.text).toContain('Stand-up');
    await w.clock.advanceBy(60_000);
    expect((await w.mattermost('')).body.text).toContain('Stand-up');
  });

  it('an answer that must parse much calendar text first is acknowledged, then posted to response_url', async () => {
    // Any text to parse counts as much here; the default allows 256 KB inline.
    const w = await world({ inlineParseBytes: 0 });
    const chat = await startSink();
    const first = await w.mattermost('', undefined, { response_url: `${chat.url}/hooks/commands/abc123` });
    expect(first.body).toEqual({ response_type: 'ephemeral', text: 'Reading your calendars… your agenda follows in a moment.' });
    for (let i = 0; i < 100 && chat.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(chat.requests).toHaveLength(1);
    expect(chat.requests[0]).toMatchObject({ method: 'POST', url: '/hooks/commands/abc123' });
    const posted = JSON.parse(chat.requests[0]!.body) as { response_type: string; text: string };
    expect(posted.response_type).toBe('ephemeral');
    expect(posted.text).toContain('Stand-up');
    // Parsed now: the next answer comes inline, and nothing more is posted.
    const second = await w.mattermost('share', undefined, { response_url: `${chat.url}/hooks/commands/abc123` });
    expect(second.body.response_type).toBe('in_channel');
    expect(second.body.text).toContain('Stand-up');
    expect(chat.requests).toHaveLength(1);
  });

  it('without a usable response_url the answer comes inline however much there is to parse', async () => {
    const w = await world({ inlineParseBytes: 0 });
    expect((await w.mattermost('', undefined, { response_url: 'javascript:alert(1)' })).body.text).toContain('Stand-up');
    expect((await w.slack('')).body.text).toContain('Stand-up');
  });
});
