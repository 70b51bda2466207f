import { clip, genericVerdict, httpChannel, httpsEndpoint, jsonHeaders, lastPathSegment } from './http-service.ts';
import { attachments, httpUrl, text, withOptions } from './target-options.ts';

/** What a legacy Slack webhook lets a message override, and its attachments (rendered from the event). */
const targetOptions = {
  channel: text('a channel (#general)'),
  username: text(),
  icon_emoji: text('an emoji (:bell:)'),
  icon_url: httpUrl(),
  attachments: attachments(),
};

/**
 * Slack incoming webhooks: POST {text} → 200 "ok"; about one message per second per webhook. The text
 * arrives in mrkdwn already (the `slack` dialect escapes event values and translates herald's own
 * Markdown); the admin's template text, `<https://x|Open>` and `<!channel>` included, goes as written.
 */
export const slack = httpChannel({
  kind: 'slack',
  schemes: ['slack'],
  knownHosts: [/^hooks\.slack\.com$/],
  format: 'chat',
  dialect: 'slack',
  maxLength: 40_000,
  minIntervalMs: 1000,
  targetOptions,
  secretsOf: lastPathSegment,
  secretExamples: [{ url: 'slack://hooks.slack.com/services/T0001/B0001/XXXXsl4cks3cret', secrets: ['XXXXsl4cks3cret'] }],
  buildRequest(out, to) {
    // An escape cut in half by the size limit (`&am …`) is dropped rather than shown.
    const text = clip(out.message.text, 40_000).replace(/&[a-z]{0,3}(?= …$)/, '');
    const payload = withOptions({ text }, to, targetOptions);
    if (out.message.attachments) payload.attachments = out.message.attachments;
    return { method: 'POST', url: httpsEndpoint(to.url, ['slack']), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse: (reply) => genericVerdict('slack', reply, (b) => b.trim() || null),
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/services/T0001/B0001/XXXX`,
    request: { method: 'POST', json: { text: '**Standup** in 10 minutes & <b>' } },
    textOf: (r) => (JSON.parse(r.body) as { text: string }).text,
    dialect: {
      template: '<https://example.com|Open> <!channel> *%subject%*',
      text: '<https://example.com|Open> <!channel> *# **Q4** &lt;review&gt; &amp; [notes](https://x.test/a_b) @\u200Bchannel*',
      defaultLines: [
        '🔔 *# **Q4** &lt;review&gt; &amp; [notes](https://x.test/a_b) @\u200Bchannel* in 10 minutes',
        '🎥 <https://kmeet.infomaniak.com/q4(x)|Join (kMeet)>',
      ],
    },
    answers: {
      success: { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' },
      refusal: { status: 404, body: 'channel_not_found' },
      refusalMessage: 'channel_not_found',
      rateLimit: { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' },
      rateLimitMs: 30_000,
    },
  },
});
