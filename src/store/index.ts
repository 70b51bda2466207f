import { thisProcess } from '../core/process-identity.ts';
import { caldavObjectStore } from './caldav-objects.ts';
import { auditStore } from './audit.ts';
import { calendarStore } from './calendars.ts';
import { daemonLockStore } from './daemon-lock.ts';
import { openDatabase, type Db, type OpenOptions } from './db.ts';
import { outboxStore, type OutboxStore } from './outbox/index.ts';
import { digestStore } from './digests.ts';
import { planningChangeStore } from './planning-changes.ts';
import { ruleStore } from './rules.ts';
import { settingStore } from './settings.ts';
import { slashCommandStore } from './slash-commands.ts';
import { targetStore } from './targets.ts';
import { templateStore } from './templates.ts';
import { userStore } from './users.ts';

export type { AuditEntry } from './audit.ts';
export type { Calendar, CalendarKind, NewCalendar, SyncOutcome } from './calendars.ts';
export type {
  AgendaContent,
  AgendaSnapshot,
  AlarmContent,
  Delivery,
  DeliveryAttempt,
  DeliveryContent,
  DeliveryKind,
  DeliveryRoute,
  DeliveryStatus,
  DueCursor,
  EventDetails,
  PlannedDelivery,
  ReminderContent,
  RenderedPayload,
  TestContent,
} from './outbox/index.ts';
export { deliveryStatuses, finishedStatuses, fromTheFront } from './outbox/index.ts';
export type { DigestSubscription, NewDigestSubscription, Weekday } from './digests.ts';
export { weekdays } from './digests.ts';
export type { NewReminderRule, ReminderRule } from './rules.ts';
export type { NewTarget, Target } from './targets.ts';
export type { StoredTemplate } from './templates.ts';
export type { NewSlashCommand, SlashCommand } from './slash-commands.ts';
export type { NewUser, User } from './users.ts';
export { schemaVersion } from './migrations.ts';
export { copyForSimulation, type SimulationCopy } from './simulation-copy.ts';
export type { DaemonLockHolder, LockAttempt } from './daemon-lock.ts';
export { describeStoreError, isDatabaseBusy, isDatabaseReadOnly, retryWhileBusy, type BusyRetry } from './busy.ts';

/**
 * herald's whole persistent state, one typed object per entity. This is the only module that
 * knows SQL: another database can replace it without touching the stages.
 */
export interface Store {
  users: ReturnType<typeof userStore>;
  calendars: ReturnType<typeof calendarStore>;
  caldav: ReturnType<typeof caldavObjectStore>;
  targets: ReturnType<typeof targetStore>;
  templates: ReturnType<typeof templateStore>;
  rules: ReturnType<typeof ruleStore>;
  digests: ReturnType<typeof digestStore>;
  deliveries: OutboxStore;
  settings: ReturnType<typeof settingStore>;
  commands: ReturnType<typeof slashCommandStore>;
  planningChanges: ReturnType<typeof planningChangeStore>;
  /** Who changed the configuration, and when (no values). */
  audit: ReturnType<typeof auditStore>;
  /** The one-daemon-per-database lock (SQLite; a shared database server would allow several). */
  daemonLock: ReturnType<typeof daemonLockStore>;
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;
  /** Removes everything marked as the example (users cascade to their calendars, targets, rules). */
  removeExample(): number;
  /** Lets SQLite refresh the statistics its query planner uses (housekeeping). */
  optimize(): void;
  close(): void;
  readonly path: string;
  /** The daemon id (host:pid) the leases of rows claimed through this store name. */
  readonly owner: string;
}

export interface StoreOptions extends OpenOptions {
  /** Who claims rows through this store (default: this process's daemon id, host:pid). */
  owner?: string;
}

export function openStore(path: string, now: () => number, options: StoreOptions = {}): Store {
  const db: Db = openDatabase(path, options);
  const owner = options.owner ?? thisProcess().id;
  return {
    users: userStore(db, now),
    calendars: calendarStore(db, now),
    caldav: caldavObjectStore(db),
    targets: targetStore(db, now),
    templates: templateStore(db, now),
    rules: ruleStore(db, now),
    digests: digestStore(db, now),
    deliveries: outboxStore(db, now, owner),
    settings: settingStore(db),
    commands: slashCommandStore(db, now),
    planningChanges: planningChangeStore(db),
    audit: auditStore(db, now),
    daemonLock: daemonLockStore(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    removeExample(): number {
      return db.transaction(() => {
        let n = 0;
        for (const table of ['reminder_rules', 'digests', 'targets', 'calendars', 'users']) {
          n += db.prepare(`DELETE FROM ${table} WHERE is_example = 1`).run().changes;
        }
        return n;
      })();
    },
    optimize: () => void db.pragma('optimize'),
    close: () => db.close(),
    path,
    owner,
  };
}
