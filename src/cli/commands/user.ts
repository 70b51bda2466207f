import { addUser, removeUser, updateUser } from '../../manage/users.ts';
import { userView } from '../../manage/views.ts';
import { boolOpt, jsonOption, printRows, type Command } from '../command.ts';
import { removeCommand } from '../remove-command.ts';
import { fieldsOf, manageContext, withStore } from '../store-access.ts';

export const commands: Command[] = [
  {
    path: ['user', 'add'],
    summary: 'Add a person who receives reminders and agendas',
    usage: 'NAME --tz ZONE [--email ADDRESS] [--locale LL] [--clock 12|24] [--plan free|standard|business | --max-targets N] [--chat-id ID]',
    help: `Options:
  --tz ZONE          IANA time zone, e.g. Europe/Zurich (required)
  --email ADDRESS    where agenda emails go
  --locale LL        language for dates and default texts: en, fr, de, it, es… (default en)
  --clock 12|24      12- or 24-hour times (default: the locale's habit)
  --plan P           free (1 target), standard (20) or business (no limit)
  --max-targets N    most targets this user may have (instead of a plan)

Example: herald user add alice --email alice@example.com --tz Europe/Zurich --locale fr`,
    options: {
      tz: { type: 'string' },
      email: { type: 'string' },
      locale: { type: 'string' },
      clock: { type: 'string' },
      'max-targets': { type: 'string' },
      plan: { type: 'string' },
      ...jsonOption,
    },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const u = addUser(manageContext(io, store), fieldsOf(args, args.positionals[0]));
        io.out(boolOpt(args, 'json') ? `${JSON.stringify({ id: u.id, name: u.name })}\n` : `added user ${u.name}\n`);
        return 0;
      });
    },
  },
  {
    path: ['user', 'list'],
    summary: 'List users',
    usage: '[--json]',
    options: { ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        const rows = store.users.list().map(userView);
        printRows(io, args, rows);
        return 0;
      });
    },
  },
  {
    path: ['user', 'set'],
    summary: "Change a user's zone, language, email, clock, target limit or linked chat id",
    usage: 'NAME [--tz ZONE] [--email ADDRESS] [--locale LL] [--clock 12|24|auto] [--plan free|standard|business | --max-targets N [--force]] [--chat-id ID]',
    help: `Options:
  --plan P           free (1 chat webhook), standard (20) or business (no limit); console and
                     email targets never count
  --max-targets N    most chat webhooks this user may have on (instead of a plan)
  --force            a plan under the webhooks the user has on: keep the oldest, disable the rest
                     (not delivered to; \`herald target enable NAME\` within the quota). Without it
                     such a change is refused, naming the webhooks to remove`,
    options: {
      tz: { type: 'string' },
      email: { type: 'string' },
      locale: { type: 'string' },
      clock: { type: 'string' },
      'max-targets': { type: 'string' },
      plan: { type: 'string' },
      'chat-id': { type: 'string' },
      force: { type: 'boolean' },
    },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const u = updateUser(manageContext(io, store), args.positionals[0]!, args.values);
        io.out(`updated user ${u.name}\n`);
        if (u.disabled.length > 0) io.out(`disabled over the plan's quota (not delivered to): ${u.disabled.join(', ')}\n`);
        return 0;
      });
    },
  },
  removeCommand('user', 'Remove a user with their calendars, targets, rules and digests', removeUser),
];
