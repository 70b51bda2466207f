import { UsageError } from '../../core/errors.ts';
import { sealSecret } from '../../core/secret-box.ts';
import { serverKeys } from '../../daemon/server-keys.ts';
import type { SlashCommand, Store } from '../../store/index.ts';
import { boolOpt, jsonOption, printRows, requireOpt, stringOpt, type Command } from '../command.ts';
import { removeCommand } from '../remove-command.ts';
import { requireName } from '../../manage/checks.ts';
import { audited } from '../../manage/context.ts';
import { manageContext, withStore } from '../store-access.ts';

function requireCommand(store: Store, name: string): SlashCommand {
  const c = store.commands.byName(name);
  if (!c) throw new UsageError(`unknown command "${name}" (see: herald command list)`);
  return c;
}

export const commands: Command[] = [
  {
    path: ['command', 'add'],
    summary: 'Register a slash command (/agenda) that Mattermost/kChat or Slack sends to herald',
    usage: 'NAME --kind mattermost|slack (--token-env VAR | --signing-secret-env VAR) [--match-username]',
    help: `The chat service posts the command to herald at POST /commands/NAME (HERALD_PUBLIC_URL/commands/NAME).
  --kind mattermost     Mattermost or kChat; --token-env names the variable holding the command's token
  --kind slack          Slack; --signing-secret-env names the variable holding the app's signing secret
  --match-username      chat users not linked with "user set --chat-id" are matched by user name
The secret is read from the variable now and stored encrypted (HERALD_SECRET_KEY or data/secret.key);
it is never taken on the command line.`,
    options: { kind: { type: 'string' }, 'token-env': { type: 'string' }, 'signing-secret-env': { type: 'string' }, 'match-username': { type: 'boolean' } },
    positionals: [1, 1],
    async run(args, io) {
      const name = requireName(args.positionals[0]!, 'command');
      const kind = requireOpt(args, 'kind');
      if (kind !== 'mattermost' && kind !== 'slack') throw new UsageError(`--kind must be mattermost or slack, got "${kind.slice(0, 40)}"`);
      const option = kind === 'slack' ? 'signing-secret-env' : 'token-env';
      const other = kind === 'slack' ? 'token-env' : 'signing-secret-env';
      if (stringOpt(args, other) !== undefined)
        throw new UsageError(`--${other} is for --kind ${kind === 'slack' ? 'mattermost' : 'slack'}; ${kind} takes --${option}`);
      const variable = requireOpt(args, option);
      const secret = io.env[variable];
      if (!secret) throw new UsageError(`--${option}: the environment variable ${variable} is not set or empty`);
      const { secretKey } = serverKeys(io.config);
      return withStore(io, (store) => {
        const input = { name, kind, sealedSecret: sealSecret(secretKey, secret), matchUsername: boolOpt(args, 'match-username') } as const;
        // Slash commands have no admin API route (their secret comes from the CLI's environment); still audited.
        audited(
          manageContext(io, store),
          'add',
          'command',
          () => store.commands.add(input),
          () => name,
        );
        io.out(`added command ${name}: point the ${kind} slash command at ${io.config.publicUrl ?? 'https://HERALD'}/commands/${name}\n`);
        return 0;
      });
    },
  },
  {
    path: ['command', 'list'],
    summary: 'List slash commands (secrets are never shown)',
    usage: '[--json]',
    options: { ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        printRows(
          io,
          args,
          store.commands.list().map((c) => ({ name: c.name, kind: c.kind, path: `/commands/${c.name}`, match_username: c.matchUsername })),
        );
        return 0;
      });
    },
  },
  removeCommand('command', 'Remove a slash command', (ctx, name) => {
    const c = requireCommand(ctx.store, name);
    return audited(
      ctx,
      'remove',
      'command',
      () => (ctx.store.commands.remove(c.id), c),
      (x) => x.name,
    );
  }),
];
