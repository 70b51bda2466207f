/**
 * One contract every way out keeps, driven by the registry: a new service is covered by adding it to
 * src/channels/registry.ts with its fixtures. Chat services are checked against a local HTTP server
 * answering as the real service does (its request, its answers, its size limit); email against a real
 * SMTP server; the console by what it prints. Every scheme's secrets are checked never to be printed.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { HttpChannel } from '../../src/channels/http-service.ts';
import { channelFor, channels, registerTargetSecrets } from '../../src/channels/registry.ts';
import { maskUrl, redact, redactSecrets } from '../../src/core/mask.ts';
import type { Channel, Destination, HttpFixtures, OutboundMessage, SendTools, ServiceAnswer } from '../../src/delivery/channel.ts';
import { httpRequest } from '../../src/net/http-client.ts';
import { renderReminder } from '../../src/render/index.ts';
import { startSink } from '../helpers/sink.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { occurrence } from '../render/fixtures.ts';

const sample = (text: string): OutboundMessage => ({
  kind: 'reminder',
  message: { text, subject: 'Standup in 10 minutes', html: '<p>Standup</p>' },
  dedupeKey: 'rem:1:2:evt@test:2026-11-24T09:00:00Z:600',
  part: 1,
  parts: 1,
  event: {
    uid: 'evt@test',
    summary: 'Standup',
    start: '2026-11-24T09:00:00Z',
    end: '2026-11-24T09:15:00Z',
    allDay: false,
    location: 'Room 1',
    url: null,
    meetingUrl: 'https://kmeet.infomaniak.com/standup',
  },
  unsubscribeUrl: null,
});

const destination = (channel: Channel, url: string, options: Record<string, unknown> = {}): Destination => ({
  targetId: 2,
  name: channel.kind,
  kind: channel.kind,
  url,
  options,
  allowMentions: false,
  allowPrivate: true,
  template: null,
});

function tools(printed: string[] = [], smtp: SendTools['smtp'] = null): SendTools {
  const limits = { timeoutMs: 2000, maxBodyBytes: 65_536, oversize: 'truncate' as const, maxRedirects: 0, decompress: false, allowPrivate: true };
  return { http: (request) => httpRequest(request, limits), smtp, print: (t) => printed.push(t), now: () => Date.parse('2026-11-24T08:50:00Z') };
}

/** Does `actual` hold everything in `expected` (objects by subset, arrays by position, a RegExp matching a string)? */
function matchesShape(actual: unknown, expected: unknown): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e, i) => matchesShape(actual[i], e));
  if (expected !== null && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && Object.entries(expected).every(([k, v]) => matchesShape((actual as Record<string, unknown>)[k], v));
  }
  return Object.is(actual, expected);
}

const httpChannels = channels.filter((c): c is HttpChannel & { fixtures: HttpFixtures } => c.fixtures.harness === 'http');

