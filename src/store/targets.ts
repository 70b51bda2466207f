import { InputError } from '../core/errors.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { fromRow } from './rows.ts';

export interface Target {
  id: number;
  userId: number;
  name: string;
  /** Channel kind: console, webhook, mattermost, slack, discord, teams, googlechat, rocketchat, ntfy, email… */
  kind: string;
  /** The secret: a webhook URL or a mailto: address. Never print it unmasked. */
  url: string;
  /** Channel-specific options (channel, username, icon…). */
  options: Record<string, unknown>;
  /** A template name or an inline template body; null: the channel's default. */
  template: string | null;
  allowPrivate: boolean;
  allowMentions: boolean;
  /** Off: neither planned for nor delivered to (a plan's quota was lowered under it). */
  enabled: boolean;
  isExample: boolean;
  createdAt: number;
}

export interface NewTarget {
  userId: number;
  name: string;
  kind: string;
  url: string;
  options?: Record<string, unknown>;
  template?: string | null;
  allowPrivate?: boolean;
  allowMentions?: boolean;
  isExample?: boolean;
}

const toTarget = (r: Record<string, unknown>) => fromRow<Target>(r, { bools: ['allow_private', 'allow_mentions', 'enabled', 'is_example'], json: ['options'] });

export function targetStore(db: Db, now: () => number) {
  return {
    add(t: NewTarget): Target {
      try {
        const info = db
          .prepare(
            `INSERT INTO targets (user_id, name, kind, url, options, template, allow_private, allow_mentions, is_example, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            t.userId,
            t.name,
            t.kind,
            t.url,
            JSON.stringify(t.options ?? {}),
            t.template ?? null,
            Number(t.allowPrivate ?? false),
            Number(t.allowMentions ?? false),
            Number(t.isExample ?? false),
            now(),
          );
        return this.get(Number(info.lastInsertRowid))!;
      } catch (err) {
        if (isUniqueViolation(err)) throw new InputError(`a target named "${t.name}" already exists`, { field: 'name', problem: 'conflict', stage: 'store' });
        throw err;
      }
    },
    get(id: number): Target | undefined {
      const r = db.prepare('SELECT * FROM targets WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return r && toTarget(r);
    },
    byName(name: string): Target | undefined {
      const r = db.prepare('SELECT * FROM targets WHERE name = ?').get(name) as Record<string, unknown> | undefined;
      return r && toTarget(r);
    },
    list(userId?: number): Target[] {
      const rows = (
        userId === undefined
          ? db.prepare('SELECT * FROM targets ORDER BY name').all()
          : db.prepare('SELECT * FROM targets WHERE user_id = ? ORDER BY name').all(userId)
      ) as Record<string, unknown>[];
      return rows.map(toTarget);
    },
    /** Switches a target on or off; its user's plan is renewed (the planning-change trigger), so its pending rows go or come back. */
    setEnabled(id: number, enabled: boolean): boolean {
      return db.prepare('UPDATE targets SET enabled = ? WHERE id = ?').run(Number(enabled), id).changes > 0;
    },
    update(id: number, patch: Partial<Pick<Target, 'url' | 'options' | 'template' | 'allowPrivate' | 'allowMentions'>>): void {
      const cur = this.get(id);
      if (!cur) return;
      const n = { ...cur, ...patch };
      db.prepare('UPDATE targets SET url = ?, options = ?, template = ?, allow_private = ?, allow_mentions = ? WHERE id = ?').run(
        n.url,
        JSON.stringify(n.options),
        n.template,
        Number(n.allowPrivate),
        Number(n.allowMentions),
        id,
      );
    },
    /**
     * Removes a target. Its planned deliveries are cancelled first, so that the outbox says why
     * they will not go (their target column becomes NULL when the target goes).
     */
    remove(id: number): boolean {
      return db.transaction(() => {
        db.prepare(
          `UPDATE deliveries SET status = 'cancelled', last_error = 'its target was removed', updated_at = ? WHERE target_id = ? AND status IN ('pending', 'sending')`,
        ).run(now(), id);
        return db.prepare('DELETE FROM targets WHERE id = ?').run(id).changes > 0;
      })();
    },
  };
}
