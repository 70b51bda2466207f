/**
 * The web admin page (issue 15), served by the daemon: `/` leads to the login form or the pages;
 * `/login` takes the admin token into a session cookie; `/admin/PAGE` lists users, calendars,
 * targets and deliveries. Server-rendered HTML without script (see README: why). Writes come with
 * the admin API's shared validation; for now the pages read.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import type { Store } from '../../store/index.ts';
import { browserLanguage, escapeHtml } from '../html.ts';
import { RateLimit } from '../rate-limit.ts';
import { adminPages, adminShell, shell, type AdminPage } from './layout.ts';
import { pageContent } from './pages.ts';
import { csrfHolds, endSession, sessionOf, startSession } from './session.ts';
import { adminLanguages, adminWords } from './words.ts';
import { sameSecret } from '../../core/signed-token.ts';

export interface AdminDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  keys: { adminToken: string };
  /** The cookie is Secure when people reach herald over HTTPS (HERALD_PUBLIC_URL). */
  secureCookies: boolean;
}

/** The connection's address (not a header anyone can write); tests that call the app directly have none. */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const languageOf = (c: Context) => browserLanguage(c.req.header('accept-language'), adminLanguages);

function loginPage(c: Context, error: boolean): Response {
  const lang = languageOf(c);
  const words = adminWords(lang);
  const body = `<main><h1>${escapeHtml(words.herald)}</h1>
<form method="post" action="/login">${error ? `<p class="error" role="alert" id="login-error">${escapeHtml(words.wrongToken)}</p>` : ''}
<label for="token">${escapeHtml(words.tokenLabel)}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required size="40" aria-describedby="token-hint${error ? ' login-error' : ''}"${error ? ' aria-invalid="true"' : ''}>
<p id="token-hint" class="muted">${escapeHtml(words.tokenHint)}</p><button class="main">${escapeHtml(words.signIn)}</button></form></main>`;
  return c.html(shell(lang, words.signIn, body), error ? 401 : 200);
}

export function adminRoutes(app: Hono, deps: AdminDeps): void {
  const { keys, clock, logger } = deps;
  // Guessing the token from one address is slowed to 10 tries a minute.
  const logins = new RateLimit(clock, { limit: 10, windowMs: 60_000 });
  const session = (c: Context) => sessionOf(c, keys.adminToken, clock.now());

  app.get('/', (c) => c.redirect(session(c) ? '/admin/users' : '/login', 303));
  app.get('/login', (c) => (session(c) ? c.redirect('/admin/users', 303) : loginPage(c, false)));
  app.post('/login', async (c) => {
    const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
    if (!logins.take(peerAddress(c))) return c.text('too many sign-in attempts; wait a minute\n', 429);
    if (typeof form.token !== 'string' || !sameSecret(form.token.trim(), keys.adminToken)) {
      logger.warn('admin page: sign-in refused (wrong token)');
      return loginPage(c, true);
    }
    startSession(c, keys.adminToken, clock.now(), deps.secureCookies);
    logger.info('admin page: signed in');
    return c.redirect('/admin/users', 303);
  });
  app.post('/logout', async (c) => {
    const s = session(c);
    const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
    if (s && !csrfHolds(s, form)) return c.text('this form is out of date; reload the page\n', 403);
    endSession(c, deps.secureCookies);
    return c.redirect('/login', 303);
  });
  app.get('/admin/:page', (c) => {
    const s = session(c);
    if (!s) return c.redirect('/login', 303);
    const page = c.req.param('page') as AdminPage;
    if (!adminPages.includes(page)) return c.notFound();
    const lang = languageOf(c);
    const words = adminWords(lang);
    const status = c.req.query('status');
    return c.html(adminShell(lang, words, page, s.csrf, pageContent(page, deps.store, words, status === undefined ? {} : { status })));
  });
}
