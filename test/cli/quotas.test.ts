/**
 * Issue 12 point 7: quotas count chat webhooks (free 1, standard 20, business unlimited), not console
 * or email targets; a downgrade over quota is refused naming what to remove, or with --force leaves
 * the extra webhooks disabled (not delivered to, shown as disabled).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { Planner } from '../../src/schedule/planner.ts';
import { syncCalendar } from '../../src/schedule/sync.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

async function setUp(plan: string) {
  const dir = tempDir();
  const db = join(dir, 'h.db');
  const ics = join(dir, 'cal.ics');
  const start = new Date(Date.now() + 3 * 3_600_000).toISOString().replace(/[-:]|\.\d{3}/g, '');
  writeFileSync(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//t//EN',
      'BEGIN:VEVENT',
      'UID:q@t',
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${start}`,
      'SUMMARY:Quota',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const ok = async (argv: string[]) => {
    const r = await runCli(db, argv);
    expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
    return r;
  };
  await ok(['user', 'add', 'bob', '--tz', 'UTC', '--email', 'bob@example.com', '--plan', plan]);
  await ok(['calendar', 'add', 'work', '--user', 'bob', '--file', ics]);
  return { db, ok, run: (argv: string[]) => runCli(db, argv) };
}

const hook = (n: number) => ['--kind', 'mattermost', '--url', `https://chat.example.com/hooks/hook${n}xxxxxxxxx`];

describe('plan quotas count chat webhooks', () => {
  it('free: console and email targets do not count; a second webhook is refused naming the plan', async () => {
    const { ok, run } = await setUp('free');
    await ok(['target', 'add', 'term', '--user', 'bob', '--url', 'console:']);
    await ok(['target', 'add', 'mail', '--user', 'bob', '--url', 'mailto:bob@example.com']);
    await ok(['target', 'add', 'chat', '--user', 'bob', ...hook(1)]);
    const r = await run(['target', 'add', 'chat2', '--user', 'bob', ...hook(2)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/1 chat webhook.*free plan allows 1/);
  });

  it('a downgrade over quota is refused, naming what to remove; nothing changes', async () => {
    const { ok, run } = await setUp('standard');
    await ok(['target', 'add', 'chat-a', '--user', 'bob', ...hook(1)]);
    await ok(['target', 'add', 'chat-b', '--user', 'bob', ...hook(2)]);
    await ok(['target', 'add', 'term', '--user', 'bob', '--url', 'console:']);
    const r = await run(['user', 'set', 'bob', '--plan', 'free']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/2 chat webhooks.*free plan allows 1.*remove 1.*chat-b.*--force/);
    const users = JSON.parse((await ok(['user', 'list', '--json'])).out.trim().split('\n')[0]!) as { max_targets: number | null };
    expect(users.max_targets).toBe(20);
  });

  it('with --force the extra webhooks are disabled: shown as disabled and not planned', async () => {
    const { db, ok, run } = await setUp('standard');
    await ok(['target', 'add', 'chat-a', '--user', 'bob', ...hook(1)]);
    await ok(['target', 'add', 'chat-b', '--user', 'bob', ...hook(2)]);
    await ok(['reminder', 'add', '--calendar', 'work', '--target', 'chat-a,chat-b', '--before', '1h']);
    const forced = await ok(['user', 'set', 'bob', '--plan', 'free', '--force']);
    expect(forced.out).toMatch(/disabled.*chat-b/);
    const listed = (await ok(['target', 'list', '--json'])).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; enabled: boolean });
    expect(listed.map((t) => [t.name, t.enabled])).toEqual([
      ['chat-a', true],
      ['chat-b', false],
    ]);
    expect((await ok(['target', 'list'])).out).toMatch(/chat-b.*disabled/);
    // Turning it back on is held to the quota as well.
    const again = await run(['target', 'enable', 'chat-b']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/free plan allows 1/);

    const store = openStore(db, () => Date.now());
    try {
      const logger = memoryLogger('warn');
      for (const c of store.calendars.list())
        await syncCalendar(store, c, { clock: { now: () => Date.now(), sleepUntil: () => Promise.resolve() }, logger, force: true });
      new Planner(store, new CalendarCache(), logger).planAll(Date.now());
      const names = new Map(store.targets.list().map((t) => [t.id, t.name]));
      expect(store.deliveries.list({ status: 'pending' }).map((d) => names.get(d.targetId!))).toEqual(['chat-a']);
    } finally {
      store.close();
    }
  });
});
