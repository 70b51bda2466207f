/** Starting the daemon's HTTP server from the configuration: its keys, its app, its port. */
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import { HeraldError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { createApp } from '../server/app.ts';
import type { DaemonStatus } from '../server/health.ts';
import { listen, type RunningServer } from '../server/listen.ts';
import type { Metrics } from '../server/metrics.ts';
import type { Store } from '../store/index.ts';
import type { HeraldConfig, HttpSettings } from './config.ts';
import { serverKeys } from './server-keys.ts';

export interface ServerParts {
  config: Readonly<HeraldConfig>;
  http: HttpSettings;
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  status: () => DaemonStatus;
  cache: CalendarCache;
}

export async function startServer(parts: ServerParts): Promise<RunningServer> {
  const { config, http, logger } = parts;
  const keys = serverKeys(config);
  // The file's path, once; the token itself never reaches a log line.
  for (const file of keys.created) logger.info('key file created (mode 0600)', { file });
  const app = createApp({
    ...parts,
    keys,
    metricsNeedToken: http.metricsNeedToken,
    allowPrivateTargets: config.allowPrivateTargets,
    defaultMaxTargets: config.defaultMaxTargets,
    secureCookies: config.publicUrl?.startsWith('https:') ?? false,
  });
  try {
    const server = await listen(app, http.host, http.port);
    logger.info('http server listening', { url: server.url });
    return server;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new HeraldError('http', `cannot listen on ${http.host}:${http.port}: ${why} (set --port or HERALD_HTTP_PORT, or --no-http)`);
  }
}
