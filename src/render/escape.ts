import type { OutputFormat } from './types.ts';

const mentionWords = /@(channel|here|all|everyone)\b/gi;

/**
 * Event text goes into someone else's channel: it must not ping everyone (@channel, @here, @all,
 * @everyone, Slack's <!channel>/<!here>) unless the target allows it, and must not open a code block
 * that swallows the rest of the message. A zero-width space keeps the text readable but inert.
 */
export function escapeChat(text: string, options: { allowMentions?: boolean; singleLine?: boolean } = {}): string {
  let out = text.replace(/```/g, "'''");
  if (!options.allowMentions) out = out.replace(mentionWords, '@\u200B$1').replace(/<!/g, '<\u200B!');
  if (options.singleLine) out = out.replace(/\s*[\r\n]+\s*/g, ' ');
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes one value for the format being rendered (values, never the admin's template text). */
export function escapeFor(format: OutputFormat | 'html', text: string, options: { allowMentions?: boolean; singleLine?: boolean } = {}): string {
  if (format === 'html') return escapeHtml(text);
  if (format === 'chat') return escapeChat(text, options);
  return options.singleLine ? text.replace(/\s*[\r\n]+\s*/g, ' ') : text;
}
