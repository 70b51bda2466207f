/**
 * Leases with an owner: a row in flight belongs to the process that claimed it until its lease
 * expires or that process is known to be gone; the daemon lock lets one daemon run per database.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processGone } from '../../src/core/process-identity.ts';
import { openStore, type DaemonLockHolder, type PlannedDelivery } from '../../src/store/index.ts';
import { deadProcessId, liveProcessId } from '../helpers/processes.ts';
import { tempDir } from '../helpers/tmp.ts';

const planned = (key: string, dueAt: number): PlannedDelivery => ({
  dedupeKey: key,
  route: 'target',
  userId: null,
  targetId: null,
  dueAt,
  content: { kind: 'test', text: key },
});

/** Two processes' stores on one database file. */
function twoOwners(a: string, b: string) {
  const path = join(tempDir(), 'h.db');
  const clock = { t: 1_000 };
  return { a: openStore(path, () => clock.t, { owner: a }), b: openStore(path, () => clock.t, { owner: b }), clock };
}

describe('outbox leases', () => {
  it('names the owner of each claim, by every way of claiming', () => {
    const { a } = twoOwners('host-a:10', 'host-b:20');
    const payload = { format: 'text' as const, parts: [{ text: 'z' }], sentParts: 0, late: false, event: null, unsubscribeUrl: null };
    a.deliveries.add([planned('x', 10), planned('y', 10), { ...planned('z', 20), payload }]);
    const [x] = a.deliveries.claimDue(15, 1, 1000);
    const y = a.deliveries.claimOne(a.deliveries.byKey('y')!.id, 15, 1000);
    const [z] = a.deliveries.claimUnchanged(a.deliveries.upcoming(100, 10), 50, 1000);
    expect([x?.leaseOwner, y?.leaseOwner, z?.leaseOwner]).toEqual(['host-a:10', 'host-a:10', 'host-a:10']);
    expect(a.deliveries.list().map((d) => [d.dedupeKey, d.status, d.leaseOwner])).toEqual(
      expect.arrayContaining([
        ['x', 'sending', 'host-a:10'],
        ['y', 'sending', 'host-a:10'],
        ['z', 'sending', 'host-a:10'],
      ]),
    );
  });

  it("resumes another process's rows only when their lease expired or their owner is gone", () => {
    const live = liveProcessId();
    const dead = deadProcessId();
    const path = join(tempDir(), 'h.db');
    const clock = { t: 1_000 };
    const liveStore = openStore(path, () => clock.t, { owner: live });
    const deadStore = openStore(path, () => clock.t, { owner: dead });
    const me = openStore(path, () => clock.t, { owner: 'me:1' });
    me.deliveries.add([planned('live', 10), planned('dead', 10)]);
    liveStore.deliveries.claimOne(me.deliveries.byKey('live')!.id, 100, 10_000);
    deadStore.deliveries.claimOne(me.deliveries.byKey('dead')!.id, 100, 10_000);
    // A second daemon starting at 200: the dead process's row is resumed, the live one's is not.
    expect(me.deliveries.resumeAbandoned(200, processGone)).toBe(1);
    expect(me.deliveries.byKey('dead')).toMatchObject({ status: 'pending', leaseOwner: null });
    expect(me.deliveries.byKey('live')).toMatchObject({ status: 'sending', leaseOwner: live });
    expect(me.deliveries.claimDue(200, 10, 100_000).map((d) => d.dedupeKey)).toEqual(['dead']);
    // Once its lease has run out, the live owner's row is taken over too.
    expect(me.deliveries.resumeAbandoned(10_099, processGone)).toBe(0);
    expect(me.deliveries.resumeAbandoned(10_101, processGone)).toBe(1);
    expect(me.deliveries.byKey('live')).toMatchObject({ status: 'pending' });
    expect(me.deliveries.byKey('dead')).toMatchObject({ status: 'sending', leaseOwner: 'me:1' });
  });

  it('hands back at a clean stop only its own unsent rows, not counting the attempt, and keeps those still sending', () => {
    const { a, b } = twoOwners('host-a:10', 'host-b:20');
    a.deliveries.add([planned('a1', 10), planned('a2', 10), planned('b1', 10)]);
    const [a1, a2] = a.deliveries.claimDue(50, 2, 1000);
    b.deliveries.claimDue(50, 1, 1000);
    expect(a.deliveries.handBack([a2!.id])).toBe(1);
    expect(a.deliveries.get(a1!.id)).toMatchObject({ status: 'pending', attempts: 0, leaseOwner: null });
    expect(a.deliveries.get(a2!.id)).toMatchObject({ status: 'sending', attempts: 1, leaseOwner: 'host-a:10' });
    expect(a.deliveries.byKey('b1')).toMatchObject({ status: 'sending', leaseOwner: 'host-b:20' });
  });
});

describe('the daemon lock', () => {
  const holder = (owner: string, token: string, at: number): DaemonLockHolder => ({ owner, token, host: 'h', pid: 1, startedAt: at, heartbeatAt: at });

  it('is taken by one holder at a time, renewed, released; a stale holder is replaced', () => {
    const { a, b } = twoOwners('host-a:10', 'host-b:20');
    const never = () => false;
    expect(a.daemonLock.acquire(holder('host-a:10', 'ta', 5), never)).toEqual({ acquired: true });
    const refused = b.daemonLock.acquire(holder('host-b:20', 'tb', 6), never);
    expect(refused).toMatchObject({ acquired: false, holder: { owner: 'host-a:10', startedAt: 5 } });
    expect(a.daemonLock.renew('ta', 9)).toBe(true);
    expect(b.daemonLock.renew('tb', 9)).toBe(false);
    expect(b.daemonLock.acquire(holder('host-b:20', 'tb', 10), (h) => h.heartbeatAt < 10)).toMatchObject({ acquired: true, replaced: { token: 'ta' } });
    expect(a.daemonLock.renew('ta', 11)).toBe(false);
    a.daemonLock.release('ta'); // not its lock any more: nothing happens
    expect(b.daemonLock.holder()).toMatchObject({ token: 'tb' });
    b.daemonLock.release('tb');
    expect(b.daemonLock.holder()).toBeUndefined();
  });
});
