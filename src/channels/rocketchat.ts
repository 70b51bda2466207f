import { clip, genericVerdict, httpChannel, httpsEndpoint, jsonHeaders, jsonMessage, jsonObject, lastPathSegment } from './http-service.ts';
import { attachments, httpUrl, text, withOptions } from './target-options.ts';

const targetOptions = {
  alias: text('the name the message shows'),
  emoji: text('an emoji (:bell:)'),
  avatar: httpUrl(),
  channel: text('#channel or @user'),
  attachments: attachments(),
};

/** Rocket.Chat incoming webhooks: {text, alias, emoji, avatar, channel} → {"success": true}. */
export const rocketchat = httpChannel({
  kind: 'rocketchat',
  schemes: ['rocketchat'],
  format: 'chat',
  dialect: 'markdown',
  maxLength: 5000,
  targetOptions,
  secretsOf: lastPathSegment,
  secretExamples: [{ url: 'rocketchat://chat.example.com/hooks/r0ck3tId/r0ck3tT0kenSecret', secrets: ['r0ck3tT0kenSecret'] }],
  buildRequest(out, to) {
    const payload = withOptions({ text: clip(out.message.text, 5000) }, to, targetOptions);
    if (out.message.attachments) payload.attachments = out.message.attachments;
    return { method: 'POST', url: httpsEndpoint(to.url, ['rocketchat']), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(reply) {
    const verdict = genericVerdict('rocketchat', reply, jsonMessage);
    if (verdict.ok && jsonObject(reply.body)?.success === false)
      return { ok: false, retry: false, error: `rocketchat: ${jsonMessage(reply.body) ?? 'refused'}` };
    return verdict;
  },
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/hooks/id/token`,
    request: { method: 'POST', json: { text: '**Standup** in 10 minutes & <b>' } },
    textOf: (r) => (JSON.parse(r.body) as { text: string }).text,
    dialect: {
      template: '[Open](https://example.com) @all **%subject%**',
      text: '[Open](https://example.com) @all **\\# \\*\\*Q4\\*\\* \\<review\\> & \\[notes\\](https://x.test/a_b) @\u200Bchannel**',
      defaultLines: [
        '🔔 **\\# \\*\\*Q4\\*\\* \\<review\\> & \\[notes\\](https://x.test/a_b) @\u200Bchannel** in 10 minutes',
        '🎥 [Join (kMeet)](https://kmeet.infomaniak.com/q4%28x%29)',
      ],
    },
    answers: {
      success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' },
      refusal: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"success":false,"error":"Invalid integration id or token provided."}' },
      refusalMessage: 'Invalid integration id or token provided.',
      rateLimit: { status: 429, headers: { 'retry-after': '4' }, body: '{"success":false,"error":"Too many requests"}' },
      rateLimitMs: 4000,
    },
  },
});
