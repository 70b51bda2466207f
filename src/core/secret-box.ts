/**
 * Secrets at rest (slash-command tokens and signing secrets): AES-256-GCM with a random 96-bit
 * nonce, stored as `v1:` + base64url(nonce | tag | ciphertext). The key is 32 bytes, derived from
 * HERALD_SECRET_KEY or kept in a 0600 key file (daemon/server-keys.ts): a database copied without
 * its key does not reveal what it holds.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { HeraldError } from './errors.ts';

/** Any key text (a passphrase or random bytes in base64) becomes a 32-byte key. */
export const keyFrom = (text: string): Buffer => createHash('sha256').update(`herald secret key\n${text}`).digest();

export function sealSecret(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Is this a sealed secret (as sealSecret writes), rather than one stored in clear by an older herald? */
export const isSealed = (s: string): boolean => s.startsWith('v1:');

export function openSecret(key: Buffer, sealed: string): string {
  const raw = sealed.startsWith('v1:') ? Buffer.from(sealed.slice(3), 'base64url') : null;
  if (!raw || raw.length < 28) throw new HeraldError('secrets', 'a stored secret is not in a form herald knows');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new HeraldError('secrets', 'a stored secret does not open with this key (HERALD_SECRET_KEY or data/secret.key changed?)');
  }
}
