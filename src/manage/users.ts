/** Adding, changing and removing users: the checks and the store calls behind `herald user …` and /api/v1/users. */
import { quoteInput } from '../core/quote.ts';
import type { User } from '../store/index.ts';
import { requireEmail, requireLocale, requireName, requireZone } from './checks.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, flagField, intField, requiredField, textField, type Fields } from './fields.ts';
import { requireUser } from './lookups.ts';
import { applyNewLimit, planLimits } from './quotas.ts';

export { maxTargetsFor, planLimits } from './quotas.ts';

function clockOf(f: Fields, allowAuto: boolean): boolean | null | undefined {
  const clock = textField(f, 'clock');
  if (clock === undefined) return undefined;
  if (clock === '12' || clock === '24') return clock === '12';
  if (allowAuto && clock === 'auto') return null;
  throw bad('clock', `--clock must be 12${allowAuto ? ', 24 or auto' : ' or 24'}, got ${quoteInput(clock)}`);
}

function maxTargetsOf(f: Fields): number | null | undefined {
  const plan = textField(f, 'plan');
  if (plan !== undefined && !(plan in planLimits)) throw bad('plan', `--plan must be free, standard or business, got ${quoteInput(plan)}`);
  return plan !== undefined ? planLimits[plan] : intField(f, 'max-targets', 0);
}

/** Fields: name, tz, email, locale, clock (12|24), plan or max-targets. */
export function addUser(ctx: ManageContext, f: Fields): User {
  const name = requireName(requiredField(f, 'name'), 'user');
  const tz = requireZone(requiredField(f, 'tz'));
  const locale = requireLocale(textField(f, 'locale') ?? 'en');
  const email = textField(f, 'email');
  if (email !== undefined) requireEmail(email);
  const hour12 = clockOf(f, false);
  const maxTargets = maxTargetsOf(f);
  return audited(
    ctx,
    'add',
    'user',
    () => ctx.store.users.add({ name, tz, locale, email: email ?? null, hour12: hour12 ?? null, maxTargets: maxTargets ?? null }),
    (u) => u.name,
  );
}

/**
 * Fields as for add (clock may be auto), chat-id ("" unlinks), and force (a plan under the webhooks
 * the user has on: the newest extra ones are disabled instead of the change refused); only those
 * given change. `disabled` names what force switched off.
 */
export function updateUser(ctx: ManageContext, name: string, f: Fields): User & { disabled: string[] } {
  const tz = textField(f, 'tz');
  if (tz !== undefined) requireZone(tz);
  const locale = textField(f, 'locale');
  if (locale !== undefined) requireLocale(locale);
  const email = textField(f, 'email');
  if (email !== undefined) requireEmail(email);
  const hour12 = clockOf(f, true);
  const maxTargets = maxTargetsOf(f);
  // The chat service's user id, for slash commands ("" unlinks).
  const chatId = textField(f, 'chat-id');
  if (chatId !== undefined && !/^[^\s]{0,128}$/.test(chatId))
    throw bad('chat-id', "--chat-id must be the chat service's user id: up to 128 characters, no spaces");
  const u = requireUser(ctx.store, name, 'name');
  if ([tz, locale, email, hour12, maxTargets, chatId].every((v) => v === undefined)) throw bad('name', 'nothing to change (see: herald user set --help)');
  let disabled: string[] = [];
  // One transaction: a chat id already taken, or a plan refused, leaves the user as it was.
  const updated = audited(
    ctx,
    'update',
    'user',
    () => {
      if (maxTargets !== undefined) disabled = applyNewLimit(ctx.store, u, maxTargets, flagField(f, 'force'));
      ctx.store.users.update(u.id, {
        ...(tz !== undefined ? { tz } : {}),
        ...(locale !== undefined ? { locale } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(hour12 !== undefined ? { hour12 } : {}),
        ...(maxTargets !== undefined ? { maxTargets } : {}),
      });
      if (chatId !== undefined) ctx.store.users.setChatId(u.id, chatId === '' ? null : chatId);
      return ctx.store.users.get(u.id)!;
    },
    (x) => x.name,
  );
  return { ...updated, disabled };
}

export function removeUser(ctx: ManageContext, name: string): User {
  const u = requireUser(ctx.store, name, 'name');
  return audited(
    ctx,
    'remove',
    'user',
    () => (ctx.store.users.remove(u.id), u),
    (x) => x.name,
  );
}
