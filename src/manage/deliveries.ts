/** Reading and retrying the outbox: behind `herald deliveries [retry]` and /api/v1/deliveries. */
import { InputError } from '../core/errors.ts';
import { quoteInput } from '../core/quote.ts';
import { deliveryStatuses, type Delivery, type DeliveryStatus } from '../store/index.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, intField, textField, type Fields } from './fields.ts';

/** Fields: status, limit (default 200). */
export function listDeliveries(ctx: Pick<ManageContext, 'store'>, f: Fields): Delivery[] {
  const status = textField(f, 'status');
  if (status !== undefined && !(deliveryStatuses as readonly string[]).includes(status)) {
    throw bad('status', `--status must be one of ${deliveryStatuses.join(', ')}, got ${quoteInput(status)}`);
  }
  const limit = intField(f, 'limit', 1) ?? 200;
  return ctx.store.deliveries.list({ ...(status ? { status: status as DeliveryStatus } : {}), limit });
}

/** The delivery an ID names (as typed: checked here). */
export function requireDelivery(ctx: Pick<ManageContext, 'store'>, idText: string | undefined): Delivery {
  const id = Number(idText);
  if (!Number.isInteger(id) || id <= 0) throw bad('id', `delivery ID must be a positive whole number, got ${quoteInput(idText)}`);
  const d = ctx.store.deliveries.get(id);
  if (!d) throw new InputError(`no delivery ${id} (see: herald deliveries)`, { field: 'id', problem: 'not_found' });
  return d;
}

/** Makes a failed, dead or missed delivery pending again (the running daemon sends it). */
export function retryDelivery(ctx: ManageContext, idText: string): Delivery {
  const d = requireDelivery(ctx, idText);
  const id = d.id;
  return audited(
    ctx,
    'retry',
    'delivery',
    () => {
      if (!ctx.store.deliveries.retry(id))
        throw new InputError(`delivery ${id} is ${d.status}; only failed, dead or missed ones can be retried`, { field: 'id', problem: 'conflict' });
      return ctx.store.deliveries.get(id)!;
    },
    (x) => String(x.id),
  );
}
