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

const successAnswers: Record<string, HttpAnswer> = {
  mattermost: { status: 200, headers: {}, body: 'ok' },
  slack: { status: 200, headers: {}, body: 'ok' },
  discord: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1","content":"x"}' },
  teams: { status: 202, headers: {}, body: '' },
  googlechat: { status: 200, headers: {}, body: '{"name":"spaces/x/messages/y"}' },
  rocketchat: { status: 200, headers: {}, body: '{"success":true}' },
  ntfy: { status: 200, headers: {}, body: '{"id":"abc"}' },
  webhook: { status: 204, headers: {}, body: '' },
};

describe.each(webhookChannels.map((c) => [c.kind, c] as const))('%s', (kind, channel) => {
  it('sends the request the service expects', async () => {
    const sink = await startSink();
    const t = target(kind, `${sink.url}/hook/${kind}`, { channel: 'town-square', username: 'herald' });
    const req = channel.buildRequest(out('**Standup** in 10 minutes & <b>'), t);
    const answer = await postJson(req, { timeoutMs: 2000, allowPrivate: true });
    expect(answer.status).toBe(200);
    const got = sink.requests[0]!;
    expect(got.method).toBe('POST');
    if (kind !== 'ntfy') expect(got.headers['content-type']).toMatch(/^application\/json/);
    expectations[kind]!({ url: got.url, headers: got.headers, body: got.body });
  });

  it('reads success, refusal, rate limit and server errors', () => {
    expect(channel.interpretResponse(successAnswers[kind]!)).toMatchObject({ ok: true });
    const refused = channel.interpretResponse({ status: 400, headers: {}, body: '{"message":"invalid payload"}' });
    expect(refused).toMatchObject({ ok: false, retry: false });
    expect(!refused.ok && refused.error).toMatch(new RegExp(`^${kind}: HTTP 400`));
    expect(channel.interpretResponse({ status: 429, headers: { 'retry-after': '7' }, body: '' })).toMatchObject({ ok: false, retry: true, retryAfterMs: 7000 });
    expect(channel.interpretResponse({ status: 503, headers: {}, body: 'busy' })).toMatchObject({ ok: false, retry: true });
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

  it('service schemes become https endpoints', () => {
    expect(webhookChannel('slack')!.endpoint('slack://hooks.slack.com/services/T/B/X')).toBe('https://hooks.slack.com/services/T/B/X');
    expect(webhookChannel('webhook')!.endpoint('webhook://127.0.0.1:8080/h')).toBe('http://127.0.0.1:8080/h');
    expect(webhookChannel('discord')!.endpoint('discord://discord.com/api/webhooks/1/tok')).toBe('https://discord.com/api/webhooks/1/tok?wait=true');
  });
});
