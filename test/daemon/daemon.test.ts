/**
 * The foundation's promise, end to end on a hand-driven clock: a calendar file, a reminder rule and a
 * webhook target on a real HTTP server; every reminder arrives once and on time, also across a
 * restart that replays the same stretch of time. No test here waits on the machine's speed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { loadConfig } from '../../src/daemon/config.ts';
import { Daemon } from '../../src/daemon/daemon.ts';
import { openStore } from '../../src/store/index.ts';
import { runUntil } from '../helpers/daemon-run.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

/** The daemon's configuration for a test folder: no example, a pass every 30 s. */
const configFor = (dir: string, env: Record<string, string> = {}) =>
  loadConfig({ env: { HERALD_NO_EXAMPLE: '1', HERALD_PLAN_INTERVAL: '30', HERALD_HTTP_PORT: '0', ...env }, cwd: dir, flags: { db: join(dir, 'h.db') } });

/** Runs a daemon on `dir`'s database from `fromMs` for `forMs` of clock time, then stops it. */
async function runFor(dir: string, fromMs: number, forMs: number) {
  const clock = new ManualClock(fromMs);
  const logger = memoryLogger('info');
  const store = openStore(join(dir, 'h.db'), () => clock.now());
  const stop = new AbortController();
  const daemon = new Daemon({ config: configFor(dir), store, clock, logger, signal: stop.signal });
  await runUntil(daemon, clock, fromMs + forMs);
  stop.abort();
  await daemon.stopped;
  const rows = store.deliveries.list();
  store.close();
  return { logger, rows };
}

const t0 = Date.parse('2026-03-29T00:00:00Z'); // Europe/Zurich springs forward at 01:00 UTC this day

