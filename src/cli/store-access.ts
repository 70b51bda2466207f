import { sealSecret } from '../core/secret-box.ts';
import { secretKeyOf } from '../daemon/server-keys.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { registerStoredSecrets } from '../daemon/secrets.ts';
import { describeStoreError, openStore, type Store } from '../store/index.ts';
import type { Fields } from '../manage/fields.ts';
import type { ManageContext } from '../manage/context.ts';
import type { CliIO, ParsedArgs } from './command.ts';

/**
 * Opens the configured store for one command and closes it afterwards, whatever happens. Every
 * stored secret is registered for redaction first, so no error message can print one. A database
 * that is locked or read-only is said so, naming it (a reading command works on a read-only one).
 */
export async function withStore<T>(io: CliIO, fn: (store: Store, clock: Clock) => Promise<T> | T, clock: Clock = systemClock): Promise<T> {
  const path = io.config.databasePath;
  let store: Store;
  try {
    store = openStore(path, () => clock.now());
  } catch (err) {
    throw describeStoreError(err, path) ?? err;
  }
  try {
    registerStoredSecrets(store);
    return await fn(store, clock);
  } catch (err) {
    throw describeStoreError(err, path) ?? err;
  } finally {
    store.close();
  }
}

/** The context of a configuration change made from the command line: audited as "cli:$USER". */
export function manageContext(io: CliIO, store: Store): ManageContext {
  return {
    store,
    actor: `cli:${io.env.USER ?? io.env.LOGNAME ?? 'unknown'}`,
    cwd: io.cwd,
    env: io.env,
    defaultMaxTargets: io.config.defaultMaxTargets,
    seal: (plaintext) => sealSecret(secretKeyOf(io.config), plaintext),
  };
}

/** A command's flags as the fields a change reads (the positional NAME, when there is one, as `name`). */
export function fieldsOf(args: ParsedArgs, name?: string): Fields {
  return name === undefined ? args.values : { ...args.values, name };
}
