/**
 * The admin page's login: the admin token, typed once into a form, becomes a session cookie
 * (HttpOnly, SameSite=Strict, Secure behind HTTPS) holding an expiry and a nonce signed with a key
 * derived from the token, so a new admin token ends every session. Nothing is stored server-side.
 * Every form carries a CSRF token derived from the session; a write without it is refused (the
 * SameSite cookie already keeps other sites out, this holds for old browsers too).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sameSecret } from '../../core/signed-token.ts';

export const sessionCookie = 'herald_admin';
/** A session lasts a working day. */
const sessionSeconds = 12 * 3600;

const keyOf = (adminToken: string) => createHmac('sha256', adminToken).update('herald admin session v1').digest();
const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url');

export interface AdminSession {
  /** The value of the session cookie. */
  value: string;
  /** The CSRF token every form of this session carries. */
  csrf: string;
}

export function newSessionValue(adminToken: string, nowMs: number): string {
  const body = `${Math.floor(nowMs / 1000) + sessionSeconds}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${mac(keyOf(adminToken), body)}`;
}

/** The session a cookie value proves, or null (forged, expired, or from an older admin token). */
export function readSession(adminToken: string, value: string | undefined, nowMs: number): AdminSession | null {
  const m = /^(\d{1,12})\.([\w-]{16})\.([\w-]{43})$/.exec(value ?? '');
  if (!m) return null;
  const key = keyOf(adminToken);
  if (!sameSecret(m[3]!, mac(key, `${m[1]}.${m[2]}`))) return null;
  if (Number(m[1]) * 1000 <= nowMs) return null;
  return { value: value!, csrf: mac(key, `csrf:${value!}`) };
}

export function sessionOf(c: Context, adminToken: string, nowMs: number): AdminSession | null {
  return readSession(adminToken, getCookie(c, sessionCookie), nowMs);
}

export function startSession(c: Context, adminToken: string, nowMs: number, secure: boolean): void {
  setCookie(c, sessionCookie, newSessionValue(adminToken, nowMs), { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: sessionSeconds });
}

export function endSession(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookie, { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
}

/** Does a submitted form carry this session's CSRF token? */
export function csrfHolds(session: AdminSession, form: Record<string, unknown>): boolean {
  return typeof form.csrf === 'string' && sameSecret(form.csrf, session.csrf);
}
