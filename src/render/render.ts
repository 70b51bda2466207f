import type { Occurrence } from '../calendar/types.ts';
import { renderAttachments } from './attachments.ts';
import type { ChatDialect } from './dialects.ts';
import { escapeHtml, htmlToText, looksLikeHtml } from './escape.ts';
import { wordsFor } from './i18n.ts';
import { isUneditedDefault, loadTemplate, renderTemplate, splitSubject } from './templates.ts';
import type { OutputFormat, RenderedMessage, TemplateKind, TemplateSource, Viewer } from './types.ts';
import { eventView, wordsView, type EscapeOptions } from './view.ts';

export interface ReminderInput {
  /** The admin's template; null: the default for the format. */
  template: TemplateSource | null;
  occurrence: Occurrence;
  viewer: Viewer;
  format: OutputFormat;
  calendarName?: string;
  minutesUntil: number;
  /** Sent after its due time (the template's `late`). */
  late: boolean;
  allowMentions?: boolean;
  /** A chat service's dialect: how values are escaped and herald's Markdown is written (dialects.ts). */
  dialect?: ChatDialect;
  /** The target's Slack-style attachments (`--option attachments=…`): their text fields are rendered too. */
  attachments?: unknown;
  /** A chat's size limit: a longer reminder is cut at a word and ends with "…", never silently. */
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
export function textToHtml(text: string): string {
  const linked = escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`);
  return `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">${linked.replace(/\n/g, '<br>\n')}</body></html>`;
}

/** The template to use, or null for the defaults (no template, or a default picked by name and left unedited). */
export function chosenTemplate(template: TemplateSource | null, kind: TemplateKind, dir?: string): TemplateSource | null {
  if (!template) return null;
  return template.name.startsWith(`${kind}.`) && isUneditedDefault(template, dir) ? null : template;
}

/**
 * An email: subject, plain text and HTML, always all three. The defaults have a file for each; an
 * admin's template is either text (its HTML is a simple copy) or HTML (its text is derived), and may
 * start with a `Subject: …` line.
 */
export function renderEmail(kind: TemplateKind, template: TemplateSource | null, views: { text: object; html: object }, dir?: string): RenderedMessage {
  const oneLine = (s: string) => s.trim().replace(/\s+/g, ' ');
  if (!template) {
    return {
      subject: oneLine(renderTemplate(loadTemplate(`${kind}.email.subject`, dir), views.text, dir)),
      text: renderTemplate(loadTemplate(`${kind}.email.text`, dir), views.text, dir).trim(),
      html: renderTemplate(loadTemplate(`${kind}.email.html`, dir), views.html, dir),
    };
  }
  const parts = splitSubject(template.body);
  const subjectTemplate = parts.subject === null ? loadTemplate(`${kind}.email.subject`, dir) : { name: `${template.name} (subject)`, body: parts.subject };
  const subject = oneLine(renderTemplate(subjectTemplate, views.text, dir));
  const body = { name: template.name, body: parts.body };
  if (looksLikeHtml(parts.body)) {
    const html = renderTemplate(body, views.html, dir);
    return { subject, text: htmlToText(html), html };
  }
  const text = renderTemplate(body, views.text, dir).trim();
  return { subject, text, html: textToHtml(text) };
}

function reminderView(input: ReminderInput, esc: EscapeOptions) {
  return {
    ...eventView(input.occurrence, input.viewer, esc, { calendarName: input.calendarName, minutesUntil: input.minutesUntil, late: input.late }),
    t: wordsView(wordsFor(input.viewer.locale), esc),
  };
}

/** One event's reminder. Chat and text: one text. Email: subject, plain text and HTML. */
export function renderReminder(input: ReminderInput): RenderedMessage {
  const dir = input.templatesDir;
  const template = chosenTemplate(input.template, 'reminder', dir);
  if (input.format === 'email') {
    return renderEmail('reminder', template, { text: reminderView(input, { format: 'text' }), html: reminderView(input, { format: 'html' }) }, dir);
  }
  const source = template ?? loadTemplate(`reminder.${input.format}`, dir);
  const dialect = input.format === 'chat' ? input.dialect : undefined;
  const view = reminderView(input, { format: input.format, allowMentions: input.allowMentions, dialect });
  const text = renderTemplate(source, view, dir, dialect).trim();
  const attachments = renderAttachments(input.attachments, (body) => renderTemplate({ name: 'attachment', body }, view, dir, dialect));
  return attachments ? { text: fitToLength(text, input.maxLength), attachments } : { text: fitToLength(text, input.maxLength) };
}
