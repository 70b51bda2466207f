/**
 * Slash-command answers that would keep the chat waiting. Chat services give a command 3 s; an
 * answer from calendars already parsed takes milliseconds, but calendars that must be parsed first
 * (a cold cache, a calendar of thousands of events) may not. Those are acknowledged at once and
 * the answer is posted to the request's `response_url` (Slack and Mattermost both send one).
 */
import type { CalendarCache } from '../calendar/cache.ts';
import { errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { httpRequest } from '../net/http-client.ts';
import type { Calendar, Store } from '../store/index.ts';

/** Calendar text (bytes) an answer may parse while the chat waits: about 50 ms of parsing here. */
export const defaultInlineParseBytes = 256 * 1024;

/** The text the answer would have to parse first: calendars not in the parsed cache. */
export function textToParse(store: Store, cache: CalendarCache, calendars: Calendar[]): number {
  let bytes = 0;
  for (const c of calendars) if (c.contentHash !== null && !cache.has(c.contentHash)) bytes += store.calendars.bodyLength(c.id);
  return bytes;
}

/** Is this a response_url herald may post to? Only http(s); the address guard applies when posting. */
export function usableResponseUrl(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export interface DeferredDeps {
  logger: Logger;
  /** response_url may reach private addresses (a Mattermost on the LAN): HERALD_ALLOW_PRIVATE_TARGETS. */
  allowPrivate: boolean;
}

/**
 * Computes the answer after the acknowledgement has gone out, then posts it. A failure is logged
 * (never the URL: it carries the service's token) and not retried: the user can ask again.
 */
export function answerLater(responseUrl: string, compute: () => { response_type: string; text: string }, deps: DeferredDeps): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    try {
      const answer = await httpRequest(
        { method: 'POST', url: responseUrl, headers: { 'content-type': 'application/json' }, body: JSON.stringify(compute()) },
        { timeoutMs: 10_000, maxBodyBytes: 4096, oversize: 'truncate', maxRedirects: 0, decompress: false, allowPrivate: deps.allowPrivate },
      );
      if (answer.status >= 300) deps.logger.warn('slash command: the chat refused the answer posted to response_url', { status: answer.status });
    } catch (err) {
      deps.logger.warn('slash command: could not post the answer to response_url', { error: errorMessage(err) });
    }
  });
}
