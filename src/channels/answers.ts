import { truncate } from '../core/mask.ts';
import { fitToLength } from '../render/index.ts';
import type { ChannelVerdict, HttpAnswer } from './types.ts';

/** Seconds or an HTTP date in Retry-After, as milliseconds. */
export function retryAfterMs(answer: HttpAnswer): number | undefined {
  const raw = answer.headers['retry-after'];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  // An HTTP date is read against the server's own Date header, so no local clock is needed.
  const date = Date.parse(v);
  const rawNow = answer.headers.date;
  const serverNow = Date.parse(Array.isArray(rawNow) ? rawNow[0] ?? '' : rawNow ?? '');
  return Number.isNaN(date) || Number.isNaN(serverNow) ? undefined : Math.max(0, date - serverNow);
}

/**
 * The common reading of a webhook's answer: 2xx is success; 429, 408 and 5xx are worth retrying
 * (honouring Retry-After); other 4xx are refusals that no retry will fix.
 */
export function genericVerdict(service: string, answer: HttpAnswer, describe?: (body: string) => string | null): ChannelVerdict {
  if (answer.status >= 200 && answer.status < 300) return { ok: true, info: `${answer.status} ${truncate(answer.body.trim(), 120)}`.trim() };
  const detail = describe?.(answer.body) ?? truncate(answer.body.trim(), 200);
  const error = `${service}: HTTP ${answer.status}${detail ? ` ${detail}` : ''}`;
  const retry = answer.status === 429 || answer.status === 408 || answer.status >= 500;
  const after = retryAfterMs(answer);
  return after === undefined ? { ok: false, retry, error } : { ok: false, retry, error, retryAfterMs: after };
}

/** Reads `message` (Mattermost, Discord) or `error` fields from a JSON error body. */
export function jsonMessage(body: string): string | null {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const m = j.message ?? j.error ?? j.detail;
    return typeof m === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** A target URL written with a service scheme ("slack://hooks.slack.com/x") as the https URL to call. */
export function httpsEndpoint(targetUrl: string, schemes: string[]): string {
  const url = new URL(targetUrl);
  const scheme = url.protocol.replace(/:$/, '');
  if (schemes.includes(scheme)) return `https:${targetUrl.slice(url.protocol.length)}`;
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
