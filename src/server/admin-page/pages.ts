/** What each admin page lists, read from the store; secrets masked as in the CLI's listings. */
import { maskUrl } from '../../core/mask.ts';
import { deliveryStatuses, type DeliveryStatus, type Store } from '../../store/index.ts';
import { escapeHtml } from '../html.ts';
import { table, type AdminPage, type Cell } from './layout.ts';
import type { AdminWords } from './words.ts';

/** Times in UTC, named as such (the page has no script to learn the browser's zone). */
const when = (ms: number | null) => (ms === null ? null : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`);

export function pageContent(page: Exclude<AdminPage, 'digests'>, store: Store, words: AdminWords, query: { status?: string }, csrf = ''): string {
  const userNames = new Map(store.users.list().map((u) => [u.id, u.name]));
  switch (page) {
    case 'users':
      return table(
        words,
        ['name', 'email', 'zone', 'locale', 'clock', 'plan'],
        store.users
          .list()
          .map((u) => [
            u.name,
            u.email,
            u.tz,
            u.locale,
            u.hour12 === null ? null : u.hour12 ? '12 h' : '24 h',
            u.maxTargets === null ? null : String(u.maxTargets),
          ]),
      );
    case 'calendars':
      return table(
        words,
        ['name', 'user', 'kind', 'location', 'lastSync', 'error'],
        store.calendars
          .list()
          .map((c) => [c.name, userNames.get(c.userId) ?? null, c.kind, c.kind === 'file' ? c.location : maskUrl(c.location), when(c.lastSyncAt), c.lastError]),
      );
    case 'targets':
      return table(
        words,
        ['name', 'user', 'kind', 'url', 'template'],
        store.targets
          .list()
          .map((t) => [t.name, userNames.get(t.userId) ?? null, t.kind, maskUrl(t.url), t.template === null ? null : t.template.slice(0, 80)]),
      );
    case 'deliveries':
      return deliveriesContent(store, words, query.status, csrf);
  }
}

function deliveriesContent(store: Store, words: AdminWords, status: string | undefined, csrf: string): string {
  const chosen = (deliveryStatuses as readonly string[]).includes(status ?? '') ? (status as DeliveryStatus) : undefined;
  const targetNames = new Map(store.targets.list().map((t) => [t.id, t.name]));
  const options = [`<option value="">${escapeHtml(words.all)}</option>`]
    .concat(deliveryStatuses.map((s) => `<option${s === chosen ? ' selected' : ''}>${s}</option>`))
    .join('');
  const filter = `<form method="get"><label for="status">${escapeHtml(words.status)}</label><select id="status" name="status">${options}</select> <button>${escapeHtml(words.filter)}</button></form><p></p>`;
  const rows = store.deliveries
    .list({ ...(chosen ? { status: chosen } : {}), limit: 200 })
    .map((d): Cell[] => [
      d.status,
      d.kind,
      when(d.dueAt),
      when(d.sentAt),
      d.targetId === null ? 'email' : (targetNames.get(d.targetId) ?? null),
      d.eventUid,
      d.attempts,
      d.lastError,
      retryable.has(d.status) ? { html: retryButton(d.id, csrf, words) } : null,
    ]);
  return filter + table(words, ['status', 'kind', 'due', 'sent', 'target', 'event', 'attempts', 'error', 'action'], rows);
}

const retryable = new Set(['failed', 'dead', 'missed']);

function retryButton(id: number, csrf: string, words: AdminWords): string {
  return `<form method="post" action="/admin/deliveries/${id}/retry"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button>${escapeHtml(words.retry)}</button></form>`;
}
