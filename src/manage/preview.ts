/**
 * A template rendered for a real event: the next occurrence of a stored calendar (or of ICS text
 * sent with the request) at or after an instant, as a reminder or as the agenda of its day.
 * Nothing is stored or sent.
 */
import { DateTime } from 'luxon';
import type { CalendarCache } from '../calendar/cache.ts';
import { expandOccurrences } from '../calendar/expand.ts';
import type { Occurrence } from '../calendar/types.ts';
import { parseCalendar } from '../calendar/parse.ts';
import { channelFor, targetKinds } from '../channels/registry.ts';
import { InputError } from '../core/errors.ts';
import { renderAgenda, renderReminder, resolveTemplate, type RenderedMessage } from '../render/index.ts';
import { calendarOccurrences } from '../schedule/agenda.ts';
import { requireLocale, requireZone } from './checks.ts';
import type { ManageContext } from './context.ts';
import { bad, textField, type Fields } from './fields.ts';
import { requireCalendar } from './lookups.ts';
import { parseFormat, parseTemplateKind } from './templates.ts';
import { templateRefFrom } from './template-ref.ts';

const dayMs = 86_400_000;

export interface Preview {
  occurrence: { uid: string; summary: string; start: string };
  messages: RenderedMessage[];
}

function instantOf(f: Fields, nowMs: number): number {
  const at = textField(f, 'at');
  if (at === undefined) return nowMs;
  const ms = Date.parse(at);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(at)) throw bad('at', `--at must be an ISO date-time like 2026-11-24T09:00:00Z, got "${at.slice(0, 40)}"`);
  return ms;
}

/** Fields: calendar | ics, uid, at, template | template-text, kind, format, for-kind, tz, locale. */
export function previewTemplate(ctx: ManageContext, cache: CalendarCache, f: Fields, nowMs: number): Preview {
  const forKind = textField(f, 'for-kind');
  const channel = forKind === undefined ? undefined : channelFor(forKind);
  if (forKind !== undefined && !channel) throw bad('for-kind', `--for-kind: unknown kind "${forKind}" (one of: ${targetKinds.join(', ')})`);
  const format = parseFormat(textField(f, 'format'), channel?.format ?? 'chat');
  const kind = parseTemplateKind(textField(f, 'kind') ?? (textField(f, 'template')?.startsWith('agenda') ? 'agenda' : 'reminder'));
  const ref = templateRefFrom(ctx, f, { kind, format, maxLength: channel?.maxLength }) ?? null;
  const template = resolveTemplate(ctx.store, ref);
  const atMs = instantOf(f, nowMs);
  const calName = textField(f, 'calendar');
  const ics = textField(f, 'ics');
  if ((calName === undefined) === (ics === undefined))
    throw bad('calendar', 'give exactly one of calendar (a stored calendar\u2019s name) or ics (the calendar text)');
  const cal = calName === undefined ? null : requireCalendar(ctx.store, calName);
  const owner = cal ? ctx.store.users.get(cal.userId)! : null;
  const zone = requireZone(textField(f, 'tz') ?? owner?.tz ?? 'UTC');
  const locale = requireLocale(textField(f, 'locale') ?? owner?.locale ?? 'en');
  const parsed = ics === undefined ? null : parseCalendar(ics, { defaultZone: zone });
  const within = (fromMs: number, toMs: number): Occurrence[] =>
    cal ? calendarOccurrences(ctx.store, cache, cal, owner!, fromMs, toMs) : expandOccurrences(parsed!, { fromMs, toMs, defaultZone: zone }).occurrences;
  const uid = textField(f, 'uid');
  // The coming year first, then up to four more: a daily event does not expand five years at once.
  let o: Occurrence | undefined;
  for (let year = 0; year < 5 && !o; year++) {
    const fromMs = atMs + year * 366 * dayMs;
    o = within(fromMs, fromMs + 366 * dayMs)
      .filter((x) => x.startMs >= atMs && (uid === undefined || x.uid === uid))
      .sort((a, b) => a.startMs - b.startMs)[0];
  }
  if (!o)
    throw new InputError(`no occurrence${uid ? ` of ${uid}` : ''} at or after ${new Date(atMs).toISOString()}`, {
      field: uid ? 'uid' : 'calendar',
      problem: 'not_found',
    });
  const viewer = { zone, locale, hour12: owner?.hour12 ?? null };
  const common = { template, viewer, format, dialect: channel?.dialect, maxLength: channel?.maxLength };
  const occurrence = { uid: o.uid, summary: o.summary, start: new Date(o.startMs).toISOString() };
  if (kind === 'reminder') {
    const message = renderReminder({ ...common, occurrence: o, calendarName: cal?.name, minutesUntil: Math.round((o.startMs - atMs) / 60_000), late: false });
    return { occurrence, messages: [message] };
  }
  const day = o.allDay ? o.start : DateTime.fromMillis(o.startMs, { zone }).toISODate()!;
  const dayStart = DateTime.fromISO(day, { zone });
  const periodEnd = dayStart.plus({ days: 1 }).toISODate()!;
  const messages = renderAgenda({
    ...common,
    occurrences: within(dayStart.toMillis(), dayStart.plus({ days: 1 }).toMillis()).filter((x) => !x.allDay || (x.start <= day && x.end > day)),
    periodStart: day,
    periodEnd,
    weekly: false,
    calendarNames: cal ? [cal.name] : [],
    userName: owner?.name ?? 'you',
    unsubscribeUrl: format === 'email' ? 'https://herald.example/unsubscribe/PREVIEW' : null,
  });
  return { occurrence, messages };
}
