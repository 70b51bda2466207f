import { clip, genericVerdict, httpChannel, httpsEndpoint, jsonHeaders, jsonMessage, jsonObject, lastPathSegment, withOptions } from './http-service.ts';

/** Options a Mattermost/kChat target may carry (`--option channel=town-square`). */
const optional = ['channel', 'username', 'icon_url', 'icon_emoji', 'attachments', 'props'] as const;
const schemes = ['mattermost', 'kchat'] as const;

/** Mattermost and Infomaniak kChat incoming webhooks: POST {text, …} → 200 "ok" (or the post as JSON on kChat). */
export const mattermost = httpChannel({
  kind: 'mattermost',
  aliases: ['kchat'],
  schemes,
  knownHosts: [/\.kchat\.infomaniak\.com$/],
  format: 'chat',
  dialect: 'markdown',
  maxLength: 16_383,
  secretsOf: lastPathSegment,
  secretExamples: [
    { url: 'mattermost://chat.example.com/hooks/xoxmm7s3cr3thook', secrets: ['xoxmm7s3cr3thook'] },
    { url: 'kchat://team.kchat.infomaniak.com/hooks/k7s3cr3tkchat', secrets: ['k7s3cr3tkchat'] },
  ],
  buildRequest(out, to) {
    const payload = withOptions({ text: clip(out.message.text, 16_383) }, to, optional);
    return { method: 'POST', url: httpsEndpoint(to.url, schemes), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(reply) {
    const verdict = genericVerdict('mattermost', reply, jsonMessage);
    // A Slack-compatible reply can say {"ok": false} with a 200.
    const j = verdict.ok ? jsonObject(reply.body) : null;
    if (j?.ok === false) return { ok: false, retry: false, error: `mattermost: ${typeof j.error === 'string' ? j.error : 'refused'}` };
    return verdict;
  },
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/hooks/mattermost`,
    options: { channel: 'town-square', username: 'herald', icon_url: 'https://example.com/herald.png', props: { card: 'Room 1' } },
    request: {
      method: 'POST',
      json: {
        text: '**Standup** in 10 minutes & <b>',
        channel: 'town-square',
        username: 'herald',
        icon_url: 'https://example.com/herald.png',
        props: { card: 'Room 1' },
      },
    },
    textOf: (r) => (JSON.parse(r.body) as { text: string }).text,
    dialect: {
      template: '[Open](https://example.com) @channel **%subject%**',
      text: '[Open](https://example.com) @channel **\\# \\*\\*Q4\\*\\* \\<review\\> & \\[notes\\](https://x.test/a_b) @\u200Bchannel**',
      defaultLines: [
        '🔔 **\\# \\*\\*Q4\\*\\* \\<review\\> & \\[notes\\](https://x.test/a_b) @\u200Bchannel** in 10 minutes',
        '🎥 [Join (kMeet)](https://kmeet.infomaniak.com/q4%28x%29)',
      ],
    },
    answers: {
      success: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
      refusal: {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: '{"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400}',
      },
      refusalMessage: 'No text specified',
      rateLimit: { status: 429, headers: { 'retry-after': '3', 'x-ratelimit-reset': '3' }, body: 'limit exceeded' },
      rateLimitMs: 3000,
    },
  },
});
