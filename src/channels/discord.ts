import { text, httpUrl, withOptions } from './target-options.ts';
import { clip, genericVerdict, headerSeconds, httpChannel, httpsEndpoint, jsonHeaders, jsonMessage, jsonObject, lastPathSegment } from './http-service.ts';

/**
 * Discord webhooks: `content` up to 2,000 characters; `?wait=true` so that an unsaved message is an
 * error instead of a silent 204; `allowed_mentions` empty so event text can ping nobody.
 */
const targetOptions = { username: text('the name the message shows'), avatar_url: httpUrl() };

export const discord = httpChannel({
  kind: 'discord',
  schemes: ['discord'],
  knownHosts: [/^(?:canary\.|ptb\.)?discord(?:app)?\.com$/],
  format: 'chat',
  dialect: 'discord',
  maxLength: 2000,
  targetOptions,
  secretsOf: lastPathSegment,
  secretExamples: [{ url: 'discord://discord.com/api/webhooks/1234/d1sc0rdT0k3nSecret', secrets: ['d1sc0rdT0k3nSecret'] }],
  buildRequest(out, to) {
    const payload: Record<string, unknown> = {
      content: clip(out.message.text, 2000),
      allowed_mentions: { parse: to.allowMentions ? ['users', 'roles', 'everyone'] : [] },
    };
    withOptions(payload, to, targetOptions);
    const url = new URL(httpsEndpoint(to.url, ['discord']));
    url.searchParams.set('wait', 'true');
    return { method: 'POST', url: url.toString(), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(reply) {
    const verdict = genericVerdict('discord', reply, jsonMessage);
    if (verdict.ok || reply.status !== 429) return verdict;
    // Discord says how long in the body (float seconds, finer than Retry-After) and in X-RateLimit-Reset-After.
    const inBody = jsonObject(reply.body)?.retry_after;
    const seconds = typeof inBody === 'number' ? inBody : headerSeconds(reply, 'x-ratelimit-reset-after');
    return Number.isFinite(seconds) ? { ...verdict, retryAfterMs: Math.ceil(seconds * 1000) } : verdict;
  },
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/api/webhooks/1/token`,
    request: { method: 'POST', path: /[?&]wait=true/, json: { content: '**Standup** in 10 minutes & <b>', allowed_mentions: { parse: [] } } },
    textOf: (r) => (JSON.parse(r.body) as { content: string }).content,
    dialect: {
      template: '[Open](https://example.com) **%subject%** <t:1795510800:F>',
      text: '[Open](https://example.com) **\\# \\*\\*Q4\\*\\* \\<review\\> & \\[notes\\](https://x.test/a_b) @\u200Bchannel** <t:1795510800:F>',
      defaultLines: [
        '🔔 **\\# \\*\\*Q4\\*\\* \\<review\\> & \\[notes\\](https://x.test/a_b) @\u200Bchannel** in 10 minutes',
        '🎥 [Join (kMeet)](https://kmeet.infomaniak.com/q4%28x%29)',
      ],
    },
    answers: {
      success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1","type":0,"content":"hello","channel_id":"2"}' },
      refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"Invalid Form Body","code":50035}' },
      refusalMessage: 'Invalid Form Body',
      // The body's float seconds are finer than the header's whole seconds, and win.
      rateLimit: {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '2', 'x-ratelimit-reset-after': '1.250' },
        body: '{"message":"You are being rate limited.","retry_after":1.337,"global":false}',
      },
      rateLimitMs: 1337,
    },
  },
});
