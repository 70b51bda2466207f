/**
 * One expansion of a calendar file over 2026 by one implementation, alone in its process, so that
 * its peak memory is its own: `node scripts/run-ts.mjs bench/peer-expansion.ts herald|node-ical|ical.js FILE`.
 * Prints {"ms", "occurrences", "maxRssMb"} (ms: parse + expansion, after reading the file).
 */
import { readFileSync } from 'node:fs';
import ical from 'node-ical';
import { expandOccurrences } from '../src/calendar/expand.ts';
import { parseCalendar } from '../src/calendar/parse.ts';
import { bareIcalExpansion, yearEnd, yearStart } from './calendar-text.ts';

function nodeIcal(text: string): number {
  const parsed = ical.sync.parseICS(text);
  let count = 0;
  for (const item of Object.values(parsed)) {
    if (!item || item.type !== 'VEVENT') continue;
    count += ical.expandRecurringEvent(item, { from: new Date(yearStart), to: new Date(yearEnd - 1) }).length;
  }
  return count;
}

const [impl, file] = process.argv.slice(2);
const text = readFileSync(file!, 'utf8');
const started = performance.now();
const occurrences =
  impl === 'herald'
    ? expandOccurrences(parseCalendar(text), { fromMs: yearStart, toMs: yearEnd, defaultZone: 'UTC' }).occurrences.length
    : impl === 'node-ical'
      ? nodeIcal(text)
      : impl === 'ical.js'
        ? bareIcalExpansion(text)
        : Number.NaN;
if (Number.isNaN(occurrences)) throw new Error(`unknown implementation "${impl}": herald, node-ical or ical.js`);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, occurrences, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
