/**
 * A CalDAV server without sync-collection (a stand-in on 127.0.0.1 that answers PROPFIND and
 * calendar-multiget only): the ctag says whether anything changed, the ETags of a Depth 1 PROPFIND
 * say what, and only changed objects are fetched.
 */
import { describe, expect, it } from 'vitest';
import { syncCalDav, type CalDavState } from '../../src/sources/caldav/sync.ts';
import { startSink } from '../helpers/sink.ts';

const account = { username: 'ana', password: 'pw', allowPrivate: true };
const now = Date.parse('2026-12-07T08:00:00Z');
const ok = (props: string) => `<propstat><prop>${props}</prop><status>HTTP/1.1 200 OK</status></propstat>`;

async function server() {
  const sink = await startSink();
  const world = {
    ctag: '"1"',
    objects: new Map([
      ['/cal/a.ics', { etag: '"a1"', data: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }],
      ['/cal/b.ics', { etag: '"b1"', data: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }],
    ]),
  };
  sink.respond = (req, res) => {
    const depth = req.headers.depth;
    let body: string;
    if (req.method === 'PROPFIND' && depth === '0')
      body = `<response><href>/cal/</href>${ok(`<resourcetype><collection/><C:calendar/></resourcetype><CS:getctag>${world.ctag}</CS:getctag>`)}</response>`;
    else if (req.method === 'PROPFIND')
      body = [...world.objects].map(([href, o]) => `<response><href>${href}</href>${ok(`<getetag>${o.etag}</getetag>`)}</response>`).join('');
    else if (req.method === 'REPORT' && req.body.includes('sync-collection')) return res.writeHead(501).end();
    else {
      const hrefs = [...req.body.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]!);
      body = hrefs
        .map(
          (h) =>
            `<response><href>${h}</href>${ok(`<getetag>${world.objects.get(h)!.etag}</getetag><C:calendar-data>${world.objects.get(h)!.data}</C:calendar-data>`)}</response>`,
        )
        .join('');
    }
    res
      .writeHead(207, { 'content-type': 'application/xml' })
      .end(
        `<?xml version="1.0"?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/">${body}</multistatus>`,
      );
  };
  return { sink, world, url: `${sink.url}/cal/` };
}

describe('CalDAV without sync-collection', () => {
  it('uses the ctag, then the ETags, and fetches only what changed', async () => {
    const { sink, world, url } = await server();
    const first = await syncCalDav(account, url, { syncToken: null, ctag: null, etags: new Map() }, now);
    expect(first).toMatchObject({ kind: 'changes', removed: [], ctag: '"1"' });
    if (first.kind !== 'changes') throw new Error('unreachable');
    expect(first.upserts.map((o) => o.href).sort()).toEqual(['/cal/a.ics', '/cal/b.ics']);
    const state: CalDavState = {
      syncToken: null,
      ctag: '"1"',
      etags: new Map([
        ['/cal/a.ics', '"a1"'],
        ['/cal/b.ics', '"b1"'],
      ]),
    };

    // Unchanged: the ctag alone, one small request.
    const before = sink.requests.length;
    expect(await syncCalDav(account, url, state, now)).toMatchObject({ kind: 'unchanged' });
    expect(sink.requests.length - before).toBe(1);

    world.ctag = '"2"';
    world.objects.set('/cal/a.ics', { etag: '"a2"', data: 'BEGIN:VCALENDAR\r\nX-CHANGED:1\r\nEND:VCALENDAR\r\n' });
    world.objects.delete('/cal/b.ics');
    const mark = sink.requests.length;
    const changed = await syncCalDav(account, url, state, now);
    expect(changed).toMatchObject({ kind: 'changes', full: false, removed: ['/cal/b.ics'], ctag: '"2"' });
    if (changed.kind !== 'changes') throw new Error('unreachable');
    expect(changed.upserts.map((o) => [o.href, o.etag])).toEqual([['/cal/a.ics', '"a2"']]);
    // The multiget asked for the changed object only.
    const multiget = sink.requests.slice(mark).find((r) => r.method === 'REPORT' && r.body.includes('calendar-multiget'))!;
    expect([...multiget.body.matchAll(/<d:href>/g)]).toHaveLength(1);
  });
});
