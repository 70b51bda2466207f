/** Checks of values people type (zones, languages, names), each failing with a UsageError that names the flag. */
import { quoteInput } from '../core/quote.ts';
import { IANAZone } from 'luxon';
import { UsageError } from '../core/errors.ts';

export function requireZone(zone: string, flag = 'tz'): string {
  if (!IANAZone.isValidZone(zone)) throw new UsageError(`--${flag}: unknown time zone ${quoteInput(zone)} (use an IANA name like Europe/Zurich)`);
  return zone;
}

export function requireLocale(locale: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(locale)) throw new UsageError(`--locale: ${quoteInput(locale)} is not a language tag like en, fr or de-CH`);
  return locale;
}

/** Names are typed on command lines and appear in URLs: keep them simple. */
export function requireName(name: string, what: string): string {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u.test(name)) {
    throw new UsageError(`bad ${what} name ${quoteInput(name)}: use letters, digits, '.', '_', '-' or '@' (at most 64)`);
  }
  return name;
}
