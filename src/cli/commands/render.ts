import { quoteInput } from '../../core/quote.ts';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { expandOccurrences } from '../../calendar/expand.ts';
import { parseCalendar } from '../../calendar/parse.ts';
import { problemLines } from '../../calendar/problems.ts';
import { systemClock } from '../../core/clock.ts';
import { channelFor, targetKinds } from '../../channels/registry.ts';
import { UsageError } from '../../core/errors.ts';
import type { Channel } from '../../delivery/channel.ts';
import {
  defaultTemplateNames,
  formatProblems,
  loadTemplate,
  renderAgenda,
  renderReminder,
  validateTemplate,
  type OutputFormat,
  type RenderedMessage,
  type TemplateSource,
} from '../../render/index.ts';
import { boolOpt, parseInstant, requireOpt, stringOpt, type Command } from '../command.ts';
import { requireLocale, requireZone } from '../../manage/checks.ts';
import { readTemplateFile } from '../../render/template-size.ts';
import { readCalendarArgument } from './occurrences.ts';
import { parseTemplateKind } from '../../manage/templates.ts';

const dayMs = 86_400_000;

/** A default by name (reminder.chat, agenda.email…), "default", or a template file (relative to the working directory). */
function readTemplateArgument(ref: string, cwd: string): TemplateSource | null {
  if (ref === 'default') return null;
  const file = resolve(cwd, ref);
  if (!(defaultTemplateNames as readonly string[]).includes(ref) && existsSync(file)) return { name: ref, body: readTemplateFile(file) };
  return loadTemplate(ref);
}

/** The channel `--for-kind` names, whose format, dialect and size limit the rendering takes. */
function forKindChannel(kind: string | undefined): Channel | undefined {
  if (kind === undefined) return undefined;
  const channel = channelFor(kind);
  if (!channel) throw new UsageError(`--for-kind: unknown kind "${kind}" (one of: ${targetKinds.join(', ')})`);
  return channel;
}

function printMessage(message: RenderedMessage, out: (t: string) => void): void {
  if (message.subject !== undefined) out(`Subject: ${message.subject}\n\n`);
  out(`${message.text}\n`);
  if (message.html !== undefined) out(`\n--- HTML ---\n${message.html}\n`);
}

