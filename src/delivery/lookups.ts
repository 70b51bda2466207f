import type { Clock } from '../core/clock.ts';

/**
 * Targets and users as the engine last read them, for at most `maxAgeMs` (2 s): a burst to one
 * target reads it once instead of once per message, and an edited or removed target takes effect
 * within that time.
 */
export class RecentLookups {
  private readonly entries = new Map<string, { at: number; value: unknown }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxAgeMs = 2000,
  ) {}

  get<T>(key: string, load: () => T): T {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.maxAgeMs && now >= hit.at) return hit.value as T;
    const value = load();
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { at: now, value });
    return value;
  }
}
