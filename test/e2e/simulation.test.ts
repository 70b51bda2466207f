/**
 * Issue 12 point 5: `herald start --simulate-from …` never changes the real outbox. It runs on a
 * copy of the database; only `--simulate-in-place` writes to the real one, and says so.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { runHerald, waitFor } from '../helpers/herald-process.ts';
import { tempDir } from '../helpers/tmp.ts';
import { writeFileSync } from 'node:fs';

async function setUp(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'herald.db');
  const ics = join(dir, 'team.ics');
  const event = [
    'BEGIN:VEVENT',
    'UID:sim@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20271124T100000Z',
    'DTEND:20271124T103000Z',
    'SUMMARY:Simulated meeting',
    'END:VEVENT',
  ];
  writeFileSync(ics, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...event, 'END:VCALENDAR', ''].join('\r\n'));
  const env = { HERALD_NO_EXAMPLE: '1', HERALD_DATA_DIR: dir };
  for (const argv of [
    ['user', 'add', 'alice', '--tz', 'UTC'],
    ['calendar', 'add', 'team', '--user', 'alice', '--file', ics],
    ['target', 'add', 'term', '--user', 'alice', '--url', 'console:'],
    ['reminder', 'add', '--calendar', 'team', '--target', 'term', '--before', '2m'],
  ]) {
    const r = await runCli(db, argv, env, dir);
    expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
  }
  return { dir, db };
}

/** The real outbox, read after the run. */
function outbox(db: string) {
  const store = openStore(db, () => Date.now());
  try {
    return store.deliveries.list().map((d) => d.status);
  } finally {
    store.close();
  }
}

async function simulate(dir: string, extra: string[]) {
  const run = runHerald(dir, ['start', '--simulate-from', '2027-11-24T09:57:00Z', '--speed', '60', ...extra]);
  const printed = await waitFor(() => run.stdout().includes('Simulated meeting'), 25_000);
  expect(printed, `stdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`).toBe(true);
  run.child.kill('SIGINT');
  expect((await run.exited).code).toBe(0);
  return run;
}

describe('herald start --simulate-from', () => {
  it('sends on a copy: the real outbox is untouched, so the real reminder still goes out later', async () => {
    const { dir, db } = await setUp();
    const run = await simulate(dir, []);
    expect(outbox(db)).toEqual([]);
    expect(run.stderr()).toMatch(/copy of the database/);
  }, 40_000);

  it('--simulate-in-place writes to the real database, with a warning', async () => {
    const { dir, db } = await setUp();
    const run = await simulate(dir, ['--simulate-in-place']);
    expect(run.stderr()).toMatch(/simulate-in-place.*real database/);
    expect(outbox(db)).toContain('sent');
  }, 40_000);
});
