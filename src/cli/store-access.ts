import { systemClock, type Clock } from '../core/clock.ts';
import { registerStoredSecrets } from '../daemon/secrets.ts';
import { openStore, type Store } from '../store/index.ts';
import type { CliIO } from './command.ts';

/**
 * Opens the configured store for one command and closes it afterwards, whatever happens. Every
 * stored secret is registered for redaction first, so no error message can print one.
 */
export async function withStore<T>(io: CliIO, fn: (store: Store, clock: Clock) => Promise<T> | T, clock: Clock = systemClock): Promise<T> {
  const store = openStore(io.config.databasePath, () => clock.now());
  try {
    registerStoredSecrets(store);
    return await fn(store, clock);
  } finally {
    store.close();
  }
}
