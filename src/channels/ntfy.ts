import { clipBytes, genericVerdict, httpsEndpoint } from './answers.ts';
import type { WebhookChannel } from './types.ts';

/** ntfy: the text is the body; the title, click link and markdown flag go in headers. */
export const ntfy: WebhookChannel = {
  kind: 'ntfy',
  schemes: ['ntfy'],
  format: 'text',
  /** In UTF-8 bytes: a longer body becomes an attachment. */
  maxLength: 4096,
  endpoint: (url) => httpsEndpoint(url, ['ntfy']),
  buildRequest(out, target) {
    const [first, ...rest] = out.message.text.split('\n');
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', title: encodeHeader(first ?? 'herald') };
    if (out.event?.meetingUrl) headers.click = out.event.meetingUrl;
    if (typeof target.options.priority === 'string' || typeof target.options.priority === 'number') headers.priority = String(target.options.priority);
    if (typeof target.options.tags === 'string') headers.tags = target.options.tags;
    if (typeof target.options.token === 'string') headers.authorization = `Bearer ${target.options.token}`;
    return { url: this.endpoint(target.url), headers, body: clipBytes(rest.join('\n').trim() || (first ?? ''), this.maxLength) };
  },
  interpretResponse: (answer) => genericVerdict('ntfy', answer),
};

/** Header values are Latin-1: send anything else RFC 2047-encoded, which ntfy decodes. */
function encodeHeader(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
