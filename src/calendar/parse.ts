import ICAL from 'ical.js';
import { HeraldError } from '../core/errors.ts';
import type { CalendarProblem } from './types.ts';
import { ZoneResolver, isValidZone } from './zones.ts';

/** One UID's components: the series master (if any) and its RECURRENCE-ID overrides. */
export interface EventGroup {
  uid: string;
  master: ICAL.Component | null;
  overrides: ICAL.Component[];
}

export interface ParsedCalendar {
  name: string | null;
  groups: EventGroup[];
  resolver: ZoneResolver;
  /** X-WR-TIMEZONE, when it names a zone we know. */
  defaultZone: string | null;
  /** parseCalendar's `defaultZone` option: floating times' zone when neither the file nor the expansion names one. */
  fallbackZone: string | null;
  /** REFRESH-INTERVAL or X-PUBLISHED-TTL, in seconds. */
  refreshIntervalSeconds: number | null;
  eventCount: number;
  problems: CalendarProblem[];
}

/**
 * Parses iCalendar text. A malformed event is reported and skipped; the rest is kept. Throws only
 * when the text is not iCalendar at all.
 */
export function parseCalendar(text: string, options: { defaultZone?: string; name?: string } = {}): ParsedCalendar {
  const problems: CalendarProblem[] = [];
  const roots = parseRoots(text, problems);
  const vtimezones = new Map<string, ICAL.Timezone>();
  const events: ICAL.Component[] = [];
  let defaultZone: string | null = null;
  let refresh: number | null = null;
  let calName: string | null = options.name ?? null;
  for (const root of roots) {
    for (const vtz of root.getAllSubcomponents('vtimezone')) {
      try {
        const tzid = String(vtz.getFirstPropertyValue('tzid') ?? '');
        if (tzid) vtimezones.set(tzid, new ICAL.Timezone(vtz));
      } catch (err) {
        problems.push({ uid: null, reason: `unusable VTIMEZONE: ${(err as Error).message}` });
      }
    }
    // A loop, not push(...spread): a spread of 130,000 events overflows the call stack.
    for (const ev of root.getAllSubcomponents('vevent')) events.push(ev);
    const wr = root.getFirstPropertyValue('x-wr-timezone');
    if (typeof wr === 'string' && defaultZone === null) {
      if (isValidZone(wr.trim())) defaultZone = wr.trim();
      else problems.push({ uid: null, reason: `X-WR-TIMEZONE "${wr}" is not a known time zone; ignored` });
    }
    refresh ??= refreshSeconds(root);
    calName ??= (root.getFirstPropertyValue('x-wr-calname') as string | null) ?? null;
  }
  const byUid = new Map<string, EventGroup>();
  let anonymous = 0;
  for (const ev of events) {
    let uid = ev.getFirstPropertyValue('uid');
    if (typeof uid !== 'string' || uid.trim() === '') {
      // RFC 5545 requires UID; some exporters omit it. Give it a stable stand-in rather than drop it.
      uid = `herald-no-uid-${++anonymous}`;
      problems.push({ uid: null, reason: `event "${String(ev.getFirstPropertyValue('summary') ?? '')}" has no UID; kept as ${uid}` });
    }
    let group = byUid.get(uid);
    if (!group) byUid.set(uid, (group = { uid, master: null, overrides: [] }));
    if (ev.hasProperty('recurrence-id')) group.overrides.push(ev);
    else if (group.master === null) group.master = ev;
    else {
      // Two masters for one UID: keep the newer revision (SEQUENCE, then DTSTAMP), as clients do.
      const keep = newer(group.master, ev);
      problems.push({ uid, reason: 'two events share this UID without RECURRENCE-ID; kept the newer one' });
      group.master = keep;
    }
  }
  return {
    name: calName,
    groups: [...byUid.values()],
    resolver: new ZoneResolver(vtimezones),
    defaultZone,
    fallbackZone: options.defaultZone !== undefined && isValidZone(options.defaultZone) ? options.defaultZone : null,
    refreshIntervalSeconds: refresh,
    eventCount: events.length,
    problems,
  };
}

