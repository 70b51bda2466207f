/**
 * The agendas page: the subscriptions with a switch each, and the form of Infomaniak's "daily
 * reminder" (calendars, mail / chat / both, time, same morning or evening before, recurring on/off,
 * weekdays, on) plus weekly and skip-empty. The form is checked by manage/ as the CLI and the API
 * are; a refusal shows the form again with the message beside the field it names.
 */
import { Info } from 'luxon';
import type { Fields } from '../../manage/fields.ts';
import { namesById } from '../../manage/lookups.ts';
import { weekdays, type Store } from '../../store/index.ts';
import { escapeHtml } from '../html.ts';
import type { AgendaWords } from './agenda-words.ts';
import type { AdminWords } from './words.ts';

export interface FormState {
  values: Record<string, string | string[]>;
  error: { field: string | undefined; message: string } | null;
  note: string | null;
}

export const emptyForm: FormState = {
  values: { send: 'mail', at: '07:00', recurring: 'on', enable: 'on', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
  error: null,
  note: null,
};

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The form's values as the fields manage/digests.ts reads (the CLI's flag names). */
export function agendaFields(values: Record<string, string | string[]>): Fields {
  const send = one(values.send) ?? 'mail';
  const on = (name: string) => one(values[name]) === 'on';
  return {
    name: one(values.name)?.trim() ?? '',
    user: one(values.user) ?? '',
    calendar: list(values.calendar),
    ...(send !== 'mail' && one(values.target) ? { target: one(values.target) } : {}),
    email: send !== 'chat',
    at: one(values.at) ?? '',
    'evening-before': one(values.lists) === 'evening-before',
    'no-recurring': !on('recurring'),
    days: list(values.days),
    weekly: on('weekly'),
    'skip-empty': on('skip-empty'),
    enable: on('enable'),
  };
}

