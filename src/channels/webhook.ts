import { clip, genericVerdict, jsonHeaders } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/**
 * Any HTTP endpoint: JSON with the rendered text and the event's fields. The Idempotency-Key header
 * (the delivery's dedupe key) lets a receiver drop the rare duplicate after a crash.
 */
export const webhook: WebhookChannel = {
  kind: 'webhook',
  schemes: ['webhook', 'webhooks'],
  format: 'text',
  maxLength: 100_000,
  endpoint(url) {
    const u = new URL(url);
    if (u.protocol === 'webhook:') return `http:${url.slice(u.protocol.length)}`;
    if (u.protocol === 'webhooks:') return `https:${url.slice(u.protocol.length)}`;
    return url;
  },
  buildRequest(out, target) {
    const payload = {
      kind: out.kind,
      text: clip(out.message.text, this.maxLength),
      ...(out.message.subject ? { subject: out.message.subject } : {}),
      part: out.part,
      parts: out.parts,
      event: out.event,
      id: out.dedupeKey,
    };
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders, 'idempotency-key': out.dedupeKey }, body: JSON.stringify(payload) };
  },
  interpretResponse: (answer) => genericVerdict('webhook', answer),
};
