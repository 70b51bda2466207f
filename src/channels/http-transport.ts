import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { HeraldError } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import { isPrivateAddress } from './address-check.ts';
import type { HttpAnswer, HttpRequestSpec } from './types.ts';

export interface TransportOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Largest answer body kept (the rest is drained unread). */
  maxAnswerBytes?: number;
}

/** A network failure worth retrying (timeout, refused, reset) as opposed to an HTTP answer. */
export class TransportError extends HeraldError {
  constructor(message: string, readonly retry: boolean, options: { cause?: unknown } = {}) {
    super('http', message, options);
  }
}

/**
 * The address check happens on the address DNS actually returned, inside the connection's own
 * lookup, so a name that resolves to a private address at send time is caught even if it did not
 * when the target was saved.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !allowPrivate && isPrivateAddress(a.address));
      if (bad) {
        return callback(new TransportError(`${hostname} resolves to ${bad.address}, a private or loopback address (allow it with --allow-private)`, false), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

const lookups = { guarded: guardedLookup(false), open: guardedLookup(true) };

/**
 * A target URL as http.request wants it, parsed once per URL: a burst to one webhook parses it
 * once, not once per message. A few thousand targets' worth are kept.
 */
interface Endpoint {
  secure: boolean;
  host: string;
  options: { protocol: string; hostname: string; port: string; path: string; auth?: string };
}
const endpoints = new Map<string, Endpoint | TransportError>();
function endpointOf(raw: string): Endpoint | TransportError {
  let e = endpoints.get(raw);
  if (e) return e;
  try {
    const url = new URL(raw);
    e =
      url.protocol === 'http:' || url.protocol === 'https:'
        ? {
            secure: url.protocol === 'https:',
            host: url.hostname.replace(/^\[|\]$/g, ''),
            options: {
              protocol: url.protocol,
              hostname: url.hostname.replace(/^\[|\]$/g, ''),
              port: url.port,
              path: `${url.pathname}${url.search}`,
              // Credentials in the URL (https://user:token@host/…) go as Basic auth, as before.
              ...(url.username || url.password ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
            },
          }
        : new TransportError(`unsupported scheme ${url.protocol}`, false);
  } catch {
    e = new TransportError(`not a URL: ${maskUrl(raw)}`, false);
  }
  if (endpoints.size >= 5000) endpoints.clear();
  endpoints.set(raw, e);
  return e;
}

/** POSTs one request; resolves with the answer (any status) or rejects with a TransportError. */
export function postJson(spec: HttpRequestSpec, options: TransportOptions): Promise<HttpAnswer> {
  const endpoint = endpointOf(spec.url);
  if (endpoint instanceof TransportError) return Promise.reject(endpoint);
  const { host } = endpoint;
  if (isIP(host) && !options.allowPrivate && isPrivateAddress(host)) {
    return Promise.reject(new TransportError(`${host} is a private or loopback address (allow it with --allow-private)`, false));
  }
  const lib = endpoint.secure ? https : http;
  const maxBytes = options.maxAnswerBytes ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    let answered = false;
    // One deadline for the whole exchange: a server that trickles its answer a byte at a time
    // would never trip an idle timeout.
    const deadline = setTimeout(() => {
      const what = answered ? `no complete answer within ${options.timeoutMs} ms` : `no answer within ${options.timeoutMs} ms`;
      req.destroy(new TransportError(what, true));
    }, options.timeoutMs);
    const settle = <T>(fn: (v: T) => void) => (v: T) => {
      clearTimeout(deadline);
      fn(v);
    };
    const done = settle(resolve);
    const fail = settle(reject);
    try {
      req = lib.request(
        {
          ...endpoint.options,
          method: 'POST',
          headers: { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body)), 'user-agent': 'herald' },
          lookup: options.allowPrivate ? lookups.open : lookups.guarded,
          agent: endpoint.secure ? agents.https : agents.http,
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < maxBytes) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, maxBytes) }));
          res.on('error', (err) => fail(err instanceof TransportError ? err : new TransportError(`answer broken off: ${err.message}`, true, { cause: err })));
        },
      );
    } catch (err) {
      clearTimeout(deadline);
      // A header node refuses (a newline in a target option): no retry will change it.
      return reject(new TransportError(`cannot build the request: ${(err as Error).message}`, false, { cause: err }));
    }
    req.on('error', (err) => {
      if (err instanceof TransportError) return fail(err);
      const code = (err as NodeJS.ErrnoException).code;
      // Name resolution failures and refused connections may be passing trouble; retry them.
      fail(new TransportError(`${code ?? 'connection failed'}: ${err.message}`, true, { cause: err }));
    });
    req.end(spec.body);
  });
}
