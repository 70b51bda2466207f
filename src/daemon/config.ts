/**
 * herald's settings: the global flags and the environment, read once, checked, and frozen into one
 * object that the CLI, the daemon and the delivery engine receive. Nothing else reads process.env
 * for herald's own settings (an option like `--password-env VAR` names a variable of the user's).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import cron from 'node-cron';
import { UsageError } from '../core/errors.ts';
import type { LogLevel } from '../core/log.ts';
import { maskUrl } from '../core/mask.ts';
import type { SmtpSettings } from '../delivery/channel.ts';

export interface HeraldConfig {
  /** The SQLite database (`--db`, HERALD_DB). */
  databasePath: string;
  /** Where the example calendar is written (HERALD_DATA_DIR). */
  dataDir: string;
  /** Create the example on an empty database (off with HERALD_NO_EXAMPLE=1). */
  createExample: boolean;
  /** Between passes that re-read configuration and calendars and re-plan (HERALD_PLAN_INTERVAL, seconds). */
  planIntervalMs: number;
  /** How far ahead the outbox is planned (HERALD_PLAN_HORIZON_HOURS). */
  planHorizonMs: number;
  /** Parsed calendars kept in memory (HERALD_CALENDAR_CACHE). */
  calendarCacheSize: number;
  /** Deliveries sent at once (HERALD_CONCURRENCY). */
  concurrency: number;
  /** Messages a minute to one target at most; the rest wait in the outbox (HERALD_TARGET_RATE_PER_MINUTE). */
  targetRatePerMinute: number;
  /** HERALD_SMTP_URL and HERALD_MAIL_FROM; null: mail deliveries fail with a clear error. */
  smtp: SmtpSettings | null;
  /** Base URL of links to herald itself (unsubscribe) (HERALD_PUBLIC_URL). */
  publicUrl: string | null;
  /** Every target may reach private addresses (HERALD_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets: boolean;
  /** Targets per user when neither the user's plan nor the admin setting says (HERALD_DEFAULT_MAX_TARGETS). */
  defaultMaxTargets: number | null;
  /** Finished outbox rows older than this are pruned (HERALD_RETENTION_DAYS). */
  retentionMs: number;
  /** When housekeeping runs, a cron expression in UTC (HERALD_HOUSEKEEPING_CRON). */
  housekeepingCron: string;
  /** The daemon's HTTP server (health, metrics, unsubscribe, slash commands); null with --no-http or HERALD_HTTP=0. */
  http: HttpSettings | null;
  /** Keys the server signs and checks with: unsubscribe links, the admin token (HERALD_UNSUBSCRIBE_SECRET, HERALD_ADMIN_TOKEN). */
  keys: KeySettings;
  logLevel: LogLevel;
  logFormat: 'text' | 'json';
  /** Print stack traces of unexpected errors (HERALD_DEBUG=1). */
  debug: boolean;
}

export interface HttpSettings {
  /** HERALD_HTTP_HOST / --host (default 127.0.0.1: reachable from this machine only). */
  host: string;
  /** HERALD_HTTP_PORT / --port (default 8787; 0 picks a free port). */
  port: number;
  /** /metrics asks for the admin token (HERALD_METRICS_TOKEN=1 / --metrics-token). */
  metricsNeedToken: boolean;
}

export interface KeySettings {
  /** Given in the environment; else kept in a 0600 file under dataDir, made on first use. */
  unsubscribeSecret: string | null;
  adminToken: string | null;
  /** Seals secrets kept in the database (HERALD_SECRET_KEY). */
  secretKey: string | null;
}

/** The flags of `herald start` that override the environment's HTTP settings. */
export interface StartFlags {
  host?: string;
  port?: string;
  noHttp?: boolean;
  metricsToken?: boolean;
}

export interface ConfigInput {
  env: NodeJS.ProcessEnv;
  /** Relative paths are read from here. */
  cwd: string;
  /** Global flags, which win over the environment. */
  flags?: { db?: string } & StartFlags;
}

