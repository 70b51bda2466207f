import type { Attendee, Occurrence } from '../calendar/types.ts';
import { formatEventDuration, formatOccurrenceDate, formatOwnZoneTime, formatStartTime, formatTime, localIso } from './dates.ts';
import type { ChatDialect } from './dialects.ts';
import { escapeFor } from './escape.ts';
import { wordsFor, type Words } from './i18n.ts';
import { defuseScriptLinks, safeLinkUrl } from './links.ts';
import type { OutputFormat, Viewer } from './types.ts';

/** Every variable a reminder template may use (see README, "Templates"). */
export const reminderVariables = [
  'subject',
  'date',
  'time',
  'start',
  'end',
  'end_time',
  'duration',
  'all_day',
  'description',
  'location',
  'url',
  'meeting_url',
  'meeting_service',
  'place',
  'own_time',
  'organizer',
  'attendees',
  'attendees_text',
  'calendar',
  'status',
  'minutes_until',
  'when',
  'recurring',
  'late',
  't',
] as const;

/** Every variable an agenda template may use; `events` items carry the reminder variables plus `day`. */
export const agendaVariables = [
  'date',
  'events',
  'days',
  'count',
  'count_text',
  'empty',
  'calendars',
  'calendar',
  'user',
  'unsubscribe_url',
  'weekly',
  'part',
  'parts',
  'split',
  't',
] as const;

export interface EscapeOptions {
  format: OutputFormat | 'html';
  allowMentions?: boolean;
  /** The chat service's dialect (see dialects.ts). */
  dialect?: ChatDialect;
}

const personName = (p: Attendee | null) => (p ? (p.name ?? p.email ?? '') : '');

/** The video service a meeting link belongs to, for "Join Zoom"-style labels. */
const services: [RegExp, string][] = [
  [/^https:\/\/kmeet\.infomaniak\.com\//i, 'kMeet'],
  [/^https:\/\/([\w-]+\.)?zoom\.us\//i, 'Zoom'],
  [/^https:\/\/meet\.google\.com\//i, 'Google Meet'],
  [/^https:\/\/teams\.(microsoft|live)\.com\//i, 'Microsoft Teams'],
  [/^https:\/\/[^/]*jit(\.si|si)/i, 'Jitsi'],
  [/^https:\/\/([\w-]+\.)?webex\.com\//i, 'Webex'],
];
export function meetingService(url: string | null): string {
  if (!url) return '';
  return services.find(([re]) => re.test(url))?.[1] ?? '';
}

/** LOCATION without the meeting link when the link is all it says (it is shown as "Join" already). */
function placeOf(o: Occurrence): string | null {
  if (!o.location) return null;
  if (!o.meetingUrl) return o.location;
  const rest = o.location.replace(o.meetingUrl, '').replace(/^[\s,;:-]+|[\s,;:-]+$/g, '');
  return rest === '' ? null : o.location.includes(o.meetingUrl) ? rest : o.location;
}

/**
 * The variables for one event, each value already escaped for the output format: templates are
 * rendered with escaping off, so `%subject%` and `{{subject}}` are equally safe.
 */
export function eventView(o: Occurrence, viewer: Viewer, esc: EscapeOptions, extra: { calendarName?: string; minutesUntil?: number; late?: boolean } = {}) {
  const words = wordsFor(viewer.locale);
  const { allowMentions, dialect } = esc;
  // Text from the event: script links defused; url and meeting_url only with a linkable scheme.
  const line = (s: string | null) => (s === null ? '' : escapeFor(esc.format, defuseScriptLinks(s), { allowMentions, dialect, singleLine: true }));
  const block = (s: string | null) => (s === null ? '' : escapeFor(esc.format, defuseScriptLinks(s), { allowMentions, dialect }));
  const link = (s: string | null) => (s === null ? '' : escapeFor(esc.format, s, { dialect, singleLine: true, url: true }));
  const minutes = extra.minutesUntil ?? 0;
  return {
    subject: line(o.summary),
    date: line(formatOccurrenceDate(o, viewer)),
    time: line(formatStartTime(o, viewer)),
    start: o.allDay ? o.start : localIso(o.startMs, viewer.zone),
    end: o.allDay ? o.end : localIso(o.endMs, viewer.zone),
    end_time: o.allDay ? '' : line(formatTime(o.endMs, viewer)),
    duration: line(formatEventDuration(o, viewer.locale)),
    all_day: o.allDay,
    description: block(o.description),
    location: line(o.location),
    url: link(safeLinkUrl(o.url)),
    meeting_url: link(safeLinkUrl(o.meetingUrl)),
    meeting_service: meetingService(o.meetingUrl),
    place: line(placeOf(o)),
    own_time: line(formatOwnZoneTime(o, viewer)),
    organizer: line(personName(o.organizer)),
    attendees: o.attendees.map((a) => ({ name: line(a.name), email: line(a.email), partstat: a.partstat ?? '' })),
    attendees_text: line(o.attendees.map(personName).filter(Boolean).join(', ')),
    calendar: line(extra.calendarName ?? ''),
    status: o.status ?? '',
    minutes_until: minutes,
    when: line(minutes > 0 ? words.inMinutes(minutes) : minutes === 0 ? words.now : words.startedAgo),
    recurring: o.recurring,
    late: extra.late ?? false,
  };
}

export type EventView = ReturnType<typeof eventView>;

export function wordsView(words: Words, esc: EscapeOptions) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(words)) if (typeof v === 'string') out[k] = escapeFor(esc.format, v, { dialect: esc.dialect });
  return out;
}
