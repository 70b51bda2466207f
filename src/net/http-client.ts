/**
 * The one HTTP client: webhook POSTs, feed GETs, and CalDAV later. node:http/https with shared
 * keep-alive agents; one deadline for the whole exchange; a size cap on the (decoded) answer; the
 * private-address guard on IP literals before connecting and on every address DNS returns, inside
 * the connection's own lookup, on every redirect hop. Error messages name what went wrong and
 * never a URL's path, query or credentials.
 *
 * This file holds the public API; the parts live beside it: endpoint.ts (URL parsing and its
 * cache), agent-pools.ts (keep-alive agents per address policy), exchange.ts (one request, its
 * redirects and its answer), redirect.ts, body.ts and net-error.ts.
 */
import type http from 'node:http';
import { routeFor } from './agent-pools.ts';
import { endpointOf } from './endpoint.ts';
import { Exchange } from './exchange.ts';
import { aborted, literalRefusal, NetError } from './net-error.ts';

export { NetError, type NetErrorCode } from './net-error.ts';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PROPFIND' | 'REPORT';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpLimits {
  /** One deadline for the whole exchange, every redirect hop and the whole body included: a server trickling bytes is cut off. */
  timeoutMs: number;
  /** Largest answer body, counted after decompression. */
  maxBodyBytes: number;
  /** 'fail': a bigger body is an error (feeds); 'truncate': keep the first maxBodyBytes and stop reading (webhook answers). */
  oversize: 'fail' | 'truncate';
  /** Redirects followed (0: a 3xx is the answer). */
  maxRedirects: number;
  /** Send Accept-Encoding gzip, deflate, br and decode the answer (the size limit applies to the decoded bytes: a decompression bomb fails). */
  decompress: boolean;
  /** Allow loopback/private/link-local/metadata addresses (per target or calendar setting). */
  allowPrivate: boolean;
  /** Aborting rejects at once and destroys the connection (a daemon stopping). */
  signal?: AbortSignal;
  /**
   * Replaces isPrivateAddress as the test of a forbidden address when allowPrivate is false (tests
   * use it to allow 127.0.0.1 and forbid another loopback address). Use one function for many
   * requests: its connections are pooled per function.
   */
  isForbiddenAddress?: (ip: string) => boolean;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

/**
 * Sends one request, following redirects within the limits; resolves with the final answer (any
 * status, a 3xx too when maxRedirects is 0) or rejects with a NetError.
 *
 * Redirects: 303 makes any request a GET without a body; 301 and 302 make a POST a GET without a
 * body and keep any other method (a CalDAV PROPFIND redirected by /.well-known/caldav stays a
 * PROPFIND, RFC 9110 15.4.2); 307 and 308 keep method and body. A redirect to another origin
 * drops the credentials (the URL's and the Authorization and Cookie headers) for the rest of the
 * chain; credentials in a Location are ignored.
 */
export function httpRequest(request: HttpRequest, limits: HttpLimits): Promise<HttpAnswer> {
  const first = endpointOf(request.url);
  if (first instanceof NetError) return Promise.reject(first);
  const policy = routeFor(limits);
  if (policy.forbidden !== null && first.ipLiteral && policy.forbidden(first.host)) return Promise.reject(literalRefusal(first.host));
  const signal = limits.signal;
  if (signal?.aborted) return Promise.reject(aborted(signal));
  return new Promise<HttpAnswer>((resolve, reject) => new Exchange(request, limits, first, policy, resolve, reject).send());
}
