/**
 * One daemon per SQLite database, in process: a second daemon refuses with one line naming the
 * first; a lock left by a daemon that died (its process gone, or its heartbeat a minute old) does
 * not block a start.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { loadConfig } from '../../src/daemon/config.ts';
import { Daemon } from '../../src/daemon/daemon.ts';
import { daemonLockStaleAfterMs, takeDaemonLock } from '../../src/daemon/daemon-lock.ts';
import { openStore } from '../../src/store/index.ts';
import { deadProcessId } from '../helpers/processes.ts';
import { tempDir } from '../helpers/tmp.ts';

const configFor = (dir: string) => loadConfig({ env: { HERALD_NO_EXAMPLE: '1' }, cwd: dir, flags: { db: join(dir, 'h.db') } });

function daemonOn(dir: string) {
  const clock = new ManualClock(Date.parse('2026-11-24T08:00:00Z'));
  const store = openStore(join(dir, 'h.db'), () => clock.now());
  const logger = memoryLogger('info');
  const stop = new AbortController();
  const daemon = new Daemon({ config: configFor(dir), store, clock, logger, signal: stop.signal });
  return {
    daemon,
    logger,
    store,
    async stop() {
      stop.abort();
      await daemon.stopped.catch(() => undefined);
      store.close();
    },
  };
}

describe('one daemon per database', () => {
  it('refuses a second daemon with one line naming the first, and lets one start after the first stopped', async () => {
    const dir = tempDir();
    const first = daemonOn(dir);
    await first.daemon.quiet();
    const second = daemonOn(dir);
    const refusal = await second.daemon.stopped.then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(refusal).toMatch(new RegExp(`^daemon: another herald daemon is running on this database: pid ${process.pid} on host .+, running since \\d{4}-`));
    expect(refusal).not.toContain('\n');
    expect(second.logger.lines.join('\n')).not.toContain('herald started');
    await second.daemon.quiet(); // a refused daemon is quiet, not hanging
    await second.stop();
    await first.stop();

    const third = daemonOn(dir);
    await third.daemon.quiet();
    expect(third.logger.lines.join('\n')).toContain('herald started');
    await third.stop();
  });

  it('takes over the lock of a daemon whose process is gone, or whose heartbeat is stale', async () => {
    const dir = tempDir();
    const setup = openStore(join(dir, 'h.db'), () => 0);
    const now = Date.now();
    const dead = deadProcessId();
    setup.daemonLock.acquire(
      { owner: dead, token: 'crashed', host: hostname(), pid: Number(dead.split(':').pop()), startedAt: now - 1000, heartbeatAt: now },
      () => false,
    );
    const first = daemonOn(dir);
    await first.daemon.quiet();
    expect(first.logger.lines.join('\n')).toContain('took over the lock of a herald daemon that is no longer running');
    await first.stop();

    // Another host's daemon, silent for longer than a heartbeat may be (a reboot, a lost machine).
    const stale = now - daemonLockStaleAfterMs - 1000;
    setup.daemonLock.acquire({ owner: 'elsewhere:42', token: 'gone', host: 'elsewhere', pid: 42, startedAt: stale, heartbeatAt: stale }, () => false);
    const second = daemonOn(dir);
    await second.daemon.quiet();
    expect(second.logger.lines.join('\n')).toContain('herald started');
    await second.stop();

    // Another host's lock with a fresh heartbeat: refused.
    setup.daemonLock.acquire({ owner: 'elsewhere:42', token: 'alive', host: 'elsewhere', pid: 42, startedAt: now, heartbeatAt: Date.now() }, () => true);
    const third = daemonOn(dir);
    await expect(third.daemon.stopped).rejects.toThrow(/pid 42 on host elsewhere/);
    await third.stop();
    setup.close();
  });

  it('notices when another daemon took its lock over (it had stopped renewing it), and says it must stop', async () => {
    const dir = tempDir();
    const store = openStore(join(dir, 'h.db'), () => 0);
    const logger = memoryLogger('info');
    const lock = takeDaemonLock(store, logger, 20);
    store.daemonLock.acquire({ owner: 'elsewhere:7', token: 'newer', host: 'elsewhere', pid: 7, startedAt: Date.now(), heartbeatAt: Date.now() }, () => true);
    for (let i = 0; i < 100 && !lock.lost.aborted; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lock.lost.aborted).toBe(true);
    expect(String(lock.lost.reason)).toMatch(/stopping: another herald daemon is running on this database: pid 7 on host elsewhere/);
    lock.release();
    expect(store.daemonLock.holder()).toMatchObject({ token: 'newer' });
    store.close();
  });
});
