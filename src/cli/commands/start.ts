import { ScaledClock, systemClock, type Clock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { createLogger, type LogLevel } from '../../core/log.ts';
import { openStore } from '../../store/index.ts';
import { parseInstant, stringOpt, type Command } from '../command.ts';
import { databasePath, dataDir } from '../context.ts';
import { runDaemon } from '../daemon.ts';

export const commands: Command[] = [
  {
    path: ['start'],
    summary: 'Run the daemon: read calendars, plan and send reminders and agendas',
    usage: '[--simulate-from ISO] [--speed N]',
    help: `Options:
  --simulate-from ISO   run on simulated time starting at this instant (e.g. 2026-03-29T00:00:00Z)
  --speed N             simulated time runs N times faster than real time (default 1)

Stops cleanly on Ctrl-C (SIGINT) or SIGTERM. Environment: HERALD_DB, HERALD_NO_EXAMPLE,
HERALD_PLAN_INTERVAL, HERALD_PLAN_HORIZON_HOURS, HERALD_CALENDAR_CACHE, HERALD_CONCURRENCY,
HERALD_SMTP_URL, HERALD_MAIL_FROM, HERALD_PUBLIC_URL, HERALD_ALLOW_PRIVATE_TARGETS,
HERALD_LOG_LEVEL, HERALD_LOG_FORMAT (see README).`,
    options: { 'simulate-from': { type: 'string' }, speed: { type: 'string' } },
    async run(args, io) {
      const from = stringOpt(args, 'simulate-from');
      const speedText = stringOpt(args, 'speed');
      const speed = speedText === undefined ? 1 : Number(speedText);
      if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`--speed must be a positive number, got "${speedText}"`);
      const clock: Clock = from !== undefined || speedText !== undefined ? new ScaledClock(from === undefined ? Date.now() : parseInstant(from, 'simulate-from'), speed) : systemClock;
      const level = (io.env.HERALD_LOG_LEVEL ?? 'info') as LogLevel;
      if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new UsageError(`HERALD_LOG_LEVEL must be debug, info, warn or error, got "${level}"`);
      const logger = createLogger({ level, format: io.env.HERALD_LOG_FORMAT === 'json' ? 'json' : 'text', now: () => clock.now(), write: (l) => io.err(`${l}\n`) });
      const store = openStore(databasePath(io), () => clock.now());
      const stop = new AbortController();
      const onSignal = (sig: string) => {
        logger.info('signal received', { signal: sig });
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        if (from !== undefined) logger.info('simulated time', { from: new Date(clock.now()).toISOString(), speed });
        await runDaemon({ store, clock, logger, env: io.env, signal: stop.signal, dataDir: dataDir(io), consoleWrite: io.out });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        store.close();
      }
      return 0;
    },
  },
];
