/**
 * The outbox: every message herald plans, sends and has sent, one row each, in one table. Split by
 * who uses which part: the planner (planning.ts), the delivery engine before a send (claiming.ts,
 * ahead.ts)
 * and after it (outcomes.ts), listings and retention (history.ts).
 */
import type { Db } from '../db.ts';
import { outboxAhead } from './ahead.ts';
import { outboxClaims } from './claiming.ts';
import { outboxHistory } from './history.ts';
import { outboxOutcomes } from './outcomes.ts';
import { outboxPlanning } from './planning.ts';

export * from './types.ts';

/** `owner`: the daemon id (host:pid) that the leases of rows this process claims name. */
export function outboxStore(db: Db, now: () => number, owner: string) {
  return { ...outboxPlanning(db, now), ...outboxClaims(db, now, owner), ...outboxAhead(db, now, owner), ...outboxOutcomes(db, now), ...outboxHistory(db) };
}

export type OutboxStore = ReturnType<typeof outboxStore>;
