/** Issue 12 point 7: a disabled target is not delivered to, also for rows planned before it was disabled. */
import { describe, expect, it } from 'vitest';
import { engineWorld } from '../channels/engine-fixture.ts';
import { startSink } from '../helpers/sink.ts';

describe('a disabled target', () => {
  it('gets nothing: its due rows are cancelled, saying why', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    w.store.targets.setEnabled(target.id, false);
    w.engine.start();
    await w.engine.idle();
    await w.engine.stop();
    expect(sink.requests).toHaveLength(0);
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'cancelled', lastError: 'its target is disabled' });
  });
});
