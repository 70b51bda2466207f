import { channelFor, registerTargetSecrets } from '../../channels/registry.ts';
import { parseTargetUrl } from '../../channels/target-url.ts';
import { readTargetOptions } from '../../channels/target-options.ts';
import { UsageError } from '../../core/errors.ts';
import { maskUrl } from '../../core/mask.ts';
import type { Target } from '../../store/index.ts';
import { boolOpt, stringOpt, switchOpt, type Command } from '../command.ts';
import { requireTarget } from '../find-by-name.ts';
import { withStore } from '../store-access.ts';
import { templateHelp, templateOptions, templateRefFromArgs } from '../template-option.ts';
import { checkRoomForWebhook, countsAgainstQuota } from '../quotas.ts';

/** The new URL of a target: same service (its options and template were checked for it). */
function changedUrl(t: Target, raw: string): string {
  const channel = channelFor(t.kind)!;
  let parsed: { kind: string; url: string };
  try {
    parsed = parseTargetUrl(raw, t.kind);
  } catch (err) {
    // Named for its own service, the URL would make another kind of target.
    const other = parseTargetUrl(raw);
    if (channelFor(other.kind) !== channel)
      throw new UsageError(`--url: ${t.name} is a ${t.kind} target, this is a ${other.kind} URL (add a new target instead)`);
    throw err;
  }
  registerTargetSecrets(parsed.kind, parsed.url);
  return parsed.url;
}

export const commands: Command[] = [
  {
    path: ['target', 'set'],
    summary: 'Change a target: its URL, template or options (its deliveries stay planned)',
    usage:
      'NAME [--url URL] [--template NAME|@FILE | --template-text TEXT | --default-template] [--option key=value …] [--unset-option key …] [--allow-mentions|--no-mentions] [--allow-private|--no-private]',
    help: `Options:
  --url URL            a new URL for the same service (a secret, masked)
${templateHelp}
  --default-template   go back to the service's default template
  --option k=v         set an option (checked as by target add; see herald target add --help)
  --unset-option k     remove an option
  --allow-mentions, --no-mentions   let event text ping @channel/@here, or not
  --allow-private, --no-private     let it reach loopback/private addresses, or not

Example: herald target set team-chat --option channel=town-square --option icon_emoji=:bell:`,
    options: {
      url: { type: 'string' },
      ...templateOptions,
      'default-template': { type: 'boolean' },
      option: { type: 'string', multiple: true },
      'unset-option': { type: 'string', multiple: true },
      'allow-mentions': { type: 'boolean' },
      'no-mentions': { type: 'boolean' },
      'allow-private': { type: 'boolean' },
      'no-private': { type: 'boolean' },
    },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const t = requireTarget(store, args.positionals[0]!);
        const channel = channelFor(t.kind)!;
        const patch: Parameters<typeof store.targets.update>[1] = {};
        const url = stringOpt(args, 'url');
        if (url !== undefined) patch.url = changedUrl(t, url);
        const template = templateRefFromArgs(store, args, io, { kind: 'reminder', format: channel.format, maxLength: channel.maxLength });
        if (template !== undefined && boolOpt(args, 'default-template')) throw new UsageError('give --default-template or a template, not both');
        if (template !== undefined) patch.template = template;
        if (boolOpt(args, 'default-template')) patch.template = null;
        const unset = (args.values['unset-option'] as string[] | undefined) ?? [];
        const set = (args.values.option as string[] | undefined) ?? [];
        if (set.length > 0 || unset.length > 0) {
          const options = readTargetOptions(channel, set, t.options, t.kind);
          for (const key of unset) {
            if (!(key in options)) throw new UsageError(`--unset-option ${key}: ${t.name} has no such option`);
            delete options[key];
          }
          patch.options = options;
        }
        for (const [on, off, key] of [
          ['allow-mentions', 'no-mentions', 'allowMentions'],
          ['allow-private', 'no-private', 'allowPrivate'],
        ] as const) {
          const value = switchOpt(args, on, off);
          if (value !== undefined) patch[key] = value;
        }
        if (Object.keys(patch).length === 0) throw new UsageError(`nothing to change (see: herald target set --help)`);
        store.targets.update(t.id, patch);
        io.out(`changed target ${t.name} (${t.kind}, ${maskUrl(patch.url ?? t.url)}): ${Object.keys(patch).join(', ')}\n`);
        return 0;
      });
    },
  },
  ...(['enable', 'disable'] as const).map((verb): Command => ({
    path: ['target', verb],
    summary:
      verb === 'enable'
        ? "Switch a disabled target back on (within its user's plan quota)"
        : 'Switch a target off: nothing is planned for or delivered to it until enabled',
    usage: 'NAME',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const t = requireTarget(store, args.positionals[0]!);
        if (verb === 'enable' && !t.enabled && countsAgainstQuota(t)) {
          const user = store.users.get(t.userId);
          if (user) checkRoomForWebhook(store, user, io.config.defaultMaxTargets);
        }
        store.targets.setEnabled(t.id, verb === 'enable');
        io.out(`${verb}d target ${t.name}\n`);
        return 0;
      });
    },
  })),
];
