import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { syncCalendar } from '../../src/schedule/sync.ts';
import { openStore } from '../../src/store/index.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const feed = (summary: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'REFRESH-INTERVAL;VALUE=DURATION:PT2H',
    'BEGIN:VEVENT',
    'UID:a@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20261124T150000Z',
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

function world() {
  const dir = tempDir();
  const clock = new ManualClock(Date.parse('2026-11-24T08:00:00Z'));
  const logger = memoryLogger('info');
  const store = openStore(join(dir, 'h.db'), () => clock.now());
  const user = store.users.add({ name: 'alice', tz: 'UTC', locale: 'en' });
  return { dir, clock, logger, store, user };
}

describe('syncCalendar', () => {
  it('polls a feed at its REFRESH-INTERVAL, keeps that pace while it answers 304, and stores a new copy only when it changes', async () => {
    const { clock, logger, store, user } = world();
    const sink = await startSink();
    let body = feed('First');
    sink.respond = (req, res) => {
      const etag = `"${body.length}-${body.charCodeAt(body.indexOf('SUMMARY:') + 8)}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
      res.writeHead(200, { etag, 'content-type': 'text/calendar' }).end(body);
    };
    const cal = store.calendars.add({ userId: user.id, name: 'feed', kind: 'url', location: `${sink.url}/team.ics`, allowPrivate: true });
    expect(await syncCalendar(store, cal, { clock, logger })).toEqual({ ok: true, changed: true, eventCount: 1, problems: 0 });
    const first = store.calendars.get(cal.id)!;
    expect(first.nextSyncAt! - clock.now()).toBe(2 * 3_600_000);
    // Not due yet: nothing is fetched.
    expect(await syncCalendar(store, first, { clock, logger })).toMatchObject({ ok: true, changed: false });
    expect(sink.requests).toHaveLength(1);

    await clock.advanceTo(first.nextSyncAt!);
    expect(await syncCalendar(store, store.calendars.get(cal.id)!, { clock, logger })).toMatchObject({ ok: true, changed: false });
    expect(sink.requests[1]!.headers['if-none-match']).toBeDefined();
    const second = store.calendars.get(cal.id)!;
    expect(second.nextSyncAt! - clock.now()).toBe(2 * 3_600_000);
    expect(second.contentHash).toBe(first.contentHash);

    body = feed('Second');
    expect(await syncCalendar(store, second, { clock, logger, force: true })).toMatchObject({ ok: true, changed: true });
    expect(store.calendars.body(cal.id)).toContain('SUMMARY:Second');
  });

  it('keeps the last good copy of a file that breaks, records the error, and logs problems with calendar and UID', async () => {
    const { dir, clock, logger, store, user } = world();
    const path = join(dir, 'team.ics');
    writeFileSync(
      path,
      feed('Good').replace(
        'END:VCALENDAR',
        'BEGIN:VEVENT\r\nUID:bad@t\r\nDTSTART:20261124T150000Z\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:Broken\r\nEND:VEVENT\r\nEND:VCALENDAR',
      ),
    );
    const cal = store.calendars.add({ userId: user.id, name: 'team', kind: 'file', location: path });
    const first = await syncCalendar(store, cal, { clock, logger });
    expect(first).toMatchObject({ ok: true, changed: true, eventCount: 1 });
    const problem = logger.lines.find((l) => l.includes('calendar problem') && l.includes('bad@t'));
    expect(problem).toContain('team');
    expect(problem).toContain('SOMETIMES');
    const good = store.calendars.get(cal.id)!;

    writeFileSync(path, 'this is not a calendar');
    await clock.advanceBy(60_000);
    const broken = await syncCalendar(store, good, { clock, logger });
    expect(broken.ok).toBe(false);
    const after = store.calendars.get(cal.id)!;
    expect(after.lastError).toBeTruthy();
    expect(after.contentHash).toBe(good.contentHash);
    expect(store.calendars.body(cal.id)).toContain('SUMMARY:Good');
  });
});

describe('syncCalendar and secrets', () => {
  it("registers a feed's URL path and password as secrets before fetching it", async () => {
    const { redact } = await import('../../src/core/mask.ts');
    const { clock, logger, store, user } = world();
    const sink = await startSink();
    sink.respond = (_req, res) => res.writeHead(404).end();
    const token = `/private-${Date.now().toString(36)}-feed-token/basic.ics`;
    const password = `pw-${Date.now().toString(36)}-secret`;
    expect(redact(`echo ${token} ${password}`)).toContain(token);
    const cal = store.calendars.add({
      userId: user.id,
      name: 'team',
      kind: 'url',
      location: `${sink.url}${token}`,
      username: 'bob',
      password,
      allowPrivate: true,
    });
    await syncCalendar(store, cal, { clock, logger, force: true });
    expect(redact(`echo ${token} ${password}`)).toBe('echo *** ***');
  });
});
