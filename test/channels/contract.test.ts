/**
 * One contract every chat channel keeps: its request is what the real service expects (checked by
 * a local server the way the service would), and its reading of the service's answers is right.
 */
import { describe, expect, it } from 'vitest';
import { postJson } from '../../src/channels/http-transport.ts';
import { webhookChannel, webhookChannels } from '../../src/channels/registry.ts';
import type { HttpAnswer, Outbound } from '../../src/channels/types.ts';
import type { Target } from '../../src/store/index.ts';
import { startSink } from '../helpers/sink.ts';

const out = (text: string): Outbound => ({
  kind: 'reminder',
  message: { text },
  dedupeKey: 'rem:1:2:evt@test:2026-11-24T09:00:00Z:600',
  part: 1,
  parts: 1,
  event: { uid: 'evt@test', summary: 'Standup', start: '2026-11-24T09:00:00Z', end: '2026-11-24T09:15:00Z', allDay: false, location: 'Room 1', url: null, meetingUrl: 'https://kmeet.infomaniak.com/standup' },
  unsubscribeUrl: null,
});

const target = (kind: string, url: string, options: Record<string, unknown> = {}): Target => ({
  id: 2, userId: 1, name: kind, kind, url, options, template: null, allowPrivate: true, allowMentions: false, isExample: false, createdAt: 0,
});

type Body = Record<string, any>;
/** What each service checks of a request, as its server would. */
const expectations: Record<string, (req: { url: string; headers: Record<string, string | string[] | undefined>; body: string }) => void> = {
  mattermost: (r) => {
    const b = JSON.parse(r.body) as Body;
    expect(b.text).toBe('**Standup** in 10 minutes & <b>');
    expect(b.channel).toBe('town-square');
    expect(b.username).toBe('herald');
    expect(b.icon_url).toBe('https://example.com/herald.png');
    expect(b.props).toEqual({ card: 'Room 1' });
  },
  slack: (r) => {
    const b = JSON.parse(r.body) as Body;
    expect(b.text).toBe('*Standup* in 10 minutes &amp; &lt;b&gt;');
  },
  discord: (r) => {
    expect(r.url).toMatch(/[?&]wait=true/);
    const b = JSON.parse(r.body) as Body;
    expect(b.content).toBe('**Standup** in 10 minutes & <b>');
    expect(b.allowed_mentions).toEqual({ parse: [] });
  },
  teams: (r) => {
    const b = JSON.parse(r.body) as Body;
    expect(b.type).toBe('message');
    expect(b.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(b.attachments[0].content.type).toBe('AdaptiveCard');
    expect(b.attachments[0].content.body[0].text).toBe('**Standup** in 10 minutes & <b>');
    expect(b.attachments[0].content.actions[0].url).toBe('https://kmeet.infomaniak.com/standup');
  },
  googlechat: (r) => {
    expect(r.url).toMatch(/messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD/);
    const b = JSON.parse(r.body) as Body;
    expect(b.text).toBe('*Standup* in 10 minutes & <b>');
    expect(b.thread.threadKey).toMatch(/^[0-9a-f]{32}$/);
  },
  rocketchat: (r) => {
    expect((JSON.parse(r.body) as Body).text).toBe('**Standup** in 10 minutes & <b>');
  },
  ntfy: (r) => {
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.headers.title).toBe('**Standup** in 10 minutes & <b>');
    expect(r.headers.click).toBe('https://kmeet.infomaniak.com/standup');
  },
  webhook: (r) => {
    const b = JSON.parse(r.body) as Body;
    expect(r.headers['idempotency-key']).toBe('rem:1:2:evt@test:2026-11-24T09:00:00Z:600');
    expect(b).toMatchObject({ kind: 'reminder', text: '**Standup** in 10 minutes & <b>', id: 'rem:1:2:evt@test:2026-11-24T09:00:00Z:600', event: { uid: 'evt@test', start: '2026-11-24T09:00:00Z' } });
  },
};