export function agendasContent(store: Store, lang: string, words: AdminWords, aw: AgendaWords, csrf: string, state: FormState): string {
  const names = namesById(store);
  const hidden = `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
  const rows = store.digests.list().map((d) => {
    const to = [...d.targetIds.map((t) => names.targets.get(t) ?? ''), ...(d.sendEmail ? [aw.mail] : [])].join(', ');
    const toggle = `<form method="post" action="/admin/digests/${encodeURIComponent(d.name)}/${d.enabled ? 'disable' : 'enable'}">${hidden}<button>${escapeHtml(d.enabled ? aw.turnOff : aw.turnOn)}</button></form>`;
    const cells = [
      d.name,
      names.users.get(d.userId) ?? '',
      d.calendarIds.map((c) => names.calendars.get(c) ?? '').join(', '),
      to,
      `${d.atTime} · ${d.days.join(',')}`,
    ];
    const labels = [aw.name, aw.user, aw.calendars, aw.send, aw.time];
    return `<tr>${cells.map((v, i) => `<td data-label="${escapeHtml(labels[i]!)}">${escapeHtml(v)}</td>`).join('')}<td data-label="${escapeHtml(aw.enabled)}">${escapeHtml(d.enabled ? aw.enabled : '—')} ${toggle}</td></tr>`;
  });
  const table = rows.length
    ? `<table><thead><tr>${[aw.name, aw.user, aw.calendars, aw.send, aw.time, aw.enabled].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p class="muted">${escapeHtml(words.none)}</p>`;
  const note = state.note ? `<p role="status"><strong>${escapeHtml(state.note)}</strong></p>` : '';
  return `${note}${table}<h2>${escapeHtml(aw.add)}</h2>${agendaForm(store, lang, aw, hidden, state)}`;
}

function agendaForm(store: Store, lang: string, aw: AgendaWords, hidden: string, state: FormState): string {
  const v = state.values;
  const err = (field: string) =>
    state.error && state.error.field === field
      ? `<p class="error" id="err-${field}" role="alert">${escapeHtml(aw.problem)} ${escapeHtml(state.error.message)}</p>`
      : '';
  const described = (field: string) => (state.error?.field === field ? ` aria-invalid="true" aria-describedby="err-${field}"` : '');
  const checked = (name: string, value = 'on') => (list(v[name]).includes(value) ? ' checked' : '');
  const users = store.users.list();
  const selected = (name: string, value: string) => (one(v[name]) === value ? ' selected' : '');
  const dayNames = Info.weekdays('short', { locale: lang });
  const general =
    state.error && !['name', 'user', 'calendar', 'target', 'email', 'at', 'days'].includes(state.error.field ?? '')
      ? err(state.error.field ?? '') || `<p class="error" role="alert">${escapeHtml(state.error.message)}</p>`
      : '';
  return `<form method="post" action="/admin/digests">${hidden}${general}
<label for="f-name">${escapeHtml(aw.name)}</label><input id="f-name" name="name" required value="${escapeHtml(one(v.name) ?? '')}"${described('name')}>${err('name')}
<label for="f-user">${escapeHtml(aw.user)}</label><select id="f-user" name="user"${described('user')}>${users.map((u) => `<option${selected('user', u.name)}>${escapeHtml(u.name)}</option>`).join('')}</select>${err('user')}
<fieldset><legend>${escapeHtml(aw.calendars)}</legend>${store.calendars
    .list()
    .map(
      (c, i) =>
        `<input type="checkbox" id="f-cal-${i}" name="calendar" value="${escapeHtml(c.name)}"${checked('calendar', c.name)}><label class="inline" for="f-cal-${i}">${escapeHtml(c.name)}</label> `,
    )
    .join('')}${err('calendar')}</fieldset>
<fieldset><legend>${escapeHtml(aw.send)}</legend>${(['mail', 'chat', 'both'] as const)
    .map(
      (s) =>
        `<input type="radio" id="f-send-${s}" name="send" value="${s}"${checked('send', s)}><label class="inline" for="f-send-${s}">${escapeHtml(aw[s])}</label> `,
    )
    .join('')}${err('email')}</fieldset>
<label for="f-target">${escapeHtml(aw.target)}</label><select id="f-target" name="target"${described('target')}><option value=""></option>${store.targets
    .list()
    .map((t) => `<option${selected('target', t.name)}>${escapeHtml(t.name)}</option>`)
    .join('')}</select>${err('target')}
<label for="f-at">${escapeHtml(aw.time)}</label><input id="f-at" name="at" type="time" required value="${escapeHtml(one(v.at) ?? '')}"${described('at')}>${err('at')}
<fieldset><legend>${escapeHtml(aw.lists)}</legend><input type="radio" id="f-same" name="lists" value="same-day"${one(v.lists) === 'evening-before' ? '' : ' checked'}><label class="inline" for="f-same">${escapeHtml(aw.sameDay)}</label>
<input type="radio" id="f-eve" name="lists" value="evening-before"${checked('lists', 'evening-before')}><label class="inline" for="f-eve">${escapeHtml(aw.eveningBefore)}</label></fieldset>
<fieldset><legend>${escapeHtml(aw.days)}</legend>${weekdays
    .map(
      (d, i) =>
        `<input type="checkbox" id="f-day-${d}" name="days" value="${d}"${checked('days', d)}><label class="inline" for="f-day-${d}">${escapeHtml(dayNames[i]!)}</label> `,
    )
    .join('')}${err('days')}</fieldset>
${(['recurring', 'weekly', 'skip-empty', 'enable'] as const)
  .map(
    (n) =>
      `<p><input type="checkbox" id="f-${n}" name="${n}"${checked(n)}><label class="inline" for="f-${n}">${escapeHtml(n === 'recurring' ? aw.recurring : n === 'weekly' ? aw.weekly : n === 'skip-empty' ? aw.skipEmpty : aw.enabled)}</label></p>`,
  )
  .join('')}
<p><button class="main">${escapeHtml(aw.create)}</button></p></form>`;
}
