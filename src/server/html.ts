/** What the server's HTML pages share: escaping, and the language a browser asks for. */

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The first language of an Accept-Language header ("fr-CH,fr;q=0.9,en;q=0.8") that herald speaks,
 * by quality then order; English otherwise.
 */
export function browserLanguage(header: string | undefined, known: readonly string[]): string {
  const asked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { lang: (tag ?? '').toLowerCase().split(/[-_]/)[0]!, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return asked.find((a) => known.includes(a.lang))?.lang ?? 'en';
}
