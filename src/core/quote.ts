/**
 * Raw input as an error line may show it: in double quotes, control and format characters escaped
 * (an ANSI sequence or a bidi override never reaches the terminal), and at most `max` characters,
 * so that a 100 KB name gives a one-line error, not a screenful.
 */
export function quoteInput(input: string | undefined, max = 80): string {
  const text = input ?? '';
  const shown = text.length > max ? text.slice(0, max) : text;
  const escaped = shown.replace(/[\\"]|[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) =>
    c === '\\' || c === '"' ? `\\${c}` : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
  return text.length > max ? `"${escaped}…" (${text.length} characters)` : `"${escaped}"`;
}

/** A whole message line made safe for a terminal: control characters escaped, at most `max` characters. */
export function safeLine(text: string, max = 2000): string {
  const escaped = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => (c === '\n' ? '\n' : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`));
  return escaped.length > max ? `${escaped.slice(0, max)}… (${escaped.length - max} more characters)` : escaped;
}
