/**
 * The HTTP client against real servers on loopback: round trips, deadlines, size caps, decoding,
 * redirects, the private-address guard and errors that keep a URL's secrets out of their messages.
 */
import { inspect } from 'node:util';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest, NetError, type HttpLimits } from '../../src/net/http-client.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  /** http://host:port, no trailing slash. */
  url: string;
  port: number;
  seen: Seen[];
  /** Connections accepted. */
  connections: number;
  /** Resolves when a connection closes (at most 2 s later: rejects). */
  nextClose(): Promise<void>;
  respond: (req: Seen, res: http.ServerResponse) => void;
}

const servers: http.Server[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  for (const t of timers.splice(0)) clearTimeout(t);
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
});

/** A server on 127.0.0.1 (or another loopback address), port 0, closed after the test. */
async function serve(
  respond: TestServer['respond'] = (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
  host = '127.0.0.1',
): Promise<TestServer> {
  const closes: (() => void)[] = [];
  const ts: TestServer = {
    url: '',
    port: 0,
    seen: [],
    connections: 0,
    respond,
    nextClose: () => within(new Promise<void>((r) => closes.push(r)), 2000, 'no connection closed'),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      ts.seen.push(seen);
      ts.respond(seen, res);
    });
  });
  server.on('connection', (socket: Socket) => {
    ts.connections++;
    socket.on('close', () => closes.splice(0).forEach((r) => r()));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  ts.port = (server.address() as AddressInfo).port;
  ts.url = `http://${host}:${ts.port}`;
  return ts;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_r, reject) => (t = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(t),
  );
}

function later(ms: number, fn: () => void): void {
  timers.push(setTimeout(fn, ms));
}

const limits = (over: Partial<HttpLimits> = {}): HttpLimits => ({
  timeoutMs: 5000,
  maxBodyBytes: 1 << 20,
  oversize: 'fail',
  maxRedirects: 5,
  decompress: true,
  allowPrivate: true,
  ...over,
});

/** The NetError a request fails with (the test fails if it succeeds or fails otherwise). */
async function failure(p: Promise<unknown>): Promise<NetError> {
  const outcome = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.v).slice(0, 200)}`);
  expect(outcome.e).toBeInstanceOf(NetError);
  return outcome.e as NetError;
}

const secret = '/hook/s3cr3t-token-123?key=s3cr3t-key-456';

describe('round trips', () => {
  it('GET: sends the headers, reads status, headers and body', async () => {
    const s = await serve((_q, res) => res.writeHead(200, { 'content-type': 'text/calendar', etag: '"v1"' }).end('BEGIN:VCALENDAR'));
    const a = await httpRequest({ method: 'GET', url: `${s.url}/cal.ics?x=1`, headers: { accept: 'text/calendar', 'if-none-match': '"v0"' } }, limits());
    expect(a).toMatchObject({ status: 200, body: 'BEGIN:VCALENDAR', url: `${s.url}/cal.ics?x=1` });
    expect(a.headers.etag).toBe('"v1"');
    const got = s.seen[0]!;
    expect(got).toMatchObject({ method: 'GET', url: '/cal.ics?x=1', body: '' });
    expect(got.headers).toMatchObject({ accept: 'text/calendar', 'if-none-match': '"v0"', 'user-agent': 'herald', 'accept-encoding': 'gzip, deflate, br' });
  });

  it('POST: sends the body with its length, a caller header wins over the default user agent', async () => {
    const s = await serve((q, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: q.body })));
    const body = JSON.stringify({ text: 'Ünïcode ✓' });
    const a = await httpRequest(
      { method: 'POST', url: `${s.url}/hook`, headers: { 'content-type': 'application/json', 'User-Agent': 'herald-test' }, body },
      limits({ decompress: false }),
    );
    expect(a.status).toBe(201);
    expect(JSON.parse(a.body)).toEqual({ echo: body });
    const got = s.seen[0]!;
    expect(got.method).toBe('POST');
    expect(got.body).toBe(body);
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toBe('herald-test');
    expect(got.headers['accept-encoding']).toBeUndefined();
  });

  it('PUT, PROPFIND and REPORT go out as such; a 304 is an answer', async () => {
    const s = await serve((q, res) => (q.method === 'PUT' ? res.writeHead(304).end() : res.writeHead(207).end(`<multistatus>${q.method}</multistatus>`)));
    expect(await httpRequest({ method: 'PUT', url: `${s.url}/e.ics`, body: 'X' }, limits())).toMatchObject({ status: 304, body: '' });
    expect(await httpRequest({ method: 'PROPFIND', url: `${s.url}/dav/`, headers: { depth: '0' }, body: '<propfind/>' }, limits())).toMatchObject({
      status: 207,
      body: '<multistatus>PROPFIND</multistatus>',
    });
    expect(await httpRequest({ method: 'REPORT', url: `${s.url}/dav/`, body: '<calendar-query/>' }, limits())).toMatchObject({ status: 207 });
    expect(s.seen.map((r) => [r.method, r.body])).toEqual([
      ['PUT', 'X'],
      ['PROPFIND', '<propfind/>'],
      ['REPORT', '<calendar-query/>'],
    ]);
    expect(s.seen[1]!.headers.depth).toBe('0');
  });

  it('keeps the connection alive between requests', async () => {
    const s = await serve();
    for (let i = 0; i < 3; i++) await httpRequest({ method: 'POST', url: `${s.url}/hook`, body: '{}' }, limits());
    expect(s.seen).toHaveLength(3);
    expect(s.connections).toBe(1);
  });

  it("a URL's credentials go as Basic auth; path and query are kept", async () => {
    const s = await serve();
    const url = `${s.url.replace('http://', 'http://bot:s%40cret@')}/hook?token=abc`;
    await httpRequest({ method: 'POST', url, body: '{}' }, limits());
    expect(s.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('bot:s@cret').toString('base64')}`);
    expect(s.seen[0]!.url).toBe('/hook?token=abc');
  });
});

