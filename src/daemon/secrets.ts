import { registerTargetSecrets } from '../channels/registry.ts';
import { registerSecret } from '../core/mask.ts';
import type { Store } from '../store/index.ts';

/**
 * Registers every stored secret (target URLs, calendar URLs and passwords) for redaction, so that no
 * log line, listing or error message can print one. The daemon does it once at start; secrets added
 * later are registered where they are used (a target's URL when a delivery goes to it, a calendar's
 * when it is synced).
 */
export function registerStoredSecrets(store: Store): void {
  for (const t of store.targets.list()) registerTargetSecrets(t.kind, t.url);
  for (const c of store.calendars.list()) {
    registerSecret(c.password);
    if (c.kind !== 'file') registerSecret(c.location);
  }
}
