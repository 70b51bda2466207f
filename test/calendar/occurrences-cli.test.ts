/** `herald occurrences` end to end through the CLI: window bounds, zones, the JSON line format. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { ics } from './helpers.ts';

function setup() {
  const dir = tempDir();
  const file = join(dir, 'cal.ics');
  writeFileSync(
    file,
    ics(
      ['UID:timed', 'DTSTART;TZID=Asia/Tokyo:20260309T071500', 'DURATION:PT30M', 'SUMMARY:Timed'],
      ['UID:day', 'DTSTART;VALUE=DATE:20260309', 'SUMMARY:Day'],
      ['UID:series', 'DTSTART;TZID=Europe/Zurich:20260309T090000', 'DURATION:PT1H', 'RDATE;TZID=Europe/Zurich:20260310T090000', 'SUMMARY:Series'],
    ),
  );
  return { db: join(dir, 'h.db'), file };
}

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('herald occurrences', () => {
  it('prints exact JSON lines sorted by start then uid; an RDATE-only series has recurrence ids', async () => {
    const { db, file } = setup();
    const r = await runCli(db, ['occurrences', file, '--from', '2026-03-08T00:00:00Z', '--to', '2026-03-11T00:00:00Z', '--json']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      '{"uid":"timed","recurrence_id":null,"start":"2026-03-08T22:15:00Z","end":"2026-03-08T22:45:00Z","all_day":false,"summary":"Timed"}',
      '{"uid":"day","recurrence_id":null,"start":"2026-03-09","end":"2026-03-10","all_day":true,"summary":"Day"}',
      '{"uid":"series","recurrence_id":"2026-03-09T08:00:00Z","start":"2026-03-09T08:00:00Z","end":"2026-03-09T09:00:00Z","all_day":false,"summary":"Series"}',
      '{"uid":"series","recurrence_id":"2026-03-10T08:00:00Z","start":"2026-03-10T08:00:00Z","end":"2026-03-10T09:00:00Z","all_day":false,"summary":"Series"}',
    ]);
  });

  it('judges an all-day date in the --tz zone, and reads a bound without offset there too', async () => {
    const { db, file } = setup();
    // March 9 in Tokyo ends at 15:00Z: a window starting 15:00Z no longer holds it; in UTC it does.
    const uids = async (...args: string[]) => lines((await runCli(db, ['occurrences', file, ...args, '--json'])).out).map((o) => o.uid);
    expect(await uids('--from', '2026-03-09T15:00:00Z', '--to', '2026-03-09T16:00:00Z', '--tz', 'Asia/Tokyo')).toEqual([]);
    expect(await uids('--from', '2026-03-09T15:00:00Z', '--to', '2026-03-09T16:00:00Z')).toEqual(['day']);
    // 2026-03-09T07:30 without offset is Tokyo time (22:30Z the day before): the timed event is under way;
    // sorted by instant, the Tokyo all-day date (from 15:00Z) comes first.
    expect(await uids('--from', '2026-03-09T07:30:00', '--to', '2026-03-09T07:31:00', '--tz', 'Asia/Tokyo')).toEqual(['day', 'timed']); // the day began at 15:00Z the day before
    expect(await uids('--from', '2026-03-09T07:30:00', '--to', '2026-03-09T07:31:00')).toEqual(['day']);
  });

  it('refuses a bad window or zone with exit 2', async () => {
    const { db, file } = setup();
    expect((await runCli(db, ['occurrences', file, '--from', '2026-03-10T00:00:00Z', '--to', '2026-03-09T00:00:00Z'])).code).toBe(2);
    expect((await runCli(db, ['occurrences', file, '--from', '2026-03-09', '--to', '2026-03-10', '--tz', 'Mars/Base'])).code).toBe(2);
  });
});
