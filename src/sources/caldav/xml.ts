/**
 * CalDAV's XML: the request bodies herald sends (PROPFIND, REPORT calendar-multiget and
 * sync-collection) and the reading of a 207 multistatus answer with fast-xml-parser. Namespace
 * prefixes are dropped on reading (servers pick their own), so a property is known by its local
 * name; only properties under a 200 propstat count.
 */
import { XMLParser } from 'fast-xml-parser';

const ns = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:a="http://apple.com/ns/ical/"';
const xmlHead = '<?xml version="1.0" encoding="utf-8"?>';

export const propfindPrincipal = `${xmlHead}<d:propfind ${ns}><d:prop><d:current-user-principal/></d:prop></d:propfind>`;
export const propfindHome = `${xmlHead}<d:propfind ${ns}><d:prop><c:calendar-home-set/></d:prop></d:propfind>`;
export const propfindCollections = `${xmlHead}<d:propfind ${ns}><d:prop><d:resourcetype/><d:current-user-principal/><d:displayname/><a:calendar-color/><c:supported-calendar-component-set/><cs:getctag/><d:sync-token/></d:prop></d:propfind>`;
export const propfindEtags = `${xmlHead}<d:propfind ${ns}><d:prop><d:resourcetype/><d:getetag/></d:prop></d:propfind>`;

const escapeXml = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function syncCollectionBody(token: string | null): string {
  return `${xmlHead}<d:sync-collection ${ns}><d:sync-token>${token === null ? '' : escapeXml(token)}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
}

export function multigetBody(hrefs: string[]): string {
  return `${xmlHead}<c:calendar-multiget ${ns}><d:prop><d:getetag/><c:calendar-data/></d:prop>${hrefs.map((h) => `<d:href>${escapeXml(h)}</d:href>`).join('')}</c:calendar-multiget>`;
}

export interface DavResponse {
  href: string;
  /** The response's own status (sync-collection reports a removed member as 404 here), or null. */
  status: number | null;
  /** Properties found (200 propstat), by local name. */
  props: Record<string, unknown>;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['response', 'propstat', 'comp', 'href'].includes(name),
});

const statusCode = (s: unknown) => Number(/HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(typeof s === 'string' ? s : '')?.[1] ?? NaN);

/** The responses of a multistatus body; throws when the body is not one. */
export function parseMultistatus(xml: string): { responses: DavResponse[]; syncToken: string | null } {
  const doc = parser.parse(xml) as { multistatus?: { response?: Record<string, unknown>[]; 'sync-token'?: unknown } };
  if (!doc.multistatus || typeof doc.multistatus !== 'object') throw new Error('the answer is not a WebDAV multistatus');
  const responses = (doc.multistatus.response ?? []).map((r): DavResponse => {
    const props: Record<string, unknown> = {};
    for (const ps of (r.propstat as Record<string, unknown>[] | undefined) ?? []) {
      if (statusCode(ps.status) !== 200 || typeof ps.prop !== 'object' || ps.prop === null) continue;
      Object.assign(props, ps.prop);
    }
    const status = r.status === undefined ? null : statusCode(r.status);
    return { href: textOf((r.href as unknown[] | undefined)?.[0]), status, props };
  });
  const token = doc.multistatus['sync-token'];
  return { responses, syncToken: token === undefined ? null : textOf(token) };
}

/** The text of an element (fast-xml-parser gives a string, or an object holding #text). */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return textOf((v as Record<string, unknown>)['#text']);
  return '';
}

/** The first href inside a property such as current-user-principal or calendar-home-set. */
export function hrefIn(prop: unknown): string | null {
  const hrefs = prop && typeof prop === 'object' ? (prop as { href?: unknown[] }).href : undefined;
  const first = hrefs?.[0];
  return first === undefined ? null : textOf(first);
}

/** The component names of a supported-calendar-component-set (VEVENT, VTODO…). */
export function componentsIn(prop: unknown): string[] {
  const comps = prop && typeof prop === 'object' ? (prop as { comp?: unknown[] }).comp : undefined;
  return (comps ?? []).map((c) => (c && typeof c === 'object' ? textOf((c as Record<string, unknown>)['@name']) : '')).filter(Boolean);
}
