import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.ts';
import { loadConfig } from '../../src/daemon/config.ts';

const load = (env: Record<string, string>, flags = {}) => loadConfig({ env, cwd: '/srv/herald', flags });

describe('configuration', () => {
  it('has a default for everything, and is frozen', () => {
    const config = load({});
    expect(config).toMatchObject({
      databasePath: '/srv/herald/data/herald.db',
      dataDir: '/srv/herald/data',
      createExample: true,
      planIntervalMs: 60_000,
      planHorizonMs: 48 * 3_600_000,
      calendarCacheSize: 300,
      concurrency: 8,
      targetRatePerMinute: 60,
      smtp: null,
      publicUrl: null,
      allowPrivateTargets: false,
      defaultMaxTargets: null,
      retentionMs: 30 * 86_400_000,
      housekeepingCron: '17 3 * * *',
      logLevel: 'info',
      logFormat: 'text',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable, and --db wins over HERALD_DB', () => {
    const config = load(
      {
        HERALD_DB: 'other.db',
        HERALD_DATA_DIR: '/var/lib/herald',
        HERALD_NO_EXAMPLE: '1',
        HERALD_PLAN_INTERVAL: '30',
        HERALD_PLAN_HORIZON_HOURS: '72',
        HERALD_CALENDAR_CACHE: '50',
        HERALD_CONCURRENCY: '32',
        HERALD_TARGET_RATE_PER_MINUTE: '600',
        HERALD_SMTP_URL: 'smtp://user:pass@mail.example.com:587',
        HERALD_MAIL_FROM: 'Herald <h@example.com>',
        HERALD_PUBLIC_URL: 'https://herald.example.com/',
        HERALD_ALLOW_PRIVATE_TARGETS: '1',
        HERALD_DEFAULT_MAX_TARGETS: '0',
        HERALD_RETENTION_DAYS: '7',
        HERALD_HOUSEKEEPING_CRON: '*/15 * * * *',
        HERALD_LOG_LEVEL: 'debug',
        HERALD_LOG_FORMAT: 'json',
      },
      { db: 'flag.db' },
    );
    expect(config).toMatchObject({
      databasePath: '/srv/herald/flag.db',
      dataDir: '/var/lib/herald',
      createExample: false,
      planIntervalMs: 30_000,
      planHorizonMs: 72 * 3_600_000,
      calendarCacheSize: 50,
      concurrency: 32,
      targetRatePerMinute: 600,
      smtp: { url: 'smtp://user:pass@mail.example.com:587', from: 'Herald <h@example.com>' },
      publicUrl: 'https://herald.example.com',
      allowPrivateTargets: true,
      defaultMaxTargets: 0,
      retentionMs: 7 * 86_400_000,
      housekeepingCron: '*/15 * * * *',
      logLevel: 'debug',
      logFormat: 'json',
    });
  });

  it.each([
    ['HERALD_PLAN_INTERVAL', 'soon', /HERALD_PLAN_INTERVAL must be a positive number of seconds, got "soon"/],
    ['HERALD_PLAN_HORIZON_HOURS', '-1', /HERALD_PLAN_HORIZON_HOURS must be a positive number of hours/],
    ['HERALD_CONCURRENCY', '2.5', /HERALD_CONCURRENCY must be a positive whole number of sends, got "2.5"/],
    ['HERALD_TARGET_RATE_PER_MINUTE', '0', /HERALD_TARGET_RATE_PER_MINUTE must be a positive whole number of messages a minute, got "0"/],
    ['HERALD_CALENDAR_CACHE', '0', /HERALD_CALENDAR_CACHE must be a positive whole number/],
    ['HERALD_DEFAULT_MAX_TARGETS', 'many', /HERALD_DEFAULT_MAX_TARGETS must be a whole number of targets/],
    ['HERALD_RETENTION_DAYS', 'forever', /HERALD_RETENTION_DAYS must be a positive number of days/],
    ['HERALD_HOUSEKEEPING_CRON', 'at night', /HERALD_HOUSEKEEPING_CRON must be a cron expression/],
    ['HERALD_LOG_LEVEL', 'loud', /HERALD_LOG_LEVEL must be debug, info, warn, error, got "loud"/],
    ['HERALD_LOG_FORMAT', 'xml', /HERALD_LOG_FORMAT must be text, json, got "xml"/],
    ['HERALD_PUBLIC_URL', 'herald.example.com', /HERALD_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/],
  ])('refuses a bad %s clearly', (name, value, message) => {
    expect(() => load({ [name]: value })).toThrow(message);
    expect(() => load({ [name]: value })).toThrow(UsageError);
  });

  it('unsubscribe mail goes to a chosen From address only; DKIM needs its three settings and a PEM key', () => {
    const smtp = { HERALD_SMTP_URL: 'smtp://mail.example.com' };
    expect(load(smtp).smtp).toMatchObject({ from: 'herald <herald@localhost>', unsubscribeMailbox: null, dkim: null });
    expect(load({ ...smtp, HERALD_MAIL_FROM: 'Team <agenda@example.com>' }).smtp?.unsubscribeMailbox).toBe('agenda@example.com');
    expect(load({ ...smtp, HERALD_MAIL_FROM: 'agenda@example.com' }).smtp?.unsubscribeMailbox).toBe('agenda@example.com');
    expect(() => load({ ...smtp, HERALD_DKIM_DOMAIN: 'example.com' })).toThrow(
      'DKIM needs HERALD_DKIM_DOMAIN, HERALD_DKIM_SELECTOR, HERALD_DKIM_KEY_FILE together; missing HERALD_DKIM_SELECTOR, HERALD_DKIM_KEY_FILE',
    );
    const dkim = { ...smtp, HERALD_DKIM_DOMAIN: 'example.com', HERALD_DKIM_SELECTOR: 'herald' };
    expect(() => load({ ...dkim, HERALD_DKIM_KEY_FILE: '/nonexistent/dkim.pem' })).toThrow('HERALD_DKIM_KEY_FILE: cannot read /nonexistent/dkim.pem: ENOENT');
    expect(() => load({ ...dkim, HERALD_DKIM_KEY_FILE: '/etc/hostname' })).toThrow('HERALD_DKIM_KEY_FILE: /etc/hostname is not a PEM private key');
  });

  it('names a bad SMTP URL without its password', () => {
    expect(() => load({ HERALD_SMTP_URL: 'mail://user:hunter2@mail.example.com' })).toThrow(
      /HERALD_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL, got "mail:\/\/\*\*\*@mail\.example\.com"/,
    );
  });
});
