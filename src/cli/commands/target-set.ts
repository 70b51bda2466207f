import { maskUrl } from '../../core/mask.ts';
import { setTargetEnabled, updateTarget } from '../../manage/targets.ts';
import type { Command } from '../command.ts';
import { withStore, manageContext } from '../store-access.ts';
import { templateHelp, templateOptions } from '../template-help.ts';

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
        const { target: t, changed } = updateTarget(manageContext(io, store), args.positionals[0]!, args.values);
        io.out(`changed target ${t.name} (${t.kind}, ${maskUrl(t.url)}): ${changed.join(', ')}\n`);
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
        const t = setTargetEnabled(manageContext(io, store), args.positionals[0]!, verb === 'enable');
        io.out(`${verb}d target ${t.name}\n`);
        return 0;
      });
    },
  })),
];
