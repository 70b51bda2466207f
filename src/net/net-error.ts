/**
 * NetError, the one error the HTTP client rejects with, and its codes. Whether a failure is worth
 * retrying follows from its code, so the two cannot disagree.
 */
import { HeraldError } from '../core/errors.ts';

/** What went wrong, for callers that act on the kind of failure rather than match messages. */
export type NetErrorCode =
  /** The deadline passed before a complete answer (every redirect hop and the body included). Retried. */
  | 'timeout'
  /** The answer body is larger than maxBodyBytes, with oversize 'fail'. Not retried. */
  | 'oversize'
  /** The host is, or resolves to, an address the policy forbids (private, loopback, …), on any hop. Not retried. */
  | 'forbidden-address'
  /** More redirects than maxRedirects, or a redirect without a Location. Not retried. */
  | 'redirects'
  /** A URL the client cannot use, the request's or a redirect's Location: unparseable, not http(s), bad escapes in its credentials. Not retried. */
  | 'bad-url'
  /** Node refused to build the request (a newline in a header). Not retried. */
  | 'bad-request'
  /** No answer, or a broken one: DNS failure, refused or reset connection, a body broken off. Retried. */
  | 'connection'
  /** The answer's Content-Encoding is unsupported or its bytes do not decode. Not retried. */
  | 'decoding'
  /** The caller's AbortSignal fired. Retried (a daemon stopping: the next run may try again). */
  | 'aborted';

const retryable: Readonly<Record<NetErrorCode, boolean>> = {
  timeout: true,
  oversize: false,
  'forbidden-address': false,
  redirects: false,
  'bad-url': false,
  'bad-request': false,
  connection: true,
  decoding: false,
  aborted: true,
};

/**
 * A request that got no usable answer. `code` says what kind of failure; `retry` whether trying
 * again could help (timeouts, resets, refused connections, DNS trouble, no answer) or nothing would
 * change (the address policy, a bad URL, a request that cannot be built, an oversize answer, a
 * redirect loop). The message names what went wrong, never a URL's path, query or credentials.
 */
export class NetError extends HeraldError {
  readonly retry: boolean;

  constructor(
    readonly code: NetErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('http', message, options);
    this.name = 'NetError';
    this.retry = retryable[code];
  }
}

/** The refusal of an IP-literal host, before any connection. */
export function literalRefusal(host: string): NetError {
  return new NetError('forbidden-address', `${host} is a private or loopback address (allow it with --allow-private)`);
}

/** The refusal of a name whose DNS answer holds a forbidden address, at connect time. */
export function lookupRefusal(hostname: string, address: string): NetError {
  return new NetError('forbidden-address', `${hostname} resolves to ${address}, a private or loopback address (allow it with --allow-private)`);
}

export function aborted(signal: AbortSignal): NetError {
  return new NetError('aborted', 'request aborted', { cause: signal.reason });
}
