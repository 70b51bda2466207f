import { listDeliveries, retryDelivery } from '../../manage/deliveries.ts';
import { namesById } from '../../manage/lookups.ts';
import { deliveryView } from '../../manage/views.ts';
import { jsonOption, printRows, type Command } from '../command.ts';
import { manageContext, withStore } from '../store-access.ts';

export const commands: Command[] = [
  {
    path: ['deliveries'],
    summary: 'List the outbox: what was sent, what is planned, what failed',
    usage: '[--status pending|sent|late|missed|failed|dead|cancelled] [--limit N] [--json]',
    options: { status: { type: 'string' }, limit: { type: 'string' }, ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        const names = namesById(store);
        printRows(
          io,
          args,
          listDeliveries({ store }, args.values).map((d) => deliveryView(d, names)),
        );
        return 0;
      });
    },
  },
  {
    path: ['deliveries', 'retry'],
    summary: 'Send a failed, dead or missed delivery again (the running daemon picks it up)',
    usage: 'ID',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const d = retryDelivery(manageContext(io, store), args.positionals[0]!);
        io.out(`delivery ${d.id} is pending again; the running daemon sends it now\n`);
        return 0;
      });
    },
  },
];