interface ServiceAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}
/** Each service's answers, in the shapes its server writes them (protocols.md, section A). */
const answerShapes: Record<string, { success: ServiceAnswer; refusal: ServiceAnswer; refusalMessage: string; rateLimit: ServiceAnswer; rateLimitMs: number }> = {
  mattermost: {
    success: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
    refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400}' },
    refusalMessage: 'No text specified',
    rateLimit: { status: 429, headers: { 'retry-after': '3', 'x-ratelimit-reset': '3' }, body: 'limit exceeded' },
    rateLimitMs: 3000,
  },
  slack: {
    success: { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' },
    refusal: { status: 404, body: 'channel_not_found' },
    refusalMessage: 'channel_not_found',
    rateLimit: { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' },
    rateLimitMs: 30_000,
  },
  discord: {
    success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1","type":0,"content":"hello","channel_id":"2"}' },
    refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"Invalid Form Body","code":50035}' },
    refusalMessage: 'Invalid Form Body',
    // The body's float seconds are finer than the header's whole seconds, and win.
    rateLimit: { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '2', 'x-ratelimit-reset-after': '1.250' }, body: '{"message":"You are being rate limited.","retry_after":1.337,"global":false}' },
    rateLimitMs: 1337,
  },
  teams: {
    success: { status: 202, body: '' },
    refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":"TriggerInputSchemaMismatch","message":"The input body does not match the schema"}}' },
    refusalMessage: 'TriggerInputSchemaMismatch',
    rateLimit: { status: 429, headers: { 'retry-after': '5' }, body: '' },
    rateLimitMs: 5000,
  },
  googlechat: {
    success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"name":"spaces/S/messages/M","text":"hello"}' },
    refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}' },
    refusalMessage: 'Invalid JSON payload received.',
    rateLimit: { status: 429, headers: { 'retry-after': '10' }, body: '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}' },
    rateLimitMs: 10_000,
  },
  rocketchat: {
    success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' },
    refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"success":false,"error":"Invalid integration id or token provided."}' },
    refusalMessage: 'Invalid integration id or token provided.',
    rateLimit: { status: 429, headers: { 'retry-after': '4' }, body: '{"success":false,"error":"Too many requests"}' },
    rateLimitMs: 4000,
  },
  ntfy: {
    success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"abc","event":"message","topic":"t"}' },
    refusal: { status: 413, headers: { 'content-type': 'application/json' }, body: '{"code":41301,"http":413,"error":"limit reached: message too large"}' },
    refusalMessage: 'message too large',
    rateLimit: { status: 429, headers: { 'retry-after': '5' }, body: '{"code":42901,"http":429,"error":"limit reached: too many requests"}' },
    rateLimitMs: 5000,
  },
  webhook: {
    success: { status: 204, body: '' },
    refusal: { status: 422, body: 'unknown event kind' },
    refusalMessage: 'unknown event kind',
    rateLimit: { status: 503, headers: { 'retry-after': '1' }, body: 'maintenance' },
    rateLimitMs: 1000,
  },
};

/** Where each service finds the message text in a request. */
const textOf: Record<string, (r: { headers: Record<string, string | string[] | undefined>; body: string }) => string> = {
  mattermost: (r) => (JSON.parse(r.body) as Body).text,
  slack: (r) => (JSON.parse(r.body) as Body).text,
  discord: (r) => (JSON.parse(r.body) as Body).content,
  teams: (r) => ((JSON.parse(r.body) as Body).attachments[0].content.body as { text: string }[]).map((b) => b.text).join('\n'),
  googlechat: (r) => (JSON.parse(r.body) as Body).text,
  rocketchat: (r) => (JSON.parse(r.body) as Body).text,
  ntfy: (r) => r.body,
  webhook: (r) => (JSON.parse(r.body) as Body).text,
};

describe.each(webhookChannels.map((c) => [c.kind, c] as const))('%s', (kind, channel) => {
  it('sends the request the service expects', async () => {
    const sink = await startSink();
    const t = target(kind, `${sink.url}/hook/${kind}`, { channel: 'town-square', username: 'herald', icon_url: 'https://example.com/herald.png', props: { card: 'Room 1' } });
    const req = channel.buildRequest(out('**Standup** in 10 minutes & <b>'), t);
    const answer = await postJson(req, { timeoutMs: 2000, allowPrivate: true });
    expect(answer.status).toBe(200);
    const got = sink.requests[0]!;
    expect(got.method).toBe('POST');
    if (kind !== 'ntfy') expect(got.headers['content-type']).toMatch(/^application\/json/);
    expectations[kind]!({ url: got.url, headers: got.headers, body: got.body });
  });

  it('reads success, refusal, rate limit and server errors as the service sends them', async () => {
    const sink = await startSink();
    const answers = answerShapes[kind]!;
    let next: ServiceAnswer = answers.success;
    sink.respond = (_req, res) => res.writeHead(next.status, next.headers ?? {}).end(next.body);
    const send = async (a: ServiceAnswer) => {
      next = a;
      return channel.interpretResponse(await postJson(channel.buildRequest(out('hello'), target(kind, `${sink.url}/hook`)), { timeoutMs: 2000, allowPrivate: true }));
    };
    expect(await send(answers.success)).toMatchObject({ ok: true });
    const refused = await send(answers.refusal);
    expect(refused).toMatchObject({ ok: false, retry: false });
    expect(!refused.ok && refused.error).toMatch(new RegExp(`^${kind}: HTTP ${answers.refusal.status}\\b`));
    expect(!refused.ok && refused.error).toContain(answers.refusalMessage);
    const limited = await send(answers.rateLimit);
    expect(limited).toMatchObject({ ok: false, retry: true, retryAfterMs: answers.rateLimitMs });
    const busy = await send({ status: 503, body: 'upstream busy' });
    expect(busy).toMatchObject({ ok: false, retry: true });
    expect(!busy.ok && busy.error).toContain('503');
    expect(await send({ status: 500, body: '' })).toMatchObject({ ok: false, retry: true });
    expect(sink.requests).toHaveLength(5);
  });

  it('keeps a message within the service\'s size limit', async () => {
    const sink = await startSink();
    // Longer than any limit, and full of characters that escaping or UTF-8 makes longer.
    const long = `Title line\n${'Ünïcode & <b> **bold** word '.repeat(Math.ceil((channel.maxLength * 2) / 28))}`;
    const req = channel.buildRequest(out(long), target(kind, `${sink.url}/hook`));
    await postJson(req, { timeoutMs: 2000, allowPrivate: true });
    const sent = textOf[kind]!(sink.requests[0]!);
    expect(sent.length).toBeGreaterThan(channel.maxLength / 2);
    if (kind === 'ntfy') expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(channel.maxLength);
    else expect(sent.length).toBeLessThanOrEqual(channel.maxLength);
    // Cut where a word ends, and said so.
    expect(sent).toMatch(/ …$/);
  });

  it('declares a size limit and a format', () => {
    expect(channel.maxLength).toBeGreaterThan(1000);
    expect(['chat', 'text']).toContain(channel.format);
  });
});

