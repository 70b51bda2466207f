import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fetchIcsUrl, normaliseFeedUrl, pollIntervalSeconds } from '../../src/sources/ics-url.ts';
import { startSink } from '../helpers/sink.ts';

/** The test feeds are on 127.0.0.1: allowed here as a calendar's --allow-private does. */
const local = { allowPrivate: true };

const body = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

async function feed() {
  const sink = await startSink();
  return sink;
}

describe('fetching an ICS URL', () => {
  it('answers "unchanged" to a 304 on If-None-Match, and sends Last-Modified back', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Tue, 24 Nov 2026 08:00:00 GMT', 'content-type': 'text/calendar' }).end(body);
    };
    const first = await fetchIcsUrl(`${sink.url}/cal.ics`, null, local);
    expect(first).toEqual({ status: 'changed', body, etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 08:00:00 GMT' });
    expect(await fetchIcsUrl(`${sink.url}/cal.ics`, { etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 08:00:00 GMT' }, local)).toEqual({ status: 'unchanged' });
    expect(sink.requests[1]!.headers['if-modified-since']).toBe('Tue, 24 Nov 2026 08:00:00 GMT');
  });

  it('decodes gzip and follows redirects up to the limit', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      const hop = Number(/hop(\d+)/.exec(req.url)?.[1] ?? 0);
      if (hop < 3) return res.writeHead(302, { location: `/hop${hop + 1}` }).end();
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
    };
    expect(await fetchIcsUrl(`${sink.url}/hop0`, null, local)).toMatchObject({ status: 'changed', body });
    await expect(fetchIcsUrl(`${sink.url}/hop0`, null, { ...local, maxRedirects: 2 })).rejects.toThrow(/more than 2 redirects/);
  });

  it('refuses a calendar over the size limit, and a server that does not answer', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      if (req.url.includes('big')) return res.writeHead(200).end('X'.repeat(5000));
      // never answers
    };
    await expect(fetchIcsUrl(`${sink.url}/big.ics`, null, { ...local, maxBytes: 1000 })).rejects.toThrow(/larger than 1000 bytes/);
    await expect(fetchIcsUrl(`${sink.url}/slow.ics`, null, { ...local, timeoutMs: 200 })).rejects.toThrow(/no answer within 200 ms/);
  });

  it("names the HTTP status, never the URL's secret parts", async () => {
    const sink = await feed();
    sink.respond = (req, res) => res.writeHead(req.url.includes('private') ? 401 : 500).end('nope');
    const secretUrl = `${sink.url}/cal/SECRETTOKEN123.ics?key=SECRET456`;
    const err = (await fetchIcsUrl(secretUrl, null, local).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^sources: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: HTTP 500$/);
    expect(err.message).not.toMatch(/SECRET/);
    await expect(fetchIcsUrl(`${sink.url}/private.ics`, null, local)).rejects.toThrow(/HTTP 401 \(check the username and password\)/);
    await expect(fetchIcsUrl('http://127.0.0.1:9/closed.ics', null, local)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends basic auth when given', async () => {
    const sink = await feed();
    sink.respond = (_req, res) => res.writeHead(200).end(body);
    await fetchIcsUrl(`${sink.url}/cal.ics`, null, { ...local, username: 'alice', password: 'pw' });
    expect(sink.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('alice:pw').toString('base64')}`);
  });

  it('reads webcal:// as https:// and bounds polling intervals', () => {
    expect(normaliseFeedUrl('webcal://example.com/a.ics').toString()).toBe('https://example.com/a.ics');
    expect(pollIntervalSeconds(60, null)).toBe(300);
    expect(pollIntervalSeconds(3600, null)).toBe(3600);
    expect(pollIntervalSeconds(3600, 600)).toBe(600);
    expect(pollIntervalSeconds(null, null)).toBe(900);
    expect(pollIntervalSeconds(30 * 86400, null)).toBe(86400);
  });

  it('sends If-Modified-Since alone when the feed gave only Last-Modified, and reads the 304', async () => {
    const sink = await feed();
    const stamp = 'Mon, 23 Nov 2026 10:00:00 GMT';
    sink.respond = (req, res) =>
      req.headers['if-modified-since'] === stamp ? res.writeHead(304).end() : res.writeHead(200, { 'last-modified': stamp }).end(body);
    expect(await fetchIcsUrl(`${sink.url}/a.ics`, null, local)).toEqual({ status: 'changed', body, etag: null, lastModified: stamp });
    expect(await fetchIcsUrl(`${sink.url}/a.ics`, { lastModified: stamp }, local)).toEqual({ status: 'unchanged' });
    expect(sink.requests[1]!.headers['if-none-match']).toBeUndefined();
    expect(sink.requests.map((r) => r.headers['if-modified-since'] ?? null)).toEqual([null, stamp]);
  });

  it('decodes deflate and brotli too', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      if (req.url.endsWith('deflate')) return res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(body));
      res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(body));
    };
    expect(await fetchIcsUrl(`${sink.url}/deflate`, null, local)).toMatchObject({ status: 'changed', body });
    expect(await fetchIcsUrl(`${sink.url}/br`, null, local)).toMatchObject({ status: 'changed', body });
  });

  it('caps the decompressed size (a small gzip that inflates past the limit), and a chunked body without length', async () => {
    const sink = await feed();
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x41));
    expect(bomb.length).toBeLessThan(10_000);
    sink.respond = (req, res) => {
      if (req.url.includes('bomb')) return res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 20; i++) res.write('Y'.repeat(1000));
      res.end();
    };
    await expect(fetchIcsUrl(`${sink.url}/bomb.ics`, null, { ...local, maxBytes: 100_000 })).rejects.toThrow(
      /^sources: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: calendar is larger than 100000 bytes$/,
    );
    await expect(fetchIcsUrl(`${sink.url}/chunked.ics`, null, { ...local, maxBytes: 5000 })).rejects.toThrow(/calendar is larger than 5000 bytes/);
    expect(await fetchIcsUrl(`${sink.url}/chunked.ics`, null, { ...local, maxBytes: 20_000 })).toMatchObject({ status: 'changed', body: 'Y'.repeat(20_000) });
  });

  it('follows relative and absolute redirects; a loop is refused without naming the secret parts', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      if (req.url.startsWith('/cal/SECRETTOKEN123.ics')) return res.writeHead(301, { location: 'moved/one.ics' }).end();
      if (req.url === '/cal/moved/one.ics') return res.writeHead(307, { location: `${sink.url}/final.ics?key=SECRET456` }).end();
      if (req.url.startsWith('/final.ics')) return res.writeHead(200).end(body);
      res.writeHead(302, { location: req.url }).end(); // /loop → itself
    };
    expect(await fetchIcsUrl(`${sink.url}/cal/SECRETTOKEN123.ics?key=SECRET456`, null, local)).toMatchObject({ status: 'changed', body });
    expect(sink.requests.map((r) => r.url)).toEqual(['/cal/SECRETTOKEN123.ics?key=SECRET456', '/cal/moved/one.ics', '/final.ics?key=SECRET456']);
    const err = (await fetchIcsUrl(`${sink.url}/loop/SECRETTOKEN123?key=SECRET456`, null, local).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/more than 5 redirects$/);
    expect(err.message).not.toMatch(/SECRET/);
    expect(sink.requests.filter((r) => r.url.startsWith('/loop'))).toHaveLength(6);
    sink.respond = (_req, res) => res.writeHead(302).end();
    await expect(fetchIcsUrl(`${sink.url}/nowhere.ics`, null, local)).rejects.toThrow(/redirect 302 without a Location/);
  });

  it('a timeout names neither token nor key, also when the server stalls after its headers', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      if (req.url.includes('stall')) {
        res.writeHead(200);
        res.write('BEGIN:VCALENDAR\r\n'); // …and nothing more
      }
    };
    const silent = (await fetchIcsUrl(`${sink.url}/cal/SECRETTOKEN123.ics?key=SECRET456`, null, { ...local, timeoutMs: 300 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(silent.message).toMatch(/^sources: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: no answer within 300 ms$/);
    const stalled = (await fetchIcsUrl(`${sink.url}/stall/SECRETTOKEN123.ics?key=SECRET456`, null, { ...local, timeoutMs: 300 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(stalled).toBeInstanceOf(Error);
    expect(stalled.message).toMatch(/^sources: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: /);
    expect(stalled.message).toMatch(/300 ms/);
    for (const e of [silent, stalled]) expect(`${e.message} ${inspect((e as { cause?: unknown }).cause)}`).not.toMatch(/SECRET/);
  });

  it('webcal and webcals in any case become https; other schemes are refused', async () => {
    expect(normaliseFeedUrl('WEBCAL://calendar.example.com/u/a.ics?x=1').toString()).toBe('https://calendar.example.com/u/a.ics?x=1');
    expect(normaliseFeedUrl('webcals://example.com/b.ics').toString()).toBe('https://example.com/b.ics');
    expect(normaliseFeedUrl('http://example.com/c.ics').toString()).toBe('http://example.com/c.ics');
    await expect(fetchIcsUrl('ftp://example.com/SECRETTOKEN123.ics', null)).rejects.toThrow(/^sources: ftp:\/\/example\.com\/\*\*\*: unsupported scheme ftp:$/);
  });

  it('polling bounds can be set by the caller', () => {
    const bounds = { min: 60, max: 3600, fallback: 600 };
    expect(pollIntervalSeconds(10, null, bounds)).toBe(60);
    expect(pollIntervalSeconds(null, null, bounds)).toBe(600);
    expect(pollIntervalSeconds(86_400, null, bounds)).toBe(3600);
    expect(pollIntervalSeconds(120, 1800, bounds)).toBe(1800);
  });
});

describe('calendar URLs and private addresses', () => {
  it('refuses loopback, however it is written, before connecting: an open and a closed port look the same', async () => {
    const sink = await feed();
    const port = new URL(sink.url).port;
    const reasons: string[] = [];
    for (const url of [`http://127.0.0.1:${port}/cal.ics`, `http://2130706433:${port}/cal.ics`, 'http://127.0.0.1:9/cal.ics']) {
      const err = (await fetchIcsUrl(url, null).catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      reasons.push(err.message.replace(/^sources: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: /, ''));
    }
    expect(reasons[0]).toBe('127.0.0.1 is a private or loopback address (allow it with --allow-private)');
    // The decimal form is the same address; the closed port 9 answers exactly as the open one.
    expect(new Set(reasons).size).toBe(1);
    expect(sink.requests).toHaveLength(0);
  });

  it('checks every redirect hop: a feed that redirects to the metadata address is refused there', async () => {
    const sink = await feed();
    sink.respond = (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    // 127.0.0.1 allowed, every other private address forbidden (as a public feed would be).
    const err = (await fetchIcsUrl(`${sink.url}/cal.ics`, null, { isForbiddenAddress: (ip) => ip !== '127.0.0.1' }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/: 169\.254\.169\.254 is a private or loopback address \(allow it with --allow-private\)$/);
    expect(sink.requests).toHaveLength(1);
  });
});
