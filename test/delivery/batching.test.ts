import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/delivery/batching.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

function world() {
  const store = openStore(join(tempDir(), 'h.db'), () => 0);
  let commits = 0;
  const record = groupCommit((fn) => {
    commits++;
    store.transaction(fn);
  });
  return { store, record, commits: () => commits };
}

describe('groupCommit', () => {
  it('lands the writes of one event-loop turn in one transaction, and settles after it', async () => {
    const w = world();
    const names = ['a', 'b', 'c', 'd', 'e'];
    const done = names.map((name) => w.record(() => void w.store.users.add({ name, tz: 'UTC' })));
    expect(w.store.users.list()).toHaveLength(0); // nothing written yet, within the turn
    await Promise.all(done);
    expect(w.commits()).toBe(1);
    expect(
      w.store.users
        .list()
        .map((u) => u.name)
        .sort(),
    ).toEqual(names);
    await w.record(() => void w.store.users.add({ name: 'f', tz: 'UTC' }));
    expect(w.commits()).toBe(2);
  });

  it('rejects every write of a failed transaction, and none of them lands', async () => {
    const w = world();
    const ok = w.record(() => void w.store.users.add({ name: 'a', tz: 'UTC' }));
    const bad = w.record(() => {
      throw new Error('disk full');
    });
    await expect(ok).rejects.toThrow('disk full');
    await expect(bad).rejects.toThrow('disk full');
    expect(w.store.users.list()).toHaveLength(0);
    // The next turn starts a fresh batch.
    await w.record(() => void w.store.users.add({ name: 'b', tz: 'UTC' }));
    expect(w.store.users.list().map((u) => u.name)).toEqual(['b']);
  });
});
