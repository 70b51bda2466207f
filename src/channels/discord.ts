import { clip, genericVerdict, httpsEndpoint, jsonHeaders, jsonMessage } from './answers.ts';
import type { HttpAnswer, WebhookChannel } from './types.ts';

const header = (a: HttpAnswer, name: string) => {
  const v = a.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Discord webhooks: `content` up to 2,000 characters; `?wait=true` so that an unsaved message is an
 * error instead of a silent 204; `allowed_mentions` empty so event text can ping nobody.
 */
export const discord: WebhookChannel = {
  kind: 'discord',
  schemes: ['discord'],
  format: 'chat',
  maxLength: 2000,
  endpoint(url) {
    const u = new URL(httpsEndpoint(url, ['discord']));
    u.searchParams.set('wait', 'true');
    return u.toString();
  },
  buildRequest(out, target) {
    const payload: Record<string, unknown> = {
      content: clip(out.message.text, this.maxLength),
      allowed_mentions: { parse: target.allowMentions ? ['users', 'roles', 'everyone'] : [] },
    };
    if (typeof target.options.username === 'string') payload.username = target.options.username;
    if (typeof target.options.avatar_url === 'string') payload.avatar_url = target.options.avatar_url;
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(answer) {
    const verdict = genericVerdict('discord', answer, jsonMessage);
    if (!verdict.ok && answer.status === 429) {
      // Discord says how long in the body (float seconds) and in X-RateLimit-Reset-After.
      let seconds = Number(header(answer, 'x-ratelimit-reset-after'));
      try {
        const j = JSON.parse(answer.body) as { retry_after?: number };
        if (typeof j.retry_after === 'number') seconds = j.retry_after;
      } catch {
        /* keep the header's value */
      }
      if (Number.isFinite(seconds)) return { ...verdict, retryAfterMs: Math.ceil(seconds * 1000) };
    }
    return verdict;
  },
};
