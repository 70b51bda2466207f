/** Issue 12, point 3: target options are the service's payload fields, checked, kept as written, editable with target set. */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

let db: string;
const cli = (...argv: string[]) => runCli(db, argv);

beforeEach(async () => {
  db = join(tempDir(), 'h.db');
  expect((await cli('user', 'add', 'alice', '--tz', 'Europe/Zurich', '--plan', 'business')).code).toBe(0);
});

describe('--option', () => {
  it('sends every Mattermost/kChat payload field as written: type, a channel named 2024 as text, priority, props', async () => {
    const sink = await startSink();
    const add = await cli(
      'target',
      'add',
      'mm',
      '--user',
      'alice',
      '--kind',
      'kchat',
      '--url',
      `${sink.url}/hooks/abc`,
      '--allow-private',
      '--option',
      'type=custom_reminder',
      '--option',
      'channel=2024',
      '--option',
      'username=herald',
      '--option',
      'icon_url=https://example.com/bell.png',
      '--option',
      'icon_emoji=bell',
      '--option',
      'props={"card":"Room 1"}',
      '--option',
      'priority=urgent',
      '--option',
      'attachments=[{"color":"#ff0000","text":"hello","title":"%subject%"}]',
    );
    expect(add.code, add.err).toBe(0);
    expect((await cli('target', 'test', 'mm', '--text', 'hi')).code).toBe(0);
    expect(JSON.parse(sink.requests[0]!.body)).toEqual({
      text: 'hi',
      type: 'custom_reminder',
      channel: '2024',
      username: 'herald',
      icon_url: 'https://example.com/bell.png',
      icon_emoji: 'bell',
      props: { card: 'Room 1' },
      priority: { priority: 'urgent' },
      // A test message shows templated attachments filled from herald's sample event.
      attachments: [{ color: '#ff0000', text: 'hello', title: 'Quarterly planning with the product and engineering teams' }],
    });
  });

  it.each([
    ['foo=bar', '--option foo: not an option of kchat targets (allowed: channel, username, icon_url, icon_emoji, attachments, type, props, priority)'],
    ['type=reminder', '--option type: must start with custom_ (custom_reminder), got "reminder"'],
    [
      'icon_url=ftp://example.com/x.png', // The error is redacted like every printed URL.
      '--option icon_url: must be an http(s) URL, got "ftp://example.com/***"',
    ],
    ['icon_url=bell', '--option icon_url: must be an http(s) URL, got "bell"'],
    ['props=[1]', '--option props: must be a JSON object ({…})'],
    ['priority=high', '--option priority: priority must be important or urgent, got "high"'],
    ['attachments={"text":"x"}', '--option attachments: must be a JSON array of objects ([{"text": "…"}])'],
    [
      'attachments=[{"text":"%subjet%"}]',
      '--option attachments: template "attachments[0].text" line 1, column 1: unknown placeholder %subjet% (did you mean %subject%?)',
    ],
    ['text=hello', '--option text: the text is the rendered message; set it with --template or --template-text'],
    ['channel', '--option must be key=value, got "channel"'],
  ])('refuses %s with a usage error naming the problem', async (option, message) => {
    const r = await cli('target', 'add', 'mm', '--user', 'alice', '--url', 'kchat://team.kchat.infomaniak.com/hooks/abc', '--option', option);
    expect(r).toMatchObject({ code: 2, err: `herald: ${message}\n` });
    expect((await cli('target', 'list', '--json')).out).toBe('');
  });

  it('a service without options says so', async () => {
    const r = await cli('target', 'add', 'c', '--user', 'alice', '--url', 'console:', '--option', 'channel=x');
    expect(r).toMatchObject({ code: 2, err: 'herald: --option channel: console targets take no options\n' });
  });
});

describe('target set', () => {
  it('changes options, URL and template in place; target list shows the options, secrets masked', async () => {
    expect(
      (await cli('target', 'add', 'n', '--user', 'alice', '--url', 'ntfy://ntfy.sh/s3cretTopic', '--option', 'token=tk_s3cret', '--option', 'priority=high'))
        .code,
    ).toBe(0);
    const set = await cli(
      'target',
      'set',
      'n',
      '--option',
      'tags=calendar',
      '--unset-option',
      'priority',
      '--url',
      'ntfy://ntfy.sh/otherTopic',
      '--template-text',
      '%subject%',
    );
    expect(set).toMatchObject({ code: 0, out: 'changed target n (ntfy, ntfy://ntfy.sh/***): url, template, options\n' });
    const listed = JSON.parse((await cli('target', 'list', '--json')).out) as Record<string, unknown>;
    expect(listed).toMatchObject({ name: 'n', url: 'ntfy://ntfy.sh/***', template: 'text: %subject%', options: { token: '***', tags: 'calendar' } });
    expect(listed.options).not.toHaveProperty('priority');
    const table = (await cli('target', 'list')).out;
    expect(table).toContain('{"token":"***","tags":"calendar"}');
    expect(table).not.toContain('tk_s3cret');
    expect(table).not.toContain('otherTopic');
  });

  it('refuses what target add refuses, a URL of another service, and an empty change', async () => {
    await cli('target', 'add', 'mm', '--user', 'alice', '--url', 'mattermost://chat.example.com/hooks/abc');
    expect((await cli('target', 'set', 'mm', '--option', 'foo=1')).code).toBe(2);
    expect((await cli('target', 'set', 'mm', '--template', 'mdtt')).err).toMatch(/^herald: --template: no template named "mdtt"/);
    expect((await cli('target', 'set', 'mm', '--url', 'slack://hooks.slack.com/services/T/B/X')).err).toBe(
      'herald: --url: mm is a mattermost target, this is a slack URL (add a new target instead)\n',
    );
    expect((await cli('target', 'set', 'mm')).err).toBe('herald: nothing to change (see: herald target set --help)\n');
    expect((await cli('target', 'set', 'nope', '--option', 'channel=x')).err).toBe('herald: unknown target "nope" (see: herald target list)\n');
  });
});
