/** /api/v1/users, /calendars, /targets, /templates: list, read, create, change, remove. */
import type { Hono } from 'hono';
import { addCalendar, removeCalendar } from '../../manage/calendars.ts';
import type { ManageContext } from '../../manage/context.ts';
import { namesById, requireCalendar, requireTarget, requireUser } from '../../manage/lookups.ts';
import { addTarget, removeTarget, updateTarget } from '../../manage/targets.ts';
import { removeTemplate, saveTemplate } from '../../manage/templates.ts';
import { addUser, removeUser, updateUser } from '../../manage/users.ts';
import { calendarView, targetView, templateView, userView } from '../../manage/views.ts';
import { InputError } from '../../core/errors.ts';
import { bodyFields } from './answers.ts';

/** `?user=NAME` narrows a listing to one user's; an unknown user is a 404 like anywhere else. */
function userFilter(ctx: ManageContext, name: string | undefined): number | undefined {
  return name === undefined ? undefined : requireUser(ctx.store, name).id;
}

export function configRoutes(api: Hono, ctx: () => ManageContext): void {
  api.get('/users', (c) => c.json({ users: ctx().store.users.list().map(userView) }));
  api.get('/users/:name', (c) => c.json({ user: userView(requireUser(ctx().store, c.req.param('name'), 'name')) }));
  api.post('/users', async (c) => c.json({ user: userView(addUser(ctx(), await bodyFields(c))) }, 201));
  api.patch('/users/:name', async (c) => c.json({ user: userView(updateUser(ctx(), c.req.param('name'), await bodyFields(c))) }));
  api.delete('/users/:name', (c) => c.json({ removed: removeUser(ctx(), c.req.param('name')).name }));

  api.get('/calendars', (c) => {
    const x = ctx();
    const names = namesById(x.store);
    return c.json({ calendars: x.store.calendars.list(userFilter(x, c.req.query('user'))).map((cal) => calendarView(x.store, cal, names)) });
  });
  api.get('/calendars/:name', (c) => {
    const x = ctx();
    return c.json({ calendar: calendarView(x.store, requireCalendar(x.store, c.req.param('name'), 'name'), namesById(x.store)) });
  });
  api.post('/calendars', async (c) => {
    const x = ctx();
    const cal = addCalendar(x, await bodyFields(c));
    return c.json({ calendar: calendarView(x.store, cal, namesById(x.store)) }, 201);
  });
  api.delete('/calendars/:name', (c) => c.json({ removed: removeCalendar(ctx(), c.req.param('name')).name }));

  api.get('/targets', (c) => {
    const x = ctx();
    const names = namesById(x.store);
    return c.json({ targets: x.store.targets.list(userFilter(x, c.req.query('user'))).map((t) => targetView(t, names)) });
  });
  api.get('/targets/:name', (c) => {
    const x = ctx();
    return c.json({ target: targetView(requireTarget(x.store, c.req.param('name'), 'name'), namesById(x.store)) });
  });
  api.post('/targets', async (c) => {
    const x = ctx();
    const t = addTarget(x, await bodyFields(c));
    return c.json({ target: targetView(t, namesById(x.store)) }, 201);
  });
  api.patch('/targets/:name', async (c) => {
    const x = ctx();
    const { target, changed } = updateTarget(x, c.req.param('name'), await bodyFields(c));
    return c.json({ target: targetView(target, namesById(x.store)), changed });
  });
  api.delete('/targets/:name', (c) => c.json({ removed: removeTarget(ctx(), c.req.param('name')).name }));

  api.get('/templates', (c) => c.json({ templates: ctx().store.templates.list().map(templateView) }));
  api.get('/templates/:name', (c) => {
    const t = ctx().store.templates.byName(c.req.param('name'));
    if (!t) throw new InputError(`unknown template "${c.req.param('name')}" (see: herald template list)`, { field: 'name', problem: 'not_found' });
    // A template holds no secret: its text is returned, to be edited and saved again.
    return c.json({ template: { ...templateView(t), body: t.body } });
  });
  // PUT: saving a template by its name creates or replaces it, as `herald template add` does.
  api.put('/templates/:name', async (c) => {
    const t = saveTemplate(ctx(), { ...(await bodyFields(c)), name: c.req.param('name') });
    return c.json({ template: templateView(t) });
  });
  api.delete('/templates/:name', (c) => {
    removeTemplate(ctx(), c.req.param('name'));
    return c.json({ removed: c.req.param('name') });
  });
}
