/** ICS feeds over HTTP: a conditional GET through the one HTTP client, and how often to poll. */
import { HeraldError, errorMessage } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import { NetError, httpRequest } from '../net/http-client.ts';
import { defaultMaxBytes } from './ics-file.ts';

export interface FetchIcsOptions {
  /** One deadline for the whole download, redirects included (default 30 s). */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  username?: string | null;
  password?: string | null;
  userAgent?: string;
  /**
   * Let the feed (and every redirect hop) reach loopback and private addresses (the calendar's
   * --allow-private, or HERALD_ALLOW_PRIVATE_CALENDARS=1). Off by default: the guard refuses before
   * connecting, so the error never tells whether a private port is open.
   */
  allowPrivate?: boolean;
  /** Tests: the address test that replaces the private-address guard (see HttpLimits). */
  isForbiddenAddress?: (ip: string) => boolean;
  /** Aborting gives up the download at once (the daemon stops). */
  signal?: AbortSignal;
}

export interface CacheValidators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchIcsResult = { status: 'changed'; body: string; etag: string | null; lastModified: string | null } | { status: 'unchanged' };

/** webcal:// is https:// with a hint to open a calendar app. */
export function normaliseFeedUrl(raw: string): URL {
  const url = new URL(raw);
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') return new URL(`https:${raw.slice(url.protocol.length)}`);
  return url;
}

/**
 * Fetches an ICS feed with a conditional GET: an unchanged feed answers 304 and costs no download
 * and no parse. Redirects are followed (and each hop checked like the first), the body is
 * decompressed and capped while it streams, and the whole exchange has one deadline. Errors name
 * the masked URL, never its secret path or query.
 */
export async function fetchIcsUrl(rawUrl: string, previous: CacheValidators | null, options: FetchIcsOptions = {}): Promise<FetchIcsResult> {
  const url = normaliseFeedUrl(rawUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(rawUrl, `unsupported scheme ${url.protocol}`);
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5', 'user-agent': options.userAgent ?? 'herald (calendar reminders)' };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  if (options.username) headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  let answer;
  try {
    answer = await httpRequest(
      { method: 'GET', url: url.toString(), headers },
      {
        timeoutMs: options.timeoutMs ?? 30_000,
        maxBodyBytes: maxBytes,
        oversize: 'fail',
        maxRedirects: options.maxRedirects ?? 5,
        decompress: true,
        allowPrivate: options.allowPrivate ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.isForbiddenAddress ? { isForbiddenAddress: options.isForbiddenAddress } : {}),
      },
    );
  } catch (err) {
    if (err instanceof NetError && err.code === 'oversize') throw fail(rawUrl, `calendar is larger than ${maxBytes} bytes`, err);
    throw fail(rawUrl, errorMessage(err).replace(/^http: /, ''), err);
  }
  if (answer.status === 304) return { status: 'unchanged' };
  if (answer.status < 200 || answer.status >= 300) {
    throw fail(rawUrl, `HTTP ${answer.status}${answer.status === 401 || answer.status === 403 ? ' (check the username and password)' : ''}`);
  }
  const { etag, 'last-modified': lastModified } = answer.headers;
  return {
    status: 'changed',
    body: answer.body,
    etag: typeof etag === 'string' ? etag : null,
    lastModified: typeof lastModified === 'string' ? lastModified : null,
  };
}

function fail(url: string, reason: string, cause?: unknown): HeraldError {
  return new HeraldError('sources', `${maskUrl(url)}: ${reason}`, cause === undefined ? {} : { cause });
}

/**
 * How often to poll a feed: its REFRESH-INTERVAL / X-PUBLISHED-TTL hint, else the configured
 * interval, clamped to [min, max] so a feed can neither hammer its server nor go stale for days.
 */
export function pollIntervalSeconds(hintSeconds: number | null, configured: number | null, bounds = { min: 300, max: 86_400, fallback: 900 }): number {
  const wanted = configured ?? hintSeconds ?? bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, wanted));
}
