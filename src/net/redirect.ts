/**
 * The HTTP client's redirect rules: which statuses redirect, where a Location leads (checked
 * against the address policy), when a request becomes a GET, and which headers a hop drops.
 */
import { endpointFromUrl, type Endpoint } from './endpoint.ts';
import { literalRefusal, NetError } from './net-error.ts';

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The endpoint a Location leads to from `base`, or why it cannot be followed. Credentials in a
 * Location are ignored: which credentials go on is the exchange's decision.
 */
export function redirectTarget(location: string, status: number, base: string, forbidden: ((ip: string) => boolean) | null): Endpoint | NetError {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    return new NetError('bad-url', `redirect ${status} to an unusable Location`);
  }
  // A relative Location inherits the base's credentials.
  url.username = '';
  url.password = '';
  const next = endpointFromUrl(url);
  if (next instanceof NetError) return next;
  if (forbidden !== null && next.ipLiteral && forbidden(next.host)) return literalRefusal(next.host);
  return next;
}

/**
 * Does this redirect turn the request into a GET without a body? 303 always; 301 and 302 a POST
 * only (a CalDAV PROPFIND redirected by /.well-known/caldav stays a PROPFIND, RFC 9110 15.4.2);
 * 307 and 308 never.
 */
export function becomesGet(status: number, method: string): boolean {
  return status === 303 ? method !== 'GET' : (status === 301 || status === 302) && method === 'POST';
}

/** Headers that describe a request body: dropped when a redirect turns the request into a GET. */
export const bodyHeaders = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);
/** Headers that carry credentials: dropped on a redirect to another origin. */
export const credentialHeaders = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function without(headers: Record<string, string>, names: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(headers)) if (!names.has(k.toLowerCase())) out[k] = headers[k]!;
  return out;
}
