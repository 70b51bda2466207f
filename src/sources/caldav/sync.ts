/**
 * Keeping one CalDAV calendar in step, cheaply: with a sync token, RFC 6578 sync-collection says
 * what changed and what went, and only changed objects are fetched (calendar-multiget in batches).
 * An invalid token (403/409 valid-sync-token) leads to one clean full read. A server without
 * sync-collection: its ctag says whether anything changed, then a Depth 1 PROPFIND's ETags say what.
 * Objects are known by href and ETag.
 */
import { davRequest, CalDavError, type DavAccount } from './request.ts';
import { multigetBody, parseMultistatus, propfindCollections, propfindEtags, syncCollectionBody, textOf } from './xml.ts';

export interface CalDavState {
  syncToken: string | null;
  ctag: string | null;
  /** The stored objects' ETags by href. */
  etags: Map<string, string | null>;
}

export interface CalDavObject {
  href: string;
  etag: string | null;
  data: string;
}

export type CalDavChanges =
  | { kind: 'unchanged'; syncToken: string | null; ctag: string | null }
  /** `full`: these objects are all there is (the others are gone). */
  | { kind: 'changes'; full: boolean; upserts: CalDavObject[]; removed: string[]; syncToken: string | null; ctag: string | null };

const multigetBatch = 100;

export async function syncCalDav(account: DavAccount, url: string, state: CalDavState, nowMs: number): Promise<CalDavChanges> {
  const head = await davRequest(account, 'PROPFIND', url, { depth: '0', body: propfindCollections, nowMs, maxBytes: 1024 * 1024 });
  if (head.status === 404) throw new CalDavError(`${new URL(url).origin}: the calendar is not there any more (HTTP 404)`);
  if (head.status !== 207) throw new CalDavError(`${new URL(url).origin}: PROPFIND answered HTTP ${head.status}`);
  const props = parseMultistatus(head.body).responses[0]?.props ?? {};
  const ctag = textOf(props.getctag) || null;
  const serverToken = textOf(props['sync-token']) || null;
  // Nothing changed since the last read: one small request, no event bodies.
  if (state.etags.size > 0 && ((ctag !== null && ctag === state.ctag) || (serverToken !== null && serverToken === state.syncToken))) {
    return { kind: 'unchanged', syncToken: state.syncToken, ctag };
  }
  if (serverToken !== null) {
    const delta = await syncCollection(account, url, state.etags.size > 0 ? state.syncToken : null, nowMs);
    if (delta !== 'invalid-token') {
      const upserts = await multiget(account, url, delta.changed, nowMs);
      return { kind: 'changes', full: delta.full, upserts, removed: delta.removed, syncToken: delta.token, ctag };
    }
    // The server forgot our token: read everything once, cleanly.
    const fresh = await syncCollection(account, url, null, nowMs);
    if (fresh !== 'invalid-token') {
      return { kind: 'changes', full: true, upserts: await multiget(account, url, fresh.changed, nowMs), removed: [], syncToken: fresh.token, ctag };
    }
  }
  return byEtags(account, url, state, ctag, nowMs);
}

async function syncCollection(account: DavAccount, url: string, token: string | null, nowMs: number) {
  const answer = await davRequest(account, 'REPORT', url, { depth: '1', body: syncCollectionBody(token), nowMs });
  if (answer.status === 403 || answer.status === 409) {
    if (token !== null && /valid-sync-token/.test(answer.body)) return 'invalid-token' as const;
    if (token === null) return 'invalid-token' as const;
  }
  if (answer.status !== 207) throw new CalDavError(`${new URL(url).origin}: sync-collection answered HTTP ${answer.status}`);
  const { responses, syncToken } = parseMultistatus(answer.body);
  const changed: string[] = [];
  const removed: string[] = [];
  for (const r of responses) {
    if (r.href === '' || new URL(r.href, url).href === new URL(url).href) continue;
    if (r.status === 404) removed.push(r.href);
    else changed.push(r.href);
  }
  return { full: token === null, changed, removed, token: syncToken };
}

/** A server without sync-collection: the ETags of a Depth 1 PROPFIND against the stored ones. */
async function byEtags(account: DavAccount, url: string, state: CalDavState, ctag: string | null, nowMs: number): Promise<CalDavChanges> {
  const answer = await davRequest(account, 'PROPFIND', url, { depth: '1', body: propfindEtags, nowMs });
  if (answer.status !== 207) throw new CalDavError(`${new URL(url).origin}: PROPFIND answered HTTP ${answer.status}`);
  const seen = new Map<string, string | null>();
  for (const r of parseMultistatus(answer.body).responses) {
    if (new URL(r.href, url).href === new URL(url).href) continue;
    seen.set(r.href, textOf(r.props.getetag) || null);
  }
  const changed = [...seen].filter(([href, etag]) => etag === null || state.etags.get(href) !== etag).map(([href]) => href);
  const removed = [...state.etags.keys()].filter((href) => !seen.has(href));
  if (changed.length === 0 && removed.length === 0) return { kind: 'unchanged', syncToken: null, ctag };
  return { kind: 'changes', full: false, upserts: await multiget(account, url, changed, nowMs), removed, syncToken: null, ctag };
}

async function multiget(account: DavAccount, url: string, hrefs: string[], nowMs: number): Promise<CalDavObject[]> {
  const out: CalDavObject[] = [];
  for (let i = 0; i < hrefs.length; i += multigetBatch) {
    const batch = hrefs.slice(i, i + multigetBatch);
    const answer = await davRequest(account, 'REPORT', url, { depth: '1', body: multigetBody(batch), nowMs });
    if (answer.status !== 207) throw new CalDavError(`${new URL(url).origin}: calendar-multiget answered HTTP ${answer.status}`);
    for (const r of parseMultistatus(answer.body).responses) {
      const data = textOf(r.props['calendar-data']);
      // A member gone between the listing and the fetch is simply not there.
      if (r.status === 404 || data === '') continue;
      out.push({ href: r.href, etag: textOf(r.props.getetag) || null, data });
    }
  }
  return out;
}