function calendar(): string {
  // An event every 20 minutes from 00:10 UTC, eight times (the DST rules are tested in test/calendar).
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:every20@test',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260329T001000Z',
    'DURATION:PT10M',
    'RRULE:FREQ=MINUTELY;INTERVAL=20;COUNT=8',
    'SUMMARY:Check the build',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('daemon end to end (manual clock, real HTTP, real SQLite)', () => {
  it('delivers each reminder exactly once, on time, across a restart that replays time', async () => {
    const dir = tempDir();
    const icsPath = join(dir, 'build.ics');
    writeFileSync(icsPath, calendar());
    const sink = await startSink();
    const dbPath = join(dir, 'h.db');
    const store = openStore(dbPath, () => t0);
    const user = store.users.add({ name: 'ops', tz: 'Europe/Zurich', locale: 'en' });
    const cal = store.calendars.add({ userId: user.id, name: 'build', kind: 'file', location: icsPath });
    const target = store.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/hook/s3cr3t-token`, allowPrivate: true });
    store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [300] });
    store.close();

    // First run: 00:00 → 01:20 UTC.
    const first = await runFor(dir, t0, 80 * 60_000);
    const firstKeys = sink.requests.map((r) => r.headers['idempotency-key']);
    const starts = sink.requests.map((r) => (JSON.parse(r.body) as { event: { start: string } }).event.start);
    expect(starts).toEqual(['2026-03-29T00:10:00Z', '2026-03-29T00:30:00Z', '2026-03-29T00:50:00Z', '2026-03-29T01:10:00Z']);
    expect(new Set(firstKeys).size).toBe(firstKeys.length);
    const sent = first.rows.filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(4);
    // On time to the millisecond of the daemon's clock: five minutes before each start.
    for (const row of sent) expect([row.sentAt! - row.dueAt, row.eventStartMs! - row.dueAt]).toEqual([0, 300_000]);

    // Restart at the same instant: the same stretch of time again, then further.
    await runFor(dir, t0, 200 * 60_000);
    const keys = sink.requests.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
    const allStarts = sink.requests.map((r) => (JSON.parse(r.body) as { event: { start: string } }).event.start);
    expect(allStarts).toHaveLength(8);
    expect(allStarts[7]).toBe('2026-03-29T02:30:00Z');
    const text = (JSON.parse(sink.requests[0]!.body) as { text: string }).text;
    expect(text).toContain('Check the build');
    expect(first.logger.lines.join('\n')).not.toContain('s3cr3t-token');
  }, 60_000);

  it('follows calendar edits between passes: moved, cancelled, deleted, and new inside the lead time', async () => {
    const dir = tempDir();
    const icsPath = join(dir, 'team.ics');
    const ics = (events: string[][]) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        ...events.flatMap((e) => ['BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...e, 'END:VEVENT']),
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const start = Date.parse('2026-11-24T08:00:00Z');
    writeFileSync(
      icsPath,
      ics([
        ['UID:a@t', 'DTSTART:20261124T082000Z', 'SUMMARY:Alpha'],
        ['UID:b@t', 'DTSTART:20261124T083000Z', 'SUMMARY:Bravo'],
        ['UID:c@t', 'DTSTART:20261124T084000Z', 'SUMMARY:Charlie'],
      ]),
    );
    const sink = await startSink();
    const dbPath = join(dir, 'h.db');
    const setup = openStore(dbPath, () => start);
    const user = setup.users.add({ name: 'ops', tz: 'UTC', locale: 'en' });
    const cal = setup.calendars.add({ userId: user.id, name: 'team', kind: 'file', location: icsPath });
    const target = setup.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/hook`, allowPrivate: true });
    setup.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    setup.close();

    const clock = new ManualClock(start);
    const store = openStore(dbPath, () => clock.now());
    const stop = new AbortController();
    const daemon = new Daemon({ config: configFor(dir), store, clock, logger: memoryLogger('info'), signal: stop.signal });
    await runUntil(daemon, clock, start + 5 * 60_000);
    expect(sink.requests).toHaveLength(0);
    // 08:05: Alpha moves to 08:25, Bravo is cancelled, Charlie deleted, Delta added at 08:12 (inside its 10 min lead).
    writeFileSync(
      icsPath,
      ics([
        ['UID:a@t', 'DTSTART:20261124T082500Z', 'SUMMARY:Alpha'],
        ['UID:b@t', 'DTSTART:20261124T083000Z', 'STATUS:CANCELLED', 'SUMMARY:Bravo'],
        ['UID:d@t', 'DTSTART:20261124T081200Z', 'SUMMARY:Delta'],
      ]),
    );
    await runUntil(daemon, clock, start + 35 * 60_000);
    stop.abort();
    await daemon.stopped;
    const got = sink.requests.map((r) => {
      const body = JSON.parse(r.body) as { event: { uid: string; start: string } };
      return body.event.uid + ' ' + body.event.start.slice(11, 16);
    });
    expect(got).toEqual(['d@t 08:12', 'a@t 08:25']);
    const rows = store.deliveries.list();
    const delta = rows.find((r) => r.eventUid === 'd@t')!;
    // Delta was noticed within two passes (file re-read + plan) of the edit, well before it began.
    expect(delta.sentAt! - (start + 5 * 60_000)).toBeLessThan(2 * 60_000);
    expect(
      rows
        .filter((r) => r.status === 'cancelled')
        .map((r) => r.eventUid)
        .sort(),
    ).toEqual(['a@t', 'b@t', 'c@t']);
    store.close();
  }, 60_000);

  it("a feed that trickles for ever delays only itself: another user's reminder is planned and sent on time", async () => {
    const dir = tempDir();
    const feed = await startSink();
    feed.respond = (_req, res) => {
      // 200 at once, then a byte every 100 ms: each byte resets a socket idle timeout.
      res.writeHead(200, { 'content-type': 'text/calendar' }).write('BEGIN:VCALENDAR\r\n');
      const drip = setInterval(() => res.write('X'), 100);
      res.on('close', () => clearInterval(drip));
    };
    const hook = await startSink();
    const icsPath = join(dir, 'team.ics');
    const at = Date.parse('2026-11-24T08:00:00Z');
    writeFileSync(
      icsPath,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', 'UID:standup@t']
        .concat(['DTSTART:20261124T080300Z', 'SUMMARY:Stand-up', 'END:VEVENT', 'END:VCALENDAR', ''])
        .join('\r\n'),
    );
    const clock = new ManualClock(at);
    const store = openStore(join(dir, 'h.db'), () => clock.now());
    const slow = store.users.add({ name: 'slow', tz: 'UTC', locale: 'en' });
    store.calendars.add({ userId: slow.id, name: 'trickle', kind: 'url', location: `${feed.url}/feed.ics`, allowPrivate: true });
    const ops = store.users.add({ name: 'ops', tz: 'UTC', locale: 'en' });
    const cal = store.calendars.add({ userId: ops.id, name: 'team', kind: 'file', location: icsPath });
    const target = store.targets.add({ userId: ops.id, name: 'hook', kind: 'webhook', url: `${hook.url}/hook`, allowPrivate: true });
    store.rules.add({ userId: ops.id, calendarId: cal.id, targetIds: [target.id], leads: [120] });
    const stop = new AbortController();
    const daemon = new Daemon({ config: configFor(dir), store, clock, logger: memoryLogger('info'), signal: stop.signal });
    const until = async (what: string, done: () => boolean) => {
      for (let i = 0; i < 250 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
      if (!done()) throw new Error(`timed out waiting for ${what}`);
    };
    await until('the trickling feed to be asked', () => feed.requests.length === 1);
    // The first pass waits at most 10 s (of the daemon's clock) for its syncs, then plans without the slow one.
    await clock.advanceBy(10_000);
    await until('the reminder to be planned', () => store.deliveries.list().length === 1);
    await clock.advanceTo(Date.parse('2026-11-24T08:01:00Z'));
    await until('the reminder to be sent', () => hook.requests.length === 1);
    const [row] = store.deliveries.list();
    expect(row).toMatchObject({ status: 'sent', sentAt: Date.parse('2026-11-24T08:01:00Z') });
    // The feed was still trickling all along: it is one download, not started again by later passes.
    expect(feed.requests).toHaveLength(1);
    const t = Date.now();
    stop.abort();
    await daemon.stopped;
    expect(Date.now() - t).toBeLessThan(5000);
    store.close();
  }, 30_000);

  it('stops within 5 s on abort even while a calendar feed hangs', async () => {
    const dir = tempDir();
    const sink = await startSink();
    sink.respond = () => undefined; // never answers
    const clock = new ManualClock(Date.parse('2026-11-24T08:00:00Z'));
    const store = openStore(join(dir, 'h.db'), () => clock.now());
    const user = store.users.add({ name: 'ops', tz: 'UTC', locale: 'en' });
    store.calendars.add({ userId: user.id, name: 'slow', kind: 'url', location: `${sink.url}/feed.ics`, allowPrivate: true });
    const stop = new AbortController();
    const logger = memoryLogger('info');
    const daemon = new Daemon({ config: configFor(dir), store, clock, logger, signal: stop.signal });
    // Bounded wait until the fetch has reached the server.
    for (let i = 0; i < 100 && sink.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sink.requests).toHaveLength(1);
    const t = Date.now();
    stop.abort();
    await daemon.stopped;
    expect(Date.now() - t).toBeLessThan(5000);
    expect(logger.lines.join('\n')).toContain('herald stopped');
    store.close();
  }, 20_000);

  it('after a restart, cancels (does not send late) the reminder of an event moved while herald was down', async () => {
    const dir = tempDir();
    const icsPath = join(dir, 'team.ics');
    const ics = (start: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        'BEGIN:VEVENT',
        'DTSTAMP:20260101T000000Z',
        'UID:a@t',
        `DTSTART:${start}`,
        'SUMMARY:Alpha',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    writeFileSync(icsPath, ics('20261124T083000Z'));
    const sink = await startSink();
    const dbPath = join(dir, 'h.db');
    const t0 = Date.parse('2026-11-24T08:00:00Z');
    const setup = openStore(dbPath, () => t0);
    const user = setup.users.add({ name: 'ops', tz: 'UTC', locale: 'en' });
    const cal = setup.calendars.add({ userId: user.id, name: 'team', kind: 'file', location: icsPath });
    const target = setup.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/hook`, allowPrivate: true });
    setup.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    setup.close();

    await runFor(dir, t0, 5 * 60_000); // plans the 08:20 reminder, then stops
    expect(sink.requests).toHaveLength(0);
    writeFileSync(icsPath, ics('20261124T090000Z')); // moved while down
    const second = await runFor(dir, Date.parse('2026-11-24T08:25:00Z'), 30 * 60_000);
    expect(sink.requests.map((r) => (JSON.parse(r.body) as { event: { start: string } }).event.start)).toEqual(['2026-11-24T09:00:00Z']);
    expect(second.rows.map((r) => [new Date(r.dueAt).toISOString().slice(11, 16), r.status])).toEqual([
      ['08:20', 'cancelled'],
      ['08:50', 'sent'],
    ]);
  }, 60_000);
});