export const commands: Command[] = [
  {
    path: ['render'],
    summary: 'Print what a template gives for an event (a reminder, or the agenda of its day)',
    usage:
      '--template NAME|FILE --event ICS [--uid U] [--at ISO] [--locale LL] [--tz ZONE] [--format chat|email|text] [--clock 12|24] [--kind reminder|agenda] [--late] [--max-length N] [--for-kind KIND]',
    help: `Options:
  --template T   a default by name (reminder.chat, reminder.text, reminder.email, agenda.chat,
                 agenda.text, agenda.email), "default" (the format's default), or a template file
  --event ICS    an .ics file (or URL) holding the event
  --uid U        which event (default: the first one found)
  --at ISO       use the first occurrence at or after this instant (default: now); minutes_until
                 counts from it
  --locale LL    language of dates and words (default en)
  --tz ZONE      the reader's zone (default UTC)
  --format F     chat (default), email (subject + text + HTML) or text
  --clock 12|24  the reader's clock (default: the locale's habit)
  --kind K       reminder (default) or agenda: the agenda of the occurrence's day, with every event
                 of the file on that day (implied by a template named agenda.*)
  --late         render as a reminder sent after its due time (late=true)
  --max-length N a chat's size limit: an agenda is split into numbered parts to stay under it
  --for-kind K   as a target of that kind gets it (slack, discord, teams…): its format, its
                 dialect (what is escaped, how herald's Markdown is written) and its size limit

The template is checked first; its problems are printed to stderr (the rendering still runs).

Example: herald render --template my-template.txt --event data/example-team.ics --locale fr --tz Europe/Zurich`,
    options: {
      template: { type: 'string' },
      event: { type: 'string' },
      uid: { type: 'string' },
      at: { type: 'string' },
      locale: { type: 'string' },
      tz: { type: 'string' },
      format: { type: 'string' },
      clock: { type: 'string' },
      kind: { type: 'string' },
      late: { type: 'boolean' },
      'max-length': { type: 'string' },
      'for-kind': { type: 'string' },
    },
    async run(args, io) {
      const target = forKindChannel(stringOpt(args, 'for-kind'));
      const format = (stringOpt(args, 'format') ?? target?.format ?? 'chat') as OutputFormat;
      const dialect = target?.dialect;
      if (!['chat', 'email', 'text'].includes(format)) throw new UsageError(`--format must be chat, email or text, got ${quoteInput(format)}`);
      const zone = requireZone(stringOpt(args, 'tz') ?? 'UTC');
      const locale = requireLocale(stringOpt(args, 'locale') ?? 'en');
      const clock = stringOpt(args, 'clock');
      if (clock !== undefined && clock !== '12' && clock !== '24') throw new UsageError(`--clock must be 12 or 24, got ${quoteInput(clock)}`);
      const maxText = stringOpt(args, 'max-length');
      const maxLength = maxText === undefined ? target?.maxLength : Number(maxText);
      if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength > 0))
        throw new UsageError(`--max-length must be a positive whole number, got ${quoteInput(maxText)}`);
      const ref = requireOpt(args, 'template');
      const kind = parseTemplateKind(stringOpt(args, 'kind') ?? (ref.startsWith('agenda') ? 'agenda' : 'reminder'));
      const template = readTemplateArgument(ref, io.cwd);
      if (template) {
        const problems = validateTemplate(template.body, { kind, format });
        if (problems.length > 0) io.err(`herald: ${formatProblems(template.name, problems)}\n`);
      }
      const atText = stringOpt(args, 'at');
      const atMs = atText === undefined ? systemClock.now() : parseInstant(atText, 'at');
      const eventRef = requireOpt(args, 'event');
      const cal = parseCalendar(await readCalendarArgument(eventRef, io.cwd));
      io.err(problemLines(cal.problems));
      const uid = stringOpt(args, 'uid');
      // Searched a year at a time so that a daily event does not expand five years of occurrences.
      let o;
      for (let year = 0; year < 5 && !o; year++) {
        const fromMs = atMs + year * 366 * dayMs;
        const { occurrences } = expandOccurrences(cal, { fromMs, toMs: fromMs + 366 * dayMs, defaultZone: zone });
        o = occurrences.filter((x) => x.startMs >= atMs && (uid === undefined || x.uid === uid)).sort((a, b) => a.startMs - b.startMs)[0];
      }
      if (!o) throw new UsageError(`no occurrence${uid ? ` of ${uid}` : ''} at or after ${new Date(atMs).toISOString()} in ${eventRef}`);
      const viewer = { zone, locale, hour12: clock === undefined ? null : clock === '12' };
      if (kind === 'reminder') {
        printMessage(
          renderReminder({
            template,
            occurrence: o,
            viewer,
            format,
            calendarName: cal.name ?? undefined,
            minutesUntil: Math.round((o.startMs - atMs) / 60_000),
            late: boolOpt(args, 'late'),
            dialect,
            maxLength,
          }),
          io.out,
        );
        return 0;
      }
      const day = o.allDay ? o.start : DateTime.fromMillis(o.startMs, { zone }).toISODate()!;
      const dayStart = DateTime.fromISO(day, { zone });
      const { occurrences } = expandOccurrences(cal, { fromMs: dayStart.toMillis(), toMs: dayStart.plus({ days: 1 }).toMillis(), defaultZone: zone });
      const parts = renderAgenda({
        template,
        occurrences: occurrences.filter((x) => !x.allDay || (x.start <= day && x.end > day)),
        viewer,
        format,
        periodStart: day,
        periodEnd: dayStart.plus({ days: 1 }).toISODate()!,
        weekly: false,
        calendarNames: cal.name ? [cal.name] : [],
        userName: 'you',
        unsubscribeUrl: format === 'email' ? 'https://herald.example/unsubscribe/PREVIEW' : null,
        dialect,
        maxLength,
      });
      parts.forEach((part, i) => {
        if (parts.length > 1) io.out(`${i > 0 ? '\n' : ''}--- message ${i + 1} of ${parts.length} ---\n`);
        printMessage(part, io.out);
      });
      return 0;
    },
  },
];
