/** What a configuration change runs with, whoever asks for it (a CLI command, an admin API request). */
import type { Store } from '../store/index.ts';

export interface ManageContext {
  store: Store;
  /** Who asks, as the audit log names them: "admin" (the admin token), "cli:$USER". */
  actor: string;
  /** Relative file paths are read from here; null (the API) takes no files from the caller's machine. */
  cwd: string | null;
  /** The caller's environment, for `--password-env VAR`; null where there is none to read (the API). */
  env: NodeJS.ProcessEnv | null;
  /** HERALD_DEFAULT_MAX_TARGETS, when a user has no limit of their own. */
  defaultMaxTargets: number | null;
  /** Seals a password before it is stored (core/secret-box.ts with the daemon's secret key). */
  seal: (plaintext: string) => string;
}

/**
 * Runs one change and its audit entry in one transaction: a change is never without its record.
 * The entry names the action and the thing (its name or id), never a value, so no secret.
 */
export function audited<T>(ctx: ManageContext, action: string, entity: string, change: () => T, ref: (result: T) => string): T {
  return ctx.store.transaction(() => {
    const result = change();
    ctx.store.audit.record({ actor: ctx.actor, action, entity, ref: ref(result) });
    return result;
  });
}
