/**
 * One-click unsubscribe without a login. The link's token is the digest's id and link version,
 * signed by the server (core/signed-token.ts): a forged, altered or revoked token (the digest gone,
 * or its links renewed) gets 404 and changes nothing. GET only shows the agenda with buttons; POST
 * `List-Unsubscribe=One-Click` (RFC 8058, sent by mail clients) turns it off at once, answering 200
 * without a redirect; the page's own buttons turn it off, back on, or delete it. Repeating a POST
 * changes nothing more.
 */
import type { Context, Hono } from 'hono';
import { Info } from 'luxon';
import type { Logger } from '../core/log.ts';
import { readUnsubscribeToken } from '../core/signed-token.ts';
import type { DigestSubscription, Store } from '../store/index.ts';
import { escapeHtml } from './html.ts';
import { pageWords, type PageWords } from './unsubscribe-words.ts';

const weekdayIndex = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;

function scheduleText(d: DigestSubscription, words: PageWords, lang: string): string {
  const names = Info.weekdays('long', { locale: lang });
  const days = d.days.map((day) => names[weekdayIndex[day]]!).join(', ');
  return words.schedule(d.weekly ? `${words.weekly} (${days})` : days, d.atTime, d.eveningBefore);
}

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d2125;line-height:1.5}
form{display:inline}button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;border-radius:6px;border:1px solid #5b6470;background:#fff;cursor:pointer}
button.main{background:#1d4ed8;border-color:#1d4ed8;color:#fff}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}</style>
</head><body>${body}</body></html>`;
}

interface Found {
  digest: DigestSubscription;
  lang: string;
  words: PageWords;
}

function find(store: Store, secret: string, token: string): Found | null {
  const claim = readUnsubscribeToken(secret, token);
  if (!claim) return null;
  const digest = store.digests.get(claim.digestId);
  if (!digest || digest.unsubscribeVersion !== claim.version) return null;
  return { digest, ...pageWords(store.users.get(digest.userId)?.locale ?? 'en') };
}

function digestPage(c: Context, { digest, lang, words }: Found, note: string | null): Response {
  const action = (name: string, label: string, main = false) =>
    `<form method="post"><input type="hidden" name="action" value="${name}"><button${main ? ' class="main"' : ''}>${escapeHtml(label)}</button></form>`;
  const buttons = digest.enabled
    ? action('off', words.turnOff, true) + action('delete', words.remove)
    : action('on', words.turnOn) + action('delete', words.remove);
  const title = words.title(digest.name);
  const body = `<main><h1>${escapeHtml(title)}</h1>${note ? `<p role="status"><strong>${escapeHtml(note)}</strong></p>` : ''}
<p>${escapeHtml(scheduleText(digest, words, lang))}</p><p>${escapeHtml(digest.enabled ? words.isOn : words.isOff)}</p><p>${buttons}</p></main>`;
  return c.html(page(lang, title, body));
}

function notValid(c: Context): Response {
  const { lang, words } = pageWords(c.req.header('accept-language') ?? 'en');
  return c.html(page(lang, words.invalid, `<main><h1>${escapeHtml(words.invalid)}</h1></main>`), 404);
}

export function unsubscribeRoutes(app: Hono, deps: { store: Store; logger: Logger; keys: { unsubscribeSecret: string } }): void {
  const { store, logger, keys } = deps;
  app.get('/unsubscribe/:token', (c) => {
    const found = find(store, keys.unsubscribeSecret, c.req.param('token'));
    return found ? digestPage(c, found, null) : notValid(c);
  });
  app.post('/unsubscribe/:token', async (c) => {
    const found = find(store, keys.unsubscribeSecret, c.req.param('token'));
    if (!found) return notValid(c);
    const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
    const { digest, words } = found;
    if (form['List-Unsubscribe'] === 'One-Click') {
      if (digest.enabled) store.digests.setEnabled(digest.id, false);
      logger.info('agenda turned off by its one-click unsubscribe link', { digest: digest.name });
      return c.text('unsubscribed\n', 200);
    }
    switch (form.action) {
      case 'off':
        store.digests.setEnabled(digest.id, false);
        logger.info('agenda turned off from its unsubscribe page', { digest: digest.name });
        return digestPage(c, { ...found, digest: { ...digest, enabled: false } }, words.turnedOff);
      case 'on':
        store.digests.setEnabled(digest.id, true);
        logger.info('agenda turned back on from its unsubscribe page', { digest: digest.name });
        return digestPage(c, { ...found, digest: { ...digest, enabled: true } }, words.turnedOn);
      case 'delete':
        store.digests.remove(digest.id);
        logger.info('agenda deleted from its unsubscribe page', { digest: digest.name });
        return c.html(page(found.lang, words.removed, `<main><h1>${escapeHtml(words.removed)}</h1></main>`));
      default:
        return digestPage(c, found, null);
    }
  });
}
