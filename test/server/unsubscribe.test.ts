/** The one-click unsubscribe link over real HTTP: valid, forged, truncated, revoked; GET never changes anything. */
import { describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../src/core/signed-token.ts';
import { keys, serveApp } from './harness.ts';

async function world(locale = 'en') {
  const app = await serveApp();
  const user = app.store.users.add({ name: 'ana', tz: 'Europe/Zurich', locale });
  const cal = app.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: '/dev/null' });
  const digest = app.store.digests.add({
    userId: user.id,
    name: 'Morning agenda',
    calendarIds: [cal.id],
    targetIds: [],
    atTime: '07:00',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    sendEmail: true,
    enabled: true,
  });
  const link = `${app.url}/unsubscribe/${unsubscribeToken(keys.unsubscribeSecret, digest)}`;
  return { ...app, digest, link, enabled: () => app.store.digests.get(digest.id)?.enabled };
}

const oneClick = (url: string) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

describe('unsubscribe', () => {
  it('GET shows the agenda, its schedule and buttons, and changes nothing', async () => {
    const w = await world();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(w.link);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Agenda “Morning agenda”');
      expect(html).toContain('Sent Monday, Tuesday, Wednesday, Thursday, Friday at 07:00.');
      expect(html).toContain('value="off"');
    }
    expect(w.enabled()).toBe(true);
  });

  it('POST List-Unsubscribe=One-Click turns it off at once: 200, no redirect, and again changes nothing more', async () => {
    const w = await world();
    const first = await oneClick(w.link);
    expect([first.status, first.headers.get('location')]).toEqual([200, null]);
    expect(w.enabled()).toBe(false);
    const again = await oneClick(w.link);
    expect(again.status).toBe(200);
    expect(w.enabled()).toBe(false);
    expect(w.store.digests.get(w.digest.id)).toBeDefined();
    expect(w.logger.lines.join('\n')).not.toContain(w.link.split('/').pop());
  });

  it('the page in the user’s language (French) turns it off, back on, and deletes it', async () => {
    const w = await world('fr-CH');
    const page = await (await fetch(w.link)).text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Agenda « Morning agenda »');
    expect(page).toContain('Envoyé lundi, mardi, mercredi, jeudi, vendredi à 07:00.');
    const post = (action: string) => fetch(w.link, { method: 'POST', body: new URLSearchParams({ action }) });
    expect(await (await post('off')).text()).toContain('cet agenda est désactivé');
    expect(w.enabled()).toBe(false);
    expect(await (await post('on')).text()).toContain('de nouveau actif');
    expect(w.enabled()).toBe(true);
    expect(await (await post('delete')).text()).toContain('cet agenda est supprimé');
    expect(w.store.digests.get(w.digest.id)).toBeUndefined();
    // The digest is gone: its link is no more.
    expect((await fetch(w.link)).status).toBe(404);
  });

  it('a forged, truncated, altered or revoked token gets 404 and changes nothing', async () => {
    const w = await world();
    const token = w.link.split('/').pop()!;
    const [id, version, mac] = token.split('.');
    const forged = [
      `${id}.${version}.${'A'.repeat(mac!.length)}`,
      token.slice(0, -4),
      `${Number(id) + 1}.${version}.${mac}`,
      `${id}.${Number(version) + 1}.${mac}`,
      unsubscribeToken('another-server-secret-0123456789', w.digest),
      'nonsense',
    ];
    for (const bad of forged) {
      expect((await fetch(`${w.url}/unsubscribe/${bad}`)).status, bad).toBe(404);
      expect((await oneClick(`${w.url}/unsubscribe/${bad}`)).status, bad).toBe(404);
    }
    expect(w.enabled()).toBe(true);
    // New links revoke the old ones.
    w.store.digests.newUnsubscribeVersion(w.digest.id);
    expect((await oneClick(w.link)).status).toBe(404);
    expect(w.enabled()).toBe(true);
    const fresh = `${w.url}/unsubscribe/${unsubscribeToken(keys.unsubscribeSecret, w.store.digests.get(w.digest.id)!)}`;
    expect((await oneClick(fresh)).status).toBe(200);
    expect(w.enabled()).toBe(false);
  });
});
