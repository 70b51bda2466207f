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

/**
 * At most `perMinute` messages to one target in any minute: a flooding calendar waits its turn
 * instead of taking a channel (and the workers) over. A delivery over the cap is given the next
 * free slot, which it keeps: when it comes back at that instant it goes out without queueing again.
 */
export class SendRateCap {
  static readonly windowMs = 60_000;
  /** Per target, the last `perMinute` reserved send instants, ascending. */
  private readonly recent = new Map<number | string, number[]>();
  /** Deliveries told to come back later, and the instant reserved for them. */
  private readonly held = new Map<number, number>();

  constructor(private readonly perMinute: number) {}

  /** When this delivery may go to this target: `nowMs`, or a later instant reserved for it. */
  reserve(key: number | string, deliveryId: number, nowMs: number): number {
    const held = this.held.get(deliveryId);
    if (held !== undefined) {
      if (held > nowMs) return held;
      this.held.delete(deliveryId);
      return nowMs;
    }
    const slots = this.recent.get(key) ?? [];
    const last = slots.at(-1) ?? nowMs;
    const windowFull = slots.length >= this.perMinute ? slots[slots.length - this.perMinute]! + SendRateCap.windowMs : nowMs;
    const at = Math.max(nowMs, windowFull, slots.length >= this.perMinute ? last : nowMs);
    slots.push(at);
    if (slots.length > this.perMinute) slots.splice(0, slots.length - this.perMinute);
    this.recent.set(key, slots);
    if (at > nowMs) this.held.set(deliveryId, at);
    return at;
  }
}
