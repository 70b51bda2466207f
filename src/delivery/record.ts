/**
 * Writing what became of each delivery to the outbox, and saying so in the log: a line per success
 * (up to 20 a second, the rest folded into one line), a line per failure.
 */
import type { Clock } from '../core/clock.ts';
import { BurstFolder, type Logger } from '../core/log.ts';
import { redact } from '../core/mask.ts';
import type { Delivery, Store } from '../store/index.ts';
import { groupCommit } from './batching.ts';
import type { Destination } from './channel.ts';
import { channelKindOf, type DeliveryObserver } from './observer.ts';
import type { Outcome } from './outcome.ts';
import type { Prepared } from './prepare.ts';

export class OutcomeRecorder {
  private readonly deliveredLines: BurstFolder;
  /**
   * Sent outcomes are group-committed. A worker waits for its outcome's commit before it takes the
   * next row, so at most `concurrency` rows are ever sent but not yet recorded — the most a crash
   * can make herald send twice.
   */
  private readonly commit: (write: () => void) => Promise<void>;
  /** Set once the engine stopped for good: the store may be closed, nothing more is written. */
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Writes, tried again while another process holds the database's lock. */
    private readonly persist: <T>(what: string, write: () => T | Promise<T>) => Promise<T>,
    private readonly observer: DeliveryObserver | null = null,
  ) {
    this.deliveredLines = new BurstFolder(
      () => clock.now(),
      (count, late) => logger.info('delivered more in the same second (one line each for the first 20)', { count, late }),
    );
    this.commit = groupCommit((fn) => store.transaction(fn));
  }

  /**
   * One write of the engine's, tried again while the database is busy. After close it is dropped
   * (with a line): the row keeps its lease, and the next start resumes it.
   */
  async write(what: string, write: () => void | Promise<void>): Promise<void> {
    if (this.closed) {
      this.logger.warn('not recorded: herald had stopped', { what });
      return;
    }
    await this.persist(what, write);
  }

  /** Nothing more is written (the engine stopped; the store is about to close). */
  close(): void {
    this.closed = true;
  }

  /** A row that will not be sent (missed, its target or user gone, nothing to send, cannot render). */
  async notSent(d: Delivery, prepared: Extract<Prepared, { ready: false }>): Promise<void> {
    await this.write('record a delivery not sent', () => this.store.deliveries.markFinal(d.id, prepared.status, { error: prepared.error }));
    this.observer?.outcome(d, 'none', prepared.status, this.clock.now());
    if (prepared.status === 'missed') this.logger.warn('delivery missed', { delivery: d.id, kind: d.kind, due: new Date(d.dueAt).toISOString() });
    if (prepared.problem !== undefined) this.logger.error('cannot render delivery', { delivery: d.id, kind: d.kind, error: prepared.problem as Error });
  }

  /** The outcome of a send (redacted first: a service may echo a secret back). */
  async sent(d: Delivery, to: Destination, outcome: Outcome): Promise<void> {
    const { store } = this;
    const at = this.clock.now();
    const log = () => this.logger.child({ delivery: d.id, kind: d.kind });
    this.observer?.outcome(d, channelKindOf(to), outcome.status, at);
    // The delivery log: one line per attempt, written with the outcome it led to.
    const detail = redact('answer' in outcome ? outcome.answer : outcome.error);
    const logAttempt = () => store.deliveries.logAttempt(d.id, { attempt: d.attempts, at, outcome: outcome.status, statusCode: outcome.statusCode, detail });
    switch (outcome.status) {
      case 'sent':
      case 'late': {
        const late = outcome.status === 'late';
        await this.write('record a delivery sent', () =>
          this.commit(() => {
            store.deliveries.markSent(d.id, { statusCode: outcome.statusCode, sentAt: at, late, answer: detail });
            logAttempt();
          }),
        );
        if (this.deliveredLines.admit(late)) log().info('delivered', { target: to.name, late, ms_after_due: at - d.dueAt });
        return;
      }
      case 'failed':
        await this.write('record a refused delivery', () =>
          store.transaction(() => {
            store.deliveries.markFinal(d.id, 'failed', { error: detail, statusCode: outcome.statusCode });
            logAttempt();
          }),
        );
        log().error('delivery refused', { target: to.name, error: outcome.error });
        return;
      case 'dead':
      case 'missed': {
        const status = outcome.status;
        await this.write(`record a ${status} delivery`, () =>
          store.transaction(() => {
            store.deliveries.markFinal(d.id, status, { error: detail, statusCode: outcome.statusCode });
            logAttempt();
          }),
        );
        const line = status === 'dead' ? 'delivery dead after its last attempt' : 'delivery missed: not delivered in time';
        log().error(line, { target: to.name, attempts: d.attempts, error: outcome.error });
        return;
      }
      case 'retry':
        await this.write('record a failed attempt', () =>
          store.transaction(() => {
            store.deliveries.markRetry(d.id, { error: detail, statusCode: outcome.statusCode, nextAttemptAt: outcome.nextAttemptAt });
            logAttempt();
          }),
        );
        log().warn('delivery failed; will retry', {
          target: to.name,
          attempt: d.attempts,
          retry_in_s: Math.round((outcome.nextAttemptAt - at) / 1000),
          error: outcome.error,
        });
    }
  }

  /** Writes the folded line of successes not yet written (a burst is over). */
  flush(): void {
    this.deliveredLines.flush();
  }
}
