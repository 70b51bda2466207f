import { quoteInput } from '../../core/quote.ts';
import { UsageError } from '../../core/errors.ts';
import { formatDuration, parseDuration } from '../../core/duration.ts';
import { boolOpt, jsonOption, listOpt, printRows, stringOpt, type Command } from '../command.ts';
import { namesById, requireCalendar, requireOwnTargets, requireUser } from '../find-by-name.ts';
import { maxLeadSeconds } from '../../schedule/limits.ts';
import { withStore } from '../store-access.ts';

function requireLocalTime(text: string, flag: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new UsageError(`--${flag} must be a local time like 07:00, got ${quoteInput(text)}`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}
export { requireLocalTime };

export const commands: Command[] = [
  {
    path: ['reminder', 'add'],
    summary: "Remind targets before each event of a calendar (or of all of a user's calendars)",
    usage:
      '(--calendar C | --user U) --target T[,T2] --before 10m[,1h,1d] [--all-day-at 09:00] [--all-day-same-day] [--skip-free] [--keep-declined] [--match TEXT] [--category C] [--deliver-late]',
    help: `Options:
  --calendar C          the calendar whose events are reminded (its owner is the user)
  --user U              instead: every calendar of this user
  --target T[,T2]       where the reminders go (targets of the same user)
  --before D[,D2]       lead times: 10m, 1h, 1d, 1h30m…, at most 90d
  --all-day-at HH:MM    when all-day events are reminded, in the user's zone (default 09:00 the day before)
  --all-day-same-day    remind all-day events on their own morning instead of the day before
  --skip-free           skip events marked free (TRANSP:TRANSPARENT)
  --keep-declined       also remind events the user declined (skipped by default)
  --deliver-late        a reminder not delivered by its event's start (the service kept failing,
                        herald was down) is still sent, marked late, until the event ends;
                        without it, it is recorded as missed with the last error
  --match TEXT          only events whose title, description or location contains TEXT
  --category C          only events with this CATEGORIES value
Cancelled events are never reminded.

Example: herald reminder add --calendar work --target team-chat --before 10m,1h`,
    options: {
      calendar: { type: 'string' },
      user: { type: 'string' },
      target: { type: 'string' },
      before: { type: 'string' },
      'all-day-at': { type: 'string' },
      'all-day-same-day': { type: 'boolean' },
      'skip-free': { type: 'boolean' },
      'keep-declined': { type: 'boolean' },
      'deliver-late': { type: 'boolean' },
      match: { type: 'string' },
      category: { type: 'string' },
      ...jsonOption,
    },
    async run(args, io) {
      const leads = listOpt(args, 'before').map((d) => {
        let seconds: number;
        try {
          seconds = parseDuration(d);
        } catch (err) {
          throw new UsageError(`--before: ${(err as Error).message} (at most ${formatDuration(maxLeadSeconds)})`);
        }
        if (seconds > maxLeadSeconds)
          throw new UsageError(`--before: lead times are at most ${formatDuration(maxLeadSeconds)} (90 days), got ${quoteInput(d)}`);
        return seconds;
      });
      if (leads.length === 0) throw new UsageError('missing --before (e.g. --before 10m,1h)');
      const targetNames = listOpt(args, 'target');
      if (targetNames.length === 0) throw new UsageError('missing --target');
      const allDayAt = requireLocalTime(stringOpt(args, 'all-day-at') ?? '09:00', 'all-day-at');
      return withStore(io, (store) => {
        const calName = stringOpt(args, 'calendar');
        const userName = stringOpt(args, 'user');
        if ((calName === undefined) === (userName === undefined)) throw new UsageError('give exactly one of --calendar C or --user U');
        const calendar = calName === undefined ? null : requireCalendar(store, calName);
        const user = calendar ? store.users.get(calendar.userId)! : requireUser(store, userName!);
        const targets = requireOwnTargets(store, user, targetNames);
        const rule = store.rules.add({
          userId: user.id,
          calendarId: calendar?.id ?? null,
          targetIds: targets.map((t) => t.id),
          leads,
          allDayAt,
          allDayDayBefore: !boolOpt(args, 'all-day-same-day'),
          skipTransparent: boolOpt(args, 'skip-free'),
          skipDeclined: !boolOpt(args, 'keep-declined'),
          deliverLate: boolOpt(args, 'deliver-late'),
          filterText: stringOpt(args, 'match') ?? null,
          filterCategory: stringOpt(args, 'category') ?? null,
        });
        io.out(
          boolOpt(args, 'json')
            ? `${JSON.stringify({ id: rule.id })}\n`
            : `added reminder rule ${rule.id}: ${leads.map(formatDuration).join(', ')} before events of ${calendar?.name ?? `all of ${user.name}'s calendars`} → ${targets.map((t) => t.name).join(', ')}\n`,
        );
        return 0;
      });
    },
  },
  {
    path: ['reminder', 'list'],
    summary: 'List reminder rules',
    usage: '[--json]',
    options: { ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        const { users, calendars: cals, targets } = namesById(store);
        printRows(
          io,
          args,
          store.rules.list().map((r) => ({
            id: r.id,
            user: users.get(r.userId) ?? null,
            calendar: r.calendarId === null ? '(all)' : (cals.get(r.calendarId) ?? null),
            targets: r.targetIds.map((t) => targets.get(t)).join(','),
            before: r.leads.map(formatDuration).join(','),
            all_day: `${r.allDayAt}${r.allDayDayBefore ? ' day before' : ' same day'}`,
            filters: [
              r.skipTransparent ? 'skip-free' : '',
              r.skipDeclined ? '' : 'keep-declined',
              r.deliverLate ? 'deliver-late' : '',
              r.filterText ? `match:${r.filterText}` : '',
              r.filterCategory ? `category:${r.filterCategory}` : '',
            ]
              .filter(Boolean)
              .join(' '),
            enabled: r.enabled,
          })),
        );
        return 0;
      });
    },
  },
  {
    path: ['reminder', 'rm'],
    summary: 'Remove a reminder rule (its planned reminders are cancelled)',
    usage: 'ID',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      const id = Number(args.positionals[0]);
      return withStore(io, (store) => {
        if (!Number.isInteger(id) || !store.rules.get(id))
          throw new UsageError(`no reminder rule ${quoteInput(args.positionals[0])} (see: herald reminder list)`);
        store.rules.remove(id);
        store.deliveries.cancelScope(`rule:${id}`);
        io.out(`removed reminder rule ${id}\n`);
        return 0;
      });
    },
  },
];
