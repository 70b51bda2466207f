import type { TargetOption } from '../delivery/channel.ts';
import { clip, genericVerdict, httpChannel, httpsEndpoint, jsonHeaders, jsonMessage, jsonObject, lastPathSegment } from './http-service.ts';
import { attachments, httpUrl, jsonObject as jsonObjectOption, parseJson, text, withOptions } from './target-options.ts';

const priorities = ['important', 'urgent'];

/** Message priority (Mattermost 7.7+): `priority=urgent`, or the whole object as JSON. */
const priority: TargetOption = {
  about: 'important | urgent, or {"priority": …, "requested_ack": true, "persistent_notifications": true}',
  type: 'json',
  read(value) {
    const v = value.startsWith('{') ? parseJson(value) : { priority: value };
    const p = v as Record<string, unknown>;
    if (typeof p.priority !== 'string' || !priorities.includes(p.priority))
      throw new Error(`priority must be important or urgent, got ${JSON.stringify(p.priority)}`);
    for (const k of Object.keys(p)) {
      if (!['priority', 'requested_ack', 'persistent_notifications'].includes(k))
        throw new Error(`unknown priority field "${k}" (priority, requested_ack, persistent_notifications)`);
      if (k !== 'priority' && typeof p[k] !== 'boolean') throw new Error(`${k} must be true or false`);
    }
    return p;
  },
};

/**
 * The fields of a Mattermost/kChat incoming-webhook payload besides `text` (the rendered message),
 * as target options (`--option channel=town-square`).
 */
const targetOptions: Record<string, TargetOption> = {
  channel: text('a channel name (town-square), or @user for a direct message'),
  username: text('the name the post shows (if the server allows overrides)'),
  icon_url: httpUrl(),
  icon_emoji: text('an emoji name (bell or :bell:)'),
  attachments: attachments(),
  type: {
    about: 'a post type starting with custom_',
    type: 'text',
    read(value) {
      if (!/^custom_\w+$/.test(value)) throw new Error(`must start with custom_ (custom_reminder), got "${value}"`);
      return value;
    },
  },
  props: jsonObjectOption('a JSON object of post properties ({"card": "…"})'),
  priority,
};
const schemes = ['mattermost', 'kchat'] as const;

/** Mattermost and Infomaniak kChat incoming webhooks: POST {text, …} → 200 "ok" (or the post as JSON on kChat). */
/** The contract suite's options: every field of the incoming-webhook payload. */
const everyOption = {
  channel: 'town-square',
  username: 'herald',
  icon_url: 'https://example.com/herald.png',
  icon_emoji: 'bell',
  type: 'custom_reminder',
  props: { card: 'Room 1' },
  priority: { priority: 'important', requested_ack: true },
  attachments: [{ color: '#36a64f', text: 'Room 1' }],
};

export const mattermost = httpChannel({
  kind: 'mattermost',
  aliases: ['kchat'],
  schemes,
  knownHosts: [/\.kchat\.infomaniak\.com$/],
  format: 'chat',
  dialect: 'markdown',
  maxLength: 16_383,
  targetOptions,
  secretsOf: lastPathSegment,
  secretExamples: [
    { url: 'mattermost://chat.example.com/hooks/xoxmm7s3cr3thook', secrets: ['xoxmm7s3cr3thook'] },
    { url: 'kchat://team.kchat.infomaniak.com/hooks/k7s3cr3tkchat', secrets: ['k7s3cr3tkchat'] },
  ],
  buildRequest(out, to) {
    const payload = withOptions({ text: clip(out.message.text, 16_383) }, to, targetOptions);
    // Attachments whose text fields were rendered from the event replace the option's raw ones.
    if (out.message.attachments) payload.attachments = out.message.attachments;
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
    // Every field of the incoming-webhook payload, as `--option` stores them; sent as they are.
    options: everyOption,
    request: {
      method: 'POST',
      json: {
        text: '**Standup** in 10 minutes & <b>',
        ...everyOption,
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
