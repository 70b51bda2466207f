/**
 * Secrets never reach a log line or a listing. A URL keeps its scheme and host so that an admin can
 * still tell targets apart; path, query, user info and fragment are masked.
 */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'mailto:') return `mailto:${maskEmail(decodeURIComponent(url.pathname))}`;
    const hasMore = url.pathname.length > 1 || url.search !== '' || url.hash !== '';
    const auth = url.username || url.password ? '***@' : '';
    return `${url.protocol}//${auth}${url.host}${hasMore ? '/***' : ''}`;
  } catch {
    return '***';
  }
}

/** "alice@example.com" → "a***@example.com": enough to recognise, not enough to harvest. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

const registered = new Set<string>();

/** Remembers a secret so that `redact` removes it from any text (log lines, error messages). */
export function registerSecret(secret: string | null | undefined): void {
  if (!secret || secret.length < 6 || registered.has(secret)) return;
  registered.add(secret);
  try {
    const url = new URL(secret);
    // A secret URL also leaks through its path or query alone (e.g. in an HTTP error message).
    if (url.pathname.length > 8) registered.add(url.pathname);
    if (url.search.length > 8) registered.add(url.search);
    if (url.password) registered.add(url.password);
  } catch {
    /* not a URL: the string itself is the secret */
  }
}

const urlInText = /\b(?:https?|wss?|mattermost|kchat|slack|discord|teams|googlechat|rocketchat|ntfy|webhook|smtps?):\/\/[^\s"'<>]+/gi;

/** Removes every registered secret from text that may legitimately hold other URLs (CLI output). */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of registered) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** Removes every registered secret and masks every URL found in free text (log lines, errors). */
export function redact(text: string): string {
  // URLs first, so a secret URL reads as its masked form rather than a bare "***".
  return redactSecrets(text.replace(urlInText, (u) => maskUrl(u)));
}

/** Truncates a response body for logs and error messages. */
export function truncate(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
