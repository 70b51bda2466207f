/**
 * Rendering ahead: planned rows coming due within a minute are rendered while the engine has
 * nothing to send, so that their due instant costs only the claim and the send. What a payload was
 * rendered from may change before it goes out; these tests make sure the message sent is the one
 * its latest inputs give.
 */
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/core/clock.ts';
import type { PlannedDelivery } from '../../src/store/index.ts';
import { startSink } from '../helpers/sink.ts';
import { engineWorld, occurrence, t0 } from './engine-fixture.ts';

/** A reminder row as the planner writes it: due ten minutes before its event. */
function reminder(key: string, userId: number, targetId: number, dueAt: number, summary: string): PlannedDelivery {
  const start = dueAt + 600_000;
  return {
    dedupeKey: key,
    route: 'target',
    userId,
    targetId,
    dueAt,
    eventStartMs: start,
    content: {
      kind: 'reminder',
      occurrence: occurrence(start, summary, { uid: `${summary}@example.com`, meetingUrl: null }),
      calendarName: 'Work',
      leadSeconds: 600,
    },
  };
}

/** Lets the engine's loop run (it renders ahead between turns of the event loop), at most 2 s. */
async function until(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
}

type Sent = { id: string; text: string };
const texts = (requests: { body: string }[]) => requests.map((r) => JSON.parse(r.body) as Sent);

describe('rendering ahead of the due time', () => {
  it('renders a row once it is within a minute of its time, and sends that payload at the instant', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const clock = w.clock as ManualClock;
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const dueAt = t0 + 5 * 60_000;
    w.store.deliveries.add([reminder('rem:a', w.user.id, target.id, dueAt, 'Design review')]);
    w.engine.start();
    await w.engine.idle();
    await new Promise((r) => setTimeout(r, 30));
    expect(w.store.deliveries.byKey('rem:a')!.payload, 'four minutes early: not yet').toBeNull();

    await clock.advanceTo(dueAt - 50_000);
    expect(await until(() => w.store.deliveries.byKey('rem:a')!.payload !== null), 'rendered 50 s ahead').toBe(true);
    const ahead = w.store.deliveries.byKey('rem:a')!;
    expect(ahead).toMatchObject({ status: 'pending', attempts: 0 });
    expect(sink.requests).toHaveLength(0);

    await clock.advanceTo(dueAt);
    await w.engine.idle();
    await w.engine.stop();
    const [sent] = texts(sink.requests);
    expect(sent!.text).toContain('Design review');
    expect(sent!.text).toContain('10 minutes');
    expect(w.store.deliveries.byKey('rem:a')).toMatchObject({ status: 'sent', attempts: 1, sentAt: dueAt, payload: ahead.payload });
  });

  it("sends what the latest inputs give: a re-planned event's new text, a target's new template", async () => {
    const sink = await startSink();
    const w = engineWorld();
    const clock = w.clock as ManualClock;
    const plain = w.store.targets.add({ userId: w.user.id, name: 'plain', kind: 'webhook', url: `${sink.url}/a`, allowPrivate: true });
    const styled = w.store.targets.add({ userId: w.user.id, name: 'styled', kind: 'webhook', url: `${sink.url}/b`, allowPrivate: true });
    const dueAt = t0 + 30_000;
    w.store.deliveries.add([reminder('rem:renamed', w.user.id, plain.id, dueAt, 'Old title'), reminder('rem:styled', w.user.id, styled.id, dueAt, 'Budget')]);
    w.engine.start();
    expect(await until(() => ['rem:renamed', 'rem:styled'].every((k) => w.store.deliveries.byKey(k)!.payload !== null))).toBe(true);

    // The planner re-plans the row with the event's new text: the payload rendered from the old one goes.
    w.store.deliveries.add([reminder('rem:renamed', w.user.id, plain.id, dueAt, 'New title')]);
    expect(w.store.deliveries.byKey('rem:renamed')!.payload).toBeNull();
    w.engine.wake();
    // The admin gives the other target a template of its own (seen after the engine's 2 s lookup cache).
    w.store.targets.update(styled.id, { template: 'NOW: %subject%' });
    await clock.advanceTo(t0 + 2_500);
    await clock.advanceTo(dueAt);
    await w.engine.idle();
    await w.engine.stop();

    const byId = new Map(texts(sink.requests).map((b) => [b.id, b.text]));
    expect(byId.get('rem:renamed')).toContain('New title');
    expect(byId.get('rem:renamed')).not.toContain('Old title');
    expect(byId.get('rem:styled')).toBe('NOW: Budget');
    expect(sink.requests).toHaveLength(2);
  });

  it('renders again, marked late, a payload rendered for its time but sent after a stop', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const clock = w.clock as ManualClock;
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const dueAt = t0 + 30_000;
    w.store.deliveries.add([reminder('rem:late', w.user.id, target.id, dueAt, 'Standup')]);
    w.engine.start();
    expect(await until(() => w.store.deliveries.byKey('rem:late')!.payload !== null)).toBe(true);
    expect((w.store.deliveries.byKey('rem:late')!.payload as { late: boolean }).late).toBe(false);
    await w.engine.stop();

    // Down for five minutes: the event (due + 10 min) has not started, so it goes late.
    await clock.advanceTo(dueAt + 5 * 60_000);
    w.engine.start();
    await w.engine.idle();
    await w.engine.stop();
    const [sent] = texts(sink.requests);
    expect(sent!.text).toContain('Standup');
    expect(sent!.text).toContain('late');
    expect(w.store.deliveries.byKey('rem:late')).toMatchObject({ status: 'late', payload: { late: true } });
  });

  it('passes over a row it cannot render, and still renders the ones after it', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const dueAt = t0 + 30_000;
    // A digest row whose subscription does not exist cannot be rendered.
    w.store.deliveries.add([
      {
        dedupeKey: 'digest:gone',
        route: 'target',
        userId: w.user.id,
        targetId: target.id,
        dueAt: dueAt - 1000,
        content: { kind: 'agenda', digestId: 999, periodStart: '2026-11-24', periodEnd: '2026-11-25', weekly: false },
      },
      reminder('rem:after', w.user.id, target.id, dueAt, 'Retro'),
    ]);
    w.engine.start();
    expect(await until(() => w.store.deliveries.byKey('rem:after')!.payload !== null)).toBe(true);
    expect(w.store.deliveries.byKey('digest:gone')!.payload).toBeNull();
    await (w.clock as ManualClock).advanceTo(dueAt);
    await w.engine.idle();
    await w.engine.stop();
    expect(w.store.deliveries.byKey('digest:gone')).toMatchObject({ status: 'failed', lastError: 'cannot render: agenda: digest 999 no longer exists' });
    expect(w.store.deliveries.byKey('rem:after')).toMatchObject({ status: 'sent' });
  });
});
