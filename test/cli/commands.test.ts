import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');
const team = join(root, 'data', 'example-team.ics');
let db: string;

beforeEach(async () => {
  db = join(tempDir(), 'h.db');
  expect((await runCli(db, ['user', 'add', 'alice', '--tz', 'Europe/Zurich', '--locale', 'fr', '--email', 'alice@example.com', '--plan', 'free'])).code).toBe(
    0,
  );
  expect((await runCli(db, ['calendar', 'add', 'team', '--user', 'alice', '--file', team])).code).toBe(0);
});

describe('targets', () => {
  it("masks the URL, enforces the plan's quota, and validates a template on save", async () => {
    const add = await runCli(db, [
      'target',
      'add',
      'chat',
      '--user',
      'alice',
      '--url',
      'mattermost://chat.example.com/hooks/s3cr3tvalue',
      '--option',
      'channel=town-square',
    ]);
    expect(add.out).toBe('added target chat (mattermost, mattermost://chat.example.com/***)\n');
    const second = await runCli(db, ['target', 'add', 'more', '--user', 'alice', '--url', 'slack://hooks.slack.com/services/T/B/X']);
    expect(second.code).toBe(2);
    expect(second.err).toBe(
      'herald: user "alice" already has 1 chat webhook on, and the free plan allows 1; remove one (herald target rm chat), disable one (herald target disable NAME) or change the plan\n',
    );
    const list = await runCli(db, ['target', 'list', '--json']);
    expect(JSON.parse(list.out)).toMatchObject({ name: 'chat', kind: 'mattermost', url: 'mattermost://chat.example.com/***' });
    expect((await runCli(db, ['user', 'add', 'bob', '--tz', 'UTC', '--plan', 'business'])).code).toBe(0);
    const bad = await runCli(db, ['target', 'add', 'b1', '--user', 'bob', '--url', 'webhooks://example.com/h', '--template-text', 'Hi %subjet%']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^herald: template "inline" line 1, column 4: unknown placeholder %subjet%/);
  });

  it("sends a test message and prints the service's answer", async () => {
    const sink = await startSink();
    sink.respond = (_req, res) => res.writeHead(200).end('ok');
    await runCli(db, ['target', 'add', 'hook', '--user', 'alice', '--kind', 'mattermost', '--url', `${sink.url}/hooks/abc`, '--allow-private']);
    const r = await runCli(db, ['target', 'test', 'hook']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sent to hook \(http:\/\/127\.0\.0\.1:\d+\/\*\*\*\): 200 ok\n$/);
    expect(JSON.parse(sink.requests[0]!.body)).toEqual({ text: 'herald test message for target "hook"' });
  });
});

