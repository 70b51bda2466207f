import type { Occurrence } from '../calendar/types.ts';
import { formatPeriod } from './dates.ts';
import { escapeFor, escapeHtml } from './escape.ts';
import { wordsFor } from './i18n.ts';
import { loadTemplate, renderTemplate } from './templates.ts';
import type { OutputFormat, RenderedMessage, TemplateSource, Viewer } from './types.ts';
import { eventView, wordsView, type EscapeOptions } from './view.ts';

export interface ReminderInput {
  /** The admin's template; null: the default for the format. */
  template: TemplateSource | null;
  occurrence: Occurrence;
  viewer: Viewer;
  format: OutputFormat;
  calendarName?: string;
  minutesUntil: number;
  late: boolean;
  allowMentions?: boolean;
  maxLength?: number;
  templatesDir?: string;
}

export interface DigestInput {
  template: TemplateSource | null;
  occurrences: Occurrence[];
  viewer: Viewer;
  format: OutputFormat;
  periodStart: string;
  periodEnd: string;
  weekly: boolean;
  calendarNames: string[];
  userName: string;
  unsubscribeUrl: string | null;
  allowMentions?: boolean;
  /** A chat's size limit: the digest is split between events to stay under it. */
  maxLength?: number;
  templatesDir?: string;
}

/** Cuts an over-long chat message at a line or word boundary and says so, rather than letting the service refuse it. */
export function fitToLength(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 2));
  const cut = Math.max(room.lastIndexOf('\n'), room.lastIndexOf(' '));
  return `${room.slice(0, cut > max / 2 ? cut : room.length).trimEnd()} …`;
}

/** Plain text → a simple HTML body (for an admin's email template written as text). */
function textToHtml(text: string): string {
  const linked = escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`);
  return `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">${linked.replace(/\n/g, '<br>\n')}</body></html>`;
}

function reminderView(input: ReminderInput, esc: EscapeOptions) {
  const words = wordsFor(input.viewer.locale);
  return {
    ...eventView(input.occurrence, input.viewer, esc, { calendarName: input.calendarName, minutesUntil: input.minutesUntil, late: input.late }),
    t: wordsView(words, esc),
  };
}

/**
 * One event's reminder. Chat and text: one text. Email: subject, plain text and HTML; an admin's
 * template gives the plain text (and a simple HTML copy of it), the default has its own HTML.
 */
export function renderReminder(input: ReminderInput): RenderedMessage {
  const dir = input.templatesDir;
  if (input.format !== 'email') {
    const template = input.template ?? loadTemplate(`reminder.${input.format === 'chat' ? 'chat' : 'text'}`, dir);
    const text = renderTemplate(template, reminderView(input, { format: input.format, allowMentions: input.allowMentions }), dir).trim();
    return { text: fitToLength(text, input.maxLength) };
  }
  const subject = renderTemplate(loadTemplate('reminder.email.subject', dir), reminderView(input, { format: 'text' }), dir).trim().replace(/\s+/g, ' ');
  const textView = reminderView(input, { format: 'text' });
  if (input.template) {
    const text = renderTemplate(input.template, textView, dir).trim();
    return { subject, text, html: textToHtml(text) };
  }
  return {
    subject,
    text: renderTemplate(loadTemplate('reminder.email.text', dir), textView, dir).trim(),
    html: renderTemplate(loadTemplate('reminder.email.html', dir), reminderView(input, { format: 'html' }), dir),
  };
}

function digestView(input: DigestInput, occurrences: Occurrence[], esc: EscapeOptions, part: number, parts: number) {
  const { viewer } = input;
  const words = wordsFor(viewer.locale);
  const events = occurrences.map((o) => {
    const dayStart = o.allDay ? o.start : new Date(o.startMs).toISOString().slice(0, 10);
    return { ...eventView(o, viewer, esc), day_key: dayStart };
  });
  const days: { date: string; events: typeof events }[] = [];
  for (const [i, e] of events.entries()) {
    const o = occurrences[i]!;
    const key = o.allDay ? o.start : new Intl.DateTimeFormat('en-CA', { timeZone: viewer.zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(o.startMs);
    const label = escapeFor(esc.format, formatPeriod(key, key, viewer));
    const last = days[days.length - 1];
    if (last && last.date === label) last.events.push(e);
    else days.push({ date: label, events: [e] });
  }
  const calendars = input.calendarNames.map((c) => escapeFor(esc.format, c, { singleLine: true }));
  return {
    date: escapeFor(esc.format, formatPeriod(input.periodStart, input.periodEnd, viewer)),
    events,
    days,
    count: input.occurrences.length,
    empty: input.occurrences.length === 0,
    calendars,
    calendar: calendars.join(', '),
    user: escapeFor(esc.format, input.userName, { singleLine: true }),
    unsubscribe_url: input.unsubscribeUrl ? escapeFor(esc.format === 'html' ? 'html' : 'text', input.unsubscribeUrl) : '',
    weekly: input.weekly,
    part,
    parts,
    split: parts > 1,
    t: wordsView(words, esc),
  };
}

/**
 * A day's (or week's) agenda. Chat: as many messages as the size limit needs, split between events,
 * never cutting one (each part says "part 1/2"). Email is one message with subject, text and HTML.
 */
export function renderDigest(input: DigestInput): RenderedMessage[] {
  const dir = input.templatesDir;
  if (input.format === 'email') {
    const textView = digestView(input, input.occurrences, { format: 'text' }, 1, 1);
    const subject = renderTemplate(loadTemplate('agenda.email.subject', dir), textView, dir).trim().replace(/\s+/g, ' ');
    if (input.template) {
      const text = renderTemplate(input.template, textView, dir).trim();
      return [{ subject, text, html: textToHtml(text) }];
    }
    return [
      {
        subject,
        text: renderTemplate(loadTemplate('agenda.email.text', dir), textView, dir).trim(),
        html: renderTemplate(loadTemplate('agenda.email.html', dir), digestView(input, input.occurrences, { format: 'html' }, 1, 1), dir),
      },
    ];
  }
  const template = input.template ?? loadTemplate(`agenda.${input.format === 'chat' ? 'chat' : 'text'}`, dir);
  const esc: EscapeOptions = { format: input.format, allowMentions: input.allowMentions };
  const renderPart = (events: Occurrence[], part: number, parts: number) => renderTemplate(template, digestView(input, events, esc, part, parts), dir).trim();
  const whole = renderPart(input.occurrences, 1, 1);
  if (input.maxLength === undefined || whole.length <= input.maxLength || input.occurrences.length <= 1) {
    return [{ text: fitToLength(whole, input.maxLength) }];
  }
  // Greedy split: as many events per part as fit. Part labels are sized for up to 999 parts, so the
  // final numbering cannot push a part over the limit.
  const chunks: Occurrence[][] = [];
  let current: Occurrence[] = [];
  for (const o of input.occurrences) {
    const trial = [...current, o];
    if (current.length > 0 && renderPart(trial, 999, 999).length > input.maxLength) {
      chunks.push(current);
      current = [o];
    } else current = trial;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((events, i) => ({ text: fitToLength(renderPart(events, i + 1, chunks.length), input.maxLength) }));
}
