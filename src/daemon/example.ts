/** The example a first `herald start` creates on an empty database, so that something happens at once. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Store } from '../store/index.ts';

export const exampleUserName = 'example';
export const exampleCalendarFile = 'example.ics';

/** How often the example event repeats, and how long before it the reminder comes. */
const everyMinutes = 2;
const days = 7;

function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The example calendar: one event every two minutes, starting on the hour before `nowMs`, for a
 * week. It starts near "now" (rather than on a fixed date) so that expanding it stays cheap; after a
 * week it simply ends, and `herald example rm` removes it.
 */
export function exampleCalendarText(nowMs: number): string {
  const start = Math.floor(nowMs / 3_600_000) * 3_600_000;
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//herald//example//EN',
    'X-WR-CALNAME:herald example',
    'BEGIN:VEVENT',
    'UID:herald-example-stretch@herald.invalid',
    `DTSTAMP:${utcStamp(start)}`,
    `DTSTART:${utcStamp(start)}`,
    'DURATION:PT1M',
    `RRULE:FREQ=MINUTELY;INTERVAL=${everyMinutes};UNTIL=${utcStamp(start + days * 86_400_000)}`,
    'SUMMARY:Stand up and stretch (herald example)',
    'DESCRIPTION:This event comes from the example that herald creates on an empty database. Remove it with: herald example rm',
    'LOCATION:Wherever you are',
    'URL:https://kmeet.infomaniak.com/herald-example',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/**
 * On a database that never had one and has no users, creates the clearly labelled example: a user, a calendar file,
 * a console target and a reminder rule, so that a first `herald start` prints a reminder within two
 * minutes. Returns true when it created it.
 */
export function ensureExample(store: Store, options: { dataDir: string; clock: Clock; logger: Logger }): boolean {
  // Only ever once per database: after `herald example rm` it must not come back on the next start.
  if (store.users.list().length > 0 || store.settings.get('example.created', false)) return false;
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, exampleCalendarFile);
  writeFileSync(file, exampleCalendarText(options.clock.now()));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  store.transaction(() => {
    const user = store.users.add({ name: exampleUserName, tz: zone, locale: 'en', isExample: true });
    const cal = store.calendars.add({ userId: user.id, name: 'example', kind: 'file', location: file, isExample: true });
    const target = store.targets.add({ userId: user.id, name: 'example-console', kind: 'console', url: 'console:', isExample: true });
    store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [everyMinutes * 60], isExample: true });
    store.settings.set('example.created', true);
  });
  options.logger.info('created the example (user "example", calendar data/example.ics, console target, 2-minute reminder); remove it with: herald example rm', {
    file,
  });
  return true;
}
