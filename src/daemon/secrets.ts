import { registerTargetSecrets } from '../channels/registry.ts';
import { registerSecret } from '../core/mask.ts';
import { isSealed, sealSecret } from '../core/secret-box.ts';
import type { Store } from '../store/index.ts';

/**
 * Registers every stored secret (target URLs, calendar URLs and passwords) for redaction, so that no
 * log line, listing or error message can print one. The daemon does it once at start; secrets added
 * later are registered where they are used (a target's URL when a delivery goes to it, a calendar's
 * when it is synced).
 */
/**
 * Seals the calendar passwords an older herald stored in clear (core/secret-box.ts), so that a copy
 * of the database without its key does not reveal them. Returns how many it sealed.
 */
export function sealClearPasswords(store: Store, key: () => Buffer): number {
  let n = 0;
  for (const c of store.calendars.list()) {
    if (c.password === null || isSealed(c.password)) continue;
    store.calendars.update(c.id, { password: sealSecret(key(), c.password) });
    n++;
  }
  return n;
}

export function registerStoredSecrets(store: Store): void {
  for (const t of store.targets.list()) registerTargetSecrets(t.kind, t.url);
  for (const c of store.calendars.list()) {
    registerSecret(c.password);
    if (c.kind !== 'file') registerSecret(c.location);
  }
}
