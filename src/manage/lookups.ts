/** Finding what a change names (a user, calendar, target, digest, rule): unknown is an InputError "not found" that says where to look. */
import { InputError } from '../core/errors.ts';
import { quoteInput } from '../core/quote.ts';
import type { Store } from '../store/index.ts';

const unknown = (what: string, name: string, field: string, list: string) =>
  new InputError(`unknown ${what} ${quoteInput(name)} (see: herald ${list} list)`, { field, problem: 'not_found' });

export function requireUser(store: Store, name: string, field = 'user') {
  const u = store.users.byName(name);
  if (!u) throw unknown('user', name, field, 'user');
  return u;
}

export function requireCalendar(store: Store, name: string, field = 'calendar') {
  const c = store.calendars.byName(name);
  if (!c) throw unknown('calendar', name, field, 'calendar');
  return c;
}

export function requireTarget(store: Store, name: string, field = 'target') {
  const t = store.targets.byName(name);
  if (!t) throw unknown('target', name, field, 'target');
  return t;
}

export function requireDigest(store: Store, name: string, field = 'digest') {
  const d = store.digests.byName(name);
  if (!d) throw unknown('digest', name, field, 'digest');
  return d;
}

export function requireRule(store: Store, idText: string) {
  const id = Number(idText);
  const rule = Number.isInteger(id) ? store.rules.get(id) : undefined;
  if (!rule) throw new InputError(`no reminder rule ${quoteInput(idText)} (see: herald reminder list)`, { field: 'id', problem: 'not_found' });
  return rule;
}

/**
 * The one ownership check (reminder add, digest add, calendar add): what a user's rule, agenda or
 * calendar reads from or sends to must be that user's own, never another user's channel.
 */
export function requireOwned<T extends { name: string; userId: number }>(user: { id: number; name: string }, items: T[], what: string): T[] {
  for (const item of items) {
    if (item.userId !== user.id)
      throw new InputError(`${what} ${quoteInput(item.name)} belongs to another user than ${quoteInput(user.name)}`, { field: what });
  }
  return items;
}

/** Targets a change names, each known and owned by `user`; `field` is the flag that named them. */
export function requireOwnTargets(store: Store, user: { id: number; name: string }, names: string[], field = 'target') {
  return requireOwned(
    user,
    names.map((n) => requireTarget(store, n, field)),
    'target',
  );
}

/** id → name of users, calendars and targets, for listings that show names instead of ids. */
export function namesById(store: Store) {
  const names = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return { users: names(store.users.list()), calendars: names(store.calendars.list()), targets: names(store.targets.list()) };
}
