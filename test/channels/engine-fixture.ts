import { join } from 'node:path';
import { CalendarCache } from '../../src/calendar/cache.ts';
import type { Occurrence } from '../../src/calendar/types.ts';
import { channelSet } from '../../src/channels/registry.ts';
import { createDeliveryEngine, type DeliveryEngineOptions } from '../../src/delivery/engine.ts';
import { ManualClock, type Clock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

export const t0 = Date.parse('2026-11-24T09:00:00Z');

/** A real store with one user, and an engine over it; targets and rows are added by each test. */
export function engineWorld(clock: Clock = new ManualClock(t0), options: Partial<DeliveryEngineOptions> = {}) {
  const dir = tempDir();
  const store = openStore(join(dir, 'h.db'), () => clock.now());
  const logger = memoryLogger('debug');
  const user = store.users.add({ name: 'alice', tz: 'Europe/Zurich', locale: 'en', email: 'alice@example.com' });
  const printed: string[] = [];
  const engine = createDeliveryEngine({
    store,
    clock,
    logger,
    cache: new CalendarCache(),
    channels: channelSet,
    print: (t) => printed.push(t),
    retry: { waitsMs: [10_000, 20_000, 40_000, 60_000], maxAttempts: 3, jitter: 0.5, maxRetryAfterMs: 3_600_000 },
    random: () => 1,
    timeoutMs: 300,
    ...options,
  });
  let n = 0;
  const addTest = (targetId: number, text = 'hello', dueAt = clock.now()) => {
    const key = `test:${targetId}:${++n}`;
    store.deliveries.add([{ dedupeKey: key, route: 'target', userId: user.id, targetId, dueAt, content: { kind: 'test', text } }]);
    return store.deliveries.byKey(key)!.id;
  };
  return { dir, store, logger, user, engine, clock, printed, addTest, dbPath: join(dir, 'h.db') };
}

/** An occurrence as the planner would store it in a reminder row's context. */
export function occurrence(startMs: number, summary = 'Design review', extra: Partial<Occurrence> = {}): Occurrence {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    uid: 'review@example.com',
    recurrenceId: null,
    allDay: false,
    start: iso(startMs),
    end: iso(startMs + 1_800_000),
    startMs,
    endMs: startMs + 1_800_000,
    zone: 'Europe/Zurich',
    summary,
    description: null,
    location: 'Room 4',
    url: null,
    meetingUrl: 'https://meet.example.com/review',
    organizer: null,
    attendees: [],
    status: 'CONFIRMED',
    transparent: false,
    categories: [],
    recurring: false,
    sequence: 0,
    alarms: [],
    ...extra,
  };
}
