import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { Planner } from '../../src/schedule/planner.ts';
import { syncCalendar } from '../../src/schedule/sync.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { tempDir } from './tmp.ts';

/** A real store in a temp folder, a hand-driven clock, and helpers to write calendars and plan. */
export function makeWorld(startMs: number) {
  const dir = tempDir();
  const clock = new ManualClock(startMs);
  const logger = memoryLogger('warn');
  const store: Store = openStore(join(dir, 'h.db'), () => clock.now());
  let cache = new CalendarCache();
  let planner = new Planner(store, cache, logger);
  return {
    dir,
    clock,
    logger,
    store,
    get planner() {
      return planner;
    },
    /** A new planner and cache, as after a restart. */
    restart() {
      cache = new CalendarCache();
      planner = new Planner(store, cache, logger);
      store.deliveries.releaseLeases();
    },
    writeIcs(name: string, events: string[], header: string[] = []): string {
      const path = join(dir, `${name}.ics`);
      writeFileSync(path, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...header, ...events, 'END:VCALENDAR', ''].join('\r\n'));
      return path;
    },
    async syncAll() {
      for (const cal of store.calendars.list()) await syncCalendar(store, cal, { clock, logger, force: true });
    },
    plan() {
      return planner.planAll(clock.now());
    },
  };
}

export function vevent(lines: Record<string, string> | string[]): string {
  const body = Array.isArray(lines) ? lines : Object.entries(lines).map(([k, v]) => `${k}:${v}`);
  return ['BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...body, 'END:VEVENT'].join('\r\n');
}
