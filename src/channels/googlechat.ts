import { createHash } from 'node:crypto';
import { clip, genericVerdict, httpsEndpoint, jsonHeaders, jsonMessage } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/** Google Chat space webhooks: {text, thread.threadKey}; one thread per event, so its reminders stay together. */
export const googlechat: WebhookChannel = {
  kind: 'googlechat',
  schemes: ['googlechat', 'gchat'],
  format: 'chat',
  maxLength: 4000,
  minIntervalMs: 1000,
  endpoint(url) {
    const u = new URL(httpsEndpoint(url, ['googlechat', 'gchat']));
    u.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    return u.toString();
  },
  buildRequest(out, target) {
    const text = clip(out.message.text.replace(/\*\*(.+?)\*\*/g, '*$1*'), this.maxLength);
    const payload: Record<string, unknown> = { text };
    if (out.event) payload.thread = { threadKey: createHash('sha256').update(`${out.event.uid}|${out.event.start}`).digest('hex').slice(0, 32) };
    return { url: this.endpoint(target.url), headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse: (answer) => genericVerdict('googlechat', answer, jsonMessage),
};
