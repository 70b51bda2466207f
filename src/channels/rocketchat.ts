import { clip, genericVerdict, httpsEndpoint, jsonHeaders, jsonMessage } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/** Rocket.Chat incoming webhooks: {text, alias, emoji, avatar, channel} → {"success": true}. */
export const rocketchat: WebhookChannel = {
  kind: 'rocketchat',
  schemes: ['rocketchat'],
  format: 'chat',
  maxLength: 5000,
  endpoint: (url) => httpsEndpoint(url, ['rocketchat']),
  buildRequest(out, target) {
    const payload: Record<string, unknown> = { text: clip(out.message.text, this.maxLength) };
    for (const key of ['alias', 'emoji', 'avatar', 'channel'] as const) if (target.options[key] !== undefined) payload[key] = target.options[key];
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(answer) {
    const verdict = genericVerdict('rocketchat', answer, jsonMessage);
    if (verdict.ok && /"success"\s*:\s*false/.test(answer.body)) return { ok: false, retry: false, error: `rocketchat: ${jsonMessage(answer.body) ?? 'refused'}` };
    return verdict;
  },
};
