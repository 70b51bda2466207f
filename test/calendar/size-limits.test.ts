import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/calendar/parse.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { makeWorld } from '../helpers/world.ts';

const header = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n';

describe('size and shape limits', () => {
  it('parses a 130,000-event calendar (8 MB) without overflowing the call stack', () => {
    const events: string[] = [];
    for (let i = 0; i < 130_000; i++) {
      events.push(
        `BEGIN:VEVENT\r\nUID:e${i}@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261124T${String(i % 24).padStart(2, '0')}0000Z\r\nSUMMARY:Event ${i}\r\nEND:VEVENT\r\n`,
      );
    }
    const text = `${header}${events.join('')}END:VCALENDAR\r\n`;
    expect(text.length).toBeGreaterThan(8_000_000);
    expect(parseCalendar(text).eventCount).toBe(130_000);
  }, 60_000);

  it('reports the first 20 problems of a calendar, then how many more', async () => {
    const w = makeWorld(Date.parse('2026-11-24T08:00:00Z'));
    const user = w.store.users.add({ name: 'alice', tz: 'UTC', locale: 'en' });
    const broken = Array.from({ length: 2_000 }, (_, i) => `BEGIN:VEVENT\r\nUID:u${i}@t\r\nDTSTART:20261124T100000Z\r\n`).join('');
    const path = join(w.dir, 'broken.ics');
    writeFileSync(path, `${header}BEGIN:VEVENT\r\nUID:good@t\r\nDTSTART:20261124T100000Z\r\nEND:VEVENT\r\n${broken}END:VCALENDAR\r\n`);
    w.store.calendars.add({ userId: user.id, name: 'broken', kind: 'file', location: path });
    await w.syncAll();
    const problemLines = w.logger.lines.filter((l) => l.includes('calendar problem'));
    expect(problemLines).toHaveLength(20);
    expect(w.logger.lines.some((l) => /… and 1,9\d\d more problems/.test(l))).toBe(true);
    const cli = await runCli(join(w.dir, 'cli.db'), ['occurrences', path, '--from', '2026-11-24T00:00:00Z', '--to', '2026-11-25T00:00:00Z']);
    expect(cli.err.trim().split('\n').length).toBeLessThanOrEqual(21);
    expect(cli.err).toMatch(/… and 1,9\d\d more problems/);
  });

  it('caps templates at 64 KB: template add --text and --file, and render --template FILE', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    const big = `Reminder: {{subject}} ${'x'.repeat(70_000)}`;
    const text = await runCli(db, ['template', 'add', 'big', '--kind', 'reminder', '--text', big]);
    expect(text.code).toBe(2);
    expect(text.err).toMatch(/at most 65,536 \(64 KB\)/);
    const file = join(dir, 'huge.mustache');
    writeFileSync(file, 'y'.repeat(50 * 1024 * 1024));
    const fromFile = await runCli(db, ['template', 'add', 'huge', '--kind', 'reminder', '--file', file]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.err).toMatch(/is 52,428,800 bytes; a template may have at most 65,536/);
    const ics = join(dir, 'e.ics');
    writeFileSync(
      ics,
      `${header}BEGIN:VEVENT\r\nUID:a@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261124T100000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
    );
    const render = await runCli(db, ['render', '--template', file, '--event', ics]);
    expect(render.code).toBe(2);
    expect(render.err).toMatch(/at most 65,536/);
    expect((await runCli(db, ['template', 'add', 'ok', '--kind', 'reminder', '--text', 'Reminder: {{subject}}'])).code).toBe(0);
  });
});
