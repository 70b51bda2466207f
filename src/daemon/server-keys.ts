/**
 * The secrets herald's HTTP server signs and checks with: the key of unsubscribe links and the admin
 * token. Each comes from the environment or from a file under the data folder, made on first use
 * with mode 0600 (readable by herald's user alone). A new file's path is said once, never its content.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeraldError } from '../core/errors.ts';
import { registerSecret } from '../core/mask.ts';
import { keyFrom } from '../core/secret-box.ts';
import type { HeraldConfig } from './config.ts';

export interface ServerKeys {
  unsubscribeSecret: string;
  adminToken: string;
  /** Seals secrets stored in the database (core/secret-box.ts). */
  secretKey: Buffer;
  /** Files made by this call (to be named once in the log). */
  created: string[];
}

function fromFile(path: string, created: string[]): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new HeraldError('config', `cannot read ${path}: ${(err as Error).message}`);
  }
  const value = randomBytes(32).toString('base64url');
  try {
    // 'wx': fails if another process made it meanwhile; then its value is the one to use.
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    created.push(path);
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw new HeraldError('config', `cannot create ${path}: ${(err as Error).message}`);
  }
}

/** The key that seals secrets stored in the database: HERALD_SECRET_KEY, else data/secret.key (made on first use). */
export function secretKeyOf(config: Pick<HeraldConfig, 'keys' | 'dataDir'>, created: string[] = []): Buffer {
  if (config.keys.secretKey !== null) return keyFrom(config.keys.secretKey);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return keyFrom(fromFile(join(config.dataDir, 'secret.key'), created));
}

export function serverKeys(config: Pick<HeraldConfig, 'keys' | 'dataDir'>): ServerKeys {
  const created: string[] = [];
  const needsFile = config.keys.unsubscribeSecret === null || config.keys.adminToken === null || config.keys.secretKey === null;
  if (needsFile) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const unsubscribeSecret = config.keys.unsubscribeSecret ?? fromFile(join(config.dataDir, 'unsubscribe.key'), created);
  const adminToken = config.keys.adminToken ?? fromFile(join(config.dataDir, 'admin-token'), created);
  const secretKey = secretKeyOf(config, created);
  // None may ever reach a log line or an answer.
  registerSecret(unsubscribeSecret);
  registerSecret(adminToken);
  return { unsubscribeSecret, adminToken, secretKey, created };
}
