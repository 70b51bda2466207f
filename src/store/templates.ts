import type { TemplateKind } from '../render/types.ts';
import type { Db } from './db.ts';
import { fromRow } from './rows.ts';

export interface StoredTemplate {
  id: number;
  name: string;
  kind: TemplateKind;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export function templateStore(db: Db, now: () => number) {
  return {
    /** Creates or replaces the template of that name (validation happens before, in render/). */
    save(t: { name: string; kind: TemplateKind; body: string }): StoredTemplate {
      const t0 = now();
      db.prepare(
        `INSERT INTO templates (name, kind, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, body = excluded.body, updated_at = excluded.updated_at`,
      ).run(t.name, t.kind, t.body, t0, t0);
      return this.byName(t.name)!;
    },
    byName(name: string): StoredTemplate | undefined {
      const r = db.prepare('SELECT * FROM templates WHERE name = ?').get(name) as Record<string, unknown> | undefined;
      return r && fromRow<StoredTemplate>(r);
    },
    list(): StoredTemplate[] {
      return (db.prepare('SELECT * FROM templates ORDER BY name').all() as Record<string, unknown>[]).map((r) => fromRow<StoredTemplate>(r));
    },
    remove(name: string): boolean {
      return db.prepare('DELETE FROM templates WHERE name = ?').run(name).changes > 0;
    },
  };
}
