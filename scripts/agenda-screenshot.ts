/**
 * Writes the default agenda email, rendered for a sample day, to OUT/agenda.html and — when
 * Debian's chromium is installed — a screenshot of it to OUT/agenda.png, so a person can look at it.
 *
 *   node bin/run-ts.js scripts/agenda-screenshot.ts --out /tmp/herald-agenda [--locale fr]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expandOccurrences } from '../src/calendar/expand.ts';
import { parseCalendar } from '../src/calendar/parse.ts';
import { renderDigest } from '../src/render/index.ts';
import { agendaOrder } from '../src/schedule/agenda.ts';
import { readFileSync } from 'node:fs';

const { values } = parseArgs({ options: { out: { type: 'string' }, locale: { type: 'string' }, date: { type: 'string' } } });
const out = resolve(values.out ?? 'agenda-preview');
const locale = values.locale ?? 'en';
const date = values.date ?? '2026-12-04';
const zone = 'Europe/Zurich';
mkdirSync(out, { recursive: true });

const calendarFile = new URL('../data/example-team.ics', import.meta.url);
const cal = parseCalendar(readFileSync(calendarFile, 'utf8'));
const from = Date.parse(`${date}T00:00:00+01:00`);
const { occurrences } = expandOccurrences(cal, { fromMs: from, toMs: from + 86_400_000, defaultZone: zone });
const [message] = renderDigest({
  template: null,
  occurrences: occurrences.sort(agendaOrder(zone)),
  viewer: { zone, locale },
  format: 'email',
  periodStart: date,
  periodEnd: new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
  weekly: false,
  calendarNames: ['Team (herald sample)'],
  userName: 'alice',
  unsubscribeUrl: 'https://herald.example.com/unsubscribe/SAMPLE-TOKEN',
});
const htmlPath = join(out, 'agenda.html');
writeFileSync(htmlPath, message!.html!);
writeFileSync(join(out, 'agenda.txt'), `Subject: ${message!.subject}\n\n${message!.text}\n`);
console.log(`wrote ${htmlPath} (${occurrences.length} events)`);

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  console.log('chromium is not installed (apt-get install chromium): no screenshot taken');
} else {
  const png = join(out, 'agenda.png');
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
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'herald-chromium-'))}`,
      `--screenshot=${png}`,
      '--window-size=760,900',
      `file://${htmlPath}`,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  console.log(`wrote ${png}`);
}
