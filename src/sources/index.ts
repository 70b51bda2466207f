import { HeraldError } from '../core/errors.ts';
import { readIcsFile } from './ics-file.ts';
import { fetchIcsUrl, type CacheValidators, type FetchIcsOptions, type FetchIcsResult } from './ics-url.ts';

export { readIcsFile } from './ics-file.ts';
export { fetchIcsUrl, normaliseFeedUrl, pollIntervalSeconds, type CacheValidators, type FetchIcsOptions, type FetchIcsResult } from './ics-url.ts';

export interface CalendarLocation {
  kind: 'file' | 'url';
  /** A file path, or an http(s)/webcal(s) URL. */
  location: string;
  username?: string | null;
  password?: string | null;
  /** The URL may reach loopback and private addresses. */
  allowPrivate?: boolean;
}

/**
 * The text of a calendar wherever it lives. A URL is fetched with a conditional GET against
 * `previous` (an unchanged feed answers `unchanged`); a file is always read (callers compare hashes).
 * Throws HeraldError('sources', …) with the URL masked.
 */
export async function loadCalendarText(
  source: CalendarLocation,
  previous: CacheValidators | null = null,
  options: Omit<FetchIcsOptions, 'username' | 'password' | 'allowPrivate'> = {},
): Promise<FetchIcsResult> {
  if (source.kind === 'file') {
    const body = await readIcsFile(source.location, options.maxBytes);
    return { status: 'changed', body, etag: null, lastModified: null };
  }
  if (source.kind === 'url') {
    return fetchIcsUrl(source.location, previous, {
      ...options,
      username: source.username ?? null,
      password: source.password ?? null,
      allowPrivate: source.allowPrivate ?? false,
    });
  }
  throw new HeraldError('sources', `calendar kind "${String((source as { kind: unknown }).kind)}" is not supported`);
}
