import { moreProblemsLine, problemReport } from '../calendar/problems.ts';
import type { Clock } from '../core/clock.ts';
import { HeraldError, errorMessage } from '../core/errors.ts';
import { isSealed, openSecret } from '../core/secret-box.ts';
import type { Logger } from '../core/log.ts';
import { registerSecret } from '../core/mask.ts';
import { contentHash } from '../calendar/cache.ts';
import { parseCalendar } from '../calendar/parse.ts';
import { CalDavError } from '../sources/caldav/request.ts';
import { loadCalendarText, pollIntervalSeconds } from '../sources/index.ts';
import { loadCalDavText } from './caldav-sync.ts';
import type { Calendar, Store } from '../store/index.ts';

export interface SyncDeps {
  clock: Clock;
  logger: Logger;
  /** Sync even when the calendar's next sync time has not come. */
  force?: boolean;
  fetchTimeoutMs?: number;
  /** Every calendar URL may reach private addresses (HERALD_ALLOW_PRIVATE_CALENDARS=1). */
  allowPrivateCalendars?: boolean;
  /** The key that opens sealed passwords (HERALD_SECRET_KEY or data/secret.key), read when needed. */
  secretKey?: () => Buffer;
  /** Aborting gives up a download in flight (the daemon stops); nothing is recorded then. */
  signal?: AbortSignal;
}

export type SyncResult = { ok: true; changed: boolean; eventCount: number | null; problems: number } | { ok: false; error: string };

const fileRecheckSeconds = 30;

/** The polling interval the feed had (within pollIntervalSeconds' bounds), for a feed that did not change. */
function previousPollMs(calendar: Calendar): number {
  const previous =
    calendar.lastSyncAt !== null && calendar.nextSyncAt !== null && calendar.lastError === null
      ? Math.round((calendar.nextSyncAt - calendar.lastSyncAt) / 1000)
      : null;
  return pollIntervalSeconds(previous !== null && previous > 0 ? previous : null, calendar.pollSeconds) * 1000;
}

/** A stored password, opened when it is sealed (older ones may still be in clear until the daemon seals them). */
function openPassword(password: string | null, secretKey: (() => Buffer) | undefined): string | null {
  if (password === null || !isSealed(password)) return password;
  if (!secretKey) throw new HeraldError('secrets', 'the calendar password is sealed, and no secret key was given');
  return openSecret(secretKey(), password);
}

/**
 * CalDAV calendars are cheap to ask (one small request when unchanged): every 5 minutes unless
 * --poll says, less a spread of up to a tenth of that fixed per calendar, so that thousands of
 * calendars added or started together do not all ask in the same second.
 */
export function caldavPollMs(calendar: Pick<Calendar, 'id' | 'pollSeconds'>): number {
  const interval = pollIntervalSeconds(null, calendar.pollSeconds, { min: 60, max: 86_400, fallback: 300 }) * 1000;
  // Knuth's multiplicative hash of the id: well spread, and the same for a calendar every time.
  const spread = ((Math.imul(calendar.id, 2_654_435_761) >>> 0) / 2 ** 32) * 0.1;
  return Math.round(interval * (1 - spread));
}

/**
 * After a failure: the server's Retry-After when it gave one, else a pause that grows with how long
 * the calendar has been failing (half of it, from 1 minute up to 1 hour), so a server that is down
 * is not hammered and one that comes back is read again soon.
 */
function retryDelayMs(calendar: Calendar, now: number, err: unknown): number {
  const asked = err instanceof CalDavError ? err.retryAfterMs : null;
  if (asked !== null) return Math.min(asked, 3_600_000);
  const failingFor = calendar.lastError === null ? 0 : now - (calendar.lastSuccessAt ?? calendar.createdAt);
  return Math.min(3_600_000, Math.max(60_000, Math.round(failingFor / 2)));
}

/**
 * Reads one calendar the way Miniflux refreshes a feed, top to bottom: load the source (a file, or
 * a URL with a conditional GET), stop if nothing changed, parse it to check it and log its problems,
 * store the new copy. A failure keeps the last good copy and records the error on the calendar.
 */
export async function syncCalendar(store: Store, stored: Calendar, deps: SyncDeps): Promise<SyncResult> {
  const now = deps.clock.now();
  if (!deps.force && stored.nextSyncAt !== null && stored.nextSyncAt > now) {
    return { ok: true, changed: false, eventCount: null, problems: 0 };
  }
  if (stored.kind !== 'file') registerSecret(stored.location);
  const log = deps.logger.child({ calendar: stored.name });
  // Set once the password is opened: a failure before it (a missing key) is recorded like any other.
  let calendar = stored;
  try {
    calendar = { ...stored, password: openPassword(stored.password, deps.secretKey) };
    // A feed's URL (it may carry a token) and password never reach a log line, whoever added them.
    registerSecret(calendar.password);
    const allowPrivate = calendar.allowPrivate || (deps.allowPrivateCalendars ?? false);
    const timeoutMs = deps.fetchTimeoutMs ?? 30_000;
    const signal = deps.signal ? { signal: deps.signal } : {};
    const loaded =
      calendar.kind === 'caldav'
        ? await loadCalDavText(store, calendar, { allowPrivate, timeoutMs, nowMs: now, ...signal })
        : await loadCalendarText(
            { kind: calendar.kind, location: calendar.location, username: calendar.username, password: calendar.password, allowPrivate },
            { etag: calendar.etag, lastModified: calendar.lastModified },
            { timeoutMs, ...signal },
          );
    // Files are cheap to check (a hash) and are looked at on every pass; feeds at their own pace,
    // which an unchanged feed keeps (its REFRESH-INTERVAL was read when it last changed).
    let nextSyncAt =
      now + (calendar.kind === 'file' ? fileRecheckSeconds * 1000 : calendar.kind === 'caldav' ? caldavPollMs(calendar) : previousPollMs(calendar));
    if (loaded.status === 'unchanged') {
      store.calendars.recordSync(calendar.id, { ok: true, changed: false, nextSyncAt });
      return { ok: true, changed: false, eventCount: null, problems: 0 };
    }
    const { body: text, etag, lastModified } = loaded;
    const hash = contentHash(text);
    if (hash === calendar.contentHash) {
      store.calendars.recordSync(calendar.id, { ok: true, changed: false, nextSyncAt });
      return { ok: true, changed: false, eventCount: null, problems: 0 };
    }
    const parsed = parseCalendar(text);
    const report = problemReport(parsed.problems);
    for (const p of report.shown) log.warn('calendar problem', { uid: p.uid, reason: p.reason });
    if (report.more > 0) log.warn(moreProblemsLine(report.more), { more: report.more });
    if (calendar.kind === 'url') nextSyncAt = now + pollIntervalSeconds(parsed.refreshIntervalSeconds, calendar.pollSeconds) * 1000;
    store.calendars.recordSync(calendar.id, { ok: true, changed: true, body: text, contentHash: hash, etag, lastModified, nextSyncAt });
    log.info('calendar read', { events: parsed.eventCount, problems: parsed.problems.length });
    return { ok: true, changed: true, eventCount: parsed.eventCount, problems: parsed.problems.length };
  } catch (err) {
    const error = errorMessage(err);
    // A stop is no failure of the calendar's: its next sync is as it was.
    if (deps.signal?.aborted) return { ok: false, error };
    store.calendars.recordSync(calendar.id, { ok: false, error, nextSyncAt: now + retryDelayMs(calendar, now, err) });
    log.warn('calendar sync failed; keeping the last good copy', { error });
    return { ok: false, error };
  }
}
