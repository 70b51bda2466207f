/** Finding what a command names (a user, calendar, target, digest), with a UsageError that says where to look. */
import type { Store } from '../store/index.ts';
import { UsageError } from '../core/errors.ts';
import type { Command } from './command.ts';
import { withStore } from './store-access.ts';

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

export function requireTarget(store: Store, name: string) {
  const t = store.targets.byName(name);
  if (!t) throw new UsageError(`unknown target "${name}" (see: herald target list)`);
  return t;
}

export function requireDigest(store: Store, name: string) {
  const d = store.digests.byName(name);
  if (!d) throw new UsageError(`unknown digest "${name}" (see: herald digest list)`);
  return d;
}

/** id → name of users, calendars and targets, for listings that show names instead of ids. */
export function namesById(store: Store) {
  const names = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return { users: names(store.users.list()), calendars: names(store.calendars.list()), targets: names(store.targets.list()) };
}

/** `herald <noun> rm NAME`: find it (a UsageError names what is unknown), remove it, say so. */
export function removeCommand<T extends { name: string }>(
  noun: string,
  summary: string,
  find: (store: Store, name: string) => T,
  remove: (store: Store, item: T) => void,
): Command {
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
