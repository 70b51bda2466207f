import { dialectOf, type ChatDialect } from './dialects.ts';
import type { OutputFormat } from './types.ts';

const mentionWords = /@(channel|here|all|everyone)\b/gi;

/** Control characters other than tab and newline: invisible, and some services refuse them. */
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Line ends written as CRLF or CR read as one newline; other control characters go. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(controls, '');
}

/**
 * Event text goes into someone else's channel: it must not ping everyone (@channel, @here, @all,
 * @everyone, Slack's <!channel>/<!here>/<!everyone>) unless the target allows it, and must not open a
 * code block that swallows the rest of the message. A zero-width space keeps the text readable but
 * inert. An e-mail address that happens to contain "@all." is left alone.
 */
export function escapeChat(text: string, options: { allowMentions?: boolean; singleLine?: boolean } = {}): string {
  let out = cleanText(text).replace(/```/g, "'''");
  if (!options.allowMentions) {
    out = out
      .replace(mentionWords, (whole: string, word: string, at: number, all: string) =>
        /\w/.test(all[at - 1] ?? '') && /^\.\w/.test(all.slice(at + whole.length)) ? whole : `@\u200B${word}`,
      )
      .replace(/<!/g, '<\u200B!');
  }
  if (options.singleLine) out = out.replace(/\s*\n+\s*/g, ' ');
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface ValueEscaping {
  allowMentions?: boolean;
  singleLine?: boolean;
  /** For chat: the service's dialect (dialects.ts); default `markdown`. */
  dialect?: ChatDialect;
  /** The value is a URL (url, meeting_url): percent-encoded where the dialect's links need it. */
  url?: boolean;
}

/** Escapes one value for the format being rendered (values, never the admin's template text). */
export function escapeFor(format: OutputFormat | 'html', text: string, options: ValueEscaping = {}): string {
  if (format === 'html') return escapeHtml(cleanText(text));
  if (format === 'chat') {
    const dialect = dialectOf(options.dialect);
    if (options.url) return dialect.escapeUrl(cleanText(text).trim());
    return dialect.escapeText(escapeChat(text, options));
  }
  const clean = cleanText(text);
  return options.singleLine ? clean.replace(/\s*\n+\s*/g, ' ') : clean;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/**
 * The plain-text alternative of an admin's HTML email: block ends become line breaks, a link keeps
 * its address ("Join (https://…)"), tags go, entities are decoded, blank runs shrink to one line.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
      const text = label.replace(/<[^>]*>/g, '').trim();
      return text && text !== href ? `${text} (${href})` : href;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|tr|li|table|ul|ol|blockquote)>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<\/td>/gi, '  ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
      return entities[name.toLowerCase()] ?? whole;
    })
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whether an admin's email template is HTML (then its text part is derived from it). */
export function looksLikeHtml(body: string): boolean {
  return /^\s*(?:Subject:[^\n]*\n\s*)?<(!doctype|html|body|table|div|p|h[1-6])\b/i.test(body);
}
