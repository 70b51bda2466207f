/** CalDAV discovery and sync against a real Radicale on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { discoverCalendars } from '../../src/sources/caldav/discover.ts';
import { syncCalDav, type CalDavState } from '../../src/sources/caldav/sync.ts';
import { countingProxy } from '../helpers/counting-proxy.ts';
import { startRadicale } from '../helpers/radicale.ts';

const account = { username: 'ana', password: 'ana-pass-123', allowPrivate: true };
const now = Date.parse('2026-12-07T08:00:00Z');

function event(uid: string, start: string, summary: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    'DURATION:PT30M',
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

async function server() {
  const r = await startRadicale({ ana: account.password, bob: 'bob-pass-456' });
  expect(await r.mkcalendar('ana', account.password, 'work', 'Work')).toBe(201);
  expect(await r.mkcalendar('ana', account.password, 'home', 'Home')).toBe(201);
  expect(await r.mkcalendar('ana', account.password, 'tasks', 'Tasks', ['VTODO'])).toBe(201);
  expect(await r.put('ana', account.password, 'work', 'standup.ics', event('standup@t', '20261207T090000Z', 'Stand-up'))).toBe(201);
  expect(await r.put('ana', account.password, 'work', 'review.ics', event('review@t', '20261207T140000Z', 'Review'))).toBe(201);
  return r;
}

const empty = (): CalDavState => ({ syncToken: null, ctag: null, etags: new Map() });
const stateAfter = (s: CalDavState, c: Awaited<ReturnType<typeof syncCalDav>>): CalDavState => {
  if (c.kind === 'unchanged') return { ...s, ctag: c.ctag, syncToken: c.syncToken };
  const etags = c.full ? new Map<string, string | null>() : new Map(s.etags);
  for (const o of c.upserts) etags.set(o.href, o.etag);
  for (const h of c.removed) etags.delete(h);
  return { syncToken: c.syncToken, ctag: c.ctag, etags };
};

describe('CalDAV against Radicale', () => {
  it('discovers the event calendars from the server URL (task lists left out), and a calendar URL gives itself', async () => {
    const r = await server();
    const found = await discoverCalendars(account, r.url, now);
    expect(found.map((c) => c.displayName).sort()).toEqual(['Home', 'Work']);
    const work = found.find((c) => c.displayName === 'Work')!;
    expect(work).toMatchObject({ url: `${r.url}/ana/work/`, components: ['VEVENT'] });
    expect(work.syncToken).toMatch(/^http/);
    expect(work.ctag).not.toBeNull();
    expect((await discoverCalendars(account, `${r.url}/ana/work/`, now)).map((c) => c.displayName)).toEqual(['Work']);
  });

  it('reads everything once, then only what changed: unchanged, one change, one deletion', async () => {
    const r = await server();
    const url = `${r.url}/ana/work/`;
    const first = await syncCalDav(account, url, empty(), now);
    expect(first).toMatchObject({ kind: 'changes', full: true, removed: [] });
    if (first.kind !== 'changes') throw new Error('unreachable');
    expect(first.upserts.map((o) => o.href).sort()).toEqual(['/ana/work/review.ics', '/ana/work/standup.ics']);
    expect(first.upserts.find((o) => o.href.endsWith('standup.ics'))!.data).toContain('SUMMARY:Stand-up');
    let state = stateAfter(empty(), first);

    const again = await syncCalDav(account, url, state, now);
    expect(again.kind).toBe('unchanged');

    expect(await r.put('ana', account.password, 'work', 'standup.ics', event('standup@t', '20261207T093000Z', 'Stand-up (later)'))).toBe(201);
    const moved = await syncCalDav(account, url, state, now);
    expect(moved).toMatchObject({ kind: 'changes', full: false, removed: [] });
    if (moved.kind !== 'changes') throw new Error('unreachable');
    expect(moved.upserts.map((o) => o.href)).toEqual(['/ana/work/standup.ics']);
    expect(moved.upserts[0]!.data).toContain('DTSTART:20261207T093000Z');
    state = stateAfter(state, moved);

    expect(await r.remove('ana', account.password, 'work', 'review.ics')).toBe(200);
    const deleted = await syncCalDav(account, url, state, now);
    expect(deleted).toMatchObject({ kind: 'changes', full: false, upserts: [], removed: ['/ana/work/review.ics'] });
  });

  it('an invalid sync token starts one clean full read', async () => {
    const r = await server();
    const url = `${r.url}/ana/work/`;
    const stale: CalDavState = { syncToken: 'http://radicale.org/ns/sync/0000', ctag: '"old"', etags: new Map([['/ana/work/gone.ics', '"x"']]) };
    const result = await syncCalDav(account, url, stale, now);
    expect(result).toMatchObject({ kind: 'changes', full: true });
    if (result.kind !== 'changes') throw new Error('unreachable');
    expect(result.upserts).toHaveLength(2);
  });

  it('a wrong password is one clear line without the password; a private server needs --allow-private', async () => {
    const r = await server();
    const wrong = (await discoverCalendars({ ...account, password: 'wrong-secret-99' }, r.url, now).catch((e: unknown) => e)) as Error;
    expect(wrong.message).toBe('CalDAV: the server refused the user name or password');
    const guarded = (await discoverCalendars({ ...account, allowPrivate: false }, r.url, now).catch((e: unknown) => e)) as Error;
    expect(guarded.message).toMatch(/127\.0\.0\.1 is a private or loopback address \(allow it with --allow-private\)$/);
  });

  it('a server that is down is an error naming it, and another user’s calendar is not readable', async () => {
    const r = await server();
    const bob = { username: 'bob', password: 'bob-pass-456', allowPrivate: true };
    const denied = (await syncCalDav(bob, `${r.url}/ana/work/`, empty(), now).catch((e: unknown) => e)) as Error;
    expect(denied.message).toMatch(/^CalDAV: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: access denied \(HTTP 403\)$/);
    await r.stop();
    const down = (await syncCalDav(account, `${r.url}/ana/work/`, empty(), now).catch((e: unknown) => e)) as Error;
    expect(down.message).toMatch(/^CalDAV: http:\/\/127\.0\.0\.1:\d+\/\*\*\*: .*ECONNREFUSED/);
  });

  it('a calendar of 1,000 events read again unchanged costs one small request and no event bodies; one change, one body', async () => {
    const r = await startRadicale({ ana: account.password });
    await r.mkcalendar('ana', account.password, 'big', 'Big');
    for (let i = 0; i < 1000; i++) {
      const start = `202612${String(1 + (i % 28)).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}0000Z`;
      expect(await r.put('ana', account.password, 'big', `e${i}.ics`, event(`e${i}@t`, start, `Event number ${i} with a description`))).toBe(201);
    }
    const proxy = await countingProxy(r.url);
    const url = `${proxy.url}/ana/big/`;
    const first = await syncCalDav(account, url, empty(), now);
    if (first.kind !== 'changes') throw new Error('expected a first read');
    expect(first.upserts).toHaveLength(1000);
    // Multiget in batches of 100: the listing, 10 fetches, and the collection's own PROPFIND.
    expect(proxy.requests).toBe(12);
    // (gzip-compressed answers: about 100 bytes an event)
    expect(proxy.answerBytes).toBeGreaterThan(50_000);
    const state = stateAfter(empty(), first);

    proxy.reset();
    expect((await syncCalDav(account, url, state, now)).kind).toBe('unchanged');
    expect(proxy.requests).toBe(1);
    expect(proxy.answerBytes).toBeLessThan(2000);

    await r.put('ana', account.password, 'big', 'e7.ics', event('e7@t', '20261208T090000Z', 'Event number 7, moved'));
    proxy.reset();
    const moved = await syncCalDav(account, url, state, now);
    if (moved.kind !== 'changes') throw new Error('expected a change');
    expect(moved.upserts.map((o) => o.href)).toEqual(['/ana/big/e7.ics']);
    expect(proxy.requests).toBe(3);
    expect(proxy.answerBytes).toBeLessThan(5000);
  }, 120_000);
});
