/**
 * What the outbox holds: one row per message herald will send, is sending or has sent. The types
 * here are the one definition of a delivery's contents, shared by the planner that writes them and
 * the delivery engine that reads them.
 */
import type { Occurrence } from '../../calendar/types.ts';
import type { OutputFormat, RenderedMessage } from '../../render/types.ts';

export type DeliveryKind = DeliveryContent['kind'];

/**
 * pending: waiting for its time (or its next attempt); sending: claimed by a worker (leased);
 * sent / late: delivered on time / after its due time; missed: its moment passed while herald was down;
 * failed: the service refused it for good (4xx); dead: retries exhausted; cancelled: its event moved or vanished.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'late' | 'missed' | 'failed' | 'dead' | 'cancelled';
export const deliveryStatuses: readonly DeliveryStatus[] = ['pending', 'sending', 'sent', 'late', 'missed', 'failed', 'dead', 'cancelled'];
/** The statuses a delivery never leaves (but by `herald deliveries retry`). */
export const finishedStatuses = ['sent', 'late', 'missed', 'failed', 'dead', 'cancelled'] as const satisfies readonly DeliveryStatus[];

/** How a delivery leaves: through one of the user's targets, or by mail to the user's own address. */
export type DeliveryRoute = 'target' | 'user-email';

/** A reminder of one occurrence, planned by a reminder rule. */
export interface ReminderContent {
  kind: 'reminder';
  occurrence: Occurrence;
  calendarName: string;
  /** How long before the start; null for an all-day event's reminder at a time of day. */
  leadSeconds: number | null;
}

/** One of the calendar's own VALARMs firing. */
export interface AlarmContent {
  kind: 'alarm';
  occurrence: Occurrence;
  calendarName: string;
  leadSeconds: number | null;
  alarmAction?: string;
  alarmDescription?: string | null;
}

/**
 * The agenda a digest sends for local days [periodStart, periodEnd), with the events as planned
 * (absent in rows planned by older versions: then they are gathered when it is sent).
 */
export interface AgendaContent {
  kind: 'agenda';
  digestId: number;
  periodStart: string;
  periodEnd: string;
  weekly: boolean;
  agenda?: AgendaSnapshot;
}

/** A message written by hand (`herald target test`). */
export interface TestContent {
  kind: 'test';
  text: string;
}

export type DeliveryContent = ReminderContent | AlarmContent | AgendaContent | TestContent;

/**
 * An agenda as the planner read it: its events, and the calendars it read them from with their
 * texts' hashes. Sending uses it only while those hashes still hold (a calendar changed since the
 * last planning pass is read afresh), so 10,000 morning agendas at 07:00 cost a rendering each,
 * not a parse and an expansion each.
 */
export interface AgendaSnapshot {
  occurrences: Occurrence[];
  /** The digest's setting it was read with. */
  includeRecurring: boolean;
  calendars: { id: number; contentHash: string | null; defaultTz: string | null }[];
}

/** The event a message is about, as structured fields (for the generic webhook, cards, threads). */
export interface EventDetails {
  uid: string;
  summary: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  url: string | null;
  meetingUrl: string | null;
}

/** What the outbox row keeps of a message once rendered: written before the first attempt. */
export interface RenderedPayload {
  format: OutputFormat;
  parts: RenderedMessage[];
  /** How many parts went out already, so a retry resumes after them. */
  sentParts: number;
  late: boolean;
  event: EventDetails | null;
  unsubscribeUrl: string | null;
  /**
   * For a payload rendered ahead of its time: a hash of what it was rendered from besides the row's
   * content (target, user, templates, digest). A payload whose basis no longer holds is rendered again.
   */
  basis?: string;
}

export interface Delivery {
  id: number;
  /** Unique forever (or until retention prunes a finished row): the same key is never planned twice. */
  dedupeKey: string;
  kind: DeliveryKind;
  route: DeliveryRoute;
  userId: number | null;
  /** The target of a `target` route; null once that target was removed. */
  targetId: number | null;
  calendarId: number | null;
  /** The rule, alarm calendar or digest that produced it. */
  sourceId: number | null;
  /** Planning scope: a re-plan of that scope cancels the scope's pending rows it no longer wants. */
  scope: string | null;
  eventUid: string | null;
  eventStartMs: number | null;
  dueAt: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  /** Who holds the lease of a row in flight (a daemon id, host:pid). */
  leaseOwner: string | null;
  lastError: string | null;
  /** What to render (parsed when first read: a row rendered ahead is sent without looking at it). */
  content: DeliveryContent;
  /** What was (or will be) sent, written before the first attempt. */
  payload: RenderedPayload | null;
  statusCode: number | null;
  /** The service's answer to the successful attempt (truncated). */
  answer: string | null;
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One attempt to send a delivery (the delivery log). */
export interface DeliveryAttempt {
  deliveryId: number;
  /** 1 for the first try. */
  attempt: number;
  at: number;
  /** What became of it: sent, late, retry, failed, dead, missed. */
  outcome: string;
  statusCode: number | null;
  /** The service's answer or the error (redacted). */
  detail: string | null;
}

export interface PlannedDelivery {
  dedupeKey: string;
  route: DeliveryRoute;
  userId: number | null;
  targetId: number | null;
  calendarId?: number | null;
  sourceId?: number | null;
  scope?: string | null;
  eventUid?: string | null;
  eventStartMs?: number | null;
  dueAt: number;
  content: DeliveryContent;
  payload?: RenderedPayload;
}

/** A place in the outbox's due order (due time, then id): rows after it are still to look at. */
export interface DueCursor {
  at: number;
  id: number;
}
/** Before every row. */
export const fromTheFront: DueCursor = { at: Number.MIN_SAFE_INTEGER, id: 0 };

/** The content as stored: its kind is the row's own column. */
export function contentJson(content: DeliveryContent): string {
  const { kind: _kind, ...rest } = content;
  return JSON.stringify(rest);
}

/** A row as a Delivery, column by column (the engine maps thousands a second). */
export function toDelivery(r: Record<string, unknown>): Delivery {
  const kind = r.kind as DeliveryKind;
  const rawContent = r.content as string;
  let content: DeliveryContent | undefined;
  return {
    id: r.id as number,
    dedupeKey: r.dedupe_key as string,
    kind,
    route: r.route as DeliveryRoute,
    userId: r.user_id as number | null,
    targetId: r.target_id as number | null,
    calendarId: r.calendar_id as number | null,
    sourceId: r.source_id as number | null,
    scope: r.scope as string | null,
    eventUid: r.event_uid as string | null,
    eventStartMs: r.event_start_ms as number | null,
    dueAt: r.due_at as number,
    status: r.status as DeliveryStatus,
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as number,
    leaseUntil: r.lease_until as number | null,
    leaseOwner: (r.lease_owner as string | null | undefined) ?? null,
    lastError: r.last_error as string | null,
    get content(): DeliveryContent {
      return (content ??= { ...(JSON.parse(rawContent) as object), kind } as DeliveryContent);
    },
    set content(value) {
      content = value;
    },
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as RenderedPayload) : null,
    statusCode: r.status_code as number | null,
    answer: r.answer as string | null,
    sentAt: r.sent_at as number | null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

/** Rows as Deliveries. */
export const toDeliveries = (rows: unknown[]): Delivery[] => (rows as Record<string, unknown>[]).map(toDelivery);
