import { secretKeyOf } from '../../daemon/server-keys.ts';
import { CalendarCache } from '../../calendar/cache.ts';
import { UsageError } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import { renderAgenda } from '../../render/index.ts';
import { gatherAgenda } from '../../schedule/agenda.ts';
import { addDays } from '../../schedule/local-time.ts';
import { syncCalendar } from '../../schedule/sync.ts';
import { boolOpt, jsonOption, stringOpt, type Command } from '../command.ts';
import { requireUser } from '../../manage/lookups.ts';
import { withStore } from '../store-access.ts';
import { parseDay } from './digest.ts';

export const commands: Command[] = [
  {
    path: ['agenda'],
    summary: "Print a user's agenda for a day, as a digest sends it",
    usage: '[--user U] [--date YYYY-MM-DD|today|tomorrow] [--week] [--json]',
    options: { user: { type: 'string' }, date: { type: 'string' }, week: { type: 'boolean' }, ...jsonOption },
    async run(args, io) {
      return withStore(io, async (store, clock) => {
        const userName = stringOpt(args, 'user');
        const users = store.users.list();
        if (userName === undefined && users.length !== 1)
          throw new UsageError(users.length === 0 ? 'there are no users yet (herald user add)' : `--user is needed: ${users.map((u) => u.name).join(', ')}`);
        const user = userName === undefined ? users[0]! : requireUser(store, userName);
        const day = parseDay(stringOpt(args, 'date'), user.tz, clock.now());
        const logger = createLogger({ level: 'warn', write: (l) => io.err(`${l}\n`) });
        for (const cal of store.calendars.list(user.id))
          if (!cal.contentHash)
            await syncCalendar(store, cal, {
              clock,
              logger,
              force: true,
              allowPrivateCalendars: io.config.allowPrivateCalendars,
              secretKey: () => secretKeyOf(io.config),
            });
        const calendars = store.calendars.list(user.id);
        const weekly = boolOpt(args, 'week');
        const periodEnd = addDays(day, weekly ? 7 : 1);
        const events = gatherAgenda(store, new CalendarCache(), { user, calendars, periodStart: day, periodEnd, includeRecurring: true });
        if (boolOpt(args, 'json')) {
          for (const o of events) {
            io.out(
              `${JSON.stringify({ uid: o.uid, recurrence_id: o.recurrenceId, start: o.start, end: o.end, all_day: o.allDay, summary: o.summary, location: o.location, meeting_url: o.meetingUrl })}\n`,
            );
          }
          return 0;
        }
        const [message] = renderAgenda({
          template: null,
          occurrences: events,
          viewer: { zone: user.tz, locale: user.locale, hour12: user.hour12 },
          format: 'text',
          periodStart: day,
          periodEnd,
          weekly,
          calendarNames: calendars.map((c) => c.name),
          userName: user.name,
          unsubscribeUrl: null,
        });
        io.out(`${message!.text}\n`);
        return 0;
      });
    },
  },
];
