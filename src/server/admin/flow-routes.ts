/** /api/v1/reminders, /digests, /deliveries, /preview and /audit. */
import type { Hono } from 'hono';
import type { ManageContext } from '../../manage/context.ts';
import { listDeliveries, retryDelivery } from '../../manage/deliveries.ts';
import { addDigest, removeDigest, setDigestEnabled } from '../../manage/digests.ts';
import { namesById, requireDigest, requireRule } from '../../manage/lookups.ts';
import { previewTemplate } from '../../manage/preview.ts';
import { addRule, removeRule } from '../../manage/rules.ts';
import { deliveryView, digestView, ruleView } from '../../manage/views.ts';
import { InputError } from '../../core/errors.ts';
import type { ServerDeps } from '../app.ts';
import { bodyFields } from './answers.ts';

export function flowRoutes(api: Hono, ctx: () => ManageContext, deps: Pick<ServerDeps, 'cache' | 'clock'>): void {
  api.get('/reminders', (c) => {
    const x = ctx();
    const n = namesById(x.store);
    return c.json({ reminders: x.store.rules.list().map((r) => ruleView(r, n)) });
  });
  api.get('/reminders/:id', (c) => {
    const x = ctx();
    return c.json({ reminder: ruleView(requireRule(x.store, c.req.param('id')), namesById(x.store)) });
  });
  api.post('/reminders', async (c) => {
    const x = ctx();
    const rule = addRule(x, await bodyFields(c));
    return c.json({ reminder: ruleView(rule, namesById(x.store)) }, 201);
  });
  api.delete('/reminders/:id', (c) => c.json({ removed: removeRule(ctx(), c.req.param('id')).id }));

  api.get('/digests', (c) => {
    const x = ctx();
    const n = namesById(x.store);
    return c.json({ digests: x.store.digests.list().map((d) => digestView(d, n)) });
  });
  api.get('/digests/:name', (c) => {
    const x = ctx();
    return c.json({ digest: digestView(requireDigest(x.store, c.req.param('name'), 'name'), namesById(x.store)) });
  });
  api.post('/digests', async (c) => {
    const x = ctx();
    const d = addDigest(x, await bodyFields(c));
    return c.json({ digest: digestView(d, namesById(x.store)) }, 201);
  });
  for (const verb of ['enable', 'disable'] as const) {
    api.post(`/digests/:name/${verb}`, (c) => {
      const x = ctx();
      return c.json({ digest: digestView(setDigestEnabled(x, c.req.param('name'), verb === 'enable'), namesById(x.store)) });
    });
  }
  api.delete('/digests/:name', (c) => c.json({ removed: removeDigest(ctx(), c.req.param('name')).name }));

  // ?status=failed&limit=50, as `herald deliveries --status failed --limit 50`.
  api.get('/deliveries', (c) => {
    const x = ctx();
    const n = namesById(x.store);
    return c.json({ deliveries: listDeliveries(x, c.req.query()).map((d) => deliveryView(d, n)) });
  });
  api.get('/deliveries/:id', (c) => {
    const x = ctx();
    const d = /^\d+$/.test(c.req.param('id')) ? x.store.deliveries.get(Number(c.req.param('id'))) : undefined;
    if (!d) throw new InputError(`no delivery ${c.req.param('id')} (see: herald deliveries)`, { field: 'id', problem: 'not_found' });
    return c.json({ delivery: deliveryView(d, namesById(x.store)) });
  });
  api.post('/deliveries/:id/retry', (c) => {
    const x = ctx();
    return c.json({ delivery: deliveryView(retryDelivery(x, c.req.param('id')), namesById(x.store)) });
  });

  api.post('/preview', async (c) => c.json(previewTemplate(ctx(), deps.cache, await bodyFields(c), deps.clock.now())));
  api.get('/audit', (c) => c.json({ audit: ctx().store.audit.list() }));
}