describe('templates', () => {
  it('saves a valid template and refuses an invalid one with its position', async () => {
    expect((await runCli(db, ['template', 'add', 'rappel', '--kind', 'reminder', '--text', "N'oubliez pas de %subject% pour le %date%."])).out).toBe(
      'saved template rappel\n',
    );
    const bad = await runCli(db, ['template', 'add', 'oops', '--kind', 'reminder', '--text', 'x\n{{#location}}']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^herald: template "oops" line 2, column \d+: template syntax: Unclosed section "location"/);
    const big = await runCli(db, ['template', 'add', 'big', '--kind', 'reminder', '--for-kind', 'discord', '--text', `%description% ${'x'.repeat(2000)}`]);
    expect(big.err).toMatch(/over the target's limit of 2000/);
    expect(JSON.parse((await runCli(db, ['template', 'list', '--json'])).out)).toMatchObject({ name: 'rappel', kind: 'reminder' });
  });
});

describe('reminders and digests', () => {
  it('adds rules and digests with clear refusals', async () => {
    await runCli(db, ['target', 'add', 'term', '--user', 'alice', '--url', 'console:']);
    expect((await runCli(db, ['reminder', 'add', '--calendar', 'team', '--target', 'term', '--before', '10m,1h'])).out).toBe(
      'added reminder rule 1: 10m, 1h before events of team → term\n',
    );
    expect((await runCli(db, ['reminder', 'add', '--calendar', 'team', '--target', 'term', '--before', '10 minutes'])).err).toMatch(
      /--before: bad duration "10 minutes"/,
    );
    expect((await runCli(db, ['reminder', 'add', '--calendar', 'team', '--target', 'term', '--before', '10m', '--all-day-at', '25:00'])).err).toMatch(
      /--all-day-at must be a local time like 07:00/,
    );
    expect(
      (await runCli(db, ['digest', 'add', 'am', '--user', 'alice', '--calendar', 'team', '--target', 'term', '--at', '7:00', '--days', 'mon,funday'])).err,
    ).toMatch(/"fun" is not a weekday/);
    const added = await runCli(db, [
      'digest',
      'add',
      'am',
      '--user',
      'alice',
      '--calendar',
      'team',
      '--target',
      'term',
      '--at',
      '7:00',
      '--days',
      'mon,tue,wed,thu,fri',
    ]);
    expect(added.out).toBe('added digest am at 07:00 (disabled: turn it on with herald digest enable am)\n');
    expect((await runCli(db, ['digest', 'enable', 'am'])).out).toBe('digest am enabled\n');
    expect(JSON.parse((await runCli(db, ['digest', 'list', '--json'])).out)).toMatchObject({
      name: 'am',
      at: '07:00',
      days: 'mon,tue,wed,thu,fri',
      enabled: true,
    });
  });

  it('sends a digest now, and prints the agenda the way the digest lists it', async () => {
    await runCli(db, ['target', 'add', 'term', '--user', 'alice', '--url', 'console:']);
    await runCli(db, ['calendar', 'sync']);
    await runCli(db, ['digest', 'add', 'am', '--user', 'alice', '--calendar', 'team', '--target', 'term', '--at', '07:00']);
    const sent = await runCli(db, ['digest', 'send', 'am', '--date', '2026-12-04']);
    expect(sent.code).toBe(0);
    expect(sent.out).toContain('Agenda du vendredi 4 décembre 2026');
    expect(sent.out).toContain('sent am for 2026-12-04 to term');
    const agenda = await runCli(db, ['agenda', '--user', 'alice', '--date', '2026-12-04']);
    expect(agenda.out).toBe(
      'Agenda du vendredi 4 décembre 2026\n- toute la journée  Team offsite · Grindelwald\n- 09:30–09:45  Daily stand-up · kMeet · https://kmeet.infomaniak.com/team-standup\n',
    );
    const json = await runCli(db, ['agenda', '--user', 'alice', '--date', '2026-12-04', '--json']);
    expect(
      json.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).summary),
    ).toEqual(['Team offsite', 'Daily stand-up']);
  });
});

describe('occurrences and render', () => {
  it('lists occurrences as JSON lines in the documented format', async () => {
    const r = await runCli(db, ['occurrences', team, '--from', '2026-12-03T00:00:00Z', '--to', '2026-12-04T00:00:00Z', '--json']);
    expect(
      r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { uid: 'offsite@herald.example', recurrence_id: null, start: '2026-12-03', end: '2026-12-05', all_day: true, summary: 'Team offsite' },
      {
        uid: 'standup@herald.example',
        recurrence_id: '2026-12-03T08:30:00Z',
        start: '2026-12-03T08:30:00Z',
        end: '2026-12-03T08:45:00Z',
        all_day: false,
        summary: 'Daily stand-up',
      },
    ]);
    const table = await runCli(db, ['occurrences', team, '--from', '2026-12-03T00:00:00Z', '--to', '2026-12-04T00:00:00Z', '--tz', 'Europe/Zurich']);
    expect(table.out).toContain('2026-12-03 09:30');
    expect((await runCli(db, ['occurrences', team, '--from', 'yesterday', '--to', '2026-12-04T00:00:00Z'])).err).toMatch(/--from must be an ISO date-time/);
  });

  it('renders a template for an event, in French', async () => {
    const r = await runCli(db, [
      'render',
      '--template',
      'reminder.chat',
      '--event',
      team,
      '--uid',
      'retro@herald.example',
      '--at',
      '2026-11-27T00:00:00Z',
      '--locale',
      'fr',
      '--tz',
      'Europe/Zurich',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('**Sprint retrospective**');
    expect(r.out).toContain('vendredi 27 novembre 2026, 14:00–15:00');
    const email = await runCli(db, ['render', '--template', 'default', '--event', team, '--at', '2026-11-27T00:00:00Z', '--format', 'email']);
    expect(email.out).toMatch(/^Subject: Reminder: /);
    expect(email.out).toContain('--- HTML ---');
  });
});

describe('users', () => {
  it("changes a user's settings and plan", async () => {
    expect((await runCli(db, ['user', 'set', 'alice', '--tz', 'America/New_York', '--clock', '12', '--plan', 'standard'])).out).toBe('updated user alice\n');
    expect(JSON.parse((await runCli(db, ['user', 'list', '--json'])).out)).toMatchObject({
      name: 'alice',
      tz: 'America/New_York',
      clock: '12',
      max_targets: 20,
    });
    expect((await runCli(db, ['user', 'set', 'alice', '--tz', 'Nowhere'])).err).toBe(
      'herald: --tz: unknown time zone "Nowhere" (use an IANA name like Europe/Zurich)\n',
    );
  });
});
