import http from 'node:http';
import https from 'node:https';
import { createGunzip, createInflate, createBrotliDecompress } from 'node:zlib';
import type { Readable } from 'node:stream';
import { HeraldError } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import { defaultMaxBytes } from './ics-file.ts';

export interface FetchIcsOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  username?: string | null;
  password?: string | null;
  userAgent?: string;
}

export interface CacheValidators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchIcsResult =
  | { status: 'changed'; body: string; etag: string | null; lastModified: string | null }
  | { status: 'unchanged' };

/** webcal:// is https:// with a hint to open a calendar app. */
export function normaliseFeedUrl(raw: string): URL {
  const url = new URL(raw);
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') return new URL(`https:${raw.slice(url.protocol.length)}`);
  return url;
}

/**
 * Fetches an ICS feed with a conditional GET: an unchanged feed answers 304 and costs no download
 * and no parse. Redirects are followed by hand (limited); the body is decompressed and capped while
 * it streams. Errors name the masked URL, never its secret path or query.
 */
export async function fetchIcsUrl(rawUrl: string, previous: CacheValidators | null, options: FetchIcsOptions = {}): Promise<FetchIcsResult> {
  const maxRedirects = options.maxRedirects ?? 5;
  let url = normaliseFeedUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const res = await request(url, previous, options);
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
      res.stream.resume();
      const location = res.headers.location;
      if (!location) throw fail(rawUrl, `redirect ${res.statusCode} without a Location`);
      if (hop >= maxRedirects) throw fail(rawUrl, `more than ${maxRedirects} redirects`);
      url = normaliseFeedUrl(new URL(location, url).toString());
      continue;
    }
    if (res.statusCode === 304) {
      res.stream.resume();
      return { status: 'unchanged' };
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      res.stream.resume();
      throw fail(rawUrl, `HTTP ${res.statusCode}${res.statusCode === 401 || res.statusCode === 403 ? ' (check the username and password)' : ''}`);
    }
    const body = await readBody(res.stream, res.headers['content-encoding'], options.maxBytes ?? defaultMaxBytes, rawUrl);
    const etag = res.headers.etag;
    const lastModified = res.headers['last-modified'];
    return { status: 'changed', body, etag: typeof etag === 'string' ? etag : null, lastModified: typeof lastModified === 'string' ? lastModified : null };
  }
}

function fail(url: string, reason: string, cause?: unknown): HeraldError {
  return new HeraldError('sources', `${maskUrl(url)}: ${reason}`, cause === undefined ? {} : { cause });
}

function request(url: URL, previous: CacheValidators | null, options: FetchIcsOptions): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders; stream: http.IncomingMessage }> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers: Record<string, string> = {
    accept: 'text/calendar, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    'user-agent': options.userAgent ?? 'herald (calendar reminders)',
  };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  if (options.username) headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(fail(url.toString(), `unsupported scheme ${url.protocol}`));
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    const req = lib.get(url, { headers, timeout: timeoutMs }, (res) => {
      response = res;
      resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, stream: res });
    });
    req.on('timeout', () => {
      // A server that goes quiet after its headers: the body reader must see this error, not "aborted".
      const err = fail(url.toString(), `no answer within ${timeoutMs} ms`);
      response?.destroy(err);
      req.destroy(err);
    });
    req.on('error', (err) => reject(err instanceof HeraldError ? err : fail(url.toString(), (err as NodeJS.ErrnoException).code ?? err.message, err)));
  });
}

async function readBody(stream: Readable, encoding: string | string[] | undefined, maxBytes: number, url: string): Promise<string> {
  const enc = String(encoding ?? '').toLowerCase();
  const decoded = enc === 'gzip' || enc === 'x-gzip' ? stream.pipe(createGunzip()) : enc === 'deflate' ? stream.pipe(createInflate()) : enc === 'br' ? stream.pipe(createBrotliDecompress()) : stream;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decoded) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        throw fail(url, `calendar is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof HeraldError) throw err;
    throw fail(url, `download failed: ${(err as Error).message}`, err);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * How often to poll a feed: its REFRESH-INTERVAL / X-PUBLISHED-TTL hint, else the configured
 * interval, clamped to [min, max] so a feed can neither hammer its server nor go stale for days.
 */
export function pollIntervalSeconds(hintSeconds: number | null, configured: number | null, bounds = { min: 300, max: 86_400, fallback: 900 }): number {
  const wanted = configured ?? hintSeconds ?? bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, wanted));
}
