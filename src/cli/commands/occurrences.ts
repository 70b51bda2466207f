import { quoteInput } from '../../core/quote.ts';
import { DateTime } from 'luxon';
import { expandOccurrences } from '../../calendar/expand.ts';
import { parseCalendar } from '../../calendar/parse.ts';
import { problemLines } from '../../calendar/problems.ts';
import type { Occurrence } from '../../calendar/types.ts';
import { UsageError } from '../../core/errors.ts';
import { readIcsFile } from '../../sources/ics-file.ts';
import { fetchIcsUrl } from '../../sources/ics-url.ts';
import { boolOpt, formatTable, jsonOption, parseInstant, requireOpt, stringOpt, type Command } from '../command.ts';
import { requireZone } from '../../manage/checks.ts';

/** A file path or an http(s)/webcal URL, read once. */
export async function readCalendarArgument(source: string, cwd: string): Promise<string> {
  if (/^(https?|webcals?):\/\//i.test(source)) {
    const r = await fetchIcsUrl(source, null);
    if (r.status !== 'changed') throw new UsageError(`${source}: no content`);
    return r.body;
  }
  return readIcsFile(source.startsWith('/') ? source : `${cwd}/${source}`);
}

/**
 * A window bound: with Z or an offset it is that instant; without (a date, or a date-time) it is a
 * floating time like the calendar's own, read in the --tz zone, never in the machine's zone.
 */
export function windowBound(text: string, flag: string, zone: string): number {
  const ms = parseInstant(text, flag);
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return ms;
  const local = DateTime.fromISO(text.trim(), { zone });
  if (!local.isValid) throw new UsageError(`--${flag} must be an ISO date-time like 2026-11-24T09:00:00Z, got ${quoteInput(text)}`);
  return local.toMillis();
}

/** The JSON line format (checked against other RFC 5545 implementations: keep it exact). */
export function occurrenceJson(o: Occurrence): string {
  return JSON.stringify({ uid: o.uid, recurrence_id: o.recurrenceId, start: o.start, end: o.end, all_day: o.allDay, summary: o.summary });
}

export const commands: Command[] = [
  {
    path: ['occurrences'],
    summary: 'List the occurrences of an ICS file or URL that overlap a window',
    usage: '<file-or-url> --from ISO --to ISO [--tz ZONE] [--json]',
    help: `Options:
  --from ISO, --to ISO   the window [from, to): an occurrence is listed when it overlaps it
                         (without Z or an offset, read in the --tz zone)
  --tz ZONE              zone for floating times and all-day dates (default UTC; a calendar's own X-WR-TIMEZONE wins)
  --json                 one JSON object per line: uid, recurrence_id, start, end, all_day, summary
                         (timed in UTC as YYYY-MM-DDTHH:MM:SSZ, all-day as YYYY-MM-DD, end exclusive)
Problems found in the calendar are reported on stderr; the good events are still listed.`,
    options: { from: { type: 'string' }, to: { type: 'string' }, tz: { type: 'string' }, ...jsonOption },
    positionals: [1, 1],
    async run(args, io) {
      const zone = requireZone(stringOpt(args, 'tz') ?? 'UTC');
      const fromMs = windowBound(requireOpt(args, 'from'), 'from', zone);
      const toMs = windowBound(requireOpt(args, 'to'), 'to', zone);
      if (toMs <= fromMs) throw new UsageError('--to must be after --from');
      const text = await readCalendarArgument(args.positionals[0]!, io.cwd);
      const cal = parseCalendar(text);
      const { occurrences, problems } = expandOccurrences(cal, { fromMs, toMs, defaultZone: zone });
      io.err(problemLines([...cal.problems, ...problems]));
      if (boolOpt(args, 'json')) {
        for (const o of occurrences) io.out(`${occurrenceJson(o)}\n`);
        return 0;
      }
      const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm');
      io.out(
        formatTable(
          occurrences.map((o) => ({
            start: o.allDay ? o.start : local(o.startMs),
            end: o.allDay ? `${o.end} (excl.)` : local(o.endMs),
            summary: o.summary,
            uid: o.uid,
            recurrence: o.recurrenceId ?? '',
          })),
        ),
      );
      return 0;
    },
  },
];
