import { expandOccurrences } from '../../src/calendar/expand.ts';
import { parseCalendar } from '../../src/calendar/parse.ts';
import type { ExpandOptions, Occurrence } from '../../src/calendar/types.ts';

export function ics(...events: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    ...events.flatMap((e) => (e[0]?.startsWith('BEGIN:') ? e : ['BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...e, 'END:VEVENT'])),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export function expand(text: string, from: string, to: string, options: Partial<ExpandOptions> = {}) {
  const cal = parseCalendar(text);
  const r = expandOccurrences(cal, { fromMs: Date.parse(from), toMs: Date.parse(to), ...options });
  return { ...r, problems: [...cal.problems, ...r.problems], cal };
}

export const starts = (os: Occurrence[]) => os.map((o) => o.start);
