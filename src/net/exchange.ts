/**
 * Exchange: one request of the HTTP client, its redirect hops and the reading of its answer, until
 * it settles once (answer, error, deadline or abort).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { Route } from './agent-pools.ts';
import { type Decoder, decoderFor, tooLarge, utf8Prefix } from './body.ts';
import type { Endpoint } from './endpoint.ts';
import type { HttpAnswer, HttpLimits, HttpRequest } from './http-client.ts';
import { aborted, NetError } from './net-error.ts';
import { becomesGet, bodyHeaders, credentialHeaders, isRedirect, redirectTarget, without } from './redirect.ts';

const userAgent = 'herald';
const acceptEncoding = 'gzip, deflate, br';

/**
 * One request and its redirect hops, until it settles. A class rather than closures: the POST
 * path allocates one object per request, not a closure per step (and tsx's keepNames would rename
 * each of those closures on every request).
 */
export class Exchange {
  private settled = false;
  private endpoint: Endpoint;
  private method: string;
  private body: string | undefined;
  private auth: string | undefined;
  private headers: Record<string, string>;
  private redirects = 0;
  private req: http.ClientRequest | null = null;
  /** The current hop's answer, once its head has arrived. */
  private res: http.IncomingMessage | null = null;
  private decoder: Decoder | null = null;
  /** Redirect answers whose (unread) bodies may still be arriving: ended with the exchange. */
  private draining: http.IncomingMessage[] | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: (() => void) | null = null;

