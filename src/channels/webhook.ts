import { clip, genericVerdict, httpChannel, jsonHeaders, lastPathSegment, queryValues } from './http-service.ts';

/** webhook:// is plain http, webhooks:// is https; an http(s) URL is called as it is. */
function endpoint(url: string): string {
  const { protocol } = new URL(url);
  if (protocol === 'webhook:') return `http:${url.slice(protocol.length)}`;
  if (protocol === 'webhooks:') return `https:${url.slice(protocol.length)}`;
  return url;
}

/**
 * Any HTTP endpoint: JSON with the rendered text and the event's fields. The Idempotency-Key header
 * (the delivery's dedupe key) lets a receiver drop the rare duplicate after a crash.
 */
export const webhook = httpChannel({
  kind: 'webhook',
  schemes: ['webhook', 'webhooks'],
  format: 'text',
  maxLength: 100_000,
  secretsOf: (url) => [...lastPathSegment(url), ...queryValues(url)],
  secretExamples: [
    { url: 'webhook://hooks.example.com/in/w3bh00kS3cret?sig=s1gS3cretValue', secrets: ['w3bh00kS3cret', 's1gS3cretValue'] },
    { url: 'webhooks://bot:p4ssw0rdS3cret@hooks.example.com/in', secrets: ['p4ssw0rdS3cret'] },
  ],
  buildRequest(out, to) {
    const payload = {
      kind: out.kind,
      text: clip(out.message.text, 100_000),
      ...(out.message.subject ? { subject: out.message.subject } : {}),
      part: out.part,
      parts: out.parts,
      event: out.event,
      id: out.dedupeKey,
    };
    return { method: 'POST', url: endpoint(to.url), headers: { ...jsonHeaders, 'idempotency-key': out.dedupeKey }, body: JSON.stringify(payload) };
  },
  interpretResponse: (reply) => genericVerdict('webhook', reply),
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/hook`,
    request: {
      method: 'POST',
      headers: { 'idempotency-key': /^rem:1:2:evt@test:2026-11-24T09:00:00Z:600$/ },
      json: {
        kind: 'reminder',
        text: '**Standup** in 10 minutes & <b>',
        id: 'rem:1:2:evt@test:2026-11-24T09:00:00Z:600',
        event: { uid: 'evt@test', start: '2026-11-24T09:00:00Z' },
      },
    },
    textOf: (r) => (JSON.parse(r.body) as { text: string }).text,
    answers: {
      success: { status: 204, body: '' },
      refusal: { status: 422, body: 'unknown event kind' },
      refusalMessage: 'unknown event kind',
      rateLimit: { status: 503, headers: { 'retry-after': '1' }, body: 'maintenance' },
      rateLimitMs: 1000,
    },
  },
});
