import { oneOf, text } from './target-options.ts';
import { clipBytes, genericVerdict, httpChannel, httpsEndpoint, lastPathSegment } from './http-service.ts';

/** Header values are Latin-1: send anything else RFC 2047-encoded, which ntfy decodes. */
function encodeHeader(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** ntfy: the text is the body; the title, click link, priority, tags and token go in headers. */
export const ntfy = httpChannel({
  kind: 'ntfy',
  schemes: ['ntfy'],
  knownHosts: [/^ntfy\.sh$/],
  format: 'text',
  // In UTF-8 bytes: a longer body becomes an attachment.
  maxLength: 4096,
  maxLengthInBytes: true,
  targetOptions: {
    priority: oneOf(['1', '2', '3', '4', '5', 'min', 'low', 'default', 'high', 'max', 'urgent']),
    tags: text('comma-separated tags or emoji names (warning,calendar)'),
    token: { ...text('an access token (tk_…)'), secret: true },
  },
  secretsOf: lastPathSegment,
  secretExamples: [{ url: 'ntfy://ntfy.sh/my-s3cret-topic-name', secrets: ['my-s3cret-topic-name'] }],
  buildRequest(out, to) {
    const [first, ...rest] = out.message.text.split('\n');
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', title: encodeHeader(first ?? 'herald') };
    const { priority, tags, token } = to.options;
    if (out.event?.meetingUrl) headers.click = out.event.meetingUrl;
    if (typeof priority === 'string' || typeof priority === 'number') headers.priority = String(priority);
    if (typeof tags === 'string') headers.tags = tags;
    if (typeof token === 'string') headers.authorization = `Bearer ${token}`;
    return { method: 'POST', url: httpsEndpoint(to.url, ['ntfy']), headers, body: clipBytes(rest.join('\n').trim() || (first ?? ''), 4096) };
  },
  interpretResponse: (reply) => genericVerdict('ntfy', reply),
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/topic`,
    request: {
      method: 'POST',
      headers: { 'content-type': /^text\/plain/, title: /^\*\*Standup\*\* in 10 minutes & <b>$/, click: /^https:\/\/kmeet\.infomaniak\.com\/standup$/ },
    },
    textOf: (r) => r.body,
    answers: {
      success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"abc","event":"message","topic":"t"}' },
      refusal: { status: 413, headers: { 'content-type': 'application/json' }, body: '{"code":41301,"http":413,"error":"limit reached: message too large"}' },
      refusalMessage: 'message too large',
      rateLimit: { status: 429, headers: { 'retry-after': '5' }, body: '{"code":42901,"http":429,"error":"limit reached: too many requests"}' },
      rateLimitMs: 5000,
    },
  },
});