describe('deadline and abort', () => {
  it('a server that trickles its answer is cut off at the deadline, as retryable', async () => {
    const s = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // One byte every 50 ms for ten seconds: never idle long enough for an idle timeout.
      for (let i = 1; i <= 200; i++) later(i * 50, () => res.write('.'));
    });
    const started = Date.now();
    const err = await failure(httpRequest({ method: 'POST', url: `${s.url}${secret}`, body: '{}' }, limits({ timeoutMs: 400 })));
    expect(err.message).toBe('http: no complete answer within 400 ms');
    expect(err.code).toBe('timeout');
    expect(err.retry).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a server that says nothing: "no answer within"', async () => {
    const s = await serve(() => {});
    const started = Date.now();
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}${secret}` }, limits({ timeoutMs: 300 })));
    expect(err.message).toBe('http: no answer within 300 ms');
    expect(err.code).toBe('timeout');
    expect(err.retry).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    await s.nextClose(); // the connection was given up
  });

  it('the deadline covers every redirect hop', async () => {
    // Each hop answers after 150 ms: each alone is within 400 ms, the chain is not.
    const s = await serve((q, res) => later(150, () => res.writeHead(302, { location: `/hop${q.url.length}` }).end()));
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}/x` }, limits({ timeoutMs: 400, maxRedirects: 10 })));
    expect(err.message).toBe('http: no answer within 400 ms');
    expect(s.seen.length).toBeGreaterThanOrEqual(2);
    expect(s.seen.length).toBeLessThanOrEqual(4);
  });

  it('aborting rejects promptly and closes the connection', async () => {
    const s = await serve(() => {});
    const ac = new AbortController();
    later(100, () => ac.abort());
    const started = Date.now();
    const closed = s.nextClose();
    const err = await failure(httpRequest({ method: 'POST', url: `${s.url}/hook`, body: '{}' }, limits({ signal: ac.signal })));
    expect(err.message).toBe('http: request aborted');
    expect(err.retry).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    await closed;
  });

  it('an already aborted signal sends nothing', async () => {
    const s = await serve();
    const ac = new AbortController();
    ac.abort();
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}/` }, limits({ signal: ac.signal })));
    expect(err.message).toBe('http: request aborted');
    expect(s.connections).toBe(0);
  });
});

describe('answer size', () => {
  it("'fail': a bigger body is an error, with or without a Content-Length", async () => {
    const s = await serve((q, res) => {
      if (q.url.startsWith('/sized')) return res.writeHead(200).end('X'.repeat(5000));
      res.writeHead(200);
      for (let i = 0; i < 5; i++) res.write('Y'.repeat(1000));
      res.end();
    });
    for (const path of ['/sized', '/chunked']) {
      const err = await failure(httpRequest({ method: 'GET', url: `${s.url}${path}${secret}` }, limits({ maxBodyBytes: 1000 })));
      expect(err.message).toBe('http: answer larger than 1000 bytes');
      expect(err.code).toBe('oversize');
      expect(err.retry).toBe(false);
    }
    // Exactly at the limit is fine.
    expect((await httpRequest({ method: 'GET', url: `${s.url}/chunked` }, limits({ maxBodyBytes: 5000 }))).body).toBe('Y'.repeat(5000));
  });

  it("'truncate': the first bytes and the status are kept, and an endless body is not waited for", async () => {
    const s = await serve((q, res) => {
      if (q.url === '/big') return res.writeHead(500, { 'content-type': 'text/plain' }).end(`${'a'.repeat(999)}é and more`);
      res.writeHead(200);
      const pump = (): void => {
        if (!res.destroyed) res.write('Z'.repeat(1000), () => later(5, pump));
      };
      pump();
    });
    const a = await httpRequest({ method: 'POST', url: `${s.url}/big`, body: '{}' }, limits({ maxBodyBytes: 1000, oversize: 'truncate' }));
    expect(a.status).toBe(500);
    // 'é' is two bytes, the second past the limit: dropped whole rather than turned into U+FFFD.
    expect(a.body).toBe('a'.repeat(999));
    const started = Date.now();
    const endless = await httpRequest(
      { method: 'POST', url: `${s.url}/endless`, body: '{}' },
      limits({ maxBodyBytes: 2500, oversize: 'truncate', timeoutMs: 10_000 }),
    );
    expect(endless).toMatchObject({ status: 200, body: 'Z'.repeat(2500) });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('content encoding', () => {
  const text = `BEGIN:VCALENDAR\r\n${'SUMMARY:Ünïcode\r\n'.repeat(50)}END:VCALENDAR\r\n`;

  it('decodes gzip, deflate and br', async () => {
    const s = await serve((q, res) => {
      const enc = q.url.slice(1);
      const data = enc === 'gzip' ? gzipSync(text) : enc === 'deflate' ? deflateSync(text) : brotliCompressSync(text);
      res.writeHead(200, { 'content-encoding': enc }).end(data);
    });
    for (const enc of ['gzip', 'deflate', 'br']) {
      expect((await httpRequest({ method: 'GET', url: `${s.url}/${enc}` }, limits())).body).toBe(text);
    }
  });

  it('decompress: false asks for nothing and decodes nothing', async () => {
    const s = await serve((_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('hello')));
    const a = await httpRequest({ method: 'GET', url: `${s.url}/` }, limits({ decompress: false }));
    expect(Buffer.from(a.body, 'latin1').length).toBeGreaterThan(0);
    expect(a.body).not.toBe('hello');
    expect(s.seen[0]!.headers['accept-encoding']).toBeUndefined();
  });

  it('the size limit counts decoded bytes: a decompression bomb fails fast, without decompressing everything', async () => {
    // 2,000 gzip members of 10 MB of zeros each: 20 MB on the wire, 20 GB decoded. Decoding it
    // all would take many seconds; the server would also get to write all of it.
    const member = gzipSync(Buffer.alloc(10 << 20));
    expect(member.length).toBeLessThan(20_000);
    const members = 2000;
    let written = 0;
    const s = await serve((_q, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      const pump = (): void => {
        while (written < members && !res.destroyed) {
          written++;
          if (!res.write(member)) return void res.once('drain', pump);
        }
        if (written === members) res.end();
      };
      pump();
    });
    const started = Date.now();
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}${secret}` }, limits({ maxBodyBytes: 1 << 20, timeoutMs: 20_000 })));
    expect(err.message).toBe(`http: answer larger than ${1 << 20} bytes`);
    expect(err.code).toBe('oversize');
    expect(err.retry).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(written).toBeLessThan(members);
  });

  it('a body that does not decode is an error, not garbage', async () => {
    const s = await serve((_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'));
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}/` }, limits()));
    expect(err.message).toMatch(/^http: answer could not be decoded \(gzip\): /);
  });
});

describe('redirects', () => {
  it('follows a chain of relative and absolute Locations, and says where the answer came from', async () => {
    const s = await serve((q, res) => {
      if (q.url.startsWith('/cal/start')) return res.writeHead(301, { location: 'moved/one.ics' }).end('moved');
      if (q.url === '/cal/moved/one.ics') return res.writeHead(302, { location: '/two.ics?k=1' }).end();
      if (q.url === '/two.ics?k=1') return res.writeHead(307, { location: `${s.url}/final.ics` }).end();
      if (q.url === '/final.ics') return res.writeHead(200).end('final');
      res.writeHead(404).end();
    });
    const a = await httpRequest({ method: 'GET', url: `${s.url}/cal/start?x=1` }, limits());
    expect(a).toMatchObject({ status: 200, body: 'final', url: `${s.url}/final.ics` });
    expect(s.seen.map((r) => r.url)).toEqual(['/cal/start?x=1', '/cal/moved/one.ics', '/two.ics?k=1', '/final.ics']);
    // The redirects' bodies were read off: one connection served the chain.
    expect(s.connections).toBe(1);
  });

  it('303 makes a GET without body; 302 turns a POST into a GET; 307 and 308 keep method and body', async () => {
    const s = await serve((q, res) => {
      const m = /^\/(\d{3})$/.exec(q.url);
      if (m) return res.writeHead(Number(m[1]), { location: '/done' }).end();
      res.writeHead(200).end(`${q.method} ${q.body}`);
    });
    const post = (code: number) =>
      httpRequest({ method: 'POST', url: `${s.url}/${code}`, headers: { 'content-type': 'application/json' }, body: '{"a":1}' }, limits());
    expect((await post(303)).body).toBe('GET ');
    const after303 = s.seen[1]!;
    expect(after303.headers['content-type']).toBeUndefined();
    expect(after303.headers['content-length']).toBeUndefined();
    expect((await post(302)).body).toBe('GET ');
    expect((await post(301)).body).toBe('GET ');
    expect((await post(307)).body).toBe('POST {"a":1}');
    expect(s.seen[7]!.headers['content-type']).toBe('application/json');
    expect((await post(308)).body).toBe('POST {"a":1}');
  });

  it('301 keeps a PROPFIND a PROPFIND (CalDAV /.well-known redirects); 303 makes it a GET', async () => {
    const s = await serve((q, res) => {
      if (q.url === '/.well-known/caldav') return res.writeHead(301, { location: '/dav/' }).end();
      if (q.url === '/see-other') return res.writeHead(303, { location: '/dav/' }).end();
      res.writeHead(207).end(`${q.method} ${q.body}`);
    });
    expect((await httpRequest({ method: 'PROPFIND', url: `${s.url}/.well-known/caldav`, body: '<propfind/>' }, limits())).body).toBe('PROPFIND <propfind/>');
    expect((await httpRequest({ method: 'PROPFIND', url: `${s.url}/see-other`, body: '<propfind/>' }, limits())).body).toBe('GET ');
  });

  it('a redirect to another origin drops the Authorization header and the URL credentials, for good', async () => {
    const other = await serve((q, res) => (q.url === '/bounce' ? res.writeHead(302, { location: `${home.url}/back` }).end() : res.writeHead(200).end('other')));
    const home = await serve((q, res) => {
      if (q.url === '/start') return res.writeHead(307, { location: `${other.url}/bounce` }).end();
      if (q.url === '/same') return res.writeHead(302, { location: '/back' }).end();
      res.writeHead(200).end('home');
    });
    const withCreds = home.url.replace('http://', 'http://bot:pw@');
    // Same origin: the credentials go on.
    await httpRequest({ method: 'GET', url: `${withCreds}/same`, headers: { authorization: 'Bearer t0k' } }, limits());
    expect(home.seen.map((r) => r.headers.authorization)).toEqual(['Bearer t0k', 'Bearer t0k']);
    await httpRequest({ method: 'GET', url: `${withCreds}/same` }, limits());
    const basic = `Basic ${Buffer.from('bot:pw').toString('base64')}`;
    expect(home.seen.slice(2).map((r) => r.headers.authorization)).toEqual([basic, basic]);
    // Another origin (another port): dropped, also when the chain comes back home.
    home.seen.length = 0;
    const a = await httpRequest(
      { method: 'POST', url: `${withCreds}/start`, headers: { Authorization: 'Bearer t0k', cookie: 'sid=1', 'x-keep': 'yes' }, body: '{}' },
      limits(),
    );
    expect(a.url).toBe(`${home.url}/back`);
    expect(home.seen[0]!.headers.authorization).toBe('Bearer t0k');
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    expect(other.seen[0]!.headers.cookie).toBeUndefined();
    expect(other.seen[0]!.headers['x-keep']).toBe('yes');
    expect(other.seen[0]!.body).toBe('{}'); // 307 keeps the body
    expect(home.seen[1]!.url).toBe('/back');
    expect(home.seen[1]!.headers.authorization).toBeUndefined();
    // URL credentials alone: dropped likewise.
    home.seen.length = 0;
    other.seen.length = 0;
    await httpRequest({ method: 'GET', url: `${withCreds}/start` }, limits());
    expect(home.seen[0]!.headers.authorization).toBe(basic);
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    expect(home.seen[1]!.headers.authorization).toBeUndefined();
  });

  it('more redirects than the limit is an error naming the limit; 0 makes a 3xx the answer', async () => {
    const s = await serve((q, res) => res.writeHead(302, { location: q.url }).end()); // a loop
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}${secret}` }, limits()));
    expect(err.message).toBe('http: more than 5 redirects');
    expect(err.retry).toBe(false);
    expect(s.seen).toHaveLength(6);
    expect((await failure(httpRequest({ method: 'GET', url: `${s.url}/` }, limits({ maxRedirects: 2 })))).message).toBe('http: more than 2 redirects');
    const a = await httpRequest({ method: 'GET', url: `${s.url}/x` }, limits({ maxRedirects: 0 }));
    expect(a.status).toBe(302);
    expect(a.headers.location).toBe('/x');
  });

  it('a redirect without a Location, or to another scheme, is an error', async () => {
    const s = await serve((q, res) => (q.url === '/ftp' ? res.writeHead(301, { location: 'ftp://example.com/s3cr3t' }).end() : res.writeHead(302).end()));
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}${secret}` }, limits()));
    expect(err.message).toBe('http: redirect 302 without a Location');
    expect(err.retry).toBe(false);
    expect((await failure(httpRequest({ method: 'GET', url: `${s.url}/ftp` }, limits()))).message).toBe('http: unsupported scheme ftp:');
  });
});

describe('private addresses', () => {
  const guarded = (over: Partial<HttpLimits> = {}) => limits({ allowPrivate: false, ...over });

  it('refuses a loopback IP literal before connecting, unless allowed', async () => {
    const s = await serve();
    const err = await failure(httpRequest({ method: 'POST', url: `${s.url}${secret}`, body: '{}' }, guarded()));
    expect(err.message).toBe('http: 127.0.0.1 is a private or loopback address (allow it with --allow-private)');
    expect(err.retry).toBe(false);
    expect(s.connections).toBe(0);
    expect((await httpRequest({ method: 'POST', url: `${s.url}/hook`, body: '{}' }, limits())).status).toBe(200);
  });

  it('refuses loopback written as an IPv4-mapped IPv6 literal', async () => {
    const s = await serve();
    const err = await failure(httpRequest({ method: 'GET', url: `http://[::ffff:127.0.0.1]:${s.port}${secret}` }, guarded()));
    expect(err.message).toMatch(/^http: ::ffff:7f00:1 is a private or loopback address/);
    expect(err.retry).toBe(false);
    expect(s.connections).toBe(0);
  });

  it('checks a host name on the addresses DNS returns, at connect time', async () => {
    const s = await serve();
    const err = await failure(httpRequest({ method: 'GET', url: `http://localhost:${s.port}${secret}` }, guarded()));
    expect(err.message).toMatch(/^http: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address \(allow it with --allow-private\)$/);
    expect(err.retry).toBe(false);
    expect(s.connections).toBe(0);
  });

  it('a connection opened with private addresses allowed is not reused for a request that forbids them', async () => {
    const s = await serve();
    expect((await httpRequest({ method: 'GET', url: `http://localhost:${s.port}/` }, limits())).status).toBe(200);
    const err = await failure(httpRequest({ method: 'GET', url: `http://localhost:${s.port}/` }, guarded()));
    expect(err.message).toMatch(/localhost resolves to/);
    expect(s.seen).toHaveLength(1);
  });

  it('checks every redirect hop again: an IP literal at the second hop', async () => {
    // 127.0.0.2 reaches loopback on Linux too; a server there proves the refusal is the guard's.
    const inside = await serve(undefined, '127.0.0.2');
    const outside = await serve((_q, res) => res.writeHead(302, { location: `${inside.url}${secret}` }).end());
    const onlyOutside = (ip: string) => ip !== '127.0.0.1';
    const err = await failure(httpRequest({ method: 'GET', url: `${outside.url}/start` }, guarded({ isForbiddenAddress: onlyOutside })));
    expect(err.message).toBe('http: 127.0.0.2 is a private or loopback address (allow it with --allow-private)');
    expect(err.retry).toBe(false);
    expect(outside.seen).toHaveLength(1);
    expect(inside.connections).toBe(0);
    // Without the guard the same chain gets through.
    expect((await httpRequest({ method: 'GET', url: `${outside.url}/start` }, limits())).body).toBe('ok');
  });

  it('checks every redirect hop again: a host name at the second hop, in its lookup', async () => {
    const inside = await serve();
    const outside = await serve((_q, res) => res.writeHead(307, { location: `http://localhost:${inside.port}${secret}` }).end(), '127.0.0.2');
    const onlyOutside = (ip: string) => ip !== '127.0.0.2';
    const err = await failure(httpRequest({ method: 'POST', url: `${outside.url}/start`, body: '{}' }, guarded({ isForbiddenAddress: onlyOutside })));
    expect(err.message).toMatch(/^http: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address/);
    expect(err.retry).toBe(false);
    expect(outside.seen).toHaveLength(1);
    expect(inside.connections).toBe(0);
  });

  it("no error message holds the URL's path, query or credentials", async () => {
    const s = await serve((q, res) => {
      if (q.url.startsWith('/loop')) return res.writeHead(302, { location: q.url }).end();
      if (q.url.startsWith('/big')) return res.writeHead(200).end('X'.repeat(100));
      // silent otherwise
    });
    const creds = s.url.replace('http://', 'http://user:s3cr3t-pass@');
    const errors = await Promise.all([
      failure(httpRequest({ method: 'GET', url: `${creds}${secret}` }, guarded())),
      failure(httpRequest({ method: 'GET', url: `http://user:s3cr3t-pass@localhost:${s.port}${secret}` }, guarded())),
      failure(httpRequest({ method: 'GET', url: `${creds}/loop${secret}` }, limits())),
      failure(httpRequest({ method: 'GET', url: `${creds}/big${secret}` }, limits({ maxBodyBytes: 10 }))),
      failure(httpRequest({ method: 'GET', url: `${creds}/silent${secret}` }, limits({ timeoutMs: 200 }))),
      failure(httpRequest({ method: 'GET', url: `ftp://user:s3cr3t-pass@example.com${secret}` }, limits())),
      failure(httpRequest({ method: 'GET', url: `http://[not a url${secret}` }, limits())),
    ]);
    for (const e of errors) {
      expect(e.message).not.toMatch(/s3cr3t/);
      expect(inspect((e as { cause?: unknown }).cause)).not.toMatch(/s3cr3t/);
    }
    expect(errors.map((e) => e.retry)).toEqual([false, false, false, false, true, false, false]);
    expect(errors.map((e) => e.code)).toEqual(['forbidden-address', 'forbidden-address', 'redirects', 'oversize', 'timeout', 'bad-url', 'bad-url']);
  });
});

