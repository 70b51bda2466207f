import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

let db: string;
let ics: string;

beforeEach(async () => {
  const dir = tempDir();
  db = join(dir, 'h.db');
  ics = join(dir, 'cal.ics');
  writeFileSync(ics, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n');
  for (const argv of [
    ['user', 'add', 'alice', '--tz', 'Europe/Zurich', '--email', 'alice@example.com'],
    ['user', 'add', 'bob', '--tz', 'Europe/Zurich', '--email', 'bob@example.com'],
    ['calendar', 'add', 'work', '--user', 'alice', '--file', ics],
    ['calendar', 'add', 'bobs', '--user', 'bob', '--file', ics],
    ['target', 'add', 'alice-chat', '--user', 'alice', '--kind', 'mattermost', '--url', 'https://chat.example.com/hooks/aaaaaaaaaaaa'],
    ['target', 'add', 'bob-chat', '--user', 'bob', '--kind', 'mattermost', '--url', 'https://chat.example.com/hooks/bbbbbbbbbbbb'],
  ]) {
    expect((await runCli(db, argv)).code, argv.join(' ')).toBe(0);
  }
});

async function usageError(argv: string[]): Promise<string> {
  const r = await runCli(db, argv);
  expect(r.code, r.err).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  return r.err;
}

describe('lead times are bounded', () => {
  it('refuses --before over 90 days, naming the limit, and says so in --help', async () => {
    expect(await usageError(['reminder', 'add', '--calendar', 'work', '--target', 'alice-chat', '--before', '99999d'])).toMatch(/at most 90d.*"99999d"/);
    expect(await usageError(['reminder', 'add', '--calendar', 'work', '--target', 'alice-chat', '--before', '1e21d'])).toMatch(/at most 90d/);
    expect(await usageError(['reminder', 'add', '--calendar', 'work', '--target', 'alice-chat', '--before', '1000000000000000000000d'])).toMatch(/at most 90d/);
    expect((await runCli(db, ['reminder', 'add', '--calendar', 'work', '--target', 'alice-chat', '--before', '90d'])).code).toBe(0);
    expect((await runCli(db, ['reminder', 'add', '--help'])).out).toMatch(/at most 90d/);
  });
});

describe('ownership: one check for every command', () => {
  it("refuses another user's target as a calendar's alarm target", async () => {
    expect(await usageError(['calendar', 'add', 'home', '--user', 'bob', '--file', ics, '--alarms', '--alarm-target', 'alice-chat'])).toMatch(
      /target "alice-chat" belongs to another user than "bob"/,
    );
    expect((await runCli(db, ['calendar', 'add', 'home', '--user', 'bob', '--file', ics, '--alarms', '--alarm-target', 'bob-chat'])).code).toBe(0);
  });

  it("refuses another user's target or calendar in reminders and digests", async () => {
    expect(await usageError(['reminder', 'add', '--calendar', 'bobs', '--target', 'alice-chat', '--before', '10m'])).toMatch(
      /target "alice-chat" belongs to another user than "bob"/,
    );
    expect(await usageError(['digest', 'add', 'm', '--user', 'bob', '--calendar', 'bobs', '--target', 'alice-chat', '--at', '07:00'])).toMatch(
      /target "alice-chat" belongs to another user/,
    );
    expect(await usageError(['digest', 'add', 'm', '--user', 'bob', '--calendar', 'work', '--target', 'bob-chat', '--at', '07:00'])).toMatch(
      /calendar "work" belongs to another user/,
    );
  });
});

describe('errors quote raw input safely', () => {
  it('truncates a 100 KB name and escapes ANSI sequences', async () => {
    const long = await usageError(['user', 'rm', 'x'.repeat(100_000)]);
    expect(long.length).toBeLessThan(300);
    expect(long).toMatch(/unknown user "x+…" \(100000 characters\)/);
    const ansi = await usageError(['calendar', 'rm', '\u001b[31mred\u001b[0m']);
    expect(ansi).not.toContain('\u001b');
    expect(ansi).toContain('"\\u001b[31mred\\u001b[0m"');
    // node's own messages (an unknown option) pass the same guard.
    const option = await usageError(['user', 'list', `--${'\u001b[2J'}${'y'.repeat(50_000)}`]);
    expect(option).not.toContain('\u001b');
    expect(option.length).toBeLessThan(2_200);
  });

  it('calls a date that does not exist a usage error naming it', async () => {
    expect(await usageError(['agenda', '--user', 'alice', '--date', '2026-02-30'])).toMatch(/--date must be .*"2026-02-30"/);
    expect(await usageError(['occurrences', ics, '--from', '2026-02-30T00:00:00Z', '--to', '2026-03-05T00:00:00Z'])).toMatch(/"2026-02-30T00:00:00Z"/);
  });
});
