/** Registered slash commands: which chat service sends them and the sealed secret that proves it. */
import { InputError } from '../core/errors.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { fromRow } from './rows.ts';

export interface SlashCommand {
  id: number;
  name: string;
  kind: 'mattermost' | 'slack';
  /** Mattermost's token or Slack's signing secret, sealed (core/secret-box.ts). */
  sealedSecret: string;
  /** Chat users not linked by id are matched by user name to a herald user of that name. */
  matchUsername: boolean;
  createdAt: number;
}

export type NewSlashCommand = Pick<SlashCommand, 'name' | 'kind' | 'sealedSecret' | 'matchUsername'>;

const toCommand = (r: Record<string, unknown>) => fromRow<SlashCommand>(r, { bools: ['match_username'] });

export function slashCommandStore(db: Db, now: () => number) {
  return {
    add(c: NewSlashCommand): SlashCommand {
      try {
        const info = db
          .prepare('INSERT INTO slash_commands (name, kind, sealed_secret, match_username, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(c.name, c.kind, c.sealedSecret, Number(c.matchUsername), now());
        return this.get(Number(info.lastInsertRowid))!;
      } catch (err) {
        if (isUniqueViolation(err)) throw new InputError(`a command named "${c.name}" already exists`, { field: 'name', problem: 'conflict', stage: 'store' });
        throw err;
      }
    },
    get(id: number): SlashCommand | undefined {
      const r = db.prepare('SELECT * FROM slash_commands WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return r && toCommand(r);
    },
    byName(name: string): SlashCommand | undefined {
      const r = db.prepare('SELECT * FROM slash_commands WHERE name = ?').get(name) as Record<string, unknown> | undefined;
      return r && toCommand(r);
    },
    list(): SlashCommand[] {
      return (db.prepare('SELECT * FROM slash_commands ORDER BY name').all() as Record<string, unknown>[]).map(toCommand);
    },
    remove(id: number): boolean {
      return db.prepare('DELETE FROM slash_commands WHERE id = ?').run(id).changes > 0;
    },
  };
}
