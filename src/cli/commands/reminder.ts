import { formatDuration } from '../../core/duration.ts';
import { namesById } from '../../manage/lookups.ts';
import { addRule, removeRule } from '../../manage/rules.ts';
import { ruleView } from '../../manage/views.ts';
import { boolOpt, jsonOption, printRows, type Command } from '../command.ts';
import { manageContext, withStore } from '../store-access.ts';

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
      return withStore(io, (store) => {
        const rule = addRule(manageContext(io, store), args.values);
        const { calendars, targets } = namesById(store);
        const where = rule.calendarId === null ? `all of ${store.users.get(rule.userId)!.name}'s calendars` : calendars.get(rule.calendarId);
        io.out(
          boolOpt(args, 'json')
            ? `${JSON.stringify({ id: rule.id })}\n`
            : `added reminder rule ${rule.id}: ${rule.leads.map(formatDuration).join(', ')} before events of ${where} → ${rule.targetIds.map((t) => targets.get(t)).join(', ')}\n`,
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
        const names = namesById(store);
        printRows(
          io,
          args,
          store.rules.list().map((r) => ruleView(r, names)),
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
      return withStore(io, (store) => {
        const rule = removeRule(manageContext(io, store), args.positionals[0]!);
        io.out(`removed reminder rule ${rule.id}\n`);
        return 0;
      });
    },
  },
];