describe('error codes', () => {
  it("an oversize answer is 'oversize', not retried, named NetError", async () => {
    const s = await serve((_q, res) => res.writeHead(200).end('X'.repeat(2000)));
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}/big` }, limits({ maxBodyBytes: 100 })));
    expect(err).toMatchObject({ code: 'oversize', retry: false, name: 'NetError', stage: 'http' });
    // 'truncate' is no error at all.
    expect((await httpRequest({ method: 'GET', url: `${s.url}/big` }, limits({ maxBodyBytes: 100, oversize: 'truncate' }))).body).toBe('X'.repeat(100));
  });

  it("a deadline passed is 'timeout', retried, before and after the answer's head", async () => {
    const s = await serve((q, res) => {
      if (q.url === '/head') res.writeHead(200).write('.'); // a head and one byte, then nothing
    });
    for (const path of ['/silent', '/head']) {
      const err = await failure(httpRequest({ method: 'GET', url: `${s.url}${path}` }, limits({ timeoutMs: 200 })));
      expect(err).toMatchObject({ code: 'timeout', retry: true, name: 'NetError' });
    }
  });

  it('the other codes: aborted, connection, bad-request, decoding, redirects', async () => {
    const s = await serve((q, res) => {
      if (q.url === '/zip') return res.writeHead(200, { 'content-encoding': 'zip' }).end('x');
      if (q.url === '/gone') return res.writeHead(302).end();
      if (q.url === '/cut') return res.writeHead(200, { 'content-length': '100' }).write('partial', () => later(20, () => res.socket?.destroy()));
      // silent otherwise
    });
    const ac = new AbortController();
    later(50, () => ac.abort());
    const codes = await Promise.all([
      failure(httpRequest({ method: 'GET', url: `${s.url}/silent` }, limits({ signal: ac.signal }))),
      failure(httpRequest({ method: 'GET', url: `${s.url}/cut` }, limits())),
      failure(httpRequest({ method: 'GET', url: `${s.url}/`, headers: { x: 'a\r\nb: 1' } }, limits())),
      failure(httpRequest({ method: 'GET', url: `${s.url}/zip` }, limits())),
      failure(httpRequest({ method: 'GET', url: `${s.url}/gone` }, limits())),
    ]).then((errs) => errs.map((e) => [e.code, e.retry]));
    expect(codes).toEqual([
      ['aborted', true],
      ['connection', true],
      ['bad-request', false],
      ['decoding', false],
      ['redirects', false],
    ]);
  });
});

describe('connection failures', () => {
  it('a refused connection is worth retrying', async () => {
    const s = await serve();
    const port = s.port;
    const server = servers.pop()!;
    await new Promise<void>((r) => server.close(() => r()));
    const err = await failure(httpRequest({ method: 'POST', url: `http://127.0.0.1:${port}${secret}`, body: '{}' }, limits()));
    expect(err.message).toMatch(/^http: ECONNREFUSED: /);
    expect(err.message).not.toMatch(/s3cr3t/);
    expect(err.retry).toBe(true);
  });

  it('a server that closes the connection mid-answer is worth retrying', async () => {
    const s = await serve((_q, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      later(20, () => res.socket?.destroy());
    });
    const err = await failure(httpRequest({ method: 'GET', url: `${s.url}/` }, limits()));
    expect(err.retry).toBe(true);
    expect(err.message).toMatch(/^http: answer broken off: /);
  });

  it('a newline in a header cannot be built: refused at once, never retried', async () => {
    const s = await serve();
    const err = await failure(httpRequest({ method: 'POST', url: `${s.url}/topic`, headers: { tags: 'warning\r\nX-Injected: 1' }, body: 'hi' }, limits()));
    expect(err.message).toMatch(/^http: cannot build the request: /);
    expect(err.retry).toBe(false);
    expect(s.connections).toBe(0);
  });

  it('a bad URL and another scheme are refused, not retried', async () => {
    const bad = await failure(httpRequest({ method: 'GET', url: 'not a url' }, limits()));
    expect(bad.message).toBe('http: not a URL: ***');
    expect(bad.retry).toBe(false);
    const ftp = await failure(httpRequest({ method: 'GET', url: 'ftp://example.com/x' }, limits()));
    expect(ftp.message).toBe('http: unsupported scheme ftp:');
    expect(ftp.retry).toBe(false);
  });
});
