/**
 * Tokens that carry their own proof: `PART.PART.MAC`, where MAC is HMAC-SHA256 over a purpose and
 * the parts, keyed by a server secret. A link in a mail can then be checked without storing it, and
 * forged, truncated or altered tokens are told apart in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function mac(key: string, purpose: string, parts: readonly string[]): Buffer {
  return createHmac('sha256', key)
    .update(`${purpose}\n${parts.join('\n')}`)
    .digest();
}

export function signToken(key: string, purpose: string, parts: readonly (string | number)[]): string {
  const text = parts.map(String);
  if (text.some((p) => p.includes('.') || p === '')) throw new Error('signed token parts must be non-empty and hold no "."');
  return `${text.join('.')}.${mac(key, purpose, text).toString('base64url')}`;
}

/** The parts of a token signed with `key` for `purpose`, or null for anything else. */
export function verifyToken(key: string, purpose: string, token: string, partCount: number): string[] | null {
  const pieces = token.split('.');
  if (pieces.length !== partCount + 1) return null;
  const parts = pieces.slice(0, partCount);
  const given = Buffer.from(pieces[partCount]!, 'base64url');
  const expected = mac(key, purpose, parts);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return parts;
}

/** Compares two secrets without telling, by its timing, how much of them matched. */
export function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison's time does not reveal the length either.
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of a digest's unsubscribe link: its id and link version, signed. */
export function unsubscribeToken(key: string, digest: { id: number; unsubscribeVersion: number }): string {
  return signToken(key, 'unsubscribe', [digest.id, digest.unsubscribeVersion]);
}

export function readUnsubscribeToken(key: string, token: string): { digestId: number; version: number } | null {
  const parts = verifyToken(key, 'unsubscribe', token, 2);
  if (!parts || !parts.every((p) => /^\d+$/.test(p))) return null;
  return { digestId: Number(parts[0]), version: Number(parts[1]) };
}
