/**
 * What the chat services reached over HTTP share: `httpChannel` turns a service's two pure halves
 * (build the request, read the answer) into a channel, and the helpers below read the common
 * answers. Transport, deadlines, retries, pacing and the address guard are the engine's.
 */
import { errorMessage } from '../core/errors.ts';
import { truncate } from '../core/mask.ts';
import type { Channel, Destination, OutboundMessage, SendResult } from '../delivery/channel.ts';
import type { HttpAnswer, HttpRequest } from '../net/http-client.ts';
import { NetError } from '../net/http-client.ts';
import { fitToLength } from '../render/index.ts';

/** An answer as a service's reading of it needs it. */
export type ServiceReply = Pick<HttpAnswer, 'status' | 'headers' | 'body'>;

/** What a service's answer means for the delivery. */
export type ServiceVerdict = { ok: true; info: string } | { ok: false; retry: boolean; retryAfterMs?: number; error: string };

export interface HttpChannel extends Channel {
  /** The request for one message part (pure). */
  buildRequest(message: OutboundMessage, to: Destination): HttpRequest;
  /** What the service's answer means (pure). */
  interpretResponse(reply: ServiceReply): ServiceVerdict;
}

/** A channel from its request builder and answer reader. */
export function httpChannel(definition: Omit<HttpChannel, 'send'>): HttpChannel {
  const channel: HttpChannel = {
    httpUrls: true,
    ...definition,
    async send(message, to, tools): Promise<SendResult> {
      let answer: HttpAnswer;
      try {
        answer = await tools.http(channel.buildRequest(message, to));
      } catch (err) {
        return { ok: false, statusCode: null, retry: err instanceof NetError ? err.retry : true, error: `${channel.kind}: ${errorMessage(err)}` };
      }
      const verdict = channel.interpretResponse(answer);
      if (verdict.ok) return { ok: true, statusCode: answer.status, info: verdict.info };
      const failed: SendResult = { ok: false, statusCode: answer.status, retry: verdict.retry, error: truncate(verdict.error, 300) };
      return verdict.retryAfterMs === undefined ? failed : { ...failed, retryAfterMs: verdict.retryAfterMs };
    },
  };
  return channel;
}

const header = (reply: ServiceReply, name: string): string | undefined => {
  const v = reply.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Seconds or an HTTP date in Retry-After, as milliseconds. */
export function retryAfterMs(reply: ServiceReply): number | undefined {
  const v = header(reply, 'retry-after');
  if (v === undefined) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  // An HTTP date is read against the server's own Date header, so no local clock is needed.
  const date = Date.parse(v);
  const serverNow = Date.parse(header(reply, 'date') ?? '');
  return Number.isNaN(date) || Number.isNaN(serverNow) ? undefined : Math.max(0, date - serverNow);
}

/** A header's value as a number of seconds (Discord's X-RateLimit-Reset-After), NaN if absent. */
export const headerSeconds = (reply: ServiceReply, name: string): number => Number(header(reply, name));

/**
 * The common reading of a webhook's answer: 2xx is success; 429, 408 and 5xx are worth retrying
 * (honouring Retry-After); other 4xx are refusals that no retry will fix.
 */
export function genericVerdict(service: string, reply: ServiceReply, describe?: (body: string) => string | null): ServiceVerdict {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, info: `${reply.status} ${truncate(reply.body.trim(), 120)}`.trim() };
  const detail = describe?.(reply.body) ?? truncate(reply.body.trim(), 200);
  const error = `${service}: HTTP ${reply.status}${detail ? ` ${detail}` : ''}`;
  const retry = reply.status === 429 || reply.status === 408 || reply.status >= 500;
  const after = retryAfterMs(reply);
  return after === undefined ? { ok: false, retry, error } : { ok: false, retry, error, retryAfterMs: after };
}

/** A JSON body as an object, or null when it is not one. */
export function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const j: unknown = JSON.parse(body);
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Reads `message`, `error`, `detail` or `description` from a JSON error body. */
export function jsonMessage(body: string): string | null {
  const j = jsonObject(body);
  const m = j?.message ?? j?.error ?? j?.detail ?? j?.description;
  return typeof m === 'string' ? m : null;
}

/** A target URL written with a service scheme ("slack://hooks.slack.com/x") as the https URL to call. */
export function httpsEndpoint(targetUrl: string, schemes: readonly string[]): string {
  const url = new URL(targetUrl);
  if (schemes.includes(url.protocol.slice(0, -1))) return `https:${targetUrl.slice(url.protocol.length)}`;
  return targetUrl;
}

export const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

/**
 * The service's size limit, enforced where the request is built: templates are fitted when they are
 * rendered, but a test message or an escaped text can still come out longer, and the service would
 * then refuse (Discord 400) or cut it (Slack) on its own.
 */
export function clip(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : fitToLength(text, maxLength);
}

/** As `clip`, for a limit in UTF-8 bytes (ntfy). */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let max = Math.min(text.length, maxBytes);
  let out = clip(text, max);
  while (Buffer.byteLength(out, 'utf8') > maxBytes && max > 1) {
    max = Math.floor(max * 0.9);
    out = clip(text, max);
  }
  return out;
}

/** The last segment of a URL's path (a webhook's token), for `secretsOf`. */
export const lastPathSegment = (url: URL): string[] => [decodeURIComponent(url.pathname.split('/').pop() ?? '')];

/** Every value of a URL's query (keys, signatures), for `secretsOf`. */
export const queryValues = (url: URL): string[] => [...url.searchParams.values()];
