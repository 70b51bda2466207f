/**
 * The web admin page (issue 15), served by the daemon: `/` leads to the login form or the pages;
 * `/login` takes the admin token into a session cookie; `/admin/PAGE` lists users, calendars,
 * targets, agendas and deliveries. Server-rendered HTML without script (see README: why). Writes
 * (a new agenda, switching one, retrying a delivery) go through manage/, as the CLI's and the API's.
 */
import { sealSecret } from '../../core/secret-box.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import type { Store } from '../../store/index.ts';
import { browserLanguage, escapeHtml } from '../html.ts';
import { RateLimit } from '../rate-limit.ts';
import { adminPages, adminShell, shell, type AdminPage } from './layout.ts';
import { InputError, UsageError } from '../../core/errors.ts';
import type { ManageContext } from '../../manage/context.ts';
import { retryDelivery } from '../../manage/deliveries.ts';
import { addDigest, setDigestEnabled } from '../../manage/digests.ts';
import { agendaWords } from './agenda-words.ts';
import { agendaFields, agendasContent, emptyForm } from './agendas.ts';
import { pageContent } from './pages.ts';
import { csrfHolds, endSession, sessionOf, startSession, type AdminSession } from './session.ts';
import { adminLanguages, adminWords, type AdminWords } from './words.ts';
import { sameSecret } from '../../core/signed-token.ts';

export interface AdminDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  keys: { adminToken: string; secretKey: Buffer };
  /** The cookie is Secure when people reach herald over HTTPS (HERALD_PUBLIC_URL). */
  secureCookies: boolean;
  /** HERALD_DEFAULT_MAX_TARGETS, for changes made from the page. */
  defaultMaxTargets?: number | null;
}

/** The connection's address (not a header anyone can write); tests that call the app directly have none. */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

type PageRender = (c: Context, name: AdminPage, content: (words: AdminWords, lang: string, csrf: string) => string, status?: 200 | 400) => Response;

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
  const page = (
    c: Context,
    name: AdminPage,
    content: (words: ReturnType<typeof adminWords>, lang: string, csrf: string) => string,
    status: 200 | 400 = 200,
  ) => {
    const s = session(c)!;
    const lang = languageOf(c);
    const words = adminWords(lang);
    return c.html(adminShell(lang, words, name, s.csrf, content(words, lang, s.csrf)), status);
  };
  app.get('/admin/:page', (c) => {
    if (!session(c)) return c.redirect('/login', 303);
    const name = c.req.param('page') as AdminPage;
    if (!adminPages.includes(name)) return c.notFound();
    if (name === 'digests') {
      const created = c.req.query('created');
      return page(c, name, (words, lang, csrf) =>
        agendasContent(deps.store, lang, words, agendaWords(lang), csrf, { ...emptyForm, note: created ? agendaWords(lang).created(created) : null }),
      );
    }
    const status = c.req.query('status');
    return page(c, name, (words, _lang, csrf) => pageContent(name, deps.store, words, status === undefined ? {} : { status }, csrf));
  });
  writeRoutes(app, { session, page, deps });
}

/** The pages' writes: a new agenda, switching one on or off, retrying a delivery; each checked by manage/. */
function writeRoutes(app: Hono, { session, page, deps }: { session: (c: Context) => AdminSession | null; page: PageRender; deps: AdminDeps }): void {
  const manage = (): ManageContext => ({
    store: deps.store,
    actor: 'admin-page',
    cwd: null,
    env: null,
    defaultMaxTargets: deps.defaultMaxTargets ?? null,
    seal: (plaintext) => sealSecret(deps.keys.secretKey, plaintext),
  });
  /** Signed in, with the form's CSRF token; else the login or a 403. */
  const write = async (c: Context): Promise<Record<string, string | string[]> | Response> => {
    const s = session(c);
    if (!s) return c.redirect('/login', 303);
    const form = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<string, string | string[]>;
    if (!csrfHolds(s, form)) return c.text('this form is out of date; reload the page\n', 403);
    return form;
  };
  app.post('/admin/digests', async (c) => {
    const form = await write(c);
    if (form instanceof Response) return form;
    try {
      const d = addDigest(manage(), agendaFields(form));
      return c.redirect(`/admin/digests?created=${encodeURIComponent(d.name)}`, 303);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      const error = { field: err instanceof InputError ? err.field : undefined, message: err.message.replace(/^usage: /, '') };
      return page(
        c,
        'digests',
        (words, lang, csrf) => agendasContent(deps.store, lang, words, agendaWords(lang), csrf, { values: form, error, note: null }),
        400,
      );
    }
  });
  app.post('/admin/digests/:name/:verb{enable|disable}', async (c) => {
    const form = await write(c);
    if (form instanceof Response) return form;
    setDigestEnabled(manage(), c.req.param('name'), c.req.param('verb') === 'enable');
    return c.redirect('/admin/digests', 303);
  });
  app.post('/admin/deliveries/:id/retry', async (c) => {
    const form = await write(c);
    if (form instanceof Response) return form;
    retryDelivery(manage(), c.req.param('id'));
    return c.redirect('/admin/deliveries', 303);
  });
}
