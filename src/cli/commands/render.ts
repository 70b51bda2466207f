import { systemClock } from '../../core/clock.ts';
import { readFileSync, existsSync } from 'node:fs';
import { expandOccurrences } from '../../calendar/expand.ts';
import { parseCalendar } from '../../calendar/parse.ts';
import { UsageError } from '../../core/errors.ts';
import { loadTemplate, renderReminder, type OutputFormat } from '../../render/index.ts';
import { parseInstant, requireOpt, stringOpt, type Command } from '../command.ts';
import { requireLocale, requireZone } from '../context.ts';
import { readCalendarArgument } from './occurrences.ts';

export const commands: Command[] = [
  {
    path: ['render'],
    summary: 'Print what a reminder template gives for an event',
    usage: '--template NAME|FILE --event ICS [--uid U] [--at ISO] [--locale LL] [--tz ZONE] [--format chat|email|text] [--clock 12|24]',
    help: `Options:
  --template T   a file in templates/ by name (reminder.chat, reminder.text…), a file path, or "default"
  --event ICS    an .ics file (or URL) holding the event
  --uid U        which event (default: the first one found)
  --at ISO       use the first occurrence at or after this instant (default: now)
  --locale LL    language of dates and words (default en)
  --tz ZONE      the reader's zone (default UTC)
  --format F     chat (default), email (subject + text + HTML) or text

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
    },
    async run(args, io) {
      const format = (stringOpt(args, 'format') ?? 'chat') as OutputFormat;
      if (!['chat', 'email', 'text'].includes(format)) throw new UsageError(`--format must be chat, email or text, got "${format}"`);
      const zone = requireZone(stringOpt(args, 'tz') ?? 'UTC');
      const locale = requireLocale(stringOpt(args, 'locale') ?? 'en');
      const clock = stringOpt(args, 'clock');
      const ref = requireOpt(args, 'template');
      const template = ref === 'default' ? null : existsSync(ref) ? { name: ref, body: readFileSync(ref, 'utf8') } : loadTemplate(ref);
      const atMs = stringOpt(args, 'at') === undefined ? systemClock.now() : parseInstant(stringOpt(args, 'at')!, 'at');
      const cal = parseCalendar(await readCalendarArgument(requireOpt(args, 'event'), io.cwd));
      const uid = stringOpt(args, 'uid');
      const { occurrences } = expandOccurrences(cal, { fromMs: atMs, toMs: atMs + 5 * 366 * 86_400_000, defaultZone: zone });
      const o = occurrences.find((x) => x.startMs >= atMs && (uid === undefined || x.uid === uid));
      if (!o) throw new UsageError(`no occurrence${uid ? ` of ${uid}` : ''} at or after ${new Date(atMs).toISOString()} in ${requireOpt(args, 'event')}`);
      const message = renderReminder({
        template,
        occurrence: o,
        viewer: { zone, locale, hour12: clock === undefined ? null : clock === '12' },
        format,
        minutesUntil: Math.max(0, Math.round((o.startMs - atMs) / 60_000)),
        late: false,
      });
      if (message.subject) io.out(`Subject: ${message.subject}\n\n`);
      io.out(`${message.text}\n`);
      if (message.html) io.out(`\n--- HTML ---\n${message.html}\n`);
      return 0;
    },
  },
];
