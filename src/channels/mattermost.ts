import { clip, genericVerdict, httpsEndpoint, jsonHeaders, jsonMessage } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/** Options a Mattermost/kChat target may carry (`--option channel=town-square`). */
export interface MattermostOptions {
  channel?: string;
  username?: string;
  icon_url?: string;
  icon_emoji?: string;
  attachments?: unknown[];
  props?: Record<string, unknown>;
}

const optional = ['channel', 'username', 'icon_url', 'icon_emoji', 'attachments', 'props'] as const;

/** Mattermost and Infomaniak kChat incoming webhooks: POST {text, …} → 200 "ok" (or the post as JSON on kChat). */
export const mattermost: WebhookChannel = {
  kind: 'mattermost',
  aliases: ['kchat'],
  schemes: ['mattermost', 'kchat'],
  format: 'chat',
  maxLength: 16_383,
  endpoint: (url) => httpsEndpoint(url, ['mattermost', 'kchat']),
  buildRequest(out, target) {
    const payload: Record<string, unknown> = { text: clip(out.message.text, this.maxLength) };
    for (const key of optional) if (target.options[key] !== undefined) payload[key] = target.options[key];
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(answer) {
    const verdict = genericVerdict('mattermost', answer, jsonMessage);
    // A Slack-compatible reply can say {"ok": false} with a 200.
    if (verdict.ok && /^\s*\{/.test(answer.body)) {
      try {
        const j = JSON.parse(answer.body) as { ok?: boolean; error?: string };
        if (j.ok === false) return { ok: false, retry: false, error: `mattermost: ${j.error ?? 'refused'}` };
      } catch {
        /* a post object, not an error */
      }
    }
    return verdict;
  },
};
