import { sealSecret } from '../../core/secret-box.ts';
import { secretKeyOf } from '../../daemon/server-keys.ts';
/**
 * `calendar add … --caldav URL` and `calendar discover`: an account's calendars found from a server
 * or calendar URL, added one (by display name or URL) or all. The password never comes from the
 * command line: an environment variable, a file, or typed at a terminal prompt.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { systemClock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { maskUrl, registerSecret } from '../../core/mask.ts';
import { quoteInput } from '../../core/quote.ts';
import { discoverCalendars, type CalDavCollection } from '../../sources/caldav/discover.ts';
import type { Store } from '../../store/index.ts';
import { boolOpt, intOpt, printRows, requireOpt, stringOpt, type CliIO, type Command, type ParsedArgs } from '../command.ts';
import { requireUser } from '../../manage/lookups.ts';
import { requireName } from '../../manage/checks.ts';
import { withStore } from '../store-access.ts';

export const caldavAddOptions = {
  caldav: { type: 'string' },
  'password-file': { type: 'string' },
  calendar: { type: 'string' },
  'calendar-url': { type: 'string' },
  all: { type: 'boolean' },
} as const;

async function promptPassword(): Promise<string> {
  // Nothing is echoed while the password is typed.
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write('CalDAV password: ');
  const answer = await rl.question('');
  rl.close();
  process.stderr.write('\n');
  return answer;
}

/** The account's password: --password-env VAR, --password-file F, or a prompt on a terminal. */
export async function caldavPassword(args: ParsedArgs, io: CliIO): Promise<string> {
  const env = stringOpt(args, 'password-env');
  const file = stringOpt(args, 'password-file');
  if (env !== undefined && file !== undefined) throw new UsageError('give --password-env or --password-file, not both');
  let password: string | undefined;
  if (env !== undefined) {
    password = io.env[env];
    if (!password) throw new UsageError(`--password-env: environment variable ${env} is not set`);
  } else if (file !== undefined) {
    try {
      password = readFileSync(resolve(io.cwd, file), 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new UsageError(`--password-file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else if (process.stdin.isTTY) password = await promptPassword();
  else throw new UsageError('CalDAV needs a password: --password-env VAR or --password-file F (never on the command line)');
  registerSecret(password);
  return password;
}

function serverUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--caldav: ${quoteInput(maskUrl(raw))} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--caldav: use an http or https URL, not ${quoteInput(url.protocol)}`);
  return url.href;
}

async function discover(args: ParsedArgs, io: CliIO, url: string): Promise<{ calendars: CalDavCollection[]; username: string | null; password: string }> {
  // Without a user name the secret goes as a Bearer token.
  const username = stringOpt(args, 'username') ?? null;
  const password = await caldavPassword(args, io);
  const allowPrivate = boolOpt(args, 'allow-private') || io.config.allowPrivateCalendars;
  const calendars = await discoverCalendars({ username, password, allowPrivate }, url, systemClock.now());
  return { calendars, username, password };
}

/** `calendar add NAME --caldav URL …`: one calendar (the URL's, or --calendar / --calendar-url), or --all. */
export async function addCalDavCalendars(args: ParsedArgs, io: CliIO): Promise<number> {
  const name = requireName(args.positionals[0]!, 'calendar');
  const url = serverUrl(stringOpt(args, 'caldav')!);
  const wantedName = stringOpt(args, 'calendar');
  const wantedUrl = stringOpt(args, 'calendar-url');
  const all = boolOpt(args, 'all');
  if ([wantedName !== undefined, wantedUrl !== undefined, all].filter(Boolean).length > 1)
    throw new UsageError('give one of --calendar, --calendar-url or --all');
  const poll = intOpt(args, 'poll', 60);
  const found = await discover(args, io, wantedUrl === undefined ? url : serverUrl(wantedUrl));
  let chosen = found.calendars;
  if (wantedName !== undefined) chosen = chosen.filter((c) => c.displayName === wantedName);
  if (chosen.length === 0) {
    const names = found.calendars.map((c) => c.displayName).join(', ') || 'none';
    throw new UsageError(
      wantedName === undefined
        ? `--caldav: no event calendar found there`
        : `--calendar: no calendar named ${quoteInput(wantedName)}; the account has: ${names}`,
    );
  }
  if (chosen.length > 1 && !all) {
    throw new UsageError(
      `--caldav: the account has ${chosen.length} calendars (${chosen.map((c) => c.displayName).join(', ')}); pick one with --calendar NAME, or --all`,
    );
  }
  return withStore(io, (store: Store) => {
    const user = requireUser(store, requireOpt(args, 'user'));
    for (const c of chosen) {
      // With --all each calendar is named after its display name (NAME is the prefix when several share one).
      const calendarName = all ? requireName(chosen.length === 1 ? name : `${name}-${c.displayName.replace(/[^\w.-]+/g, '-')}`, 'calendar') : name;
      store.calendars.add({
        userId: user.id,
        name: calendarName,
        kind: 'caldav',
        location: c.url,
        username: found.username,
        // Stored sealed: a copy of the database without its key does not reveal it.
        password: sealSecret(secretKeyOf(io.config), found.password),
        pollSeconds: poll ?? null,
        allowPrivate: boolOpt(args, 'allow-private'),
        honourAlarms: boolOpt(args, 'alarms'),
        defaultTz: stringOpt(args, 'tz') ?? null,
      });
      io.out(`added calendar ${calendarName} (caldav: ${c.displayName}) for ${user.name}; it is read on the next sync\n`);
    }
    return 0;
  });
}

export const commands: Command[] = [
  {
    path: ['calendar', 'discover'],
    summary: 'List the calendars a CalDAV account offers (nothing is added)',
    usage: '--caldav URL [--username X] (--password-env VAR | --password-file F) [--allow-private] [--json]',
    options: {
      caldav: { type: 'string' },
      username: { type: 'string' },
      'password-env': { type: 'string' },
      'password-file': { type: 'string' },
      'allow-private': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(args, io) {
      const { calendars } = await discover(args, io, serverUrl(requireOpt(args, 'caldav')));
      printRows(
        io,
        args,
        calendars.map((c) => ({
          name: c.displayName,
          url: maskUrl(c.url),
          color: c.color,
          components: c.components.join(','),
          sync_token: c.syncToken !== null,
        })),
      );
      return 0;
    },
  },
];
