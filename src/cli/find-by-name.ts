/** Finding what a command names (a user, calendar, target, digest), with a UsageError that says where to look. */
import { quoteInput } from '../core/quote.ts';
import type { Store } from '../store/index.ts';
import { UsageError } from '../core/errors.ts';
import type { Command } from './command.ts';
import { withStore } from './store-access.ts';

export function requireUser(store: Store, name: string) {
  const u = store.users.byName(name);
  if (!u) throw new UsageError(`unknown user ${quoteInput(name)} (see: herald user list)`);
  return u;
}

export function requireCalendar(store: Store, name: string) {
  const c = store.calendars.byName(name);
  if (!c) throw new UsageError(`unknown calendar ${quoteInput(name)} (see: herald calendar list)`);
  return c;
}

export function requireTarget(store: Store, name: string) {
  const t = store.targets.byName(name);
  if (!t) throw new UsageError(`unknown target ${quoteInput(name)} (see: herald target list)`);
  return t;
}

export function requireDigest(store: Store, name: string) {
  const d = store.digests.byName(name);
  if (!d) throw new UsageError(`unknown digest ${quoteInput(name)} (see: herald digest list)`);
  return d;
}

/**
 * The one ownership check (reminder add, digest add, calendar add): what a user's rule, agenda or
 * calendar reads from or sends to must be that user's own, never another user's channel.
 */
export function requireOwned<T extends { name: string; userId: number }>(user: { id: number; name: string }, items: T[], what: string): T[] {
  for (const item of items) {
    if (item.userId !== user.id) throw new UsageError(`${what} ${quoteInput(item.name)} belongs to another user than ${quoteInput(user.name)}`);
  }
  return items;
}

/** Targets named on a command line, each known and owned by `user`. */
export function requireOwnTargets(store: Store, user: { id: number; name: string }, names: string[]) {
  return requireOwned(
    user,
    names.map((n) => requireTarget(store, n)),
    'target',
  );
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
