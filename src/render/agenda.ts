import { DateTime } from 'luxon';
import type { Occurrence } from '../calendar/types.ts';
import { renderAttachments } from './attachments.ts';
import type { ChatDialect } from './dialects.ts';
import { formatDay, formatPeriod, dateLocale, zoned } from './dates.ts';
import { escapeFor } from './escape.ts';
import { wordsFor } from './i18n.ts';
import { chosenTemplate, fitToLength, renderEmail } from './render.ts';
import { loadTemplate, renderTemplate, toMustache } from './templates.ts';
import type { OutputFormat, RenderedMessage, TemplateSource, Viewer } from './types.ts';
import { eventView, wordsView, type EscapeOptions, type EventView } from './view.ts';

export interface AgendaInput {
  /** The admin's template; null: the default for the format. */
  template: TemplateSource | null;
  occurrences: Occurrence[];
  viewer: Viewer;
  format: OutputFormat;
  /** The local days covered, [periodStart, periodEnd): one day, or a week. */
  periodStart: string;
  periodEnd: string;
  weekly: boolean;
  calendarNames: string[];
  userName: string;
  unsubscribeUrl: string | null;
  allowMentions?: boolean;
  /** A chat service's dialect (dialects.ts). */
  dialect?: ChatDialect;
  /** The target's Slack-style attachments: rendered with the whole agenda's view, sent with the first part. */
  attachments?: unknown;
  /** A chat's size limit: the agenda is split between events to stay under it. */
  maxLength?: number;
  templatesDir?: string;
}

interface Entry {
  o: Occurrence;
  /** The local day the event is listed under: its first day inside the period. */
  dayKey: string;
}

const localDay = (ms: number, zone: string) => zoned(ms, zone).toISODate()!;

/**
 * Agenda order: by day, all-day events first, then by start and title. An event that began before
 * the period (a multi-day offsite) is listed under the period's first day.
 */
export function agendaEntries(occurrences: Occurrence[], zone: string, periodStart: string): Entry[] {
  const entries = occurrences.map((o) => {
    const day = o.allDay ? o.start : localDay(o.startMs, zone);
    return { o, dayKey: day < periodStart ? periodStart : day };
  });
  return entries.sort((a, b) => {
    if (a.dayKey !== b.dayKey) return a.dayKey < b.dayKey ? -1 : 1;
    if (a.o.allDay !== b.o.allDay) return a.o.allDay ? -1 : 1;
    return a.o.startMs - b.o.startMs || a.o.summary.localeCompare(b.o.summary);
  });
}

type EventItem = EventView & { day: string; day_key: string };

function eventItems(entries: Entry[], viewer: Viewer, esc: EscapeOptions): EventItem[] {
  const labels = new Map<string, string>();
  return entries.map(({ o, dayKey }) => {
    let day = labels.get(dayKey);
    if (day === undefined) {
      day = escapeFor(esc.format, formatDay(DateTime.fromISO(dayKey, { zone: 'UTC' }).setLocale(dateLocale(viewer.locale))), { dialect: esc.dialect });
      labels.set(dayKey, day);
    }
    return { ...eventView(o, viewer, esc), day, day_key: dayKey };
  });
}

function agendaView(input: AgendaInput, events: EventItem[], esc: EscapeOptions, part: number, parts: number) {
  const days: { date: string; day_key: string; events: EventItem[] }[] = [];
  for (const e of events) {
    const last = days[days.length - 1];
    if (last && last.day_key === e.day_key) last.events.push(e);
    else days.push({ date: e.day, day_key: e.day_key, events: [e] });
  }
  const { dialect } = esc;
  const calendars = input.calendarNames.map((c) => escapeFor(esc.format, c, { singleLine: true, dialect }));
  return {
    date: escapeFor(esc.format, formatPeriod(input.periodStart, input.periodEnd, input.viewer), { dialect }),
    events,
    days,
    count: input.occurrences.length,
    count_text: escapeFor(esc.format, wordsFor(input.viewer.locale).eventCount(input.occurrences.length), { dialect }),
    empty: input.occurrences.length === 0,
    calendars,
    calendar: calendars.join(', '),
    user: escapeFor(esc.format, input.userName, { singleLine: true, dialect }),
    unsubscribe_url: input.unsubscribeUrl ? escapeFor(esc.format, input.unsubscribeUrl, { dialect, url: true }) : '',
    weekly: input.weekly,
    part,
    parts,
    split: parts > 1,
    t: wordsView(wordsFor(input.viewer.locale), esc),
  };
}

/** Whether a template numbers its own parts; if not, a split agenda's parts start with "(1/2)". */
const numbersParts = (body: string) => /\{\{[#^&{]?\s*(part|parts|split)\s*\}/.test(toMustache(body));

/**
 * A day's (or week's) agenda. Chat and text: as many messages as the size limit needs, split
 * between events, never cutting one, each part numbered ("part 1/2"). Email: one message with
 * subject, text and HTML.
 */
export function renderAgenda(input: AgendaInput): RenderedMessage[] {
  const dir = input.templatesDir;
  const template = chosenTemplate(input.template, 'agenda', dir);
  const entries = agendaEntries(input.occurrences, input.viewer.zone, input.periodStart);
  if (input.format === 'email') {
    const view = (esc: EscapeOptions) => agendaView(input, eventItems(entries, input.viewer, esc), esc, 1, 1);
    return [renderEmail('agenda', template, { text: view({ format: 'text' }), html: view({ format: 'html' }) }, dir)];
  }
  const source = template ?? loadTemplate(`agenda.${input.format}`, dir);
  const dialect = input.format === 'chat' ? input.dialect : undefined;
  const esc: EscapeOptions = { format: input.format, allowMentions: input.allowMentions, dialect };
  const items = eventItems(entries, input.viewer, esc);
  const prefix = numbersParts(source.body) ? (_: number, __: number) => '' : (part: number, parts: number) => `(${part}/${parts}) `;
  const renderPart = (events: EventItem[], part: number, parts: number) =>
    (parts > 1 ? prefix(part, parts) : '') + renderTemplate(source, agendaView(input, events, esc, part, parts), dir, dialect).trim();
  const whole = renderPart(items, 1, 1);
  const wholeView = agendaView(input, items, esc, 1, 1);
  const attachments = renderAttachments(input.attachments, (body) => renderTemplate({ name: 'attachment', body }, wholeView, dir, dialect));
  const withAttachments = (parts: RenderedMessage[]) => (attachments && parts[0] ? [{ ...parts[0], attachments }, ...parts.slice(1)] : parts);
  const max = input.maxLength;
  if (max === undefined || whole.length <= max || items.length <= 1) return withAttachments([{ text: fitToLength(whole, max) }]);
  // Greedy: as many events per part as fit. Trials are numbered as part 999/999, so the real
  // (shorter) numbers cannot push a part over the limit.
  const chunks: EventItem[][] = [];
  let current: EventItem[] = [];
  for (const item of items) {
    if (current.length > 0 && renderPart([...current, item], 999, 999).length > max) {
      chunks.push(current);
      current = [item];
    } else current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  // A single event longer than the limit is cut at a word, marked with "…", never dropped.
  return withAttachments(chunks.map((events, i) => ({ text: fitToLength(renderPart(events, i + 1, chunks.length), max) })));
}
