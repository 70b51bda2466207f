/** `herald command add/list/rm` and `user set --chat-id`: the secret comes from the environment and is stored sealed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecret } from '../../src/core/secret-box.ts';
import { serverKeys } from '../../src/daemon/server-keys.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('command add', () => {
  it('reads the secret from the named variable, stores it sealed, and never prints it', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    const env = { HERALD_DATA_DIR: dir, HERALD_PUBLIC_URL: 'https://herald.example.com', MM_TOKEN: 'the-mattermost-token-789' };
    const added = await runCli(db, ['command', 'add', 'agenda', '--kind', 'mattermost', '--token-env', 'MM_TOKEN'], env);
    expect([added.code, added.out]).toEqual([0, 'added command agenda: point the mattermost slash command at https://herald.example.com/commands/agenda\n']);
    const listed = await runCli(db, ['command', 'list', '--json'], env);
    expect(listed.out).toContain('"kind":"mattermost"');
    expect(listed.out + added.out + added.err).not.toContain('the-mattermost-token-789');
    // Not in the database file in clear; opens with the key file beside it.
    expect(readFileSync(db).includes('the-mattermost-token-789')).toBe(false);
    const store = openStore(db, () => 0);
    const sealed = store.commands.byName('agenda')!.sealedSecret;
    store.close();
    expect(openSecret(serverKeys({ dataDir: dir, keys: { unsubscribeSecret: null, adminToken: null, secretKey: null } }).secretKey, sealed)).toBe(
      'the-mattermost-token-789',
    );
    expect((await runCli(db, ['command', 'rm', 'agenda'], env)).code).toBe(0);
  });

  it('refuses a secret on the command line, a missing variable, a wrong kind or the other kind’s option', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    const env = { HERALD_DATA_DIR: dir };
    const cases: [string[], RegExp][] = [
      [['--kind', 'mattermost', '--token', 'abc'], /Unknown option '--token'/],
      [['--kind', 'mattermost', '--token-env', 'NOT_SET'], /the environment variable NOT_SET is not set or empty/],
      [['--kind', 'teams', '--token-env', 'X'], /--kind must be mattermost or slack, got "teams"/],
      [['--kind', 'slack', '--token-env', 'X'], /--token-env is for --kind mattermost; slack takes --signing-secret-env/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(db, ['command', 'add', 'agenda', ...args], env);
      expect([r.code, r.err], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('user set --chat-id links a chat user, refuses one linked elsewhere, and "" unlinks', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    for (const name of ['ana', 'bob']) expect((await runCli(db, ['user', 'add', name, '--tz', 'UTC'])).code).toBe(0);
    expect((await runCli(db, ['user', 'set', 'ana', '--chat-id', 'U123'])).code).toBe(0);
    const taken = await runCli(db, ['user', 'set', 'bob', '--chat-id', 'U123']);
    expect([taken.code, taken.err]).toEqual([2, 'herald: store: chat id "U123" is already linked to another user\n']);
    expect((await runCli(db, ['user', 'set', 'ana', '--chat-id', 'has space'])).code).toBe(2);
    expect((await runCli(db, ['user', 'set', 'ana', '--chat-id', ''])).code).toBe(0);
    const store = openStore(db, () => 0);
    expect(store.users.byName('ana')!.chatId).toBeNull();
    store.close();
  });
});
