import { listDeliveries, requireDelivery, retryDelivery } from '../../manage/deliveries.ts';
import { namesById } from '../../manage/lookups.ts';
import { deliveryView } from '../../manage/views.ts';
import { formatTable, jsonOption, printRows, type Command } from '../command.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000', ''));
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
    path: ['deliveries', 'show'],
    summary: 'One delivery and its attempts: when each was made and what the service answered',
    usage: 'ID [--json]',
    options: { ...jsonOption },
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        const d = requireDelivery({ store }, args.positionals[0]);
        const id = d.id;
        const target = d.targetId === null ? 'email' : (store.targets.get(d.targetId)?.name ?? null);
        const attempts = store.deliveries.attempts(id).map((a) => ({
          attempt: a.attempt,
          at: iso(a.at),
          outcome: a.outcome,
          status_code: a.statusCode,
          answer: a.detail,
        }));
        if (args.values.json === true) {
          io.out(
            `${JSON.stringify({ id, kind: d.kind, status: d.status, due: iso(d.dueAt), sent: iso(d.sentAt), target, event: d.eventUid, error: d.lastError, attempts })}\n`,
          );
          return 0;
        }
        io.out(`delivery ${id}: ${d.kind} to ${target ?? '(removed target)'}, ${d.status}; due ${iso(d.dueAt)}${d.sentAt ? `, sent ${iso(d.sentAt)}` : ''}\n`);
        if (d.eventStartMs !== null) io.out(`event ${d.eventUid ?? ''} starts ${iso(d.eventStartMs)}\n`);
        if (d.status === 'pending' && d.attempts > 0) io.out(`next attempt ${iso(d.nextAttemptAt)}\n`);
        if (d.lastError) io.out(`last error: ${d.lastError}\n`);
        if (attempts.length === 0) io.out('no attempts yet\n');
        else io.out(formatTable(attempts));
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
