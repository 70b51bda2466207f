/** A fixed-window request budget per key (e.g. per chat team), on the injected clock. */
import type { Clock } from '../core/clock.ts';

export class RateLimit {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: { limit: number; windowMs: number },
  ) {}

  /** Counts one request for `key`; false when its budget for this window is spent. */
  take(key: string): boolean {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now - w.startMs >= this.options.windowMs) {
      // Forget windows long past, so the map stays as small as the set of active keys.
      if (this.windows.size > 10_000) for (const [k, old] of this.windows) if (now - old.startMs >= this.options.windowMs) this.windows.delete(k);
      w = { startMs: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count <= this.options.limit;
  }
}
