/** `herald <noun> rm NAME`: the change (found, removed, audited) lives in manage/; this says so. */
import type { ManageContext } from '../manage/context.ts';
import type { Command } from './command.ts';
import { manageContext, withStore } from './store-access.ts';

export function removeCommand<T extends { name: string }>(noun: string, summary: string, remove: (ctx: ManageContext, name: string) => T): Command {
  return {
    path: [noun, 'rm'],
    summary,
    usage: 'NAME',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const item = remove(manageContext(io, store), args.positionals[0]!);
        io.out(`removed ${noun} ${item.name}\n`);
        return 0;
      });
    },
  };
}
