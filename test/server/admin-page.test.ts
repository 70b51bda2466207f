/**
 * The web admin page in a real browser (Debian's Chromium driven by playwright-core), served by
 * herald's app on 127.0.0.1 over a real SQLite store: sign-in, the pages, masking, the session
 * cookie, CSRF, a phone-sized screen, the browser's language, the keyboard.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, serveApp } from './harness.ts';

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let browser: Browser;

beforeAll(async () => {
  // .ci/run installs Debian's chromium: without it this is a failure, not a skip.
  if (!executablePath) throw new Error('chromium is not installed (apt-get install chromium); the admin page tests need it');
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => browser?.close());

async function world() {
  const app = await serveApp();
  const ana = app.store.users.add({ name: 'ana', email: 'ana@example.com', tz: 'Europe/Zurich', locale: 'fr' });
  app.store.calendars.add({ userId: ana.id, name: 'team', kind: 'url', location: 'https://cal.example.com/feeds/SECRETFEEDTOKEN123/team.ics' });
  app.store.targets.add({ userId: ana.id, name: 'chat', kind: 'mattermost', url: 'https://chat.example.com/hooks/SECRETHOOK987654' });
  return app;
}

async function signIn(url: string, locale = 'en-GB', viewport = { width: 1200, height: 800 }) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel(/token|jeton/i).fill(keys.adminToken);
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await page.waitForURL(/\/admin\/users$/);
  return { context, page };
}

describe('the admin page in Chromium', () => {
  it('asks for the admin token, refuses a wrong one, then shows the pages with secrets masked', async () => {
    const app = await world();
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${app.url}/admin/targets`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Admin token').fill('not-the-token');
    const refused = page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect((await refused).status()).toBe(401);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That is not the admin token.');

    await page.getByLabel('Admin token').fill(keys.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/users$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
    expect(await page.locator('td', { hasText: 'ana@example.com' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Targets' }).click();
    await page.waitForURL(/\/admin\/targets$/);
    const html = await page.content();
    expect(html).toContain('chat.example.com');
    expect(html).not.toContain('SECRETHOOK987654');
    await page.getByRole('link', { name: 'Calendars' }).click();
    expect(await page.content()).not.toContain('SECRETFEEDTOKEN123');
    expect(await page.getByRole('link', { name: 'Calendars' }).getAttribute('aria-current')).toBe('page');

    // The session cookie cannot be read by script nor sent by other sites.
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'herald_admin', httpOnly: true, sameSite: 'Strict' });
    expect(cookie!.value).not.toContain(keys.adminToken);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${app.url}/admin/users`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  }, 60_000);

  it('refuses a write without the form’s CSRF token, and a forged session cookie', async () => {
    const app = await world();
    const { context, page } = await signIn(app.url);
    const [cookie] = await context.cookies();
    const withCookie = { cookie: `herald_admin=${cookie!.value}`, 'content-type': 'application/x-www-form-urlencoded' };
    const forged = await fetch(`${app.url}/admin/users`, {
      headers: { cookie: `herald_admin=${cookie!.value.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'))}` },
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/login');
    expect((await fetch(`${app.url}/logout`, { method: 'POST', headers: withCookie, body: 'csrf=wrong', redirect: 'manual' })).status).toBe(403);
    // The page's own form carries the right one.
    const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
    expect((await fetch(`${app.url}/logout`, { method: 'POST', headers: withCookie, body: `csrf=${csrf!}`, redirect: 'manual' })).status).toBe(303);
    await context.close();
  }, 60_000);

  it('follows the browser’s language, fits a 375 px phone, and starts with a skip link for the keyboard', async () => {
    const app = await world();
    const { context, page } = await signIn(app.url, 'fr-CH', { width: 375, height: 740 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Utilisateurs');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    for (const path of ['users', 'calendars', 'targets', 'deliveries']) {
      await page.goto(`${app.url}/admin/${path}`);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width, path).toBeLessThanOrEqual(375);
    }
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('content');
    await context.close();
  }, 60_000);

  it('creates an agenda with the daily-reminder form: a refusal names the field, then it is listed and switched off', async () => {
    const app = await world();
    app.store.calendars.add({ userId: app.store.users.byName('ana')!.id, name: 'home', kind: 'file', location: '/dev/null' });
    const { context, page } = await signIn(app.url);
    await page.getByRole('link', { name: 'Agendas' }).click();
    await page.waitForURL(/\/admin\/digests$/);
    await page.getByLabel('Name').fill('morning');
    // No calendar ticked: refused, the message beside the calendars, the typed name kept.
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('missing --calendar');
    expect(await page.getByLabel('Name').inputValue()).toBe('morning');
    expect(app.store.digests.list()).toHaveLength(0);

    await page.getByLabel('team').check();
    await page.getByLabel('Both').check();
    await page.getByLabel('Chat target').selectOption('chat');
    await page.getByLabel('Time').fill('06:45');
    await page.getByLabel('the next day (sent the evening before)').check();
    await page.getByLabel('Include recurring events').uncheck();
    await page.getByLabel('Sat', { exact: true }).check();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/created=morning/);
    expect(await page.getByRole('status').textContent()).toBe('Agenda “morning” created.');
    const [d] = app.store.digests.list();
    expect(d).toMatchObject({ name: 'morning', atTime: '06:45', eveningBefore: true, includeRecurring: false, sendEmail: true, enabled: true });
    expect(d!.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    expect(d!.targetIds).toEqual([app.store.targets.byName('chat')!.id]);
    // Written by the page: audited as such.
    expect(app.store.audit.list().some((a) => a.actor === 'admin-page' && a.action === 'add' && a.entity === 'digest')).toBe(true);

    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.waitForURL(/\/admin\/digests$/);
    expect(app.store.digests.byName('morning')!.enabled).toBe(false);
    await context.close();
  }, 60_000);
});
