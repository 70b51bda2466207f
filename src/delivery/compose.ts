/** Rendering one outbox row into the payload that is sent: the text of each part, for its destination. */
import { createHash } from 'node:crypto';
import type { CalendarCache } from '../calendar/cache.ts';
import type { Occurrence } from '../calendar/types.ts';
import { HeraldError } from '../core/errors.ts';
import { renderAgenda, renderReminder, sampleOccurrence, type ChatDialect, type OutputFormat } from '../render/index.ts';
import { resolveTemplate, templateBody } from '../render/template-ref.ts';
import { agendaToSend } from '../schedule/agenda.ts';
import type { AgendaContent, Delivery, DigestSubscription, EventDetails, RenderedPayload, Store, User } from '../store/index.ts';
import type { ChannelSet, Destination } from './channel.ts';

export interface ComposeDeps {
  store: Store;
  cache: CalendarCache;
  channels: ChannelSet;
  publicUrl: string | null;
  unsubscribeLink: UnsubscribeLink | null;
  nowMs: number;
}

export type UnsubscribeLink = (digest: DigestSubscription) => string;

/**
 * Everything renderPayload reads besides the row's content, as a short hash: the destination (but
 * its URL, which does not change the text), the user, the template's text, the public URL and, for
 * an agenda, its digest and its calendars' contents. The content itself needs no such check:
 * re-planning a row with new content clears its payload.
 */
export function renderBasis(d: Pick<Delivery, 'kind' | 'content'>, to: Destination, user: User, deps: Pick<ComposeDeps, 'store' | 'publicUrl'>): string {
  const inputs: unknown[] = [{ ...to, url: null }, user, templateBody(deps.store, to.template), deps.publicUrl];
  if (d.kind === 'agenda' && d.content.kind === 'agenda') {
    const digest = deps.store.digests.get(d.content.digestId);
    const calendars = digest?.calendarIds.map((id) => deps.store.calendars.get(id)).map((c) => c && [c.id, c.name, c.contentHash, c.defaultTz]);
    inputs.push(digest ?? null, calendars ?? null, templateBody(deps.store, digest?.template ?? null));
  }
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}

export function eventDetails(o: Occurrence): EventDetails {
  return { uid: o.uid, summary: o.summary, start: o.start, end: o.end, allDay: o.allDay, location: o.location, url: o.url, meetingUrl: o.meetingUrl };
}

/**
 * Renders one delivery for its destination. Returns null when there is nothing to send (an agenda
 * with skip-empty on an empty day).
 */
export function renderPayload(d: Pick<Delivery, 'content'>, to: Destination, user: User, late: boolean, deps: ComposeDeps): RenderedPayload | null {
  const channel = deps.channels.byKind(to.kind);
  const format: OutputFormat = channel?.format ?? 'text';
  const maxLength = channel?.maxLength;
  const dialect = channel?.dialect;
  const viewer = { zone: user.tz, locale: user.locale, hour12: user.hour12 };
  const template = resolveTemplate(deps.store, to.template);
  const content = d.content;
  switch (content.kind) {
    case 'test': {
      const text = content.text || 'herald test message';
      // Templated attachments show what they give for herald's sample event, not their raw placeholders.
      const attachments = to.options.attachments
        ? renderReminder({
            template: { name: 'test', body: '' },
            occurrence: sampleOccurrence(),
            viewer,
            format,
            minutesUntil: 10,
            late: false,
            dialect,
            attachments: to.options.attachments,
          }).attachments
        : undefined;
      return {
        format,
        parts: [{ text, subject: 'herald test message', html: `<p>${text.replace(/[<>&]/g, '')}</p>`, ...(attachments ? { attachments } : {}) }],
        sentParts: 0,
        late: false,
        event: null,
        unsubscribeUrl: null,
      };
    }
    case 'reminder':
    case 'alarm': {
      const o = content.occurrence;
      const minutesUntil = Math.max(0, Math.round((o.startMs - deps.nowMs) / 60_000));
      const message = renderReminder({
        template,
        occurrence: o,
        viewer,
        format,
        calendarName: content.calendarName,
        minutesUntil,
        late,
        allowMentions: to.allowMentions,
        dialect,
        attachments: to.options.attachments,
        maxLength,
      });
      return { format, parts: [message], sentParts: 0, late, event: eventDetails(o), unsubscribeUrl: null };
    }
    case 'agenda':
      return renderAgendaPayload(content, to, user, late, { ...deps, format, maxLength, viewer, dialect });
  }
}

function renderAgendaPayload(
  content: AgendaContent,
  to: Destination,
  user: User,
  late: boolean,
  deps: ComposeDeps & {
    format: OutputFormat;
    maxLength: number | undefined;
    dialect: ChatDialect | undefined;
    viewer: { zone: string; locale: string; hour12: boolean | null };
  },
): RenderedPayload | null {
  const digest = deps.store.digests.get(content.digestId);
  if (!digest) throw new HeraldError('agenda', `digest ${content.digestId} no longer exists`);
  const calendars = digest.calendarIds.map((id) => deps.store.calendars.get(id)).filter((c) => c !== undefined);
  const occurrences = agendaToSend(deps.store, deps.cache, { content, digest, calendars, user });
  if (digest.skipEmpty && occurrences.length === 0) return null;
  const unsubscribeUrl = deps.unsubscribeLink?.(digest) ?? null;
  const parts = renderAgenda({
    template: resolveTemplate(deps.store, digest.template),
    occurrences,
    viewer: deps.viewer,
    format: deps.format,
    periodStart: content.periodStart,
    periodEnd: content.periodEnd,
    weekly: content.weekly,
    calendarNames: calendars.map((c) => c.name),
    userName: user.name,
    unsubscribeUrl,
    allowMentions: to.allowMentions,
    dialect: deps.dialect,
    attachments: to.options.attachments,
    maxLength: deps.maxLength,
  });
  return { format: deps.format, parts, sentParts: 0, late, event: null, unsubscribeUrl };
}
