/**
 * Writes the default agenda email, rendered for a sample day, to OUT/agenda.html (and its text part
 * to OUT/agenda.txt) and — when Debian's chromium is installed — a screenshot of it to OUT/agenda.png,
 * so a person can look at it.
 *
 *   node scripts/run-ts.mjs scripts/agenda-screenshot.ts --out /tmp/herald-agenda [--locale fr] [--tz Europe/Zurich] [--date 2026-11-24] [--ics FILE]
 *
 * The sample day goes through the real pipeline: iCalendar text → parseCalendar → expandOccurrences
 * (which finds the meeting links) → renderAgenda.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { expandOccurrences } from '../src/calendar/expand.ts';
import { parseCalendar } from '../src/calendar/parse.ts';
import { renderAgenda } from '../src/render/index.ts';

const { values } = parseArgs({
  options: { out: { type: 'string' }, locale: { type: 'string' }, tz: { type: 'string' }, date: { type: 'string' }, ics: { type: 'string' } },
});
const out = resolve(values.out ?? 'agenda-preview');
const locale = values.locale ?? 'en';
const zone = values.tz ?? 'Europe/Zurich';
const date = values.date ?? '2026-11-24';
mkdirSync(out, { recursive: true });

const compact = date.replace(/-/g, '');
const event = (uid: string, lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}@sample.herald`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];
/** A busy but ordinary day: an all-day event, meetings on four video services, one written in New York. */
const sampleCalendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//herald//agenda sample//EN',
  'X-WR-CALNAME:Team',
  ...event('offsite', [
    `DTSTART;VALUE=DATE:${compact}`,
    `DTEND;VALUE=DATE:${DateTime.fromISO(date).plus({ days: 2 }).toFormat('yyyyLLdd')}`,
    'SUMMARY:Team offsite',
    'LOCATION:Grindelwald, Hotel Bellevue',
  ]),
  ...event('standup', [
    `DTSTART;TZID=Europe/Zurich:${compact}T093000`,
    `DTEND;TZID=Europe/Zurich:${compact}T094500`,
    'RRULE:FREQ=DAILY',
    'SUMMARY:Daily stand-up',
    'LOCATION:https://kmeet.infomaniak.com/team-standup',
  ]),
  ...event('review', [
    `DTSTART;TZID=Europe/Zurich:${compact}T110000`,
    `DTEND;TZID=Europe/Zurich:${compact}T120000`,
    'SUMMARY:Design review: onboarding & billing',
    'LOCATION:Room Matterhorn (3rd floor)',
    'DESCRIPTION:Join Zoom: https://zoom.us/j/98765432100?pwd=abc',
  ]),
  ...event('lunch', [
    `DTSTART;TZID=Europe/Zurich:${compact}T123000`,
    `DTEND;TZID=Europe/Zurich:${compact}T133000`,
    'SUMMARY:Lunch with Camille',
    'LOCATION:Café du Marché',
  ]),
  ...event('nyc', [
    `DTSTART;TZID=America/New_York:${compact}T100000`,
    `DTEND;TZID=America/New_York:${compact}T103000`,
    'SUMMARY:Sync with the New York office',
    'X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij',
  ]),
  ...event('teams', [
    `DTSTART;TZID=Europe/Zurich:${compact}T170000`,
    `DTEND;TZID=Europe/Zurich:${compact}T174500`,
    'SUMMARY:Quarterly numbers with finance',
    'X-MICROSOFT-ONLINEMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_sample',
  ]),
  'END:VCALENDAR',
  '',
].join('\r\n');

const cal = parseCalendar(values.ics ? readFileSync(values.ics, 'utf8') : sampleCalendar);
const dayStart = DateTime.fromISO(date, { zone });
const periodEnd = dayStart.plus({ days: 1 }).toISODate()!;
const { occurrences } = expandOccurrences(cal, { fromMs: dayStart.toMillis(), toMs: dayStart.plus({ days: 1 }).toMillis(), defaultZone: zone });
const [message] = renderAgenda({
  template: null,
  occurrences,
  viewer: { zone, locale },
  format: 'email',
  periodStart: date,
  periodEnd,
  weekly: false,
  calendarNames: [cal.name ?? 'Team'],
  userName: 'alice',
  unsubscribeUrl: 'https://herald.example.com/unsubscribe/SAMPLE-TOKEN',
});
const htmlPath = join(out, 'agenda.html');
writeFileSync(htmlPath, message!.html!);
writeFileSync(join(out, 'agenda.txt'), `Subject: ${message!.subject}\n\n${message!.text}\n`);
console.log(`wrote ${htmlPath} and agenda.txt (${occurrences.length} events)`);

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  console.log('chromium is not installed (apt-get install chromium): no screenshot taken');
} else {
  const png = join(out, 'agenda.png');
  const profile = mkdtempSync(join(tmpdir(), 'herald-chromium-'));
  try {
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${png}`,
        '--window-size=900,1200',
        `file://${htmlPath}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`wrote ${png}`);
}
