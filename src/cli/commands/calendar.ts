import { secretKeyOf } from '../../daemon/server-keys.ts';
import { createLogger } from '../../core/log.ts';
import { addCalendar, removeCalendar } from '../../manage/calendars.ts';
import { namesById, requireCalendar, requireUser } from '../../manage/lookups.ts';
import { calendarView } from '../../manage/views.ts';
import { syncCalendar } from '../../schedule/sync.ts';
import { jsonOption, printRows, stringOpt, type Command } from '../command.ts';
import { UsageError } from '../../core/errors.ts';
import { removeCommand } from '../remove-command.ts';
import { addCalDavCalendars, caldavAddOptions } from './calendar-caldav.ts';
import { fieldsOf, manageContext, withStore } from '../store-access.ts';

export const commands: Command[] = [
  {
    path: ['calendar', 'add'],
    summary: 'Add an ICS calendar (a file or a URL) to a user',
    usage:
      'NAME --user U (--file PATH | --url URL | --caldav URL --username X (--password-env VAR|--password-file F) [--calendar NAME|--calendar-url URL|--all]) [--tz ZONE] [--alarms] [--alarm-target T[,T2]] [--poll SECONDS] [--allow-private]',
    help: `Options:
  --user U             owner of the calendar
  --file PATH          an .ics file on this machine (re-read when it changes)
  --url URL            an http(s) or webcal:// ICS feed (polled; ETag/Last-Modified honoured)
  --caldav URL         a CalDAV server or calendar URL (Nextcloud, Fastmail, iCloud, Radicale…);
                       with --calendar DISPLAY-NAME, --calendar-url URL or --all (one herald calendar each)
  --password-file F    read the password from file F (CalDAV; or --password-env, or a prompt)
  --username U         HTTP basic-auth user for the URL
  --password-env VAR   read the HTTP password from environment variable VAR (never type it on a command line)
  --tz ZONE            zone for floating times in this calendar (default: the feed's X-WR-TIMEZONE, else the user's)
  --alarms             honour the calendar's own VALARMs (sent to X-HERALD-TARGET or --alarm-target)
  --alarm-target T     default target(s) for alarms that name none
  --poll SECONDS       polling interval for a URL (default: the feed's REFRESH-INTERVAL, else 15 minutes)
  --allow-private      let the URL (and its redirects) reach loopback and private addresses, e.g. a
                       Nextcloud on your LAN (refused otherwise; HERALD_ALLOW_PRIVATE_CALENDARS=1 allows all)

Example: herald calendar add team --user alice --url https://example.com/team.ics --tz Europe/Zurich`,
    options: {
      user: { type: 'string' },
      file: { type: 'string' },
      url: { type: 'string' },
      username: { type: 'string' },
      'password-env': { type: 'string' },
      tz: { type: 'string' },
      alarms: { type: 'boolean' },
      'alarm-target': { type: 'string' },
      poll: { type: 'string' },
      'allow-private': { type: 'boolean' },
      ...caldavAddOptions,
    },
    positionals: [1, 1],
    async run(args, io) {
      if (stringOpt(args, 'caldav') !== undefined) {
        if (stringOpt(args, 'file') !== undefined || stringOpt(args, 'url') !== undefined) throw new UsageError('give one of --file, --url or --caldav');
        return addCalDavCalendars(args, io);
      }
      return withStore(io, (store) => {
        const cal = addCalendar(manageContext(io, store), fieldsOf(args, args.positionals[0]));
        const user = store.users.get(cal.userId)!;
        io.out(`added calendar ${cal.name} (${cal.kind}) for ${user.name}; it is read on the next sync (herald calendar sync ${cal.name})\n`);
        return 0;
      });
    },
  },
  {
    path: ['calendar', 'list'],
    summary: 'List calendars with their sync state and last error',
    usage: '[--user U] [--json]',
    options: { user: { type: 'string' }, ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        const userName = stringOpt(args, 'user');
        const names = namesById(store);
        const cals = store.calendars.list(userName === undefined ? undefined : requireUser(store, userName).id);
        printRows(
          io,
          args,
          cals.map((c) => calendarView(store, c, names)),
        );
        return 0;
      });
    },
  },
  removeCommand('calendar', 'Remove a calendar (its pending reminders are cancelled)', removeCalendar),
  {
    path: ['calendar', 'sync'],
    summary: 'Read calendars now (all, or the one named) and report what was found',
    usage: '[NAME] [--json]',
    options: { ...jsonOption },
    positionals: [0, 1],
    async run(args, io) {
      return withStore(io, async (store, clock) => {
        const only = args.positionals[0];
        const cals = only === undefined ? store.calendars.list() : [requireCalendar(store, only)];
        const logger = createLogger({ level: 'warn', write: (l) => io.err(`${l}\n`) });
        let failed = 0;
        const rows: Record<string, unknown>[] = [];
        for (const cal of cals) {
          const result = await syncCalendar(store, cal, {
            clock,
            logger,
            force: true,
            allowPrivateCalendars: io.config.allowPrivateCalendars,
            secretKey: () => secretKeyOf(io.config),
          });
          if (!result.ok) failed++;
          rows.push({
            name: cal.name,
            ok: result.ok,
            changed: result.ok ? result.changed : false,
            events: result.ok ? result.eventCount : null,
            problems: result.ok ? result.problems : null,
            error: result.ok ? null : result.error,
          });
        }
        printRows(io, args, rows);
        return failed > 0 ? 1 : 0;
      });
    },
  },
];
