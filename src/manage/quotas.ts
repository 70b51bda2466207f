/**
 * Plans and quotas (issue 12): a plan bounds how many chat webhooks a user has switched on, as
 * Infomaniak's plans do — free 1, standard 20, business unlimited. Console and email targets are
 * not webhooks and never count; disabled targets do not count either (they are not delivered to).
 */
import { InputError } from '../core/errors.ts';
import type { Store, Target, User } from '../store/index.ts';

/** The seed's plans: how many chat webhooks a user may have on. */
export const planLimits: Record<string, number | null> = { free: 1, standard: 20, business: null };

/** Whether a target counts against its user's quota: every chat webhook, not `console:` or mail. */
export const countsAgainstQuota = (t: Pick<Target, 'kind'>): boolean => t.kind !== 'console' && t.kind !== 'email';

/** A user's own limit (`--plan` or `--max-targets` on `herald user add/set`), else the admin's default (settings key default-max-targets, or HERALD_DEFAULT_MAX_TARGETS), else none. */
export function maxTargetsFor(store: Store, user: User, defaultMaxTargets: number | null): number | null {
  if (user.maxTargets !== null) return user.maxTargets;
  const stored = store.settings.get<number | null>('default-max-targets', null);
  if (stored !== null) return stored;
  return defaultMaxTargets;
}

/** The user's chat webhooks that are on, oldest first. */
export function activeWebhooks(store: Store, userId: number): Target[] {
  return store.targets
    .list(userId)
    .filter((t) => t.enabled && countsAgainstQuota(t))
    .sort((a, b) => a.id - b.id);
}

const webhooks = (n: number) => `${n} chat webhook${n === 1 ? '' : 's'}`;

/** "the free plan allows 1", or "their limit allows 5" for a limit that is no plan's. */
export function limitText(limit: number): string {
  const plan = Object.entries(planLimits).find(([, n]) => n === limit)?.[0];
  return `${plan ? `the ${plan} plan` : 'their limit'} allows ${limit}`;
}

/** Refuses one more webhook switched on (a new one, or one enabled again) over the user's quota. */
export function checkRoomForWebhook(store: Store, user: User, defaultMaxTargets: number | null): void {
  const limit = maxTargetsFor(store, user, defaultMaxTargets);
  if (limit === null) return;
  const active = activeWebhooks(store, user.id);
  if (active.length < limit) return;
  throw new InputError(
    `user "${user.name}" already has ${webhooks(active.length)} on, and ${limitText(limit)}; remove one (herald target rm ${active.at(-1)?.name ?? 'NAME'}), disable one (herald target disable NAME) or change the plan`,
    { field: 'user', problem: 'conflict' },
  );
}

/**
 * A new limit for a user who may have more webhooks on: refused (naming what to remove) unless
 * `force`, which disables the newest extra webhooks. Returns the names it disabled.
 */
export function applyNewLimit(store: Store, user: User, limit: number | null, force: boolean): string[] {
  const active = activeWebhooks(store, user.id);
  if (limit === null || active.length <= limit) return [];
  const extra = active.slice(limit);
  const names = extra.map((t) => t.name).join(', ');
  if (!force) {
    throw new InputError(
      `user "${user.name}" has ${webhooks(active.length)} on, but ${limitText(limit)}: remove ${extra.length} (herald target rm ${names}) first, or add --force to keep ${extra.length === 1 ? 'it' : 'them'} disabled`,
      { field: 'plan', problem: 'conflict' },
    );
  }
  for (const t of extra) store.targets.setEnabled(t.id, false);
  return extra.map((t) => t.name);
}
