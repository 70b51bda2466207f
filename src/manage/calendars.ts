/** Adding and removing calendars: behind `herald calendar add|rm` and /api/v1/calendars. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { maskUrl } from '../core/mask.ts';
import { quoteInput } from '../core/quote.ts';
import type { Calendar } from '../store/index.ts';
import { requireName, requireZone } from './checks.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, flagField, intField, listField, requiredField, textField, type Fields } from './fields.ts';
import { requireCalendar, requireOwnTargets, requireUser } from './lookups.ts';

/** Checks a calendar URL and turns webcal:// into https:// (webcal is only a hint to open a calendar app). */
export function normaliseCalendarUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('url', `--url: ${quoteInput(maskUrl(raw))} is not a URL`);
  }
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') url = new URL(`https:${raw.slice(url.protocol.length)}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('url', `--url: use http, https or webcal, not ${quoteInput(url.protocol)}`);
  return url.toString();
}

function locationOf(ctx: ManageContext, f: Fields): { kind: 'file' | 'url'; location: string } {
  const file = textField(f, 'file');
  const url = textField(f, 'url');
  if ((file === undefined) === (url === undefined)) throw bad('url', 'give exactly one of --file PATH, --url URL or --caldav URL');
  if (url !== undefined) return { kind: 'url', location: normaliseCalendarUrl(url) };
  if (ctx.cwd === null && !isAbsolute(file!)) throw bad('file', '--file: give an absolute path on the server');
  const location = resolve(ctx.cwd ?? '/', file!);
  if (!existsSync(location) || !statSync(location).isFile()) throw bad('file', `--file: no such file ${location}`);
  return { kind: 'file', location };
}

/**
 * The HTTP password: from the variable `password-env` names (the CLI: never typed on a command
 * line), or as `password` itself (the API: sent in the body, stored sealed, never answered).
 */
function passwordOf(ctx: ManageContext, f: Fields): string | null {
  const passwordEnv = textField(f, 'password-env');
  const given = textField(f, 'password');
  if (passwordEnv !== undefined && given !== undefined) throw bad('password', 'give --password-env or a password, not both');
  if (given !== undefined) return given === '' ? null : given;
  if (passwordEnv === undefined) return null;
  const password = ctx.env?.[passwordEnv];
  if (!password) throw bad('password-env', `--password-env: environment variable ${passwordEnv} is not set`);
  return password;
}

/** Fields: name, user, file | url, username, password-env | password, tz, alarms, alarm-target, poll, allow-private. */
export function addCalendar(ctx: ManageContext, f: Fields): Calendar {
  const name = requireName(requiredField(f, 'name'), 'calendar');
  const { kind, location } = locationOf(ctx, f);
  const tz = textField(f, 'tz');
  if (tz !== undefined) requireZone(tz);
  const password = passwordOf(ctx, f);
  const poll = intField(f, 'poll', 60);
  const user = requireUser(ctx.store, requiredField(f, 'user'));
  const alarmTargetIds = requireOwnTargets(ctx.store, user, listField(f, 'alarm-target'), 'alarm-target').map((t) => t.id);
  const input = {
    userId: user.id,
    name,
    kind,
    location,
    username: textField(f, 'username') ?? null,
    // Stored sealed: a copy of the database without its key does not reveal it.
    password: password === null ? null : ctx.seal(password),
    defaultTz: tz ?? null,
    honourAlarms: flagField(f, 'alarms'),
    pollSeconds: poll ?? null,
    allowPrivate: flagField(f, 'allow-private'),
    alarmTargetIds,
  };
  return audited(
    ctx,
    'add',
    'calendar',
    () => ctx.store.calendars.add(input),
    (c) => c.name,
  );
}

/** Removes the calendar (its pending reminders are cancelled by the store). */
export function removeCalendar(ctx: ManageContext, name: string): Calendar {
  const c = requireCalendar(ctx.store, name, 'name');
  return audited(
    ctx,
    'remove',
    'calendar',
    () => (ctx.store.calendars.remove(c.id), c),
    (x) => x.name,
  );
}
