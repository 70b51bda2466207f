/**
 * Links in messages: only http, https, mailto and tel. An event's `URL:javascript:…` would
 * otherwise become an href in email or a Markdown link in chat.
 */
const linkSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** The URL if its scheme may be linked, else null. */
export function safeLinkUrl(raw: string | null): string | null {
  if (raw === null) return null;
  const trimmed = raw.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  return linkSchemes.has(url.protocol) ? trimmed : null;
}

/** A scheme word followed by a colon, as a link target in text would start ("javascript:", "data:"). */
const schemeInText = /\b([a-z][a-z0-9+.-]*):/gi;
const scriptSchemes = new Set(['javascript', 'vbscript', 'data', 'file', 'blob']);

/**
 * Text an event supplies (a description with "[click](javascript:…)"): a zero-width space after a
 * script-capable scheme's name keeps it readable but no chat or mail client links it.
 */
export function defuseScriptLinks(text: string): string {
  return text.replace(schemeInText, (whole, scheme: string) => (scriptSchemes.has(scheme.toLowerCase()) ? `${scheme}\u200b:` : whole));
}
