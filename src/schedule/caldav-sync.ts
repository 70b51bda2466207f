/**
 * A CalDAV calendar's sync: what changed on the server goes into the stored objects (by href and
 * ETag), and the calendar's text is assembled from them, so planning reads it like an ICS file.
 */
import type { FetchIcsResult } from '../sources/index.ts';
import { assembleCalendar } from '../sources/caldav/assemble.ts';
import { syncCalDav } from '../sources/caldav/sync.ts';
import type { Calendar, Store } from '../store/index.ts';

export async function loadCalDavText(
  store: Store,
  calendar: Calendar,
  options: { allowPrivate: boolean; timeoutMs: number; signal?: AbortSignal; nowMs: number },
): Promise<FetchIcsResult> {
  const account = {
    username: calendar.username,
    password: calendar.password,
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const changes = await syncCalDav(account, calendar.location, store.caldav.state(calendar.id), options.nowMs);
  if (changes.kind === 'unchanged') {
    store.caldav.setTokens(calendar.id, changes.syncToken, changes.ctag);
    // A copy never assembled (a failure between storing objects and the text) is assembled now.
    if (calendar.contentHash !== null) return { status: 'unchanged' };
  } else store.caldav.apply(calendar.id, changes);
  return { status: 'changed', body: assembleCalendar(store.caldav.objects(calendar.id)), etag: null, lastModified: null };
}
