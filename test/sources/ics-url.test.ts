import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fetchIcsUrl, normaliseFeedUrl, pollIntervalSeconds } from '../../src/sources/ics-url.ts';
import { startSink } from '../helpers/sink.ts';

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
    const first = await fetchIcsUrl(`${sink.url}/cal.ics`, null);
    expect(first).toEqual({ status: 'changed', body, etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 08:00:00 GMT' });
    expect(await fetchIcsUrl(`${sink.url}/cal.ics`, { etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 08:00:00 GMT' })).toEqual({ status: 'unchanged' });
    expect(sink.requests[1]!.headers['if-modified-since']).toBe('Tue, 24 Nov 2026 08:00:00 GMT');
  });

  it('decodes gzip and follows redirects up to the limit', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      const hop = Number(/hop(\d+)/.exec(req.url)?.[1] ?? 0);
      if (hop < 3) return res.writeHead(302, { location: `/hop${hop + 1}` }).end();
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
    };
    expect(await fetchIcsUrl(`${sink.url}/hop0`, null)).toMatchObject({ status: 'changed', body });
    await expect(fetchIcsUrl(`${sink.url}/hop0`, null, { maxRedirects: 2 })).rejects.toThrow(/more than 2 redirects/);
  });

  it('refuses a calendar over the size limit, and a server that does not answer', async () => {
    const sink = await feed();
    sink.respond = (req, res) => {
      if (req.url.includes('big')) return res.writeHead(200).end('X'.repeat(5000));
      // never answers
    };
    await expect(fetchIcsUrl(`${sink.url}/big.ics`, null, { maxBytes: 1000 })).rejects.toThrow(/larger than 1000 bytes/);
    await expect(fetchIcsUrl(`${sink.url}/slow.ics`, null, { timeoutMs: 200 })).rejects.toThrow(/no answer within 200 ms/);
  });

  it('names the HTTP status, never the URL\'s secret parts', async () => {
    const sink = await feed();
    sink.respond = (req, res) => res.writeHead(req.url.includes('private') ? 401 : 500).end('nope');
    const secretUrl = `${sink.url}/cal/SECRETTOKEN123.ics?key=SECRET456`;
    const err = (await fetchIcsUrl(secretUrl, null).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^sources: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: HTTP 500$/);
    expect(err.message).not.toMatch(/SECRET/);
    await expect(fetchIcsUrl(`${sink.url}/private.ics`, null)).rejects.toThrow(/HTTP 401 \(check the username and password\)/);
    await expect(fetchIcsUrl('http://127.0.0.1:9/closed.ics', null)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends basic auth when given', async () => {
    const sink = await feed();
    sink.respond = (_req, res) => res.writeHead(200).end(body);
    await fetchIcsUrl(`${sink.url}/cal.ics`, null, { username: 'alice', password: 'pw' });
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
});
