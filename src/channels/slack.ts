import { clip, genericVerdict, httpsEndpoint, jsonHeaders } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/** Slack mrkdwn: only &, < and > are special; escaping them also defuses <!here> and <@U…>. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown **bold** (what herald's chat templates write) → Slack's *bold*. */
export function toMrkdwn(text: string): string {
  return escapeSlack(text).replace(/\*\*(.+?)\*\*/g, '*$1*');
}

/** Slack incoming webhooks: POST {text} → 200 "ok"; about one message per second per webhook. */
export const slack: WebhookChannel = {
  kind: 'slack',
  schemes: ['slack'],
  format: 'chat',
  maxLength: 40_000,
  minIntervalMs: 1000,
  endpoint: (url) => httpsEndpoint(url, ['slack']),
  buildRequest(out, target) {
    const payload: Record<string, unknown> = { text: clip(toMrkdwn(out.message.text), this.maxLength).replace(/&[a-z]{0,3}(?= …$)/, '') };
    for (const key of ['channel', 'username', 'icon_emoji', 'icon_url'] as const) if (target.options[key] !== undefined) payload[key] = target.options[key];
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse: (answer) => genericVerdict('slack', answer, (b) => b.trim() || null),
};