/** Reads and checks every setting; a bad one is a UsageError naming the variable and what it takes. */
export function loadConfig({ env, cwd, flags = {} }: ConfigInput): Readonly<HeraldConfig> {
  const read = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  /** A number above `min`. */
  const number = (name: string, fallback: number, what: string, min = 0): number => {
    const text = read(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= min) throw new UsageError(`${name} must be ${what}, got "${text}"`);
    return n;
  };
  const whole = (name: string, fallback: number, what: string, min = 0): number => {
    const n = number(name, fallback, what, min);
    if (!Number.isInteger(n)) throw new UsageError(`${name} must be ${what}, got "${read(name)}"`);
    return n;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const text = read(name) ?? fallback;
    if (!(values as readonly string[]).includes(text)) throw new UsageError(`${name} must be ${values.join(', ')}, got "${text}"`);
    return text as T;
  };
  const config: HeraldConfig = {
    databasePath: resolve(cwd, flags.db ?? read('HERALD_DB') ?? 'data/herald.db'),
    dataDir: resolve(cwd, read('HERALD_DATA_DIR') ?? 'data'),
    createExample: !read('HERALD_NO_EXAMPLE'),
    planIntervalMs: number('HERALD_PLAN_INTERVAL', 60, 'a positive number of seconds') * 1000,
    planHorizonMs: number('HERALD_PLAN_HORIZON_HOURS', 48, 'a positive number of hours') * 3_600_000,
    calendarCacheSize: whole('HERALD_CALENDAR_CACHE', 300, 'a positive whole number of calendars'),
    concurrency: whole('HERALD_CONCURRENCY', 8, 'a positive whole number of sends'),
    targetRatePerMinute: whole('HERALD_TARGET_RATE_PER_MINUTE', 60, 'a positive whole number of messages a minute'),
    smtp: smtpSettings(read, cwd),
    publicUrl: publicUrl(read('HERALD_PUBLIC_URL')),
    allowPrivateTargets: read('HERALD_ALLOW_PRIVATE_TARGETS') === '1',
    defaultMaxTargets: read('HERALD_DEFAULT_MAX_TARGETS') === undefined ? null : whole('HERALD_DEFAULT_MAX_TARGETS', 0, 'a whole number of targets', -1),
    retentionMs: number('HERALD_RETENTION_DAYS', 30, 'a positive number of days') * 86_400_000,
    housekeepingCron: cronExpression(read('HERALD_HOUSEKEEPING_CRON') ?? '17 3 * * *'),
    http: httpSettings(read, flags),
    keys: {
      unsubscribeSecret: secret('HERALD_UNSUBSCRIBE_SECRET', read('HERALD_UNSUBSCRIBE_SECRET')),
      adminToken: secret('HERALD_ADMIN_TOKEN', read('HERALD_ADMIN_TOKEN')),
      secretKey: secret('HERALD_SECRET_KEY', read('HERALD_SECRET_KEY')),
    },
    logLevel: oneOf('HERALD_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    logFormat: oneOf('HERALD_LOG_FORMAT', ['text', 'json'] as const, 'text'),
    debug: Boolean(read('HERALD_DEBUG')),
  };
  return Object.freeze(config);
}

function smtpSettings(read: (name: string) => string | undefined, cwd: string): SmtpSettings | null {
  const url = read('HERALD_SMTP_URL');
  if (url === undefined) return null;
  if (!/^smtps?:\/\/[^/]/.test(url)) throw new UsageError(`HERALD_SMTP_URL must be an smtp:// or smtps:// URL, got "${maskUrl(url)}"`);
  const from = read('HERALD_MAIL_FROM');
  // The address itself, from "herald <herald@example.com>" or a bare address.
  const mailbox = from === undefined ? null : (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? (/^[^\s@<>]+@[^\s@<>]+$/.test(from.trim()) ? from.trim() : null));
  return { url, from: from ?? 'herald <herald@localhost>', unsubscribeMailbox: mailbox, dkim: dkimSettings(read, cwd) };
}

/** HERALD_DKIM_DOMAIN, HERALD_DKIM_SELECTOR and HERALD_DKIM_KEY_FILE (a PEM private key): all three, or none. */
function dkimSettings(read: (name: string) => string | undefined, cwd: string): SmtpSettings['dkim'] {
  const [domainName, keySelector, keyFile] = ['HERALD_DKIM_DOMAIN', 'HERALD_DKIM_SELECTOR', 'HERALD_DKIM_KEY_FILE'].map(read);
  if (domainName === undefined && keySelector === undefined && keyFile === undefined) return null;
  if (!domainName || !keySelector || !keyFile) throw new UsageError('DKIM needs all of HERALD_DKIM_DOMAIN, HERALD_DKIM_SELECTOR and HERALD_DKIM_KEY_FILE');
  let privateKey: string;
  try {
    privateKey = readFileSync(resolve(cwd, keyFile), 'utf8');
  } catch (err) {
    throw new UsageError(`HERALD_DKIM_KEY_FILE: cannot read ${resolve(cwd, keyFile)}: ${(err as Error).message}`);
  }
  if (!privateKey.includes('PRIVATE KEY-----')) throw new UsageError(`HERALD_DKIM_KEY_FILE: ${resolve(cwd, keyFile)} holds no PEM private key`);
  return { domainName, keySelector, privateKey };
}

function publicUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`HERALD_PUBLIC_URL must be an http:// or https:// URL, got "${url}"`);
  return url.replace(/\/+$/, '');
}

function cronExpression(expression: string): string {
  if (!cron.validate(expression)) throw new UsageError(`HERALD_HOUSEKEEPING_CRON must be a cron expression like "17 3 * * *" (UTC), got "${expression}"`);
  return expression;
}

function httpSettings(read: (name: string) => string | undefined, flags: StartFlags): HttpSettings | null {
  if (flags.noHttp || read('HERALD_HTTP') === '0') return null;
  const portText = flags.port ?? read('HERALD_HTTP_PORT') ?? '8787';
  const port = Number(portText);
  const source = flags.port === undefined ? 'HERALD_HTTP_PORT' : '--port';
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`${source} must be a port number from 0 to 65535, got "${portText}"`);
  const host = flags.host ?? read('HERALD_HTTP_HOST') ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host))
    throw new UsageError(`${flags.host === undefined ? 'HERALD_HTTP_HOST' : '--host'} must be a host name or address, got "${host}"`);
  return { host, port, metricsNeedToken: Boolean(flags.metricsToken) || read('HERALD_METRICS_TOKEN') === '1' };
}

/** A key given in the environment must be long enough to resist guessing. */
function secret(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.length < 16) throw new UsageError(`${name} must be at least 16 characters long`);
  return value;
}
