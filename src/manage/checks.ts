/** Checks of values people type (zones, languages, names, times), each failing with an InputError naming its field. */
import { IANAZone } from 'luxon';
import { InputError } from '../core/errors.ts';
import { quoteInput } from '../core/quote.ts';
import { bad } from './fields.ts';

export function requireZone(zone: string, flag = 'tz'): string {
  if (!IANAZone.isValidZone(zone)) throw bad(flag, `--${flag}: unknown time zone ${quoteInput(zone)} (use an IANA name like Europe/Zurich)`);
  return zone;
}

export function requireLocale(locale: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(locale)) throw bad('locale', `--locale: ${quoteInput(locale)} is not a language tag like en, fr or de-CH`);
  return locale;
}

/** Names are typed on command lines and appear in URLs: keep them simple. */
export function requireName(name: string, what: string): string {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u.test(name)) {
    throw new InputError(`bad ${what} name ${quoteInput(name)}: use letters, digits, '.', '_', '-' or '@' (at most 64)`, { field: 'name' });
  }
  return name;
}

export function requireEmail(email: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw bad('email', `--email: ${quoteInput(email)} is not an email address`);
  return email;
}

/** "7:00" → "07:00". */
export function requireLocalTime(text: string, flag: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw bad(flag, `--${flag} must be a local time like 07:00, got ${quoteInput(text)}`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}
