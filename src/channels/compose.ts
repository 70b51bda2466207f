import { createHash } from 'node:crypto';
import type { CalendarCache } from '../calendar/cache.ts';
import type { Occurrence } from '../calendar/types.ts';
import { HeraldError } from '../core/errors.ts';
import { loadTemplate, renderDigest, renderReminder, type OutputFormat, type RenderedMessage, type TemplateSource } from '../render/index.ts';
import { gatherAgenda } from '../schedule/agenda.ts';
import type { DigestContext } from '../schedule/plan-digests.ts';
import type { ReminderContext } from '../schedule/plan-reminders.ts';
import type { Delivery, Store, Target, User } from '../store/index.ts';
import { formatOf, maxLengthOf } from './registry.ts';
import type { EventFields } from './types.ts';

/** What the outbox row keeps of a message once rendered: written before the first attempt. */
export interface StoredPayload {
  format: OutputFormat;
  parts: RenderedMessage[];
  /** How many parts went out already, so a retry resumes after them. */
  sentParts: number;
  late: boolean;
  event: EventFields | null;
  unsubscribeUrl: string | null;
  /**
   * For a payload rendered ahead of its time: what it was rendered from besides the row's own
   * context (see renderBasis). A payload whose basis no longer holds is rendered again.
   */
  basis?: string;
}

export interface ComposeDeps {
  store: Store;
  cache: CalendarCache;
  publicUrl: string | null;
  nowMs: number;
}

/**
 * A template reference is the name of a stored template, the name of a file in templates/, or the
 * template text itself (for one-off targets: `--template '%subject% at %date%'`).
 */
export function resolveTemplate(store: Store, ref: string | null): TemplateSource | null {
  if (!ref) return null;
  const stored = store.templates.byName(ref);
  if (stored) return { name: stored.name, body: stored.body };
  if (/^[\w.-]+$/.test(ref)) {
    try {
      return loadTemplate(ref);
    } catch {
      /* not a file either: an inline body that happens to be one word */
    }
  }
  return { name: 'inline', body: ref };
}

/**
 * Everything composeDelivery reads besides the row's context, as a short hash: the target (but
 * its URL, which does not change the text), the user, the template's text, the public URL and,
 * for an agenda, its subscription and its calendars' contents. The context itself needs no such
 * check: re-planning a row with a new context clears its payload.
 */
export function renderBasis(d: Pick<Delivery, 'kind' | 'context'>, target: Target | null, user: User, deps: Pick<ComposeDeps, 'store' | 'publicUrl'>): string {
  const inputs: unknown[] = [target && { ...target, url: null }, user, resolveTemplate(deps.store, target?.template ?? null)?.body ?? null, deps.publicUrl];
  if (d.kind === 'digest') {
    const digest = deps.store.digests.get((d.context as unknown as DigestContext).digestId);
    const calendars = digest?.calendarIds.map((id) => deps.store.calendars.get(id)).map((c) => c && [c.id, c.name, c.contentHash, c.defaultTz]);
    inputs.push(digest ?? null, calendars ?? null, resolveTemplate(deps.store, digest?.template ?? null)?.body ?? null);
  }
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}

export function eventFields(o: Occurrence): EventFields {
  return { uid: o.uid, summary: o.summary, start: o.start, end: o.end, allDay: o.allDay, location: o.location, url: o.url, meetingUrl: o.meetingUrl };
}

/**
 * Renders one delivery for its target. Returns null when there is nothing to send (a skip-empty
 * digest on an empty day).
 */
export function composeDelivery(d: Delivery, target: Target | null, user: User, late: boolean, deps: ComposeDeps): StoredPayload | null {
  const format: OutputFormat = target ? formatOf(target.kind) : 'email';
  const maxLength = target ? maxLengthOf(target.kind) : undefined;
  const viewer = { zone: user.tz, locale: user.locale, hour12: user.hour12 };
  const allowMentions = target?.allowMentions ?? false;
  if (d.kind === 'test') {
    const text = String(d.context.text ?? 'herald test message');
    return { format, parts: [{ text, subject: 'herald test message', html: `<p>${text.replace(/[<>&]/g, '')}</p>` }], sentParts: 0, late: false, event: null, unsubscribeUrl: null };
  }
  if (d.kind === 'reminder' || d.kind === 'alarm') {
    const ctx = d.context as unknown as ReminderContext;
    const o = ctx.occurrence;
    const message = renderReminder({
      template: resolveTemplate(deps.store, target?.template ?? null),
      occurrence: o,
      viewer,
      format,
      calendarName: ctx.calendarName,
      minutesUntil: Math.max(0, Math.round((o.startMs - deps.nowMs) / 60_000)),
      late,
      allowMentions,
      maxLength,
    });
    return { format, parts: [message], sentParts: 0, late, event: eventFields(o), unsubscribeUrl: null };
  }
  const ctx = d.context as unknown as DigestContext;
  const digest = deps.store.digests.get(ctx.digestId);
  if (!digest) throw new HeraldError('digest', `digest ${ctx.digestId} no longer exists`);
  const calendars = digest.calendarIds.map((id) => deps.store.calendars.get(id)).filter((c) => c !== undefined);
  // The planner's snapshot, while its calendars are the ones the digest reads and unchanged since.
  const snapshot = ctx.agenda;
  const fresh =
    snapshot !== undefined &&
    snapshot.includeRecurring === digest.includeRecurring &&
    snapshot.calendars.length === calendars.length &&
    snapshot.calendars.every((s, i) => s.id === calendars[i]!.id && s.contentHash === calendars[i]!.contentHash && s.defaultTz === calendars[i]!.defaultTz);
  const occurrences = fresh
    ? snapshot.occurrences
    : gatherAgenda(deps.store, deps.cache, { user, calendars, periodStart: ctx.periodStart, periodEnd: ctx.periodEnd, includeRecurring: digest.includeRecurring });
  if (digest.skipEmpty && occurrences.length === 0) return null;
  const unsubscribeUrl = deps.publicUrl ? `${deps.publicUrl.replace(/\/$/, '')}/unsubscribe/${digest.unsubscribeToken}` : null;
  const parts = renderDigest({
    template: resolveTemplate(deps.store, digest.template),
    occurrences,
    viewer,
    format,
    periodStart: ctx.periodStart,
    periodEnd: ctx.periodEnd,
    weekly: ctx.weekly,
    calendarNames: calendars.map((c) => c.name),
    userName: user.name,
    unsubscribeUrl,
    allowMentions,
    maxLength,
  });
  return { format, parts, sentParts: 0, late, event: null, unsubscribeUrl };
}
