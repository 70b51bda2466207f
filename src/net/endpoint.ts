/**
 * URLs as the HTTP client sends to them: parsed and checked once into an Endpoint (the options
 * http.request wants, the host without brackets, Basic-auth credentials), with a bounded cache of
 * the target URLs seen.
 */
import { isIP } from 'node:net';
import { maskUrl } from '../core/mask.ts';
import { NetError } from './net-error.ts';

/** A URL as http.request wants it. */
export interface Endpoint {
  href: string;
  origin: string;
  secure: boolean;
  /** The host without IPv6 brackets. */
  host: string;
  ipLiteral: boolean;
  /** Credentials from the URL (user:password, decoded), sent as Basic auth. */
  auth: string | undefined;
  options: { protocol: string; hostname: string; port: string; path: string };
}

export function endpointFromUrl(url: URL): Endpoint | NetError {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return new NetError('bad-url', `unsupported scheme ${url.protocol}`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let auth: string | undefined;
  if (url.username || url.password) {
    try {
      auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    } catch {
      return new NetError('bad-url', `not a URL: ${maskUrl(url.href)} (bad escape in its credentials)`);
    }
  }
  return {
    href: url.href,
    origin: url.origin,
    secure: url.protocol === 'https:',
    host,
    ipLiteral: isIP(host) !== 0,
    auth,
    options: { protocol: url.protocol, hostname: host, port: url.port, path: `${url.pathname}${url.search}` },
  };
}

/**
 * Target URLs parsed once each: a burst to one webhook parses its URL once, not once per message.
 * A few thousand targets' worth are kept.
 */
const endpoints = new Map<string, Endpoint | NetError>();

/** The endpoint of a request's URL, or the NetError it fails with (both cached). */
export function endpointOf(raw: string): Endpoint | NetError {
  let e = endpoints.get(raw);
  if (e) return e;
  try {
    e = endpointFromUrl(new URL(raw));
  } catch {
    e = new NetError('bad-url', `not a URL: ${maskUrl(raw)}`);
  }
  if (endpoints.size >= 5000) endpoints.clear();
  endpoints.set(raw, e);
  return e;
}
