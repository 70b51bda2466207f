import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('digest and reminder commands', () => {
  it('a weekly agenda goes on Mondays unless --days says otherwise; reminder leads are parsed and listed', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    const ics = join(import.meta.dirname, '..', '..', 'data', 'example-team.ics');
    expect((await runCli(db, ['user', 'add', 'alice', '--tz', 'Europe/Zurich'])).code).toBe(0);
    expect((await runCli(db, ['calendar', 'add', 'team', '--user', 'alice', '--file', ics])).code).toBe(0);
    expect((await runCli(db, ['target', 'add', 'term', '--user', 'alice', '--url', 'console:'])).code).toBe(0);
    expect((await runCli(db, ['digest', 'add', 'week', '--user', 'alice', '--calendar', 'team', '--target', 'term', '--at', '07:00', '--weekly'])).code).toBe(
      0,
    );
    expect(
      (
        await runCli(db, [
          'digest',
          'add',
          'fri',
          '--user',
          'alice',
          '--calendar',
          'team',
          '--target',
          'term',
          '--at',
          '16:00',
          '--weekly',
          '--days',
          'fri',
          '--evening-before',
        ])
      ).code,
    ).toBe(0);
    const digests = (await runCli(db, ['digest', 'list', '--json'])).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(digests.map((d) => [d.name, d.days, d.lists]).sort()).toEqual([
      ['fri', 'fri', 'week (evening before)'],
      ['week', 'mon', 'week'],
    ]);
    const added = await runCli(db, ['reminder', 'add', '--calendar', 'team', '--target', 'term', '--before', '10m,1h,1d', '--skip-free', '--json']);
    expect(added.code).toBe(0);
    const rules = (await runCli(db, ['reminder', 'list', '--json'])).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rules).toMatchObject([{ calendar: 'team', targets: 'term', filters: 'skip-free' }]);
    expect(String(rules[0]!.before).split(',')).toHaveLength(3);
    const bad = await runCli(db, ['reminder', 'add', '--calendar', 'team', '--target', 'term', '--before', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--before/);
  });
});
