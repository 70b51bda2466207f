import { InputError } from '../core/errors.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { fromRow } from './rows.ts';

export interface User {
  id: number;
  name: string;
  email: string | null;
  tz: string;
  locale: string;
  /** null: follow the locale's habit. */
  hour12: boolean | null;
  /** Most targets this user may have; null: the default plan's limit. */
  maxTargets: number | null;
  /** The chat service's id of this user (`user_id` in slash commands); null: not linked. */
  chatId: string | null;
  isExample: boolean;
  createdAt: number;
}

export interface NewUser {
  name: string;
  email?: string | null;
  tz: string;
  locale?: string;
  hour12?: boolean | null;
  maxTargets?: number | null;
  isExample?: boolean;
}

const toUser = (r: Record<string, unknown>) => fromRow<User>(r, { bools: ['hour12', 'is_example'] });

export function userStore(db: Db, now: () => number) {
  return {
    add(u: NewUser): User {
      try {
        const info = db
          .prepare(
            `INSERT INTO users (name, email, tz, locale, hour12, max_targets, is_example, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            u.name,
            u.email ?? null,
            u.tz,
            u.locale ?? 'en',
            u.hour12 == null ? null : Number(u.hour12),
            u.maxTargets ?? null,
            Number(u.isExample ?? false),
            now(),
          );
        return this.get(Number(info.lastInsertRowid))!;
      } catch (err) {
        if (isUniqueViolation(err)) throw new InputError(`a user named "${u.name}" already exists`, { field: 'name', problem: 'conflict', stage: 'store' });
        throw err;
      }
    },
    get(id: number): User | undefined {
      const r = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return r && toUser(r);
    },
    byName(name: string): User | undefined {
      const r = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as Record<string, unknown> | undefined;
      return r && toUser(r);
    },
    byChatId(chatId: string): User | undefined {
      const r = db.prepare('SELECT * FROM users WHERE chat_id = ?').get(chatId) as Record<string, unknown> | undefined;
      return r && toUser(r);
    },
    /** Links (or with null unlinks) a chat user; an id already linked to another user is refused. */
    setChatId(id: number, chatId: string | null): void {
      try {
        db.prepare('UPDATE users SET chat_id = ? WHERE id = ?').run(chatId, id);
      } catch (err) {
        if (isUniqueViolation(err))
          throw new InputError(`chat id "${chatId}" is already linked to another user`, { field: 'chat-id', problem: 'conflict', stage: 'store' });
        throw err;
      }
    },
    list(): User[] {
      return (db.prepare('SELECT * FROM users ORDER BY name').all() as Record<string, unknown>[]).map(toUser);
    },
    update(id: number, patch: Partial<Pick<User, 'email' | 'tz' | 'locale' | 'hour12' | 'maxTargets'>>): void {
      const cur = this.get(id);
      if (!cur) return;
      const next = { ...cur, ...patch };
      db.prepare('UPDATE users SET email = ?, tz = ?, locale = ?, hour12 = ?, max_targets = ? WHERE id = ?').run(
        next.email,
        next.tz,
        next.locale,
        next.hour12 === null ? null : Number(next.hour12),
        next.maxTargets,
        id,
      );
    },
    remove(id: number): boolean {
      return db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
    },
  };
}
