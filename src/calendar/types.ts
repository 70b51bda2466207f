/**
 * What the calendar stage hands to the stages after it. Plain data: no ical.js objects escape
 * `src/calendar/`, so planning, rendering and channels never depend on the parser.
 */

export interface Attendee {
  email: string | null;
  name: string | null;
  /** PARTSTAT: ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, DELEGATED… */
  partstat: string | null;
}

export interface OccurrenceAlarm {
  /** ACTION: DISPLAY, EMAIL, AUDIO (others kept as written). */
  action: string;
  /** The instant this alarm fires, in ms since the epoch (one entry per REPEAT firing). */
  triggerMs: number;
  /** X-HERALD-TARGET: the herald target this alarm is routed to, or null for the calendar's defaults. */
  target: string | null;
  description: string | null;
  /** Stable within the event: the alarm's UID if it has one, else its position. */
  key: string;
}

export interface Occurrence {
  uid: string;
  /**
   * The occurrence's original start (RECURRENCE-ID) in the same format as `start`;
   * null for a non-recurring event.
   */
  recurrenceId: string | null;
  allDay: boolean;
  /** Timed: UTC "YYYY-MM-DDTHH:MM:SSZ". All-day: "YYYY-MM-DD". */
  start: string;
  /** Same format as start; exclusive. */
  end: string;
  /**
   * Instants in ms. For a timed event, exact. For an all-day event, local midnight in the zone
   * the occurrences were expanded for (the calendar's or user's zone).
   */
  startMs: number;
  endMs: number;
  /** The IANA zone the event's DTSTART was written in; null for floating times, UTC and all-day. */
  zone: string | null;
  summary: string;
  description: string | null;
  location: string | null;
  url: string | null;
  /** First video-meeting link found in the event (URL, LOCATION, DESCRIPTION, vendor X-properties). */
  meetingUrl: string | null;
  organizer: Attendee | null;
  attendees: Attendee[];
  /** STATUS as written (TENTATIVE, CONFIRMED, CANCELLED) or null. */
  status: string | null;
  /** TRANSP:TRANSPARENT, i.e. shown as free. */
  transparent: boolean;
  categories: string[];
  /** True when the event has RRULE/RDATE or this is an override of a recurring event. */
  recurring: boolean;
  sequence: number;
  alarms: OccurrenceAlarm[];
}

/** A problem found while reading a calendar; the rest of the calendar is still used. */
export interface CalendarProblem {
  uid: string | null;
  reason: string;
}

export interface ExpandOptions {
  /** Window [fromMs, toMs): an occurrence is kept when it overlaps it. */
  fromMs: number;
  toMs: number;
  /** Zone for floating times and all-day dates when the calendar names none (default UTC). */
  defaultZone?: string;
  /** Keep STATUS:CANCELLED occurrences (default false: they are left out). */
  includeCancelled?: boolean;
}
