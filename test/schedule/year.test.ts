/**
 * A year of reminders and digests in three zones, driven through the real planner and outbox with a
 * hand-stepped clock and restarts at random instants: every local time holds across every DST
 * change, nothing is missed, nothing is sent twice.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideLateness } from '../../src/schedule/lateness.ts';
import { agendaContent } from '../helpers/outbox.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zones = ['Europe/Zurich', 'America/New_York', 'Australia/Sydney'];

describe('a year in three zones', () => {
  it('reminds 08:45 local and sends 07:00 and 02:30 agendas every day, once, across DST and restarts', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const end = Date.parse('2027-01-01T00:00:00Z');
    const w = makeWorld(start - 86_400_000);
    for (const [i, zone] of zones.entries()) {
      const user = w.store.users.add({ name: `u${i}`, tz: zone, locale: 'en' });
      const path = w.writeIcs(`cal${i}`, [
        vevent([`UID:daily-${i}@test`, `DTSTART;TZID=${zone}:20260101T090000`, 'DURATION:PT30M', 'RRULE:FREQ=DAILY', 'SUMMARY:Daily']),
      ]);
      const cal = w.store.calendars.add({ userId: user.id, name: `cal${i}`, kind: 'file', location: path });
      const target = w.store.targets.add({ userId: user.id, name: `t${i}`, kind: 'webhook', url: `http://127.0.0.1:9/${i}` });
      w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [15 * 60] });
      w.store.digests.add({ userId: user.id, name: `morning${i}`, calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
      w.store.digests.add({ userId: user.id, name: `night${i}`, calendarIds: [cal.id], targetIds: [target.id], atTime: '02:30', enabled: true });
    }
    await w.syncAll();
    const random = prng(42);
    const sent: { key: string; at: number; userId: number; kind: string; periodStart: string | null }[] = [];
    let nextPlan = w.clock.now();
    let restarts = 0;
    // Bounded: at most one step per due delivery or plan pass.
    for (let steps = 0; steps < 50_000; steps++) {
      const now = w.clock.now();
      if (now >= end) break;
      // Restarts at random instants too (not only at planning passes): a new planner plans at once,
      // as the daemon does when it starts.
      if (random() < 0.005) {
        w.restart();
        restarts++;
        w.plan();
      }
      if (now >= nextPlan) {
        if (random() < 0.02) {
          w.restart();
          restarts++;
        }
        w.plan();
        nextPlan = now + 6 * 3_600_000;
      }
      for (const d of w.store.deliveries.claimDue(now, 100, 60_000)) {
        expect(decideLateness(d, now), d.dedupeKey).toBe('on-time');
        // Now and then a "crash" in flight: the row is handed back and must come again, once.
        if (random() < 0.01) continue;
        w.store.deliveries.markSent(d.id, { statusCode: 200, sentAt: now, late: false });
        sent.push({ key: d.dedupeKey, at: now, userId: d.userId!, kind: d.kind, periodStart: d.kind === 'agenda' ? agendaContent(d).periodStart : null });
      }
      if (w.store.deliveries.countByStatus().sending > 0) w.restart();
      const due = w.store.deliveries.nextDueAt();
      await w.clock.advanceTo(Math.max(now + 1, Math.min(due ?? Infinity, nextPlan)));
    }
    expect(restarts).toBeGreaterThan(15);
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);
    expect(w.store.deliveries.countByStatus().missed).toBe(0);
    const inYear = (s: { at: number }) => s.at >= start && s.at < end;
    for (const [i, zone] of zones.entries()) {
      const user = w.store.users.byName(`u${i}`)!;
      const mine = sent.filter((s) => s.userId === user.id && inYear(s));
      const local = (ms: number) => DateTime.fromMillis(ms, { zone });
      const reminders = mine.filter((s) => s.kind === 'reminder');
      expect(reminders.length, zone).toBeGreaterThanOrEqual(364);
      for (const r of reminders) expect(local(r.at).toFormat('HH:mm'), `${zone} ${local(r.at).toISO()}`).toBe('08:45');
      const reminderDays = reminders.map((r) => local(r.at).toISODate());
      expect(new Set(reminderDays).size).toBe(reminderDays.length);
      const digests = mine.filter((s) => s.kind === 'agenda');
      const morning = digests.filter((d) => local(d.at).hour === 7);
      expect(morning.length, zone).toBeGreaterThanOrEqual(364);
      for (const d of morning) expect(local(d.at).toFormat('HH:mm')).toBe('07:00');
      for (const d of morning) expect(d.periodStart).toBe(local(d.at).toISODate());
      const night = digests.filter((d) => local(d.at).hour !== 7);
      expect(new Set(night.map((d) => d.periodStart)).size).toBe(night.length);
      expect(night.length, zone).toBeGreaterThanOrEqual(364);
      // 02:30 every night, except the spring-forward night where it does not exist: 03:00, once.
      const odd = night.filter((d) => local(d.at).toFormat('HH:mm') !== '02:30');
      expect(
        odd.map((d) => local(d.at).toFormat('yyyy-LL-dd HH:mm')),
        zone,
      ).toEqual([{ 'Europe/Zurich': '2026-03-29 03:00', 'America/New_York': '2026-03-08 03:00', 'Australia/Sydney': '2026-10-04 03:00' }[zone]]);
    }
  }, 120_000);
});
