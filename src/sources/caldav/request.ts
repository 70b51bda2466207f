/**
 * One CalDAV request through herald's one HTTP client: Basic auth (or Bearer when no user name is
 * given), Depth, an XML body; the deadline, size cap, redirects and private-address guard of the
 * client. A refused login is one clear line that never holds the password; a server error carries
 * its Retry-After so that polling backs off as the server asks.
 */
import { HeraldError, errorMessage } from '../../core/errors.ts';
import { maskUrl } from '../../core/mask.ts';
import { httpRequest, type HttpAnswer } from '../../net/http-client.ts';

export interface DavAccount {
  username: string | null;
  /** The password (Basic), or a token used as Bearer when there is no user name. */
  password: string | null;
  allowPrivate: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Tests: the address test that replaces the private-address guard. */
  isForbiddenAddress?: (ip: string) => boolean;
}

/** A CalDAV failure; `retryAfterMs` when the server said when to come back. */
export class CalDavError extends HeraldError {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    options: { cause?: unknown } = {},
  ) {
    super('CalDAV', message, options);
  }
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now (capped at a day). */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return null;
  const ms = /^\d+$/.test(text.trim()) ? Number(text.trim()) * 1000 : Date.parse(text) - nowMs;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : null;
}

export async function davRequest(
  account: DavAccount,
  method: 'PROPFIND' | 'REPORT' | 'GET',
  url: string,
  options: { depth?: '0' | '1'; body?: string; nowMs: number; maxBytes?: number },
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/xml, text/calendar;q=0.9, */*;q=0.5' };
  if (options.body !== undefined) headers['content-type'] = 'application/xml; charset=utf-8';
  if (options.depth !== undefined) headers.depth = options.depth;
  if (account.username) headers.authorization = `Basic ${Buffer.from(`${account.username}:${account.password ?? ''}`).toString('base64')}`;
  else if (account.password) headers.authorization = `Bearer ${account.password}`;
  let answer: HttpAnswer;
  try {
    answer = await httpRequest(
      { method, url, headers, ...(options.body === undefined ? {} : { body: options.body }) },
      {
        timeoutMs: account.timeoutMs ?? 30_000,
        maxBodyBytes: options.maxBytes ?? 20 * 1024 * 1024,
        oversize: 'fail',
        maxRedirects: 5,
        decompress: true,
        allowPrivate: account.allowPrivate,
        ...(account.signal ? { signal: account.signal } : {}),
        ...(account.isForbiddenAddress ? { isForbiddenAddress: account.isForbiddenAddress } : {}),
      },
    );
  } catch (err) {
    throw new CalDavError(`${maskUrl(url)}: ${errorMessage(err).replace(/^http: /, '')}`, null, { cause: err });
  }
  if (answer.status === 401) throw new CalDavError('the server refused the user name or password');
  if (answer.status === 403 && method !== 'REPORT') throw new CalDavError(`${maskUrl(url)}: access denied (HTTP 403)`);
  if (answer.status >= 500 || answer.status === 429) {
    throw new CalDavError(`${maskUrl(url)}: the server answered HTTP ${answer.status}`, retryAfterMs(answer.headers['retry-after'], options.nowMs));
  }
  return answer;
}