describe('service specifics', () => {
  it('mattermost: a Slack-style {"ok": false} is a refusal; kChat\'s post JSON is success', () => {
    const mm = webhookChannel('kchat')!;
    expect(mm.interpretResponse({ status: 200, headers: {}, body: '{"ok":false,"error":"channel_not_found"}' })).toMatchObject({ ok: false, retry: false });
    expect(mm.interpretResponse({ status: 200, headers: {}, body: '{"id":"p1","message":"hi"}' })).toMatchObject({ ok: true });
    expect(mm.interpretResponse({ status: 400, headers: {}, body: '{"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400}' })).toMatchObject({ ok: false, error: 'mattermost: HTTP 400 No text specified' });
  });

  it('discord: the body\'s retry_after (float seconds) wins on 429', () => {
    const v = webhookChannel('discord')!.interpretResponse({ status: 429, headers: { 'retry-after': '1' }, body: '{"message":"You are being rate limited.","retry_after":2.5,"global":false}' });
    expect(v).toMatchObject({ ok: false, retry: true, retryAfterMs: 2500 });
  });

  it('rocketchat: {"success": false} is a refusal', () => {
    expect(webhookChannel('rocketchat')!.interpretResponse({ status: 200, headers: {}, body: '{"success":false,"error":"bad"}' })).toMatchObject({ ok: false, retry: false });
  });

  it('ntfy: a newline in a target option is refused at once, not retried', async () => {
    const sink = await startSink();
    const req = webhookChannel('ntfy')!.buildRequest(out('hello'), target('ntfy', `${sink.url}/topic`, { tags: 'warning\r\nX-Injected: 1' }));
    const err = (await postJson(req, { timeoutMs: 2000, allowPrivate: true }).catch((e: unknown) => e)) as Error & { retry?: boolean };
    expect(err.message).toMatch(/cannot build the request/);
    expect(err.retry).toBe(false);
    expect(sink.requests).toHaveLength(0);
  });

  it("a URL's credentials go as Basic auth, and its query string is kept", async () => {
    const sink = await startSink();
    const url = sink.url.replace('http://', 'http://bot:s%40cret@');
    await postJson(webhookChannel('webhook')!.buildRequest(out('hello'), target('webhook', `${url}/hook?token=abc`)), { timeoutMs: 2000, allowPrivate: true });
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
    const started = Date.now();
    const err = (await postJson(webhookChannel('webhook')!.buildRequest(out('hello'), target('webhook', `${sink.url}/slow`)), { timeoutMs: 400, allowPrivate: true }).catch((e: unknown) => e)) as Error & { retry?: boolean };
    for (const t of timers) clearTimeout(t);
    expect(err.message).toBe('http: no complete answer within 400 ms');
    expect(err.retry).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('service schemes become https endpoints', () => {
    expect(webhookChannel('slack')!.endpoint('slack://hooks.slack.com/services/T/B/X')).toBe('https://hooks.slack.com/services/T/B/X');
    expect(webhookChannel('webhook')!.endpoint('webhook://127.0.0.1:8080/h')).toBe('http://127.0.0.1:8080/h');
    expect(webhookChannel('discord')!.endpoint('discord://discord.com/api/webhooks/1/tok')).toBe('https://discord.com/api/webhooks/1/tok?wait=true');
  });
});
