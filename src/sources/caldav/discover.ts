/**
 * Finding a CalDAV account's calendars (RFC 6764, RFC 4791): from a calendar's own URL, or from a
 * server URL through /.well-known/caldav, current-user-principal and calendar-home-set, then the
 * home's collections with their name, colour, components, ctag and sync token. Task-only lists
 * (no VEVENT) are left out.
 */
import { davRequest, CalDavError, type DavAccount } from './request.ts';
import { componentsIn, hrefIn, parseMultistatus, propfindCollections, propfindHome, propfindPrincipal, textOf, type DavResponse } from './xml.ts';

export interface CalDavCollection {
  url: string;
  displayName: string;
  color: string | null;
  components: string[];
  ctag: string | null;
  syncToken: string | null;
}

function isCalendar(r: DavResponse): boolean {
  const type = r.props.resourcetype;
  return type !== null && typeof type === 'object' && 'calendar' in type;
}

function collectionOf(r: DavResponse, base: string): CalDavCollection {
  const url = new URL(r.href, base).href;
  const name = textOf(r.props.displayname).trim();
  const components = componentsIn(r.props['supported-calendar-component-set']);
  return {
    url,
    displayName: name || decodeURIComponent(new URL(url).pathname.replace(/\/$/, '').split('/').pop() ?? url),
    color: textOf(r.props['calendar-color']).trim() || null,
    // A server that does not say supports events (RFC 4791 5.2.3: all components by default).
    components: components.length > 0 ? components : ['VEVENT'],
    ctag: textOf(r.props.getctag) || null,
    syncToken: textOf(r.props['sync-token']) || null,
  };
}

async function propfind(account: DavAccount, url: string, body: string, depth: '0' | '1', nowMs: number) {
  const answer = await davRequest(account, 'PROPFIND', url, { depth, body, nowMs, maxBytes: 4 * 1024 * 1024 });
  if (answer.status !== 207) throw new CalDavError(`${new URL(url).origin}: PROPFIND answered HTTP ${answer.status}, not a CalDAV server?`);
  try {
    return { url: answer.url, ...parseMultistatus(answer.body) };
  } catch (err) {
    throw new CalDavError(`${new URL(url).origin}: ${(err as Error).message}`, null, { cause: err });
  }
}

/** The event calendars at or below `url` (a calendar URL gives itself). */
export async function discoverCalendars(account: DavAccount, url: string, nowMs: number): Promise<CalDavCollection[]> {
  // A calendar's own URL: it answers as a calendar collection.
  const here = await propfind(account, url, propfindCollections, '0', nowMs);
  const self = here.responses.find(isCalendar);
  if (self) return [collectionOf(self, here.url)];
  // A server or principal URL: the well-known entry point first (it redirects to the context path).
  let principal = hrefIn(here.responses[0]?.props['current-user-principal']);
  let base = here.url;
  if (principal === null) {
    const known = await propfind(account, new URL('/.well-known/caldav', url).href, propfindPrincipal, '0', nowMs).catch(() => null);
    principal = known ? hrefIn(known.responses[0]?.props['current-user-principal']) : null;
    if (known) base = known.url;
  }
  if (principal === null) {
    const asked = await propfind(account, url, propfindPrincipal, '0', nowMs);
    principal = hrefIn(asked.responses[0]?.props['current-user-principal']);
  }
  if (principal === null) throw new CalDavError(`${new URL(url).origin}: no current-user-principal; give the calendar's own URL (--calendar-url)`);
  const principalUrl = new URL(principal, base).href;
  const homeAnswer = await propfind(account, principalUrl, propfindHome, '0', nowMs);
  const home = hrefIn(homeAnswer.responses[0]?.props['calendar-home-set']);
  if (home === null) throw new CalDavError(`${new URL(url).origin}: the account names no calendar-home-set`);
  const listing = await propfind(account, new URL(home, homeAnswer.url).href, propfindCollections, '1', nowMs);
  return listing.responses
    .filter(isCalendar)
    .map((r) => collectionOf(r, listing.url))
    .filter((c) => c.components.includes('VEVENT'));
}
