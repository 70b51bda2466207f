import { UsageError } from '../../core/errors.ts';
import { intOpt, stringOpt, switchOpt, type Command } from '../command.ts';
import { requireCalendar } from '../../manage/lookups.ts';
import { requireZone } from '../../manage/checks.ts';
import { withStore } from '../store-access.ts';

export const commands: Command[] = [
  {
    path: ['calendar', 'set'],
    summary: 'Change a calendar: private addresses, zone, alarms, polling (it is read again on the next sync)',
    usage: 'NAME [--allow-private|--no-private] [--tz ZONE] [--alarms|--no-alarms] [--poll SECONDS]',
    help: `Options:
  --allow-private, --no-private   let the URL (and its redirects) reach loopback/private addresses, or not
  --tz ZONE                       zone for floating times in this calendar
  --alarms, --no-alarms           honour the calendar's own VALARMs, or not
  --poll SECONDS                  polling interval for a URL (at least 60)

Example: herald calendar set office --allow-private`,
    options: {
      'allow-private': { type: 'boolean' },
      'no-private': { type: 'boolean' },
      tz: { type: 'string' },
      alarms: { type: 'boolean' },
      'no-alarms': { type: 'boolean' },
      poll: { type: 'string' },
    },
    positionals: [1, 1],
    async run(args, io) {
      const tz = stringOpt(args, 'tz');
      if (tz !== undefined) requireZone(tz);
      const poll = intOpt(args, 'poll', 60);
      const allowPrivate = switchOpt(args, 'allow-private', 'no-private');
      const alarms = switchOpt(args, 'alarms', 'no-alarms');
      return withStore(io, (store) => {
        const c = requireCalendar(store, args.positionals[0]!);
        const patch: Parameters<typeof store.calendars.update>[1] = {};
        if (allowPrivate !== undefined) patch.allowPrivate = allowPrivate;
        if (tz !== undefined) patch.defaultTz = tz;
        if (alarms !== undefined) patch.honourAlarms = alarms;
        if (poll !== undefined) patch.pollSeconds = poll;
        if (Object.keys(patch).length === 0) throw new UsageError('nothing to change (see: herald calendar set --help)');
        store.calendars.update(c.id, patch);
        // A calendar refused (or polled slowly) before the change is read again at the next pass.
        store.calendars.syncSoon(c.id);
        io.out(`changed calendar ${c.name}: ${Object.keys(patch).join(', ')}\n`);
        return 0;
      });
    },
  },
];