function newer(a: ICAL.Component, b: ICAL.Component): ICAL.Component {
  const seq = (c: ICAL.Component) => Number(c.getFirstPropertyValue('sequence') ?? 0);
  if (seq(a) !== seq(b)) return seq(a) > seq(b) ? a : b;
  const stamp = (c: ICAL.Component) => String(c.getFirstPropertyValue('dtstamp') ?? '');
  return stamp(b) > stamp(a) ? b : a;
}

function refreshSeconds(root: ICAL.Component): number | null {
  for (const name of ['refresh-interval', 'x-published-ttl']) {
    const v = root.getFirstPropertyValue(name);
    try {
      const d = v instanceof ICAL.Duration ? v : typeof v === 'string' ? ICAL.Duration.fromString(v.trim()) : null;
      if (d && d.toSeconds() > 0) return d.toSeconds();
    } catch {
      /* a malformed hint is no hint */
    }
  }
  return null;
}

/**
 * The whole text through ical.js; if that fails, each VEVENT on its own (with the file's
 * VTIMEZONEs), so that one broken event does not hide the others.
 */
function parseRoots(raw: string, problems: CalendarProblem[]): ICAL.Component[] {
  // A UTF-8 byte-order mark (Outlook and some web exports) is not part of the first line.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (!/BEGIN:VCALENDAR/i.test(text)) {
    throw new HeraldError('calendar', 'not an iCalendar file (no BEGIN:VCALENDAR)');
  }
  try {
    const jcal = ICAL.parse(text) as unknown[];
    const list = Array.isArray(jcal[0]) ? jcal : [jcal];
    return list.map((j) => new ICAL.Component(j as unknown[]));
  } catch (err) {
    problems.push({ uid: null, reason: `calendar does not parse as a whole (${(err as Error).message}); reading event by event` });
  }
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const uidOf = (block: string[]) => block.find((l) => /^UID[;:]/i.test(l))?.replace(/^UID[^:]*:/i, '') ?? null;
  const blocks = (name: string, reportUnclosed = false) => {
    const out: string[][] = [];
    let cur: string[] | null = null;
    const unclosed = (block: string[]) => {
      // A truncated download or a missing END line: say which event is lost rather than drop it silently.
      if (reportUnclosed) problems.push({ uid: uidOf(block), reason: `malformed event skipped: BEGIN:${name} without END:${name}` });
    };
    for (const line of lines) {
      if (new RegExp(`^BEGIN:${name}\\s*$`, 'i').test(line)) {
        if (cur) unclosed(cur);
        cur = [];
      }
      if (cur) cur.push(line);
      if (cur && new RegExp(`^END:${name}\\s*$`, 'i').test(line)) {
        out.push(cur);
        cur = null;
      }
    }
    if (cur) unclosed(cur);
    return out;
  };
  const header = lines.filter((l) => /^(X-WR-TIMEZONE|X-WR-CALNAME|REFRESH-INTERVAL|X-PUBLISHED-TTL)[;:]/i.test(l));
  const timezones = blocks('VTIMEZONE').filter((b) => {
    try {
      ICAL.parse(['BEGIN:VCALENDAR', ...b, 'END:VCALENDAR'].join('\r\n'));
      return true;
    } catch {
      return false;
    }
  });
  const roots: ICAL.Component[] = [];
  for (const ev of blocks('VEVENT', true)) {
    const wrapped = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...header, ...timezones.flat(), ...ev, 'END:VCALENDAR'].join('\r\n');
    try {
      roots.push(new ICAL.Component(ICAL.parse(wrapped) as unknown[]));
    } catch (err) {
      problems.push({ uid: uidOf(ev), reason: `malformed event skipped: ${(err as Error).message}` });
    }
  }
  if (roots.length === 0 && blocks('VEVENT').length === 0) {
    roots.push(new ICAL.Component(['vcalendar', [], []]));
  }
  return roots;
}