  constructor(
    private readonly request: HttpRequest,
    private readonly limits: HttpLimits,
    private readonly first: Endpoint,
    private readonly policy: Route,
    private readonly resolve: (answer: HttpAnswer) => void,
    private readonly reject: (err: NetError) => void,
  ) {
    this.endpoint = first;
    this.method = request.method;
    this.body = request.body;
    this.auth = first.auth;
    const headers: Record<string, string> = limits.decompress
      ? { 'user-agent': userAgent, 'accept-encoding': acceptEncoding, ...request.headers }
      : { 'user-agent': userAgent, ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    this.headers = headers;
    // One deadline for the whole exchange: a server trickling its answer a byte at a time would
    // never trip an idle timeout.
    // (setTimeout takes a bigger delay than 2^31 - 1 ms as 1 ms.)
    this.timer = setTimeout(
      () => this.fail(new NetError('timeout', this.res ? `no complete answer within ${limits.timeoutMs} ms` : `no answer within ${limits.timeoutMs} ms`)),
      Math.min(limits.timeoutMs, 2_147_483_647),
    );
    const signal = limits.signal;
    if (signal) {
      this.onAbort = () => this.fail(aborted(signal));
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  private end(): void {
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.limits.signal!.removeEventListener('abort', this.onAbort);
    if (this.draining) for (const m of this.draining) if (!m.complete) m.destroy();
  }

  private fail(err: NetError): void {
    if (this.settled) return;
    this.end();
    this.decoder?.destroy();
    this.res?.destroy();
    this.req?.destroy();
    this.reject(err);
  }

  private succeed(answer: HttpAnswer): void {
    if (this.settled) return;
    this.end();
    this.resolve(answer);
  }

  /** Sends the current hop. */
  send(): void {
    if (this.settled) return;
    const endpoint = this.endpoint;
    let r: http.ClientRequest;
    try {
      r = (endpoint.secure ? https : http).request(
        {
          ...endpoint.options,
          auth: this.auth,
          method: this.method,
          headers: this.headers,
          agent: endpoint.secure ? this.policy.https : this.policy.http,
          lookup: this.policy.lookup,
        },
        (incoming) => this.answered(r, incoming),
      );
    } catch (err) {
      // A header node refuses (a newline in a target option): no retry will change it.
      return this.fail(new NetError('bad-request', `cannot build the request: ${(err as Error).message}`, { cause: err }));
    }
    this.req = r;
    r.on('error', (err) => this.requestError(r, err));
    r.end(this.body);
  }

  private requestError(r: http.ClientRequest, err: Error): void {
    if (r !== this.req) return;
    // The guarded lookup's refusal arrives here as is.
    if (err instanceof NetError) return this.fail(err);
    // Name resolution failures, refused and reset connections may be passing trouble.
    this.fail(new NetError('connection', `${(err as NodeJS.ErrnoException).code ?? 'connection failed'}: ${err.message}`, { cause: err }));
  }

  private answered(r: http.ClientRequest, incoming: http.IncomingMessage): void {
    if (this.settled || r !== this.req) return void incoming.destroy();
    this.res = incoming;
    const status = incoming.statusCode ?? 0;
    if (this.limits.maxRedirects > 0 && isRedirect(status)) this.redirect(incoming, status);
    else this.read(incoming, status);
  }

  private redirect(incoming: http.IncomingMessage, status: number): void {
    const location = incoming.headers.location;
    if (!location) return this.fail(new NetError('redirects', `redirect ${status} without a Location`));
    if (this.redirects >= this.limits.maxRedirects) return this.fail(new NetError('redirects', `more than ${this.limits.maxRedirects} redirects`));
    const next = redirectTarget(location, status, this.endpoint.href, this.policy.forbidden);
    if (next instanceof NetError) return this.fail(next);
    // The redirect's own body is read and dropped, so that its connection goes back to the pool.
    incoming.resume();
    (this.draining ??= []).push(incoming);
    this.redirects++;
    if (becomesGet(status, this.method)) {
      this.method = 'GET';
      this.body = undefined;
      this.headers = without(this.headers, bodyHeaders);
    }
    // A redirect to another origin drops the credentials for the rest of the chain.
    if (next.origin !== this.endpoint.origin) {
      this.auth = undefined;
      this.headers = without(this.headers, credentialHeaders);
    }
    this.endpoint = next;
    this.res = null;
    // A short body ends at once and frees its connection for the next hop (the agent frees it a
    // tick after 'end'); one still arriving after 50 ms is not waited for.
    let go: NodeJS.Timeout | undefined = setTimeout(() => {
      go = undefined;
      this.send();
    }, 50);
    incoming.once('end', () =>
      setImmediate(() => {
        if (go === undefined) return;
        clearTimeout(go);
        go = undefined;
        this.send();
      }),
    );
  }

  /** Reads the final answer's body, decoded and within the size limit. */
  private read(incoming: http.IncomingMessage, status: number): void {
    const limits = this.limits;
    incoming.on('error', (err) => this.fail(err instanceof NetError ? err : new NetError('connection', `answer broken off: ${err.message}`, { cause: err })));
    let source: Readable = incoming;
    const encoding = limits.decompress ? incoming.headers['content-encoding'] : undefined;
    if (encoding !== undefined) {
      const d = decoderFor(encoding);
      if (d === null) return this.fail(new NetError('decoding', `answer in an unsupported content encoding ${JSON.stringify(encoding)}`));
      if (d !== undefined) {
        this.decoder = d;
        d.on('error', (err) => this.fail(new NetError('decoding', `answer could not be decoded (${encoding}): ${err.message}`, { cause: err })));
        source = incoming.pipe(d);
      }
    }
    const max = limits.maxBodyBytes;
    if (source === incoming && limits.oversize === 'fail' && Number(incoming.headers['content-length']) > max) return this.fail(tooLarge(max));
    const chunks: Buffer[] = [];
    let size = 0;
    source.on('data', (c: Buffer) => {
      if (this.settled) return;
      if (size + c.length <= max) {
        chunks.push(c);
        size += c.length;
        return;
      }
      if (limits.oversize === 'fail') return this.fail(tooLarge(max));
      // Keep what fits and stop reading: the rest (maybe endless) is not waited for.
      chunks.push(c.subarray(0, max - size));
      this.succeed(this.answer(incoming, status, utf8Prefix(Buffer.concat(chunks))));
      this.decoder?.destroy();
      incoming.destroy();
    });
    source.on('end', () => {
      if (this.settled) return;
      this.succeed(this.answer(incoming, status, chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    });
  }

  private answer(incoming: http.IncomingMessage, status: number, body: string): HttpAnswer {
    return { status, headers: incoming.headers, body, url: this.endpoint === this.first ? this.request.url : this.endpoint.href };
  }
}
