import { sameSecret } from '../core/signed-token.ts';

/** `Authorization: Bearer TOKEN` holds the admin token (compared in constant time, over HMACs of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m !== null && sameSecret(m[1]!, token);
}
