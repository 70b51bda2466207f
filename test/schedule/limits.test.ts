import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/log.ts';
import { capPlanned, maxPlannedPerCalendar, planningCapsOf } from '../../src/schedule/limits.ts';
import type { PlannedDelivery } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

const t = (s: string) => Date.parse(s);

function setup(now = '2026-11-24T08:00:00Z') {
  const w = makeWorld(t(now));
  const user = w.store.users.add({ name: 'alice', tz: 'Europe/Zurich', locale: 'en', email: 'alice@example.com' });
  const target = w.store.targets.add({ userId: user.id, name: 'chat', kind: 'webhook', url: 'http://127.0.0.1:9/x' });
  return { w, user, target };
}

describe('planning caps', () => {
  it('plans at most the cap of a runaway rule (FREQ=SECONDLY), earliest first, warns and shows it in calendar list', async () => {
    const { w, user, target } = setup();
    const path = w.writeIcs('flood', [vevent(['UID:flood@t', 'DTSTART:20261124T080500Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY;INTERVAL=5', 'SUMMARY:Flood'])]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'flood', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [60] });
    await w.syncAll();
    w.plan();
    const rows = w.store.deliveries.list({ status: 'pending', limit: 1_000_000 });
    expect(rows).toHaveLength(maxPlannedPerCalendar);
    const due = rows.map((d) => d.dueAt).sort((a, b) => a - b);
    expect(new Date(due[0]!).toISOString()).toBe('2026-11-24T08:04:00.000Z');
    expect(w.logger.lines.some((l) => l.includes('calendar plans too many deliveries'))).toBe(true);
    expect(planningCapsOf(w.store, cal.id)).toEqual([{ scope: expect.stringMatching(/^rule:/), wanted: expect.any(Number), kept: maxPlannedPerCalendar }]);
    const list = await runCli(w.store.path, ['calendar', 'list', '--json']);
    const shown = JSON.parse(list.out.trim()) as { warning: string };
    expect(shown.warning).toMatch(/only the earliest 5000 planned/);
  });

  it('caps a rule over all its calendars, and clears the warning once the calendar is sane again', () => {
    const { w } = setup();
    const row = (calendarId: number, dueAt: number): PlannedDelivery =>
      ({ dedupeKey: `k${calendarId}:${dueAt}`, route: 'target', userId: 1, targetId: 1, calendarId, dueAt }) as PlannedDelivery;
    const a = { id: 1, name: 'a' };
    const b = { id: 2, name: 'b' };
    const logger = memoryLogger('warn');
    const kept = capPlanned(
      { store: w.store, logger },
      'rule:9',
      [
        { calendar: a, rows: [1, 2, 3, 4].map((d) => row(1, d)) },
        { calendar: b, rows: [5, 6].map((d) => row(2, d)) },
      ],
      { perCalendar: 3, total: 4 },
    );
    expect(kept.map((r) => r.dueAt).sort()).toEqual([1, 2, 3, 5]);
    expect(planningCapsOf(w.store, 1)).toEqual([{ scope: 'rule:9', wanted: 4, kept: 3 }]);
    expect(planningCapsOf(w.store, 2)).toEqual([{ scope: 'rule:9', wanted: 2, kept: 1 }]);
    capPlanned({ store: w.store, logger }, 'rule:9', [{ calendar: a, rows: [row(1, 1)] }], { perCalendar: 3, total: 4 });
    expect(planningCapsOf(w.store, 1)).toEqual([]);
  });

  it('ignores a stored lead time over the bound instead of flooding late reminders', async () => {
    const { w, user, target } = setup();
    const path = w.writeIcs('work', [vevent(['UID:far@t', 'DTSTART:20261125T100000Z', 'DURATION:PT1H', 'SUMMARY:Soon'])]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600, 99_999 * 86_400] });
    await w.syncAll();
    w.plan();
    expect(w.store.deliveries.list({ status: 'pending' }).map((d) => new Date(d.dueAt).toISOString())).toEqual(['2026-11-25T09:50:00.000Z']);
  });
});

describe('planning yields to an abort', () => {
  it('stops between the scopes of one user, not only between users', async () => {
    const { w, user, target } = setup();
    const path = w.writeIcs('work', [vevent(['UID:e@t', 'DTSTART:20261124T120000Z', 'DURATION:PT1H', 'RRULE:FREQ=HOURLY', 'SUMMARY:E'])]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    for (let i = 1; i <= 20; i++) w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [60 * i] });
    await w.syncAll();
    const abort = new AbortController();
    setImmediate(() => abort.abort());
    const summary = await w.planner.planAllAsync(w.clock.now(), 0, abort.signal);
    expect(summary.scopes).toBeLessThan(3);
  });
});
