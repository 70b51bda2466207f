import { fromTheFront, type Delivery, type DueCursor, type RenderedPayload, type Store } from '../store/index.ts';

/**
 * The delivery engine's work ahead of time, so that a burst due at 09:50:00 costs at that instant
 * only its claims, its sends and its records. While nothing is due, planned rows coming due within
 * a minute are rendered (their payloads written to the outbox, as if sent on time), and rendered
 * rows coming due within seconds are read into memory. At their instant those are claimed with one
 * conditional UPDATE each (claimUnchanged): a row re-planned, cancelled or taken by another process
 * since it was read is left to the ordinary claim, which reads it afresh.
 */
export interface Lookahead {
  /** One batch of work ahead; returns how many rows it looked at (0: nothing to do now). */
  work(nowMs: number): number;
  /**
   * Claims up to `limit` rows read ahead whose time has come. `exhausted` says no other row read
   * ahead is due, so the outbox may hold due rows that were not read ahead.
   */
  claimDue(nowMs: number, limit: number, leaseMs: number): { claimed: Delivery[]; exhausted: boolean };
  /** When the next planned row comes within reach of working ahead (null: none planned). */
  nextWorkAt(nowMs: number): number | null;
  /** Rows were planned or changed: look at the outbox again from the front. */
  restart(): void;
  /** Forgets what was read (the engine stops). */
  clear(): void;
}

export interface LookaheadOptions {
  store: Store;
  /** Rows coming due within this long are rendered ahead (0: never). */
  renderAheadMs: number;
  /** Rendered rows coming due within this long are read ahead (0: never). */
  readAheadMs: number;
  /** Renders a row as if sent at its due time; null (or a throw) leaves it to be rendered when claimed. */
  render: (d: Delivery) => RenderedPayload | null;
  /** Rows read ahead held in memory at most; a bigger burst is claimed from the outbox as usual. */
  maxRead?: number;
}

export function createLookahead(options: LookaheadOptions): Lookahead {
  const { store, renderAheadMs, readAheadMs } = options;
  const maxRead = options.maxRead ?? 20_000;
  // Where rendering and reading have got to: rows after a cursor, by due time then id, are still
  // to look at; a row planned behind it is rendered or read when it is claimed.
  let renderCursor: DueCursor = fromTheFront;
  let readCursor: DueCursor = fromTheFront;
  /** Rows read ahead, in due order, with the token claimUnchanged checks. */
  let read: { delivery: Delivery; token: string }[] = [];
  const readIds = new Set<number>();

  function renderBatch(nowMs: number): number {
    if (renderAheadMs <= 0) return 0;
    const rows = store.deliveries.unrendered(nowMs + renderAheadMs, 64, renderCursor);
    const written: { id: number; payload: RenderedPayload }[] = [];
    for (const d of rows) {
      renderCursor = { at: d.nextAttemptAt, id: d.id };
      if (d.kind === 'test' || d.nextAttemptAt <= nowMs) continue;
      try {
        const payload = options.render(d);
        if (payload) written.push({ id: d.id, payload });
      } catch {
        /* rendered (and its error recorded) when it comes due */
      }
    }
    if (written.length > 0) store.deliveries.writePayloadsAhead(written);
    return rows.length;
  }

  function readBatch(nowMs: number): number {
    if (readAheadMs <= 0 || read.length >= maxRead) return 0;
    const rows = store.deliveries.upcoming(nowMs + readAheadMs, 512, readCursor);
    let added = false;
    for (const r of rows) {
      readCursor = { at: r.delivery.nextAttemptAt, id: r.delivery.id };
      if (readIds.has(r.delivery.id)) continue;
      readIds.add(r.delivery.id);
      read.push(r);
      added = true;
    }
    // Read again from the front after a restart: keep the due order.
    if (added) read.sort((a, b) => a.delivery.nextAttemptAt - b.delivery.nextAttemptAt || a.delivery.id - b.delivery.id);
    return rows.length;
  }

  return {
    work: (nowMs) => renderBatch(nowMs) + readBatch(nowMs),

    claimDue(nowMs, limit, leaseMs) {
      let n = 0;
      while (n < read.length && n < limit && read[n]!.delivery.nextAttemptAt <= nowMs) n++;
      const exhausted = n < limit;
      if (n === 0) return { claimed: [], exhausted };
      const due = read.splice(0, n);
      for (const r of due) readIds.delete(r.delivery.id);
      return { claimed: store.deliveries.claimUnchanged(due, nowMs, leaseMs), exhausted };
    },

    nextWorkAt(nowMs) {
      let at: number | null = null;
      const consider = (next: number | null, aheadMs: number) => {
        if (next !== null) at = Math.min(at ?? Number.POSITIVE_INFINITY, next - aheadMs);
      };
      if (renderAheadMs > 0) consider(store.deliveries.nextUnrenderedAt(nowMs + renderAheadMs), renderAheadMs);
      if (readAheadMs > 0) consider(store.deliveries.nextDueAt(nowMs + readAheadMs), readAheadMs);
      return at;
    },

    restart() {
      renderCursor = fromTheFront;
      readCursor = fromTheFront;
    },

    clear() {
      read = [];
      readIds.clear();
    },
  };
}
