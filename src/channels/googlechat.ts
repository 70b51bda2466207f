import { createHash } from 'node:crypto';
import { clip, genericVerdict, httpChannel, httpsEndpoint, jsonHeaders, jsonMessage, queryValues } from './http-service.ts';

const schemes = ['googlechat', 'gchat'] as const;

/** Google Chat space webhooks: {text, thread.threadKey}; one thread per event, so its reminders stay together. */
export const googlechat = httpChannel({
  kind: 'googlechat',
  schemes,
  knownHosts: [/^chat\.googleapis\.com$/],
  format: 'chat',
  dialect: 'googlechat',
  maxLength: 4000,
  minIntervalMs: 1000,
  secretsOf: queryValues,
  secretExamples: [
    { url: 'googlechat://chat.googleapis.com/v1/spaces/AAAA/messages?key=gk3yS3cret&token=gt0k3nS3cret', secrets: ['gk3yS3cret', 'gt0k3nS3cret'] },
    { url: 'gchat://chat.googleapis.com/v1/spaces/AAAA/messages?key=gk3yS3cret&token=gt0k3nS3cret', secrets: ['gk3yS3cret', 'gt0k3nS3cret'] },
  ],
  buildRequest(out, to) {
    const text = clip(out.message.text, 4000);
    const payload: Record<string, unknown> = { text };
    if (out.event) payload.thread = { threadKey: createHash('sha256').update(`${out.event.uid}|${out.event.start}`).digest('hex').slice(0, 32) };
    const url = new URL(httpsEndpoint(to.url, schemes));
    url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    return { method: 'POST', url: url.toString(), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse: (reply) => genericVerdict('googlechat', reply, jsonMessage),
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/v1/spaces/S/messages?key=k&token=t`,
    request: {
      method: 'POST',
      path: /messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD/,
      json: { text: '**Standup** in 10 minutes & <b>', thread: { threadKey: /^[0-9a-f]{32}$/ } },
    },
    textOf: (r) => (JSON.parse(r.body) as { text: string }).text,
    dialect: {
      template: '<https://example.com|Open> <users/all> *%subject%*',
      text: '<https://example.com|Open> <users/all> *# \u200B*\u200B*Q4\u200B*\u200B* <\u200Breview> & [notes](https://x.test/a_b) @\u200Bchannel*',
      defaultLines: [
        '🔔 *# \u200B*\u200B*Q4\u200B*\u200B* <\u200Breview> & [notes](https://x.test/a_b) @\u200Bchannel* in 10 minutes',
        '🎥 <https://kmeet.infomaniak.com/q4(x)|Join (kMeet)>',
      ],
    },
    answers: {
      success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"name":"spaces/S/messages/M","text":"hello"}' },
      refusal: {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}',
      },
      refusalMessage: 'Invalid JSON payload received.',
      rateLimit: { status: 429, headers: { 'retry-after': '10' }, body: '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}' },
      rateLimitMs: 10_000,
    },
  },
});
