import type { Clock } from '../core/clock.ts';

/**
 * Keeps a service's pace per target (Slack and Google Chat: one message a second per webhook):
 * each send takes the next free slot of its target and waits for it.
 */
export class Pacer {
  private readonly nextFreeSlot = new Map<number | string, number>();

  constructor(private readonly clock: Clock) {}

  /** Waits for the target's next free slot; rejects when `signal` aborts first (the slot stays taken). */
  async wait(key: number | string, minIntervalMs: number | undefined, signal?: AbortSignal): Promise<void> {
    if (!minIntervalMs) return;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextFreeSlot.get(key) ?? 0);
    this.nextFreeSlot.set(key, slot + minIntervalMs);
    if (slot > now) await this.clock.sleepUntil(slot, signal);
  }
}