describe('the registry', () => {
  it('names each kind, alias and scheme once', () => {
    const names = channels.flatMap((c) => [c.kind, ...(c.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    const schemes = channels.flatMap((c) => c.schemes);
    expect(new Set(schemes).size).toBe(schemes.length);
    for (const c of channels) expect(channelFor(c.kind)).toBe(c);
  });

  it('declares a format and, for chat services, a size limit', () => {
    for (const c of channels) {
      expect(['chat', 'email', 'text']).toContain(c.format);
      if (c.fixtures.harness === 'http') expect(c.maxLength, c.kind).toBeGreaterThan(1000);
    }
  });
});

describe.each(channels.map((c) => [c.kind, c] as const))('%s: secrets', (_kind, channel) => {
  it('declares an example URL for every scheme it takes, and none of its secrets is ever printed', () => {
    for (const scheme of channel.schemes) {
      expect(
        channel.secretExamples.some((e) => e.url.startsWith(`${scheme}:`)),
        `${channel.kind} takes ${scheme}: URLs but declares no secretExamples entry for them`,
      ).toBe(true);
    }
    for (const { url, secrets } of channel.secretExamples) {
      registerTargetSecrets(channel.kind, url);
      const masked = maskUrl(url);
      // Free text (a log line, an error) with the URL in it, and with each secret alone.
      const logLine = redact(`posting to ${url} failed`);
      for (const secret of secrets) {
        expect(masked, url).not.toContain(secret);
        expect(logLine, url).not.toContain(secret);
        expect(redactSecrets(`the service said: bad token ${secret}`), url).not.toContain(secret);
      }
    }
  });
});

describe.each(httpChannels.map((c) => [c.kind, c] as const))('%s over HTTP', (_kind, channel) => {
  const { fixtures } = channel;

  it('sends the request the service expects', async () => {
    const sink = await startSink();
    const result = await channel.send(sample('**Standup** in 10 minutes & <b>'), destination(channel, fixtures.targetUrl(sink.url), fixtures.options), tools());
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    const got = sink.requests[0]!;
    expect(got.method).toBe(fixtures.request.method);
    if (fixtures.request.path) expect(got.url).toMatch(fixtures.request.path);
    for (const [name, value] of Object.entries(fixtures.request.headers ?? {})) expect(String(got.headers[name]), name).toMatch(value);
    if (fixtures.request.json) {
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      const body = JSON.parse(got.body) as unknown;
      expect(matchesShape(body, fixtures.request.json), `${got.body}\ndoes not hold\n${JSON.stringify(fixtures.request.json)}`).toBe(true);
    }
  });

  it('reads success, refusal, rate limit and server errors as the service sends them', async () => {
    const sink = await startSink();
    let next: ServiceAnswer = fixtures.answers.success;
    sink.respond = (_req, res) => res.writeHead(next.status, next.headers ?? {}).end(next.body);
    const send = (answer: ServiceAnswer) => {
      next = answer;
      return channel.send(sample('hello'), destination(channel, fixtures.targetUrl(sink.url)), tools());
    };
    expect(await send(fixtures.answers.success)).toMatchObject({ ok: true });
    const refused = await send(fixtures.answers.refusal);
    expect(refused).toMatchObject({ ok: false, retry: false, statusCode: fixtures.answers.refusal.status });
    expect(!refused.ok && refused.error).toMatch(new RegExp(`^${channel.kind}: HTTP ${fixtures.answers.refusal.status}\\b`));
    expect(!refused.ok && refused.error).toContain(fixtures.answers.refusalMessage);
    expect(await send(fixtures.answers.rateLimit)).toMatchObject({ ok: false, retry: true, retryAfterMs: fixtures.answers.rateLimitMs });
    const busy = await send({ status: 503, body: 'upstream busy' });
    expect(busy).toMatchObject({ ok: false, retry: true });
    expect(!busy.ok && busy.error).toContain('503');
    expect(await send({ status: 500, body: '' })).toMatchObject({ ok: false, retry: true });
    expect(sink.requests).toHaveLength(5);
  });

  it("keeps a message within the service's size limit", async () => {
    const sink = await startSink();
    const max = channel.maxLength!;
    // Longer than any limit, and full of characters that escaping or UTF-8 makes longer.
    const long = `Title line\n${'Ünïcode & <b> **bold** word '.repeat(Math.ceil((max * 2) / 28))}`;
    await channel.send(sample(long), destination(channel, fixtures.targetUrl(sink.url)), tools());
    const sent = fixtures.textOf(sink.requests[0]!);
    expect(sent.length).toBeGreaterThan(max / 2);
    if (channel.maxLengthInBytes) expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(max);
    else expect(sent.length).toBeLessThanOrEqual(max);
    // Cut where a word ends, and said so.
    expect(sent).toMatch(/ …$/);
  });

  // Event values written to break the formatting: a heading mark, bold, a tag, a link, a mention,
  // and a meeting link with parentheses.
  const hostile = occurrence({
    summary: '# **Q4** <review> & [notes](https://x.test/a_b) @channel',
    location: null,
    description: null,
    meetingUrl: 'https://kmeet.infomaniak.com/q4(x)',
  });
  const render = (template: string | null) =>
    renderReminder({
      template: template === null ? null : { name: 'admin', body: template },
      occurrence: hostile,
      viewer: { zone: 'Europe/Zurich', locale: 'en' },
      format: channel.format,
      dialect: channel.dialect,
      minutesUntil: 10,
      late: false,
    });

  it.runIf(channel.format === 'chat')("escapes event values in its dialect and sends the admin's formatting as written", async () => {
    expect(channel.dialect, `${channel.kind} is a chat service: it declares its dialect`).toBeDefined();
    expect(fixtures.dialect, `${channel.kind} is a chat service: its fixtures show its dialect`).toBeDefined();
    const sink = await startSink();
    const to = destination(channel, fixtures.targetUrl(sink.url));
    await channel.send(sample(render(fixtures.dialect!.template).text), to, tools());
    expect(fixtures.textOf(sink.requests[0]!)).toBe(fixtures.dialect!.text);
    await channel.send(sample(render(null).text), to, tools());
    expect(fixtures.textOf(sink.requests[1]!).split('\n')).toEqual(expect.arrayContaining(fixtures.dialect!.defaultLines));
  });

  it('a connection refused is worth retrying and names the service', async () => {
    const result = await channel.send(sample('hello'), destination(channel, fixtures.targetUrl('http://127.0.0.1:9')), tools());
    expect(result).toMatchObject({ ok: false, retry: true, statusCode: null });
    expect(!result.ok && result.error).toMatch(new RegExp(`^${channel.kind}: http: ECONNREFUSED`));
  });
});

describe.each(channels.filter((c) => c.fixtures.harness === 'smtp').map((c) => [c.kind, c] as const))('%s over SMTP', (_kind, channel) => {
  it('delivers the message, refuses for good on 5xx, retries on 4xx, and says when no server is set', async () => {
    const smtp = await startSmtp({ 'gone@example.com': 550, 'busy@example.com': 451 });
    const settings = { url: smtp.url, from: 'herald <herald@example.com>' };
    const to = (address: string) => destination(channel, `mailto:${address}`);
    expect(await channel.send(sample('hello'), to('alice@example.com'), tools([], settings))).toMatchObject({ ok: true, statusCode: 250 });
    const mail = await simpleParser(smtp.received[0]!);
    expect(mail.subject).toBe('Standup in 10 minutes');
    expect(mail.text?.trim()).toBe('hello');
    expect(await channel.send(sample('hello'), to('gone@example.com'), tools([], settings))).toMatchObject({ ok: false, retry: false });
    expect(await channel.send(sample('hello'), to('busy@example.com'), tools([], settings))).toMatchObject({ ok: false, retry: true });
    expect(await channel.send(sample('hello'), to('alice@example.com'), tools([], null))).toMatchObject({
      ok: false,
      retry: false,
      error: 'email: no SMTP server configured (set HERALD_SMTP_URL)',
    });
    expect(smtp.received).toHaveLength(1);
  });
});

describe.each(channels.filter((c) => c.fixtures.harness === 'console').map((c) => [c.kind, c] as const))('%s', (_kind, channel) => {
  it('prints the message with its target and time', async () => {
    const printed: string[] = [];
    expect(await channel.send(sample('Standup in 10 minutes'), destination(channel, 'console:'), tools(printed))).toMatchObject({ ok: true });
    expect(printed.join('')).toMatch(
      /^──── herald reminder → console at 2026-11-24T08:50:00\.000Z ─+\nSubject: Standup in 10 minutes\nStandup in 10 minutes\n$/,
    );
  });
});

describe('service specifics', () => {
  const reply = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, headers, body });
  const http = (kind: string) => channelFor(kind) as HttpChannel;

  it('mattermost: a Slack-style {"ok": false} is a refusal; kChat\'s post JSON is success', () => {
    const mm = http('kchat');
    expect(mm.interpretResponse(reply(200, '{"ok":false,"error":"channel_not_found"}'))).toMatchObject({ ok: false, retry: false });
    expect(mm.interpretResponse(reply(200, '{"id":"p1","message":"hi"}'))).toMatchObject({ ok: true });
    expect(mm.interpretResponse(reply(400, '{"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400}'))).toMatchObject({
      ok: false,
      error: 'mattermost: HTTP 400 No text specified',
    });
  });

  it("discord: the body's retry_after (float seconds) wins on 429", () => {
    const v = http('discord').interpretResponse(
      reply(429, '{"message":"You are being rate limited.","retry_after":2.5,"global":false}', { 'retry-after': '1' }),
    );
    expect(v).toMatchObject({ ok: false, retry: true, retryAfterMs: 2500 });
  });

  it('rocketchat: {"success": false} is a refusal', () => {
    expect(http('rocketchat').interpretResponse(reply(200, '{"success":false,"error":"bad"}'))).toMatchObject({ ok: false, retry: false });
  });

  it('ntfy: a newline in a target option is refused at once, not retried', async () => {
    const sink = await startSink();
    const channel = http('ntfy');
    const result = await channel.send(sample('hello'), destination(channel, `${sink.url}/topic`, { tags: 'warning\r\nX-Injected: 1' }), tools());
    expect(result).toMatchObject({ ok: false, retry: false });
    expect(!result.ok && result.error).toMatch(/cannot build the request/);
    expect(sink.requests).toHaveLength(0);
  });

  it("a URL's credentials go as Basic auth, and its query string is kept", async () => {
    const sink = await startSink();
    const channel = http('webhook');
    await channel.send(sample('hello'), destination(channel, `${sink.url.replace('http://', 'http://bot:s%40cret@')}/hook?token=abc`), tools());
    expect(sink.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('bot:s@cret').toString('base64')}`);
    expect(sink.requests[0]!.url).toBe('/hook?token=abc');
  });

  it('a server that trickles its answer is cut off at the deadline, as retryable', async () => {
    const sink = await startSink();
    const timers: NodeJS.Timeout[] = [];
    sink.respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // One byte every 50 ms, for ten seconds: never idle long enough for an idle timeout.
      for (let i = 1; i <= 200; i++) timers.push(setTimeout(() => res.write('.'), i * 50));
    };
    const channel = http('webhook');
    const started = Date.now();
    const limits = { timeoutMs: 400, maxBodyBytes: 65_536, oversize: 'truncate' as const, maxRedirects: 0, decompress: false, allowPrivate: true };
    const result = await channel.send(sample('hello'), destination(channel, `${sink.url}/slow`), { ...tools(), http: (r) => httpRequest(r, limits) });
    for (const t of timers) clearTimeout(t);
    expect(result).toMatchObject({ ok: false, retry: true, error: 'webhook: http: no complete answer within 400 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('service schemes become the endpoints the services answer on', () => {
    const endpoint = (kind: string, url: string) => http(kind).buildRequest(sample('x'), destination(http(kind), url)).url;
    expect(endpoint('slack', 'slack://hooks.slack.com/services/T/B/X')).toBe('https://hooks.slack.com/services/T/B/X');
    expect(endpoint('webhook', 'webhook://127.0.0.1:8080/h')).toBe('http://127.0.0.1:8080/h');
    expect(endpoint('discord', 'discord://discord.com/api/webhooks/1/tok')).toBe('https://discord.com/api/webhooks/1/tok?wait=true');
    expect(endpoint('telegram', 'telegram://123:AAEsecret@api.telegram.org/-100123')).toBe('https://api.telegram.org/bot123:AAEsecret/sendMessage');
    expect(endpoint('matrix', 'matrix://syt_tok@matrix.example.org/!abc:example.org')).toMatch(
      /^https:\/\/matrix\.example\.org\/_matrix\/client\/v3\/rooms\/!abc%3Aexample\.org\/send\/m\.room\.message\/[0-9a-f]{32}$/,
    );
  });

  it('matrix: the transaction id is the same for a resend (the homeserver drops it) and differs per part', () => {
    const matrix = http('matrix');
    const to = destination(matrix, 'matrix://syt_tok@matrix.example.org/!abc:example.org');
    const txn = (out: OutboundMessage) => matrix.buildRequest(out, to).url.split('/').pop();
    expect(txn(sample('a'))).toBe(txn(sample('b')));
    expect(txn({ ...sample('a'), part: 2, parts: 2 })).not.toBe(txn(sample('a')));
    expect(txn({ ...sample('a'), dedupeKey: 'other' })).not.toBe(txn(sample('a')));
  });
});
