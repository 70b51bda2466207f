import { quoteInput } from '../../core/quote.ts';
import { UsageError } from '../../core/errors.ts';
import { deliveryStatuses, type DeliveryStatus } from '../../store/index.ts';
import { formatTable, intOpt, jsonOption, printRows, stringOpt, type Command } from '../command.ts';
import { withStore } from '../store-access.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000', ''));

export const commands: Command[] = [
  {
    path: ['deliveries'],
    summary: 'List the outbox: what was sent, what is planned, what failed',
    usage: '[--status pending|sent|late|missed|failed|dead|cancelled] [--limit N] [--json]',
    options: { status: { type: 'string' }, limit: { type: 'string' }, ...jsonOption },
    async run(args, io) {
      const status = stringOpt(args, 'status');
      if (status !== undefined && !(deliveryStatuses as readonly string[]).includes(status)) {
        throw new UsageError(`--status must be one of ${deliveryStatuses.join(', ')}, got ${quoteInput(status)}`);
      }
      const limit = intOpt(args, 'limit', 1) ?? 200;
      return withStore(io, (store) => {
        const targets = new Map(store.targets.list().map((t) => [t.id, t.name]));
        const rows = store.deliveries.list({ ...(status ? { status: status as DeliveryStatus } : {}), limit }).map((d) => ({
          id: d.id,
          kind: d.kind,
          status: d.status,
          due: iso(d.dueAt),
          sent: iso(d.sentAt),
          target: d.targetId === null ? 'email' : (targets.get(d.targetId) ?? null),
          event: d.eventUid,
          attempts: d.attempts,
          error: d.lastError,
        }));
        printRows(io, args, rows);
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
      const id = deliveryId(args.positionals[0]);
      return withStore(io, (store) => {
        const d = store.deliveries.get(id);
        if (!d) throw new UsageError(`no delivery ${id} (see: herald deliveries)`);
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
      const id = deliveryId(args.positionals[0]);
      return withStore(io, (store) => {
        const d = store.deliveries.get(id);
        if (!d) throw new UsageError(`no delivery ${id} (see: herald deliveries)`);
        if (!store.deliveries.retry(id)) throw new UsageError(`delivery ${id} is ${d.status}; only failed, dead or missed ones can be retried`);
        io.out(`delivery ${id} is pending again; the running daemon sends it now\n`);
        return 0;
      });
    },
  },
];

function deliveryId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`delivery ID must be a positive whole number, got ${quoteInput(text)}`);
  return id;
}
