import { quoteInput } from '../../core/quote.ts';
import { ScaledClock, systemClock, type Clock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import { runDaemon } from '../../daemon/daemon.ts';
import { openStore } from '../../store/index.ts';
import { parseInstant, stringOpt, type Command } from '../command.ts';

export const commands: Command[] = [
  {
    path: ['start'],
    summary: 'Run the daemon: read calendars, plan and send reminders and agendas',
    usage: '[--simulate-from ISO] [--speed N]',
    help: `Options:
  --simulate-from ISO   run on simulated time starting at this instant (e.g. 2026-03-29T00:00:00Z)
  --speed N             simulated time runs N times faster than real time (default 1)

Stops cleanly on Ctrl-C (SIGINT) or SIGTERM. Environment: HERALD_DB, HERALD_DATA_DIR,
HERALD_NO_EXAMPLE, HERALD_PLAN_INTERVAL, HERALD_PLAN_HORIZON_HOURS, HERALD_CALENDAR_CACHE,
HERALD_CONCURRENCY, HERALD_SMTP_URL, HERALD_MAIL_FROM, HERALD_PUBLIC_URL,
HERALD_ALLOW_PRIVATE_TARGETS, HERALD_RETENTION_DAYS, HERALD_HOUSEKEEPING_CRON,
HERALD_LOG_LEVEL, HERALD_LOG_FORMAT (see README).`,
    options: { 'simulate-from': { type: 'string' }, speed: { type: 'string' } },
    async run(args, io) {
      const from = stringOpt(args, 'simulate-from');
      const speedText = stringOpt(args, 'speed');
      const speed = speedText === undefined ? 1 : Number(speedText);
      if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`--speed must be a positive number, got ${quoteInput(speedText)}`);
      const simulated = from !== undefined || speedText !== undefined;
      const clock: Clock = simulated ? new ScaledClock(from === undefined ? Date.now() : parseInstant(from, 'simulate-from'), speed) : systemClock;
      const { config } = io;
      const logger = createLogger({ level: config.logLevel, format: config.logFormat, now: () => clock.now(), write: (l) => io.err(`${l}\n`) });
      const store = openStore(config.databasePath, () => clock.now());
      const stop = new AbortController();
      const onSignal = (sig: string) => {
        logger.info('signal received', { signal: sig });
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        if (simulated) logger.info('simulated time', { from: new Date(clock.now()).toISOString(), speed });
        await runDaemon({ config, store, clock, logger, signal: stop.signal, print: io.out });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        store.close();
      }
      return 0;
    },
  },
];
