import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { systemClock, type Clock } from '../core/clock.ts';
import { UsageError } from '../core/errors.ts';
import { registerSecret } from '../core/mask.ts';
import { openStore, type Store } from '../store/index.ts';
import type { CliIO, Command } from './command.ts';

export function databasePath(io: CliIO): string {
  return resolve(io.cwd, io.env.HERALD_DB || 'data/herald.db');
}

/** The data folder: beside the database (example calendar, runtime files). */
export function dataDir(io: CliIO): string {
  return resolve(io.cwd, io.env.HERALD_DATA_DIR || 'data');
}

/**
 * Opens the store for one command and closes it afterwards, whatever happens. Every stored secret
 * is registered for redaction first, so no error message can print one.
 */
export async function withStore<T>(io: CliIO, fn: (store: Store, clock: Clock) => Promise<T> | T, clock: Clock = systemClock): Promise<T> {
  const store = openStore(databasePath(io), () => clock.now());
  try {
    registerStoredSecrets(store);
    return await fn(store, clock);
  } finally {
    store.close();
  }
}

export function registerStoredSecrets(store: Store): void {
  for (const t of store.targets.list()) registerSecret(t.url);
  for (const c of store.calendars.list()) {
    registerSecret(c.password);
    if (c.kind !== 'file') registerSecret(c.location);
  }
}

export function requireZone(zone: string, flag = 'tz'): string {
  if (!IANAZone.isValidZone(zone)) throw new UsageError(`--${flag}: unknown time zone "${zone}" (use an IANA name like Europe/Zurich)`);
  return zone;
}

export function requireLocale(locale: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(locale)) throw new UsageError(`--locale: "${locale}" is not a language tag like en, fr or de-CH`);
  return locale;
}

export function requireUser(store: Store, name: string) {
  const u = store.users.byName(name);
  if (!u) throw new UsageError(`unknown user "${name}" (see: herald user list)`);
  return u;
}

export function requireCalendar(store: Store, name: string) {
  const c = store.calendars.byName(name);
  if (!c) throw new UsageError(`unknown calendar "${name}" (see: herald calendar list)`);
  return c;
}

/** id → name of users, calendars and targets, for listings that show names instead of ids. */
export function namesById(store: Store) {
  const names = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return { users: names(store.users.list()), calendars: names(store.calendars.list()), targets: names(store.targets.list()) };
}

export function requireDigest(store: Store, name: string) {
  const d = store.digests.byName(name);
  if (!d) throw new UsageError(`unknown digest "${name}" (see: herald digest list)`);
  return d;
}

/** `herald <noun> rm NAME`: find it (a UsageError names what is unknown), remove it, say so. */
export function removeCommand<T extends { name: string }>(noun: string, summary: string, find: (store: Store, name: string) => T, remove: (store: Store, item: T) => void): Command {
  return {
    path: [noun, 'rm'],
    summary,
    usage: 'NAME',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const item = find(store, args.positionals[0]!);
        remove(store, item);
        io.out(`removed ${noun} ${item.name}\n`);
        return 0;
      });
    },
  };
}

export function requireTarget(store: Store, name: string) {
  const t = store.targets.byName(name);
  if (!t) throw new UsageError(`unknown target "${name}" (see: herald target list)`);
  return t;
}

/** Names are typed on command lines and appear in URLs: keep them simple. */
export function requireName(name: string, what: string): string {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u.test(name)) {
    throw new UsageError(`bad ${what} name "${name}": use letters, digits, '.', '_', '-' or '@' (at most 64)`);
  }
  return name;
}
