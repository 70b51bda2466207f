import { createHash } from 'node:crypto';
import { UsageError } from '../core/errors.ts';
import { clip, genericVerdict, httpChannel, jsonHeaders, jsonMessage, jsonObject } from './http-service.ts';

/**
 * The homeserver call of a target written `matrix://ACCESS_TOKEN@matrix.example.org/!room:example.org`
 * (https), or `http(s)://ACCESS_TOKEN@host/!room:example.org` with `--kind matrix`. The room is a room
 * id (a `#alias` would need a directory lookup first).
 */
function roomCall(targetUrl: string): { base: string; token: string; room: string } {
  const url = new URL(targetUrl);
  const protocol = url.protocol === 'matrix:' ? 'https:' : url.protocol;
  return { base: `${protocol}//${url.host}`, token: decodeURIComponent(url.username), room: decodeURIComponent(url.pathname.slice(1)) };
}

/**
 * Matrix rooms through the client-server API: `PUT /rooms/{room}/send/m.room.message/{txn}` with the
 * access token as a bearer token. The transaction id comes from the delivery's dedupe key, so the
 * homeserver drops a resend after a crash. `m.mentions: {}` keeps event text from pinging the room
 * (`@room`) unless the target allows mentions.
 */
export const matrix = httpChannel({
  kind: 'matrix',
  schemes: ['matrix'],
  format: 'text',
  // An event is at most 64 KiB of JSON; this many characters fit whatever the script.
  maxLength: 16_000,
  secretExamples: [{ url: 'matrix://syt_aGVyYWxk_m4tr1xS3cretT0ken@matrix.example.org/!room:example.org', secrets: ['syt_aGVyYWxk_m4tr1xS3cretT0ken'] }],
  acceptUrl(_url, raw) {
    const { token, room } = roomCall(raw);
    if (!token) throw new UsageError('--url: a Matrix target carries its access token before the host: matrix://TOKEN@matrix.example.org/!room:example.org');
    if (!/^![^:]+:.+$/.test(room)) throw new UsageError('--url: the Matrix room must be a room id like !abc123:example.org');
    return raw;
  },
  buildRequest(out, to) {
    const { base, token, room } = roomCall(to.url);
    const txn = createHash('sha256').update(`${out.dedupeKey}|${out.part}`).digest('hex').slice(0, 32);
    const content: Record<string, unknown> = { msgtype: 'm.text', body: clip(out.message.text, 16_000) };
    if (!to.allowMentions) content['m.mentions'] = {};
    return {
      method: 'PUT',
      url: `${base}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${txn}`,
      headers: { ...jsonHeaders, authorization: `Bearer ${token}` },
      body: JSON.stringify(content),
    };
  },
  interpretResponse(reply) {
    const verdict = genericVerdict('matrix', reply, jsonMessage);
    const ms = jsonObject(reply.body)?.retry_after_ms;
    return !verdict.ok && typeof ms === 'number' ? { ...verdict, retryAfterMs: ms } : verdict;
  },
  fixtures: {
    harness: 'http',
    targetUrl: (base) => base.replace('://', '://syt_token@') + '/!room:example.org',
    request: {
      method: 'PUT',
      path: /^\/_matrix\/client\/v3\/rooms\/!room%3Aexample\.org\/send\/m\.room\.message\/[0-9a-f]{32}$/,
      headers: { authorization: /^Bearer syt_token$/ },
      json: { msgtype: 'm.text', body: '**Standup** in 10 minutes & <b>', 'm.mentions': {} },
    },
    textOf: (r) => (JSON.parse(r.body) as { body: string }).body,
    answers: {
      success: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"event_id":"$YUwRidLecu:example.org"}' },
      refusal: {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: '{"errcode":"M_FORBIDDEN","error":"User @herald:example.org not in room !room:example.org"}',
      },
      refusalMessage: 'not in room',
      rateLimit: {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: '{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2500}',
      },
      rateLimitMs: 2500,
    },
  },
});
