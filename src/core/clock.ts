/**
 * The only source of "now" in herald. Everything that waits or reads the time takes a Clock,
 * so tests can step time by hand and `herald start --simulate-from` can run a day in minutes.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves once the clock has reached `untilMs` (or at once if it already has); rejects on abort. */
  sleepUntil(untilMs: number, signal?: AbortSignal): Promise<void>;
}

export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return clock.sleepUntil(clock.now() + ms, signal);
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** Real time, scaled: `speed` simulated milliseconds pass for each real one, starting at `startMs`. */
export class ScaledClock implements Clock {
  private readonly realStart: number;

  constructor(
    private readonly startMs: number,
    private readonly speed: number,
  ) {
    if (!(speed > 0)) throw new RangeError(`clock speed must be positive, got ${speed}`);
    this.realStart = Date.now();
  }

  now(): number {
    return Math.floor(this.startMs + (Date.now() - this.realStart) * this.speed);
  }

  sleepUntil(untilMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      // Re-check after each real wait: timers may fire early or late, and a long simulated wait
      // is split so that a huge speed cannot overflow setTimeout's 32-bit limit.
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        if (timer) clearTimeout(timer);
        reject(abortError(signal!));
      };
      const tick = () => {
        const remaining = untilMs - this.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          return resolve();
        }
        timer = setTimeout(tick, Math.min(Math.ceil(remaining / this.speed), 2_000_000_000));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      tick();
    });
  }
}

/** The wall clock. */
export const systemClock: Clock = new ScaledClock(Date.now(), 1);
Object.defineProperty(systemClock, 'now', { value: () => Date.now() });

/**
 * A clock that only moves when told to. Sleepers wake in due order as `advanceTo` passes their
 * deadline, and each wake-up gets a turn of the event loop before the next one.
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleepUntil(untilMs: number, signal?: AbortSignal): Promise<void> {
    if (untilMs <= this.current) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError(signal!));
      };
      // A sleeper that wakes takes its abort listener with it (a long run would pile them up).
      const sleeper = {
        until: untilMs,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The earliest deadline anyone is sleeping on, if any. */
  nextWake(): number | undefined {
    let next: number | undefined;
    for (const s of this.sleepers) if (next === undefined || s.until < next) next = s.until;
    return next;
  }

  async advanceTo(targetMs: number): Promise<void> {
    for (;;) {
      const next = this.nextWake();
      if (next === undefined || next > targetMs) break;
      this.current = Math.max(this.current, next);
      const due = this.sleepers.filter((s) => s.until <= this.current);
      this.sleepers = this.sleepers.filter((s) => s.until > this.current);
      for (const s of due) s.resolve();
      await settle();
    }
    this.current = Math.max(this.current, targetMs);
    await settle();
  }

  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.current + ms);
  }
}

/** Lets pending promise chains and I/O callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
