import type { Db } from './db.ts';
import { fromRow } from './rows.ts';

/** One configuration write: who made it ("admin", "cli:alice"), what (action, entity, its name or id), when. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  entity: string;
  ref: string;
}

export function auditStore(db: Db, now: () => number) {
  return {
    record(e: Omit<AuditEntry, 'id' | 'at'>): void {
      db.prepare('INSERT INTO audit_log (at, actor, action, entity, ref) VALUES (?, ?, ?, ?, ?)').run(now(), e.actor, e.action, e.entity, e.ref);
    },
    /** The newest entries first. */
    list(limit = 200): AuditEntry[] {
      return (db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Record<string, unknown>[]).map((r) => fromRow<AuditEntry>(r));
    },
  };
}
