import { CalendarCache } from '../../calendar/cache.ts';
import { targetKinds } from '../../channels/registry.ts';
import { deliveryEngineFor } from '../../daemon/delivery-engine.ts';
import { sendOnce } from '../../delivery/retry.ts';
import { createLogger } from '../../core/log.ts';
import { maskUrl } from '../../core/mask.ts';
import { namesById, requireTarget, requireUser } from '../../manage/lookups.ts';
import { addTarget, removeTarget } from '../../manage/targets.ts';
import { targetView } from '../../manage/views.ts';
import { jsonOption, printRows, stringOpt, type Command } from '../command.ts';
import { removeCommand } from '../remove-command.ts';
import { fieldsOf, manageContext, withStore } from '../store-access.ts';
import { templateHelp, templateOptions } from '../template-help.ts';

export const commands: Command[] = [
  {
    path: ['target', 'add'],
    summary: 'Add a place messages go: a chat webhook, an email address, or the console',
    usage: 'NAME --user U --url URL [--kind KIND] [--template NAME|@FILE | --template-text TEXT] [--allow-private] [--allow-mentions] [--option key=value …]',
    help: `Options:
  --url URL          the webhook URL (a secret), with a service scheme or plain https:
                     mattermost://chat.example.com/hooks/ID   kchat://team.kchat.infomaniak.com/hooks/ID
                     slack://hooks.slack.com/services/T/B/X     discord://discord.com/api/webhooks/ID/TOKEN
                     teams://…logic.azure.com/…                 googlechat://chat.googleapis.com/v1/spaces/…
                     rocketchat://chat.example.com/hooks/ID/T  ntfy://ntfy.sh/topic
                     webhooks://example.com/hook (https)        mailto:alice@example.com      console:
  --kind KIND        ${targetKinds.join(', ')} (needed for a plain https URL of an unknown host)
${templateHelp}
  --allow-private    let this target reach loopback/private addresses (off: refused at send time)
  --allow-mentions   let event text ping @channel/@here (off: neutralised)
  --option k=v       a field of the service's payload, checked; values stay as written (text stays
                     text). Mattermost/kChat: channel username icon_url icon_emoji attachments type
                     props priority; Slack: channel username icon_emoji icon_url attachments;
                     Rocket.Chat: alias emoji avatar channel attachments; Discord: username
                     avatar_url; Telegram: silent thread; ntfy: priority tags token

Example: herald target add team-chat --user alice --url mattermost://chat.example.com/hooks/abc123`,
    options: {
      user: { type: 'string' },
      url: { type: 'string' },
      kind: { type: 'string' },
      ...templateOptions,
      'allow-private': { type: 'boolean' },
      'allow-mentions': { type: 'boolean' },
      option: { type: 'string', multiple: true },
    },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const t = addTarget(manageContext(io, store), fieldsOf(args, args.positionals[0]));
        io.out(`added target ${t.name} (${t.kind}, ${maskUrl(t.url)})\n`);
        return 0;
      });
    },
  },
  {
    path: ['target', 'list'],
    summary: 'List targets (URLs masked)',
    usage: '[--user U] [--json]',
    options: { user: { type: 'string' }, ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        const userName = stringOpt(args, 'user');
        const names = namesById(store);
        const rows = store.targets.list(userName === undefined ? undefined : requireUser(store, userName).id).map((t) => targetView(t, names));
        printRows(io, args, rows);
        return 0;
      });
    },
  },
  removeCommand('target', 'Remove a target (its pending deliveries are cancelled)', removeTarget),
  {
    path: ['target', 'test'],
    summary: "Send a test message to a target and print the service's answer",
    usage: 'NAME [--text TEXT]',
    options: { text: { type: 'string' } },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, async (store, clock) => {
        const t = requireTarget(store, args.positionals[0]!);
        const now = clock.now();
        const key = `test:${t.id}:${now}`;
        const text = stringOpt(args, 'text') ?? `herald test message for target "${t.name}"`;
        store.deliveries.add([{ dedupeKey: key, route: 'target', userId: t.userId, targetId: t.id, dueAt: now, content: { kind: 'test', text } }]);
        const id = store.deliveries.byKey(key)!.id;
        const logger = createLogger({ level: 'error', write: (l) => io.err(`${l}\n`) });
        const engine = deliveryEngineFor(io.config, { store, clock, logger, cache: new CalendarCache(), print: io.out }, { retry: sendOnce });
        const d = await engine.sendNow(id);
        if (d?.status === 'sent') {
          io.out(`sent to ${t.name} (${maskUrl(t.url)}): ${d.answer ?? d.statusCode ?? 'ok'}\n`);
          return 0;
        }
        io.err(`herald: test message to ${t.name} failed: ${d?.lastError ?? 'unknown error'}\n`);
        return 1;
      });
    },
  },
];
