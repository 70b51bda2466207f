import { quoteInput } from '../../core/quote.ts';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { maskUrl } from '../../core/mask.ts';
import { createLogger } from '../../core/log.ts';
import { planningCapsOf, type PlanningCap } from '../../schedule/limits.ts';
import { syncCalendar } from '../../schedule/sync.ts';
import { boolOpt, jsonOption, listOpt, printRows, requireOpt, stringOpt, intOpt, type Command } from '../command.ts';
import { removeCommand, requireCalendar, requireOwnTargets, requireUser } from '../find-by-name.ts';
import { requireName, requireZone } from '../input-checks.ts';
import { withStore } from '../store-access.ts';
import { addCalDavCalendars, caldavAddOptions } from './calendar-caldav.ts';

/** Checks a calendar URL and turns webcal:// into https:// (webcal is only a hint to open a calendar app). */
export function normaliseCalendarUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url: ${quoteInput(maskUrl(raw))} is not a URL`);
  }
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') url = new URL(`https:${raw.slice(url.protocol.length)}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url: use http, https or webcal, not ${quoteInput(url.protocol)}`);
  return url.toString();
}

/** A calendar's planning caps, as `calendar list` shows them. */
function planningWarning(caps: PlanningCap[]): string | null {
  if (caps.length === 0) return null;
  return caps.map((c) => `${c.scope}: ${c.wanted} deliveries wanted, only the earliest ${c.kept} planned`).join('; ');
}

const when = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000', ''));

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
      const name = requireName(args.positionals[0]!, 'calendar');
      const file = stringOpt(args, 'file');
      const url = stringOpt(args, 'url');
      if ((file === undefined) === (url === undefined)) throw new UsageError('give exactly one of --file PATH, --url URL or --caldav URL');
      let location: string;
      if (file !== undefined) {
        location = resolve(io.cwd, file);
        if (!existsSync(location) || !statSync(location).isFile()) throw new UsageError(`--file: no such file ${location}`);
      } else location = normaliseCalendarUrl(url!);
      const tz = stringOpt(args, 'tz');
      if (tz !== undefined) requireZone(tz);
      const passwordEnv = stringOpt(args, 'password-env');
      const password = passwordEnv === undefined ? null : io.env[passwordEnv];
      if (passwordEnv !== undefined && !password) throw new UsageError(`--password-env: environment variable ${passwordEnv} is not set`);
      const poll = intOpt(args, 'poll', 60);
      return withStore(io, (store) => {
        const user = requireUser(store, requireOpt(args, 'user'));
        const alarmTargetIds = requireOwnTargets(store, user, listOpt(args, 'alarm-target')).map((t) => t.id);
        const cal = store.calendars.add({
          userId: user.id,
          name,
          kind: file !== undefined ? 'file' : 'url',
          location,
          username: stringOpt(args, 'username') ?? null,
          password: password ?? null,
          defaultTz: tz ?? null,
          honourAlarms: boolOpt(args, 'alarms'),
          pollSeconds: poll ?? null,
          allowPrivate: boolOpt(args, 'allow-private'),
          alarmTargetIds,
        });
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
        const users = new Map(store.users.list().map((u) => [u.id, u.name]));
        const cals = store.calendars.list(userName === undefined ? undefined : requireUser(store, userName).id);
        printRows(
          io,
          args,
          cals.map((c) => ({
            name: c.name,
            user: users.get(c.userId) ?? null,
            kind: c.kind,
            location: c.kind === 'file' ? c.location : maskUrl(c.location),
            tz: c.defaultTz,
            alarms: c.honourAlarms,
            private: c.allowPrivate,
            last_sync: when(c.lastSyncAt),
            last_success: when(c.lastSuccessAt),
            next_sync: when(c.nextSyncAt),
            error: c.lastError,
            warning: planningWarning(planningCapsOf(store, c.id)),
          })),
        );
        return 0;
      });
    },
  },
  removeCommand('calendar', 'Remove a calendar (its pending reminders are cancelled)', requireCalendar, (store, c) => store.calendars.remove(c.id)),
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
          const result = await syncCalendar(store, cal, { clock, logger, force: true, allowPrivateCalendars: io.config.allowPrivateCalendars });
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
