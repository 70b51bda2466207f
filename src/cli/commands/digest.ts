import { quoteInput } from '../../core/quote.ts';
import { DateTime } from 'luxon';
import { CalendarCache } from '../../calendar/cache.ts';
import { UsageError } from '../../core/errors.ts';
import { deliveryEngineFor } from '../../daemon/delivery-engine.ts';
import { createLogger } from '../../core/log.ts';
import { addDigest, removeDigest, setDigestEnabled } from '../../manage/digests.ts';
import { namesById, requireDigest } from '../../manage/lookups.ts';
import { digestView } from '../../manage/views.ts';
import { addDays, localDate } from '../../schedule/local-time.ts';
import { jsonOption, printRows, stringOpt, type Command } from '../command.ts';
import { removeCommand } from '../remove-command.ts';
import { fieldsOf, manageContext, withStore } from '../store-access.ts';
import { templateOptions } from '../template-help.ts';
import { sendOnce } from '../../delivery/retry.ts';

/** "today", "tomorrow" or YYYY-MM-DD, in a zone. */
export function parseDay(text: string | undefined, zone: string, nowMs: number): string {
  if (text === undefined || text === 'today') return localDate(nowMs, zone);
  if (text === 'tomorrow') return addDays(localDate(nowMs, zone), 1);
  // Date.parse rolls 2026-02-30 over into March; luxon says it does not exist.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !DateTime.fromISO(text, { zone: 'UTC' }).isValid)
    throw new UsageError(`--date must be YYYY-MM-DD, today or tomorrow, got ${quoteInput(text)}`);
  return text;
}

export const commands: Command[] = [
  {
    path: ['digest', 'add'],
    summary: 'Subscribe a user to a daily (or weekly) agenda by chat, email or both',
    usage:
      'NAME --user U --calendar C[,C2] [--target T[,T2]] [--email] --at 07:00 [--evening-before] [--days mon,tue,wed,thu,fri] [--no-recurring] [--skip-empty] [--weekly] [--template NAME|@FILE | --template-text TEXT] [--enable]',
    help: `Options:
  --calendar C[,C2]   the calendars listed
  --target T[,T2]     chat targets (or email targets) it goes to
  --email             also mail it to the user's address (needs HERALD_SMTP_URL)
  --at HH:MM          local time in the user's zone; a time skipped by DST goes at the first valid instant after it
  --evening-before    list tomorrow's events (sent the evening before) instead of today's
  --days D,D          weekdays on which it is sent (default every day); with --weekly, the day it
                      goes (default mon)
  --no-recurring      leave recurring events out
  --skip-empty        send nothing on a day without events
  --weekly            list the coming seven days instead of one
  --template T        an agenda template: a saved one's name, a built-in one (agenda.chat,
                      agenda.text, agenda.email) or @FILE to read one from a file
  --template-text X   the agenda template's text itself
  --enable            switch it on now (a new digest is off until enabled, like the seed's)

Example: herald digest add morning --user alice --calendar work --target team-chat --email --at 07:00 --days mon,tue,wed,thu,fri --enable`,
    options: {
      user: { type: 'string' },
      calendar: { type: 'string' },
      target: { type: 'string' },
      email: { type: 'boolean' },
      at: { type: 'string' },
      'evening-before': { type: 'boolean' },
      days: { type: 'string' },
      'no-recurring': { type: 'boolean' },
      'skip-empty': { type: 'boolean' },
      weekly: { type: 'boolean' },
      ...templateOptions,
      enable: { type: 'boolean' },
    },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const d = addDigest(manageContext(io, store), fieldsOf(args, args.positionals[0]));
        io.out(`added digest ${d.name} at ${d.atTime} (${d.enabled ? 'enabled' : 'disabled: turn it on with herald digest enable ' + d.name})\n`);
        return 0;
      });
    },
  },
  {
    path: ['digest', 'list'],
    summary: 'List agenda subscriptions',
    usage: '[--json]',
    options: { ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        const names = namesById(store);
        printRows(
          io,
          args,
          store.digests.list().map((d) => digestView(d, names)),
        );
        return 0;
      });
    },
  },
  ...(['enable', 'disable'] as const).map((verb): Command => ({
    path: ['digest', verb],
    summary: verb === 'enable' ? 'Switch an agenda subscription on' : 'Switch an agenda subscription off (planned sends are cancelled)',
    usage: 'NAME',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const d = setDigestEnabled(manageContext(io, store), args.positionals[0]!, verb === 'enable');
        io.out(`digest ${d.name} ${verb}d\n`);
        return 0;
      });
    },
  })),
  removeCommand('digest', 'Remove an agenda subscription', removeDigest),
  {
    path: ['digest', 'send'],
    summary: 'Send an agenda now (enabled or not) for a day',
    usage: 'NAME [--date YYYY-MM-DD|today|tomorrow]',
    options: { date: { type: 'string' } },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, async (store, clock) => {
        const d = requireDigest(store, args.positionals[0]!);
        const user = store.users.get(d.userId)!;
        const day = parseDay(stringOpt(args, 'date'), user.tz, clock.now());
        const now = clock.now();
        const vias: (number | 'email')[] = [...d.targetIds, ...(d.sendEmail ? (['email'] as const) : [])];
        const ids: number[] = [];
        for (const via of vias) {
          const key = `digest-now:${d.id}:${via}:${day}:${now}`;
          store.deliveries.add([
            {
              dedupeKey: key,
              route: via === 'email' ? 'user-email' : 'target',
              userId: user.id,
              targetId: via === 'email' ? null : via,
              sourceId: d.id,
              dueAt: now,
              content: { kind: 'agenda', digestId: d.id, periodStart: day, periodEnd: addDays(day, d.weekly ? 7 : 1), weekly: d.weekly },
            },
          ]);
          ids.push(store.deliveries.byKey(key)!.id);
        }
        const logger = createLogger({ level: 'error', write: (l) => io.err(`${l}\n`) });
        const engine = deliveryEngineFor(io.config, { store, clock, logger, cache: new CalendarCache(), print: io.out }, { retry: sendOnce });
        let failed = 0;
        const targets = new Map(store.targets.list().map((t) => [t.id, t.name]));
        for (const id of ids) {
          const r = await engine.sendNow(id);
          const to = r?.route === 'user-email' ? `email ${user.email}` : targets.get(r?.targetId ?? -1);
          if (r?.status === 'sent' || r?.status === 'late') io.out(`sent ${d.name} for ${day} to ${to}\n`);
          else if (r?.status === 'cancelled') io.out(`nothing to send to ${to}: ${r.lastError}\n`);
          else {
            failed++;
            io.err(`herald: ${d.name} to ${to} failed: ${r?.lastError ?? 'unknown error'}\n`);
          }
        }
        return failed > 0 ? 1 : 0;
      });
    },
  },
];
