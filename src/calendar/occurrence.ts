/**
 * One placed instance of a component turned into an Occurrence (when it overlaps the window): the
 * component's fields, read once per component, and the instance's own times and alarms.
 */
import type ICAL from 'ical.js';
import { alarmsFor } from './alarms.ts';
import { findMeetingUrl } from './meeting.ts';
import type { Placed, Shape } from './shape.ts';
import type { Ctx } from './stamp.ts';
import type { Attendee, ExpandOptions, Occurrence } from './types.ts';
import { zoneName } from './zones.ts';

/** Does a span overlap [fromMs, toMs)? An instant (no duration) counts at its start. */
export function overlapsWindow(span: { startMs: number; endMs: number }, fromMs: number, toMs: number): boolean {
  return span.endMs > span.startMs ? span.startMs < toMs && span.endMs > fromMs : span.startMs >= fromMs && span.startMs < toMs;
}

export function pushIfOverlaps(
  ctx: Ctx,
  out: Occurrence[],
  options: ExpandOptions,
  comp: ICAL.Component,
  shape: Shape,
  placed: Placed,
  recurrenceId: string | null,
  recurring: boolean,
): void {
  if (!overlapsWindow(placed, options.fromMs, options.toMs)) return;
  out.push(describe(ctx, comp, shape, placed, recurrenceId, recurring));
}

function text(comp: ICAL.Component, name: string): string | null {
  const v = comp.getFirstPropertyValue(name);
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

function summaryOf(comp: ICAL.Component): string {
  const v = comp.getFirstPropertyValue('summary');
  return v === null || v === undefined ? '' : String(v);
}

function person(p: ICAL.Property): Attendee {
  const v = String(p.getFirstValue() ?? '');
  const cn = p.getParameter('cn');
  const partstat = p.getParameter('partstat');
  return {
    email: /^mailto:/i.test(v) ? v.replace(/^mailto:/i, '') : v || null,
    name: typeof cn === 'string' ? cn : null,
    partstat: typeof partstat === 'string' ? partstat.toUpperCase() : null,
  };
}

/** The fields an Occurrence takes from its component as they are, the same for every instance. */
type ComponentFields = Pick<
  Occurrence,
  'uid' | 'summary' | 'description' | 'location' | 'url' | 'meetingUrl' | 'organizer' | 'attendees' | 'status' | 'transparent' | 'categories' | 'sequence'
>;

/** What does not change from one instance of a component to the next, read once per component. */
const fieldsCache = new WeakMap<ICAL.Component, ComponentFields>();

function componentFieldsOf(comp: ICAL.Component): ComponentFields {
  let f = fieldsCache.get(comp);
  if (!f) {
    const organizerProp = comp.getFirstProperty('organizer');
    const description = text(comp, 'description');
    const location = text(comp, 'location');
    const url = text(comp, 'url');
    const xValues = comp
      .getAllProperties()
      .filter((p) => p.name.startsWith('x-'))
      .map((p) => String(p.getFirstValue() ?? ''));
    f = {
      uid: String(comp.getFirstPropertyValue('uid')),
      // As written (not trimmed): `herald occurrences` is compared with other implementations.
      summary: summaryOf(comp),
      description,
      location,
      url,
      meetingUrl: findMeetingUrl([url, location, description, ...xValues]),
      organizer: organizerProp ? person(organizerProp) : null,
      attendees: Object.freeze(comp.getAllProperties('attendee').map((p) => Object.freeze(person(p)))) as Attendee[],
      status: text(comp, 'status')?.toUpperCase() ?? null,
      transparent: text(comp, 'transp')?.toUpperCase() === 'TRANSPARENT',
      categories: Object.freeze(
        comp
          .getAllProperties('categories')
          .flatMap((p) => p.getValues().map((v) => String(v).trim()))
          .filter(Boolean),
      ) as string[],
      sequence: Number(comp.getFirstPropertyValue('sequence') ?? 0) || 0,
    };
    fieldsCache.set(comp, f);
  }
  return f;
}

function describe(ctx: Ctx, comp: ICAL.Component, shape: Shape, placed: Placed, recurrenceId: string | null, recurring: boolean): Occurrence {
  const f = componentFieldsOf(comp);
  // Written out field by field (not spread): this runs once per occurrence and dominates expansion.
  // The attendee and category lists are frozen and shared by all instances of a component.
  return {
    uid: f.uid,
    recurrenceId,
    allDay: shape.start.isDate,
    start: placed.start,
    end: placed.end,
    startMs: placed.startMs,
    endMs: placed.endMs,
    zone: shape.start.isDate ? null : zoneName(shape.start.zone),
    summary: f.summary,
    description: f.description,
    location: f.location,
    url: f.url,
    meetingUrl: f.meetingUrl,
    organizer: f.organizer,
    attendees: f.attendees,
    status: f.status,
    transparent: f.transparent,
    categories: f.categories,
    recurring,
    sequence: f.sequence,
    alarms: comp.getFirstSubcomponent('valarm') ? alarmsFor(comp, placed.startMs, placed.endMs, ctx.problems, f.uid) : [],
  };
}
