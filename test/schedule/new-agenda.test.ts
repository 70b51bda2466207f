/**
 * Issue 12 point 4: a new agenda starts with its next slot. Catch-up covers only slots that came due
 * while herald was down after the subscription existed and was switched on.
 */
import { describe, expect, it } from 'vitest';
import { agendaContent } from '../helpers/outbox.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

function setUp(startIso: string) {
  const w = makeWorld(Date.parse(startIso));
  const user = w.store.users.add({ name: 'alice', tz: 'UTC', locale: 'en' });
  const target = w.store.targets.add({ userId: user.id, name: 'term', kind: 'console', url: 'console:' });
  const path = w.writeIcs('work', [vevent(['UID:a@t', 'DTSTART:20261124T100000Z', 'SUMMARY:Ten'])]);
  const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
  return { w, user, target, cal };
}

const agendaSlots = (w: ReturnType<typeof makeWorld>) =>
  w.store.deliveries
    .list({ kind: 'agenda' })
    .filter((d) => d.status !== 'cancelled')
    .map((d) => `${agendaContent(d).periodStart}@${new Date(d.dueAt).toISOString().slice(11, 16)}`);

describe('a new agenda', () => {
  it('created at 08:15 for 07:00 does not send today’s 07:00 slot; its first is tomorrow’s', async () => {
    const { w, user, target, cal } = setUp('2026-11-24T08:15:00Z');
    await w.syncAll();
    w.plan();
    w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
    w.plan();
    expect(agendaSlots(w)[0]).toBe('2026-11-25@07:00');
  });

  it('created before its slot but enabled after it starts with the next slot', async () => {
    const { w, user, target, cal } = setUp('2026-11-24T06:00:00Z');
    await w.syncAll();
    const d = w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00' });
    w.plan();
    await w.clock.advanceTo(Date.parse('2026-11-24T07:30:00Z'));
    w.store.digests.setEnabled(d.id, true);
    w.plan();
    expect(agendaSlots(w)[0]).toBe('2026-11-25@07:00');
  });

  it('still catches up a slot that came due while herald was down after it was enabled', async () => {
    const { w, user, target, cal } = setUp('2026-11-24T06:00:00Z');
    await w.syncAll();
    w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
    w.plan();
    // Down from 06:00 to 08:15, so the 07:00 slot came due while herald was down.
    await w.clock.advanceTo(Date.parse('2026-11-24T08:15:00Z'));
    w.restart();
    w.plan();
    expect(agendaSlots(w)[0]).toBe('2026-11-24@07:00');
  });

  it('a digest created while herald was down, after its slot, does not catch that slot up', async () => {
    const { w, user, target, cal } = setUp('2026-11-24T05:00:00Z');
    await w.syncAll();
    w.plan();
    await w.clock.advanceTo(Date.parse('2026-11-24T07:30:00Z'));
    w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
    await w.clock.advanceTo(Date.parse('2026-11-24T08:15:00Z'));
    w.restart();
    w.plan();
    expect(agendaSlots(w)[0]).toBe('2026-11-25@07:00');
  });
});
