import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncCalendar } from '../../src/schedule/sync.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { keys, serveApp } from './harness.ts';

type Served = Awaited<ReturnType<typeof serveApp>>;
const webhook = 'https://chat.example.com/hooks/s3cr3tHookToken9876';

/** One request to the admin API with the admin token (or the given Authorization), its status and JSON. */
async function call(h: Served, method: string, path: string, body?: unknown, auth: string | null = `Bearer ${keys.adminToken}`) {
  const res = await fetch(`${h.url}/api/v1${path}`, {
    method,
    headers: { ...(auth === null ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the tests
  return { status: res.status, text, json: JSON.parse(text) as Record<string, any> };
}

async function withAlice(h: Served) {
  expect((await call(h, 'POST', '/users', { name: 'alice', tz: 'Europe/Zurich', email: 'alice@example.com', locale: 'fr' })).status).toBe(201);
}

function icsFile(): string {
  const path = join(tempDir(), 'team.ics');
  writeFileSync(
    path,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//t//t//EN',
      'BEGIN:VEVENT',
      'UID:standup@test',
      'DTSTAMP:20261201T000000Z',
      'DTSTART:20261208T080000Z',
      'DTEND:20261208T083000Z',
      'SUMMARY:Stand-up',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  return path;
}

describe('admin API: auth', () => {
  it('answers 401 without the token or with a wrong one, and never echoes it', async () => {
    const h = await serveApp();
    for (const auth of [null, 'Bearer wrong-token', `Basic ${keys.adminToken}`, `Bearer ${keys.adminToken}x`]) {
      const r = await call(h, 'GET', '/users', undefined, auth);
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
      expect(r.text).not.toContain(keys.adminToken);
    }
    const bad = await call(h, 'POST', '/users', { name: 'mallory', tz: 'UTC' }, 'Bearer nope');
    expect(bad.status).toBe(401);
    expect(h.store.users.byName('mallory')).toBeUndefined();
    expect((await call(h, 'GET', '/users')).status).toBe(200);
    // The access log names the route, never the token.
    expect(h.logger.lines.join('\n')).not.toContain(keys.adminToken);
  });
});

const everyRoute: [string, string][] = [
  ['GET', '/users'],
  ['GET', '/users/alice'],
  ['POST', '/users'],
  ['PATCH', '/users/alice'],
  ['DELETE', '/users/alice'],
  ['GET', '/calendars'],
  ['GET', '/calendars/team'],
  ['POST', '/calendars'],
  ['DELETE', '/calendars/team'],
  ['GET', '/targets'],
  ['GET', '/targets/chat'],
  ['POST', '/targets'],
  ['PATCH', '/targets/chat'],
  ['DELETE', '/targets/chat'],
  ['GET', '/templates'],
  ['GET', '/templates/t'],
  ['PUT', '/templates/t'],
  ['DELETE', '/templates/t'],
  ['GET', '/reminders'],
  ['GET', '/reminders/1'],
  ['POST', '/reminders'],
  ['DELETE', '/reminders/1'],
  ['GET', '/digests'],
  ['GET', '/digests/morning'],
  ['POST', '/digests'],
  ['POST', '/digests/morning/enable'],
  ['POST', '/digests/morning/disable'],
  ['DELETE', '/digests/morning'],
  ['GET', '/deliveries'],
  ['GET', '/deliveries/1'],
  ['POST', '/deliveries/1/retry'],
  ['POST', '/preview'],
  ['GET', '/audit'],
];

describe('admin API: every route', () => {
  it('refuses each without the token and with a wrong one (401, nothing written), and answers each with it', async () => {
    const h = await serveApp();
    await withAlice(h);
    for (const [method, path] of everyRoute) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      for (const auth of [null, 'Bearer wrong'])
        expect({ method, path, status: (await call(h, method, path, body, auth)).status }).toEqual({ method, path, status: 401 });
      // With the token: an answer in the API's own terms (never 401, never an unmatched route).
      const r = await call(h, method, path, body);
      expect({ method, path, ok: ![401, 500].includes(r.status) && r.json.error?.code !== 'not_found_route' }).toEqual({ method, path, ok: true });
      if (r.status >= 400) expect(['invalid', 'not_found', 'conflict']).toContain(r.json.error.code);
    }
    expect(h.store.audit.list().map((a) => `${a.action} ${a.entity}`)).toEqual(['remove user', 'add user']);
    // The access log names route patterns, never a path's values or the token.
    const log = h.logger.lines.join('\n');
    expect(log).toContain('/api/v1/users/:name');
    expect(log).not.toContain(keys.adminToken);
  });
});

describe('admin API: users', () => {
  it('creates, reads, changes and removes a user; audits each write as admin', async () => {
    const h = await serveApp();
    await withAlice(h);
    expect((await call(h, 'GET', '/users/alice')).json.user).toMatchObject({ name: 'alice', tz: 'Europe/Zurich', locale: 'fr' });
    const changed = await call(h, 'PATCH', '/users/alice', { tz: 'America/New_York', clock: '12' });
    expect(changed.json.user).toMatchObject({ tz: 'America/New_York', clock: '12' });
    expect((await call(h, 'GET', '/users')).json.users).toHaveLength(1);
    expect((await call(h, 'DELETE', '/users/alice')).json.removed).toBe('alice');
    expect((await call(h, 'GET', '/users/alice')).status).toBe(404);
    const audit = h.store.audit.list().map((a) => `${a.actor} ${a.action} ${a.entity} ${a.ref}`);
    expect(audit).toEqual(['admin remove user alice', 'admin update user alice', 'admin add user alice']);
    expect(h.store.audit.list()[0]!.at).toBe(h.clock.now());
  });

  it('answers bad input with 400 naming the field, a duplicate with 409, an unknown name with 404', async () => {
    const h = await serveApp();
    await withAlice(h);
    const cases: [string, string, unknown, number, string | null][] = [
      ['POST', '/users', { name: 'bob', tz: 'Mars/Olympus' }, 400, 'tz'],
      ['POST', '/users', { name: 'bob' }, 400, 'tz'],
      ['POST', '/users', { name: 'bob', tz: 'UTC', email: 'nope' }, 400, 'email'],
      ['POST', '/users', { name: 'bob', tz: 'UTC', clock: '13' }, 400, 'clock'],
      ['POST', '/users', { name: 'bob', tz: 'UTC', locale: 'French!' }, 400, 'locale'],
      ['POST', '/users', { name: 'bob', tz: 'UTC', plan: 'gold' }, 400, 'plan'],
      ['POST', '/users', { name: 'bob', tz: 'UTC', 'max-targets': -1 }, 400, 'max-targets'],
      ['POST', '/users', { name: 'bad name', tz: 'UTC' }, 400, 'name'],
      ['POST', '/users', { name: 'bob', tz: 42.5 }, 400, 'tz'],
      ['POST', '/users', 'not json', 400, 'body'],
      ['POST', '/users', [1, 2], 400, 'body'],
      ['POST', '/users', { name: 'alice', tz: 'UTC' }, 409, 'name'],
      ['PATCH', '/users/alice', { 'chat-id': 'has space' }, 400, 'chat-id'],
      ['PATCH', '/users/nobody', { tz: 'UTC' }, 404, 'name'],
      ['DELETE', '/users/nobody', undefined, 404, 'name'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const r = await call(h, method, path, body);
      expect({ method, path, body, status: r.status, field: r.json.error?.field }).toEqual({ method, path, body, status, field });
      expect(r.json.error.message.length).toBeGreaterThan(5);
    }
    expect(h.store.users.list().map((u) => u.name)).toEqual(['alice']);
    expect(h.store.audit.list()).toHaveLength(1);
  });

  it('gives the CLI’s message for the same bad input, and the same stored rows for the same good one', async () => {
    const h = await serveApp();
    const cli = await runCli(h.store.path, ['user', 'add', 'bob', '--tz', 'Mars/Olympus']);
    const api = await call(h, 'POST', '/users', { name: 'bob', tz: 'Mars/Olympus' });
    expect(cli.code).toBe(2);
    expect(cli.err).toContain(api.json.error.message);
    for (const [argv, body] of [
      [['user', 'add', 'bob', '--tz', 'UTC', '--email', 'nope'], { name: 'bob', tz: 'UTC', email: 'nope' }],
      [['reminder', 'add', '--user', 'nobody', '--target', 'x', '--before', '10m'], { user: 'nobody', target: 'x', before: '10m' }],
      [['reminder', 'add', '--user', 'nobody', '--target', 'x', '--before', '100d'], { user: 'nobody', target: 'x', before: '100d' }],
    ] as const) {
      const c = await runCli(h.store.path, [...argv]);
      const a = await call(h, 'POST', argv[0] === 'user' ? '/users' : '/reminders', body);
      expect(c.err).toContain(a.json.error.message);
    }
    expect((await runCli(h.store.path, ['user', 'add', 'carol', '--tz', 'UTC', '--locale', 'de', '--clock', '24'], { USER: 'ops' })).code).toBe(0);
    await call(h, 'POST', '/users', { name: 'dave', tz: 'UTC', locale: 'de', clock: '24' });
    const strip = ({ id, name, createdAt, updatedAt, ...rest }: Record<string, unknown>) => (void [id, name, createdAt, updatedAt], rest);
    expect(strip({ ...h.store.users.byName('dave')! })).toEqual(strip({ ...h.store.users.byName('carol')! }));
    expect(h.store.audit.list().map((a) => a.actor)).toEqual(['admin', 'cli:ops']);
  });
});

describe('admin API: calendars, targets, templates, reminders, digests', () => {
  it('creates and lists each with secrets masked, never answering one', async () => {
    const h = await serveApp();
    await withAlice(h);
    const password = 'calendar-Pa55word-xyz';
    const cal = await call(h, 'POST', '/calendars', {
      name: 'team',
      user: 'alice',
      url: 'https://cal.example.com/private/feed-token-123.ics',
      username: 'u',
      password,
    });
    expect(cal.status).toBe(201);
    expect(cal.json.calendar.location).toBe('https://cal.example.com/***');
    expect((await call(h, 'POST', '/calendars', { name: 'team2', user: 'alice', file: 'relative.ics' })).json.error.field).toBe('file');
    expect((await call(h, 'POST', '/calendars', { name: 'team3', user: 'alice', url: 'ftp://x' })).json.error.field).toBe('url');
    const t = await call(h, 'POST', '/targets', {
      name: 'chat',
      user: 'alice',
      url: `mattermost://chat.example.com/hooks/s3cr3tHookToken9876`,
      option: ['channel=town-square'],
    });
    expect(t.status).toBe(201);
    expect(t.json.target).toMatchObject({ name: 'chat', kind: 'mattermost', url: 'mattermost://chat.example.com/***' });
    expect((await call(h, 'POST', '/targets', { name: 'chat', user: 'alice', url: 'console:' })).status).toBe(409);
    expect((await call(h, 'POST', '/targets', { name: 'c2', user: 'alice', url: 'console:', template: 'nope' })).json.error.field).toBe('template');
    expect((await call(h, 'POST', '/targets', { name: 'c3', user: 'nobody', url: 'console:' })).status).toBe(404);
    expect((await call(h, 'POST', '/targets', { name: 'c4', user: 'alice' })).json.error.field).toBe('url');
    const patched = await call(h, 'PATCH', '/targets/chat', { 'allow-mentions': true, url: `${webhook.replace('https', 'mattermost')}2` });
    expect(patched.json.changed.sort()).toEqual(['allowMentions', 'url']);
    expect((await call(h, 'PATCH', '/targets/chat', {})).status).toBe(400);

    const tpl = await call(h, 'PUT', '/templates/rappel', { kind: 'reminder', text: 'N’oubliez pas %subject% (%date%)' });
    expect(tpl.json.template).toMatchObject({ name: 'rappel', kind: 'reminder' });
    expect((await call(h, 'PUT', '/templates/broken', { kind: 'reminder', text: '{{#x}} unbalanced' })).json.error.field).toBe('text');
    expect((await call(h, 'PUT', '/templates/k', { kind: 'weekly', text: 'x' })).json.error.field).toBe('kind');
    expect((await call(h, 'GET', '/templates/rappel')).json.template.body).toContain('%subject%');

    const rule = await call(h, 'POST', '/reminders', { calendar: 'team', target: 'chat', before: '10m,1h' });
    expect(rule.status).toBe(201);
    expect(rule.json.reminder).toMatchObject({ calendar: 'team', targets: 'chat', before: '10m,1h' });
    expect((await call(h, 'POST', '/reminders', { calendar: 'team', target: 'chat', before: 'soon' })).json.error.field).toBe('before');
    expect((await call(h, 'POST', '/reminders', { calendar: 'team', target: 'nope', before: '1h' })).status).toBe(404);
    expect((await call(h, 'GET', `/reminders/${rule.json.reminder.id}`)).json.reminder.id).toBe(rule.json.reminder.id);

    const digest = await call(h, 'POST', '/digests', {
      name: 'morning',
      user: 'alice',
      calendar: 'team',
      target: 'chat',
      email: true,
      at: '07:00',
      days: ['mon', 'tue'],
    });
    expect(digest.status).toBe(201);
    expect(digest.json.digest).toMatchObject({ name: 'morning', at: '07:00', days: 'mon,tue', enabled: false, to: 'chat,email' });
    expect((await call(h, 'POST', '/digests', { name: 'x', user: 'alice', calendar: 'team', target: 'chat', at: '25:00' })).json.error.field).toBe('at');
    expect((await call(h, 'POST', '/digests', { name: 'x', user: 'alice', calendar: 'team', at: '07:00', days: 'someday' })).json.error.field).toBe('days');
    expect((await call(h, 'POST', '/digests/morning/enable')).json.digest.enabled).toBe(true);
    expect((await call(h, 'POST', '/digests/nope/enable')).status).toBe(404);

    // Every listing and answer of the run: no secret in any of them.
    const bodies = await Promise.all(
      ['/users', '/calendars', '/calendars/team', '/targets', '/targets/chat', '/reminders', '/digests', '/audit'].map(
        async (p) => (await call(h, 'GET', p)).text,
      ),
    );
    for (const text of [...bodies, cal.text, t.text, patched.text]) {
      for (const secret of [password, 's3cr3tHookToken9876', 'feed-token-123']) expect(text).not.toContain(secret);
    }
    const audit = h.store.audit.list().map((a) => `${a.action} ${a.entity} ${a.ref}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        'add calendar team',
        'add target chat',
        'update target chat',
        'save template rappel',
        'add digest morning',
        'enable digest morning',
      ]),
    );
    expect(JSON.stringify(h.store.audit.list())).not.toContain(password);

    expect((await call(h, 'DELETE', `/reminders/${rule.json.reminder.id}`)).status).toBe(200);
    expect((await call(h, 'DELETE', '/reminders/999')).status).toBe(404);
    expect((await call(h, 'DELETE', '/digests/morning')).status).toBe(200);
    expect((await call(h, 'DELETE', '/targets/chat')).status).toBe(200);
    expect((await call(h, 'DELETE', '/calendars/team')).status).toBe(200);
    expect((await call(h, 'DELETE', '/templates/rappel')).status).toBe(200);
    expect((await call(h, 'DELETE', '/templates/rappel')).status).toBe(404);
  });
});

describe('admin API and CLI: the same rows', () => {
  it('stores the same target, calendar, reminder and digest for the same request', async () => {
    const h = await serveApp();
    await withAlice(h);
    const file = icsFile();
    const cli = (argv: string[]) => runCli(h.store.path, argv, { USER: 'ops' });
    const url = 'mattermost://chat.example.com/hooks/s3cr3tHookToken9876';
    expect((await cli(['target', 'add', 'c1', '--user', 'alice', '--url', url, '--option', 'channel=town', '--allow-mentions'])).code).toBe(0);
    await call(h, 'POST', '/targets', { name: 'a1', user: 'alice', url: url.replace('9876', '9877'), option: 'channel=town', 'allow-mentions': true });
    expect((await cli(['calendar', 'add', 'c2', '--user', 'alice', '--file', file, '--tz', 'Europe/Paris', '--alarms', '--alarm-target', 'c1'])).code).toBe(0);
    await call(h, 'POST', '/calendars', { name: 'a2', user: 'alice', file, tz: 'Europe/Paris', alarms: true, 'alarm-target': ['c1'] });
    expect((await cli(['reminder', 'add', '--calendar', 'c2', '--target', 'c1', '--before', '10m,1h', '--skip-free'])).code).toBe(0);
    await call(h, 'POST', '/reminders', { calendar: 'c2', target: 'c1', before: ['10m', '1h'], 'skip-free': true });
    expect((await cli(['digest', 'add', 'c3', '--user', 'alice', '--calendar', 'c2', '--target', 'c1', '--at', '7:00', '--weekly', '--enable'])).code).toBe(0);
    await call(h, 'POST', '/digests', { name: 'a3', user: 'alice', calendar: 'c2', target: 'c1', at: '7:00', weekly: true, enable: true });
    const strip = (row: object) => {
      const { id, name, url, createdAt, updatedAt, enabledAt, unsubscribeToken, ...rest } = row as Record<string, unknown>;
      void [id, name, url, createdAt, updatedAt, enabledAt, unsubscribeToken];
      return rest;
    };
    expect(strip(h.store.targets.byName('a1')!)).toEqual(strip(h.store.targets.byName('c1')!));
    expect(strip(h.store.calendars.byName('a2')!)).toEqual(strip(h.store.calendars.byName('c2')!));
    const [apiRule, cliRule] = h.store.rules.list().slice(-2).reverse();
    expect(strip(apiRule!)).toEqual(strip(cliRule!));
    expect(strip(h.store.digests.byName('a3')!)).toEqual(strip(h.store.digests.byName('c3')!));
    expect(
      h.store.audit
        .list()
        .map((a) => `${a.actor} ${a.action} ${a.entity}`)
        .slice(0, 2),
    ).toEqual(['admin add digest', 'cli:ops add digest']);
  });
});

describe('admin API: deliveries and preview', () => {
  it('lists deliveries filtered by status, and retries a failed one (a sent one is a 409)', async () => {
    const h = await serveApp();
    await withAlice(h);
    await call(h, 'POST', '/targets', { name: 'out', user: 'alice', url: 'console:' });
    const user = h.store.users.byName('alice')!;
    const target = h.store.targets.byName('out')!;
    const due = h.clock.now();
    h.store.deliveries.add(
      ['a', 'b'].map((k) => ({
        dedupeKey: k,
        route: 'target' as const,
        userId: user.id,
        targetId: target.id,
        dueAt: due,
        content: { kind: 'test' as const, text: k },
      })),
    );
    const [a, b] = [h.store.deliveries.byKey('a')!, h.store.deliveries.byKey('b')!];
    h.store.deliveries.markFinal(a.id, 'failed', { error: 'HTTP 500' });
    h.store.deliveries.markSent(b.id, { statusCode: 200, sentAt: due, late: false });
    const failed = await call(h, 'GET', '/deliveries?status=failed');
    expect(failed.json.deliveries.map((d: { id: number }) => d.id)).toEqual([a.id]);
    expect((await call(h, 'GET', '/deliveries')).json.deliveries).toHaveLength(2);
    expect((await call(h, 'GET', '/deliveries?status=lost')).json.error.field).toBe('status');
    expect((await call(h, 'GET', '/deliveries?limit=0')).json.error.field).toBe('limit');
    const retried = await call(h, 'POST', `/deliveries/${a.id}/retry`);
    expect(retried.json.delivery).toMatchObject({ id: a.id, status: 'pending' });
    expect(h.store.deliveries.get(a.id)!.status).toBe('pending');
    expect((await call(h, 'POST', `/deliveries/${b.id}/retry`)).status).toBe(409);
    expect((await call(h, 'POST', '/deliveries/9999/retry')).status).toBe(404);
    expect((await call(h, 'GET', `/deliveries/${b.id}`)).json.delivery.status).toBe('sent');
    expect(h.store.audit.list()[0]).toMatchObject({ actor: 'admin', action: 'retry', entity: 'delivery', ref: String(a.id) });
  });

  it('renders a template against the next occurrence of a stored calendar, in its owner’s language', async () => {
    const h = await serveApp();
    await withAlice(h);
    await call(h, 'POST', '/calendars', { name: 'team', user: 'alice', file: icsFile() });
    const synced = await syncCalendar(h.store, h.store.calendars.byName('team')!, { clock: h.clock, logger: h.logger, force: true });
    expect(synced.ok).toBe(true);
    const r = await call(h, 'POST', '/preview', { calendar: 'team', 'template-text': 'Rappel : %subject% le %date%' });
    expect(r.status).toBe(200);
    expect(r.json.occurrence).toMatchObject({ uid: 'standup@test', summary: 'Stand-up', start: '2026-12-08T08:00:00.000Z' });
    expect(r.json.messages[0].text).toMatch(/^Rappel : Stand-up le .*déc/);
    const agenda = await call(h, 'POST', '/preview', { calendar: 'team', template: 'agenda.email', format: 'email' });
    expect(agenda.json.messages[0].html).toContain('Stand-up');
    const ics = await call(h, 'POST', '/preview', {
      ics: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n`,
      'template-text': '%subject%',
    });
    expect(ics.status).toBe(404);
    expect((await call(h, 'POST', '/preview', { 'template-text': '%subject%' })).json.error.field).toBe('calendar');
    expect((await call(h, 'POST', '/preview', { calendar: 'team', 'template-text': '{{nope}}' })).json.error.field).toBe('template-text');
    expect((await call(h, 'POST', '/preview', { calendar: 'team', at: 'tomorrow' })).json.error.field).toBe('at');
  });
});
