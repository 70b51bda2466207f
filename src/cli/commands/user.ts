import { quoteInput } from '../../core/quote.ts';
import { UsageError } from '../../core/errors.ts';
import { boolOpt, jsonOption, printRows, requireOpt, stringOpt, intOpt, type Command } from '../command.ts';
import { removeCommand, requireUser } from '../find-by-name.ts';
import { requireLocale, requireName, requireZone } from '../input-checks.ts';
import { withStore } from '../store-access.ts';
import { applyNewLimit, planLimits } from '../quotas.ts';

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
      const name = requireName(args.positionals[0]!, 'user');
      const tz = requireZone(requireOpt(args, 'tz'));
      const locale = requireLocale(stringOpt(args, 'locale') ?? 'en');
      const email = stringOpt(args, 'email');
      if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email: ${quoteInput(email)} is not an email address`);
      const clock = stringOpt(args, 'clock');
      if (clock !== undefined && clock !== '12' && clock !== '24') throw new UsageError(`--clock must be 12 or 24, got ${quoteInput(clock)}`);
      const plan = stringOpt(args, 'plan');
      if (plan !== undefined && !(plan in planLimits)) throw new UsageError(`--plan must be free, standard or business, got ${quoteInput(plan)}`);
      const maxTargets = plan !== undefined ? planLimits[plan] : intOpt(args, 'max-targets', 0);
      return withStore(io, (store) => {
        const u = store.users.add({
          name,
          tz,
          locale,
          email: email ?? null,
          hour12: clock === undefined ? null : clock === '12',
          maxTargets: maxTargets ?? null,
        });
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
        const rows = store.users.list().map((u) => ({
          name: u.name,
          email: u.email,
          tz: u.tz,
          locale: u.locale,
          clock: u.hour12 === null ? 'auto' : u.hour12 ? '12' : '24',
          max_targets: u.maxTargets,
          example: u.isExample,
        }));
        printRows(io, args, rows);
        return 0;
      });
    },
  },
  {
    path: ['user', 'set'],
    summary: "Change a user's zone, language, email, clock, target limit or linked chat id",
    usage: 'NAME [--tz ZONE] [--email ADDRESS] [--locale LL] [--clock 12|24|auto] [--plan free|standard|business | --max-targets N [--force]]',
    help: `Options:
  --plan P           free (1 chat webhook), standard (20) or business (no limit); console and
                     email targets never count
  --max-targets N    most chat webhooks this user may have on (instead of a plan)
  --force            a plan under the webhooks the user has on: keep the oldest, disable the rest
                     (not delivered to; \`herald target enable NAME\` within the quota). Without it
                     such a change is refused, naming the webhooks to remove`,
    options: {
      force: { type: 'boolean' },
      tz: { type: 'string' },
      email: { type: 'string' },
      locale: { type: 'string' },
      clock: { type: 'string' },
      'max-targets': { type: 'string' },
      plan: { type: 'string' },
      'chat-id': { type: 'string' },
    },
    positionals: [1, 1],
    async run(args, io) {
      const tz = stringOpt(args, 'tz');
      if (tz !== undefined) requireZone(tz);
      const locale = stringOpt(args, 'locale');
      if (locale !== undefined) requireLocale(locale);
      const email = stringOpt(args, 'email');
      if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email: ${quoteInput(email)} is not an email address`);
      const clock = stringOpt(args, 'clock');
      if (clock !== undefined && !['12', '24', 'auto'].includes(clock)) throw new UsageError(`--clock must be 12, 24 or auto, got ${quoteInput(clock)}`);
      const plan = stringOpt(args, 'plan');
      if (plan !== undefined && !(plan in planLimits)) throw new UsageError(`--plan must be free, standard or business, got ${quoteInput(plan)}`);
      const maxTargets = plan !== undefined ? planLimits[plan] : intOpt(args, 'max-targets', 0);
      // The chat service's user id, for slash commands ("" unlinks).
      const chatId = stringOpt(args, 'chat-id');
      if (chatId !== undefined && !/^[^\s]{0,128}$/.test(chatId))
        throw new UsageError("--chat-id must be the chat service's user id: up to 128 characters, no spaces");
      return withStore(io, (store) => {
        const u = requireUser(store, args.positionals[0]!);
        let disabled: string[] = [];
        // One transaction: a chat id already taken, or a plan refused, leaves the user as it was.
        store.transaction(() => {
          if (maxTargets !== undefined) disabled = applyNewLimit(store, u, maxTargets, boolOpt(args, 'force'));
          store.users.update(u.id, {
            ...(tz !== undefined ? { tz } : {}),
            ...(locale !== undefined ? { locale } : {}),
            ...(email !== undefined ? { email } : {}),
            ...(clock !== undefined ? { hour12: clock === 'auto' ? null : clock === '12' } : {}),
            ...(maxTargets !== undefined ? { maxTargets } : {}),
          });
          if (chatId !== undefined) store.users.setChatId(u.id, chatId === '' ? null : chatId);
        });
        io.out(`updated user ${u.name}\n`);
        if (disabled.length > 0) io.out(`disabled over the plan's quota (not delivered to): ${disabled.join(', ')}\n`);
        return 0;
      });
    },
  },
  removeCommand('user', 'Remove a user with their calendars, targets, rules and digests', requireUser, (store, u) => store.users.remove(u.id)),
];
