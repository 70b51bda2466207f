/**
 * The database under pressure: another process holding SQLite's write lock for longer than a
 * statement waits (a backup, a stuck script) is waited out with a warning, at the start and
 * mid-run; the daemon never exits for it, and what came due meanwhile is sent once the lock is gone.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { loadConfig } from '../../src/daemon/config.ts';
import { Daemon } from '../../src/daemon/daemon.ts';
import { openStore } from '../../src/store/index.ts';
import { holdWriteLock } from '../helpers/lock-holder.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

/** Longer than the 5 s a statement waits by default: the length that made herald exit. */
const holdMs = 6000;

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
}

function runDaemonOn(dbPath: string, dir: string) {
  const store = openStore(dbPath, () => systemClock.now(), { busyTimeoutMs: 300 });
  const logger = memoryLogger('info');
  const stop = new AbortController();
  const config = loadConfig({ env: { HERALD_NO_EXAMPLE: '1', HERALD_PLAN_INTERVAL: '1', HERALD_ALLOW_PRIVATE_TARGETS: '1' }, cwd: dir, flags: { db: dbPath } });
  const daemon = new Daemon({ config, store, clock: systemClock, logger, signal: stop.signal });
  let ended: string | null = null;
  daemon.stopped.then(
    () => (ended = 'stopped'),
    (err: Error) => (ended = `failed: ${err.message}`),
  );
  return {
    logger,
    ended: () => ended,
    log: () => logger.lines.join('\n'),
    async stop() {
      stop.abort();
      await daemon.stopped;
      store.close();
    },
  };
}

describe('a daemon while another process holds the write lock', () => {
  it('waits at the start, with a warning, and starts once the lock is gone', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'h.db');
    openStore(dbPath, () => 0).close();
    const holder = holdWriteLock(dbPath, holdMs);
    await holder.locked;
    const run = runDaemonOn(dbPath, dir);
    await holder.released;
    expect(await until(() => run.log().includes('herald started') || run.ended() !== null, 10_000), run.log()).toBe(true);
    // A pass or two after the release: still running.
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.ended(), run.log()).toBeNull();
    expect(run.log()).not.toContain('stopping');
    expect(run.log()).toMatch(/"level":"warn","msg":"database is locked by another process; waiting/);
    await run.stop();
  }, 30_000);

  it('keeps running mid-run, and sends what came due during the lock once it is released', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'h.db');
    const sink = await startSink();
    const setup = openStore(dbPath, () => systemClock.now());
    const user = setup.users.add({ name: 'ops', tz: 'UTC' });
    const target = setup.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const dueAt = Date.now() + 2500;
    setup.deliveries.add(
      [0, 1].map((i) => ({
        dedupeKey: `t${i}`,
        route: 'target' as const,
        userId: user.id,
        targetId: target.id,
        dueAt,
        content: { kind: 'test' as const, text: `m${i}` },
      })),
    );
    setup.close();
    const run = runDaemonOn(dbPath, dir);
    expect(await until(() => run.log().includes('herald started'), 10_000), run.log()).toBe(true);
    const holder = holdWriteLock(dbPath, holdMs);
    await holder.locked;
    await holder.released;
    expect(sink.requests).toHaveLength(0);
    expect(await until(() => sink.requests.length === 2, 10_000), run.log()).toBe(true);
    expect(run.ended()).toBeNull();
    expect(run.log()).not.toContain('stopping');
    expect(run.log()).toMatch(/"level":"warn","msg":"database is locked by another process/);
    await run.stop();
    expect(sink.requests).toHaveLength(2);
  }, 40_000);
});
