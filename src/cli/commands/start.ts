import { quoteInput } from '../../core/quote.ts';
import { ScaledClock, systemClock, type Clock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import { loadConfig, type HeraldConfig, type StartFlags } from '../../daemon/config.ts';
import { daemonBusyTimeoutMs, runDaemon } from '../../daemon/daemon.ts';
import { copyForSimulation, openStore, retryWhileBusy } from '../../store/index.ts';
import { parseInstant, stringOpt, type Command } from '../command.ts';

export const commands: Command[] = [
  {
    path: ['start'],
    summary: 'Run the daemon: read calendars, plan and send reminders and agendas',
    usage: '[--simulate-from ISO] [--speed N] [--simulate-in-place] [--host H] [--port N | --no-http] [--metrics-token]',
    help: `Options:
  --simulate-from ISO   run on simulated time starting at this instant (e.g. 2026-03-29T00:00:00Z)
  --speed N             simulated time runs N times faster than real time (default 1)
                        A simulated run works on a temporary copy of the database: the real
                        outbox is never changed (the copy is deleted when it stops).
  --simulate-in-place   simulate on the real database instead: what it sends is recorded there
                        as sent (and never sent again for real)
  --host H              the HTTP server's address (default 127.0.0.1; HERALD_HTTP_HOST)
  --port N              the HTTP server's port (default 8787, 0 for any free one; HERALD_HTTP_PORT)
  --no-http             no HTTP server (HERALD_HTTP=0): no health, metrics, unsubscribe page
                        (a simulated run serves HTTP only with --host or --port)
  --metrics-token       /metrics asks for the admin token (HERALD_METRICS_TOKEN=1)

Stops cleanly on Ctrl-C (SIGINT) or SIGTERM, after the sends in flight (at most their 15 s
deadline; Ctrl-C again stops at once). One daemon per database: a second start on the same
database refuses, naming the running one. Environment: HERALD_DB, HERALD_DATA_DIR,
HERALD_NO_EXAMPLE, HERALD_PLAN_INTERVAL, HERALD_PLAN_HORIZON_HOURS, HERALD_CALENDAR_CACHE,
HERALD_CONCURRENCY, HERALD_SMTP_URL, HERALD_MAIL_FROM, HERALD_PUBLIC_URL,
HERALD_ALLOW_PRIVATE_TARGETS, HERALD_ALLOW_PRIVATE_CALENDARS, HERALD_RETENTION_DAYS, HERALD_HOUSEKEEPING_CRON, HERALD_DKIM_DOMAIN, HERALD_DKIM_SELECTOR, HERALD_DKIM_KEY_FILE,
HERALD_LOG_LEVEL, HERALD_LOG_FORMAT, HERALD_UNSUBSCRIBE_SECRET, HERALD_ADMIN_TOKEN (see README).`,
    options: {
      'simulate-from': { type: 'string' },
      speed: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'no-http': { type: 'boolean' },
      'metrics-token': { type: 'boolean' },
      'simulate-in-place': { type: 'boolean' },
    },
    async run(args, io) {
      const from = stringOpt(args, 'simulate-from');
      const speedText = stringOpt(args, 'speed');
      const speed = speedText === undefined ? 1 : Number(speedText);
      if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`--speed must be a positive number, got ${quoteInput(speedText)}`);
      const simulated = from !== undefined || speedText !== undefined;
      const inPlace = args.values['simulate-in-place'] === true;
      if (inPlace && !simulated) throw new UsageError('--simulate-in-place needs --simulate-from or --speed');
      const clock: Clock = simulated ? new ScaledClock(from === undefined ? Date.now() : parseInstant(from, 'simulate-from'), speed) : systemClock;
      const host = stringOpt(args, 'host');
      const port = stringOpt(args, 'port');
      const config = withStartFlags(io.config, io, {
        host,
        port,
        // A simulation usually runs beside the real daemon: it serves HTTP only when given a port.
        noHttp: args.values['no-http'] === true || (simulated && host === undefined && port === undefined),
        metricsToken: args.values['metrics-token'] === true,
      });
      const logger = createLogger({ level: config.logLevel, format: config.logFormat, now: () => clock.now(), write: (l) => io.err(`${l}\n`) });
      const copy = simulated && !inPlace ? await copyForSimulation(config.databasePath, clock.now()) : null;
      if (copy) logger.info('simulating on a copy of the database; the real outbox is not changed', { copy: copy.path });
      else if (simulated) logger.warn('--simulate-in-place: the simulated run writes to the real database; what it sends is recorded as sent there');
      // Opening migrates (a write): another process holding the write lock is waited out.
      const store = await retryWhileBusy(() => openStore(copy?.path ?? config.databasePath, () => clock.now(), { busyTimeoutMs: daemonBusyTimeoutMs }), {
        onBusy: (attempt) => {
          if (attempt % 10 === 1) logger.warn('database is locked by another process; waiting', { what: 'open the database', attempt });
        },
        pause: () => new Promise((resolve) => setTimeout(resolve, 1000)),
      }).catch((err: unknown) => {
        copy?.remove();
        throw err;
      });
      const stop = new AbortController();
      const onSignal = (sig: string) => {
        logger.info('signal received', { signal: sig });
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const startedWith = simulated ? { simulated_from: new Date(clock.now()).toISOString(), speed } : {};
        await runDaemon({ config, store, clock, logger, signal: stop.signal, print: io.out, startedWith });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        store.close();
        copy?.remove();
      }
      return 0;
    },
  },
];

/** The configuration again, with start's HTTP flags (read once, like the rest). */
function withStartFlags(config: Readonly<HeraldConfig>, io: { env: NodeJS.ProcessEnv; cwd: string }, flags: StartFlags): Readonly<HeraldConfig> {
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined && v !== false));
  if (Object.keys(given).length === 0) return config;
  if (given.noHttp && (given.host !== undefined || given.port !== undefined)) throw new UsageError('--no-http cannot be combined with --host or --port');
  return loadConfig({ env: io.env, cwd: io.cwd, flags: { db: config.databasePath, ...given } });
}
