/**
 * Secrets never reach a log line or a listing. A URL keeps its scheme and host so that an admin can
 * still tell targets apart; path, query, user info and fragment are masked.
 */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'mailto:') return `mailto:${maskEmail(decodeURIComponent(url.pathname))}`;
    // A scheme alone (`console:`) holds no secret, and reads as written.
    if (raw === url.protocol) return raw;
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

/**
 * The registered secrets, found in a text in one pass however many there are (a daemon with
 * thousands of targets registers tens of thousands, and every log line is redacted). Secrets are
 * bucketed by a hash of their last six characters; a rolling hash over the text looks each
 * position up, and only the secrets in that bucket are compared there.
 */
class SecretIndex {
  static readonly tail = 6;
  private static readonly base = 257;
  private static readonly dropFactor = SecretIndex.pow(SecretIndex.base, SecretIndex.tail - 1);
  private readonly secrets = new Set<string>();
  private readonly byTail = new Map<number, string[]>();
  /** Secrets shorter than the tail (a short password): few, compared one by one. */
  private readonly short: string[] = [];

  private static pow(b: number, e: number): number {
    let r = 1;
    for (let i = 0; i < e; i++) r = Math.imul(r, b);
    return r;
  }

  has(secret: string): boolean {
    return this.secrets.has(secret);
  }

  add(secret: string): void {
    if (secret === '' || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    if (secret.length < SecretIndex.tail) {
      this.short.push(secret);
      return;
    }
    let h = 0;
    for (let i = secret.length - SecretIndex.tail; i < secret.length; i++) h = (Math.imul(h, SecretIndex.base) + secret.charCodeAt(i)) | 0;
    const bucket = this.byTail.get(h);
    if (bucket) bucket.push(secret);
    else this.byTail.set(h, [secret]);
  }

  /** The text with every occurrence of every secret (overlapping ones merged) replaced by `***`. */
  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    const spans: [number, number][] = [];
    for (const secret of this.short) {
      for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) spans.push([at, at + secret.length]);
    }
    let h = 0;
    for (let i = 0; i < text.length; i++) {
      if (i >= SecretIndex.tail) h = (h - Math.imul(text.charCodeAt(i - SecretIndex.tail), SecretIndex.dropFactor)) | 0;
      h = (Math.imul(h, SecretIndex.base) + text.charCodeAt(i)) | 0;
      if (i < SecretIndex.tail - 1) continue;
      const bucket = this.byTail.get(h);
      if (!bucket) continue;
      for (const secret of bucket) {
        const start = i + 1 - secret.length;
        if (start >= 0 && text.startsWith(secret, start)) spans.push([start, i + 1]);
      }
    }
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let at = 0;
    let [from, to] = spans[0]!;
    for (const [s, e] of spans) {
      if (s <= to) {
        to = Math.max(to, e);
        continue;
      }
      out += `${text.slice(at, from)}***`;
      at = to;
      [from, to] = [s, e];
    }
    return `${out}${text.slice(at, from)}***${text.slice(to)}`;
  }
}

const registered = new SecretIndex();

/**
 * A path segment or query value that reads as a word ("services", "webhooks", "sendMessage",
 * "basic.ics") names an API, not a secret: masking it would blank ordinary words in every listing.
 */
const wordLike = /^[a-z]+(?:[._-]?[a-z]+)*$/i;

/** The forms a secret part may be echoed in: as is, decoded, and URL-encoded (upper- and lower-case escapes). */
function echoForms(part: string): string[] {
  const forms = [part];
  try {
    forms.push(decodeURIComponent(part));
  } catch {
    /* a lone % is not an escape */
  }
  for (const form of [...forms]) {
    const encoded = encodeURIComponent(form);
    forms.push(
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    );
  }
  return forms;
}

/** The parts of a URL that leak on their own (an HTTP error quoting the path, an answer echoing `token=…`). */
function secretPartsOf(url: URL): string[] {
  const parts = [url.pathname.length > 8 ? url.pathname : '', url.search.length > 8 ? url.search : '', url.username];
  for (const segment of url.pathname.split('/')) if (!wordLike.test(segment)) parts.push(segment);
  for (const [, value] of url.searchParams) if (!wordLike.test(value)) parts.push(value);
  return parts;
}

/**
 * Remembers a secret so that `redact` removes it from any text (log lines, error messages). A URL
 * also registers its path and query, each path segment and query value that is not a plain word,
 * its user and password, and whatever `partsOf` says is secret in it (a channel's token segment);
 * each of them also decoded and URL-encoded, the forms a service's answer may echo them in. That is a
 * handful of entries per secret, so redaction stays one pass over the text however many are registered.
 */
export function registerSecret(secret: string | null | undefined, partsOf?: (url: URL) => string[]): void {
  // A scheme alone (`console:`) is no secret: registered, it would mask that word wherever it appears.
  if (!secret || secret.length < 6 || registered.has(secret) || /^[a-z][a-z0-9+.-]*:$/i.test(secret)) return;
  // Short forms (a "hooks" path segment, a one-letter user) would mask ordinary words.
  const add = (part: string, minLength = 6) => {
    for (const form of echoForms(part)) if (form.length >= minLength) registered.add(form);
  };
  add(secret);
  let url: URL;
  try {
    url = new URL(secret);
  } catch {
    return; // not a URL: the string itself is the secret
  }
  if (url.password) add(url.password, 1); // a password is a secret however short
  for (const part of [...secretPartsOf(url), ...(partsOf?.(url) ?? [])]) add(part);
}

/** A URL of any scheme in free text: a new channel's scheme needs no list to be masked. */
const urlInText = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Removes every registered secret from text that may legitimately hold other URLs (CLI output). */
export function redactSecrets(text: string): string {
  return registered.redact(text);
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
