/**
 * What `/agenda …` answers: the linked user's agenda for today, tomorrow, a weekday or the week,
 * or their next event, from the calendars' last good copies (no fetch while the chat waits).
 */
import { Info } from 'luxon';
import type { CalendarCache } from '../calendar/cache.ts';
import { escapeFor } from '../render/escape.ts';
import { formatOccurrenceDate, renderAgenda, type OutputFormat } from '../render/index.ts';
import { calendarOccurrences, gatherAgenda } from '../schedule/agenda.ts';
import { addDays, localDate, weekdayOf } from '../schedule/local-time.ts';
import type { Store, User } from '../store/index.ts';

export const agendaHelp = [
  '`/agenda` today’s events · `/agenda tomorrow` · `/agenda monday` (or any weekday: the next one)',
  '`/agenda week` the next seven days · `/agenda next` your next event · `/agenda share …` shows the answer to the channel',
].join('\n');

const englishDays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The weekday a word names (English or the user's language, whole or its first three letters), 0 = Monday. */
function weekdayNamed(word: string, locale: string): number | null {
  const names = [englishDays, Info.weekdays('long', { locale }).map((d) => d.toLowerCase())];
  for (const list of names) {
    const i = list.findIndex((d) => d === word || (word.length >= 3 && d.startsWith(word)));
    if (i >= 0) return i;
  }
  return null;
}

export interface AgendaQuery {
  store: Store;
  cache: CalendarCache;
  user: User;
  /** What followed the command, e.g. "tomorrow" or "share week". */
  text: string;
  nowMs: number;
  format: OutputFormat;
}

export function answerAgenda(q: AgendaQuery): { text: string; share: boolean } {
  const words = q.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const share = words[0] === 'share';
  if (share) words.shift();
  const word = words[0] ?? 'today';
  const today = localDate(q.nowMs, q.user.tz);
  if (word === 'help') return { text: agendaHelp, share: false };
  if (word === 'next') return { text: nextEvent(q), share };
  let day: string | null = word === 'today' ? today : word === 'tomorrow' ? addDays(today, 1) : null;
  const weekly = word === 'week';
  if (weekly) day = today;
  if (day === null) {
    const wanted = weekdayNamed(word, q.user.locale);
    if (wanted === null) return { text: `I did not understand “${word.slice(0, 40)}”.\n${agendaHelp}`, share: false };
    const todayIndex = weekdayKeys.indexOf(weekdayOf(today));
    day = addDays(today, (wanted - todayIndex + 7) % 7);
  }
  const calendars = q.store.calendars.list(q.user.id);
  const periodEnd = addDays(day, weekly ? 7 : 1);
  const occurrences = gatherAgenda(q.store, q.cache, { user: q.user, calendars, periodStart: day, periodEnd, includeRecurring: true });
  const [message] = renderAgenda({
    template: null,
    occurrences,
    viewer: { zone: q.user.tz, locale: q.user.locale, hour12: q.user.hour12 },
    format: q.format,
    periodStart: day,
    periodEnd,
    weekly,
    calendarNames: calendars.map((c) => c.name),
    userName: q.user.name,
    unsubscribeUrl: null,
  });
  return { text: message!.text, share };
}

/** The first event starting after now, within 30 days. */
function nextEvent(q: AgendaQuery): string {
  const toMs = q.nowMs + 30 * 86_400_000;
  const upcoming = q.store.calendars
    .list(q.user.id)
    .flatMap((cal) => calendarOccurrences(q.store, q.cache, cal, q.user, q.nowMs, toMs))
    .filter((o) => o.startMs >= q.nowMs)
    .sort((a, b) => a.startMs - b.startMs);
  const next = upcoming[0];
  if (!next) return 'Nothing in the next 30 days.';
  const when = formatOccurrenceDate(next, { zone: q.user.tz, locale: q.user.locale, hour12: q.user.hour12 });
  const bold = q.format === 'chat' ? '**' : '';
  // Event values are escaped as in any message: a title cannot ping a channel or break the markup.
  const value = (s: string) => escapeFor(q.format, s, { singleLine: true });
  return `Next: ${bold}${value(next.summary || '(no title)')}${bold} · ${when}${next.location ? ` · ${value(next.location)}` : ''}`;
}
