/**
 * herald's HTTP server as a Hono app: security headers, a body limit, one JSON error shape, an
 * access log that names routes (never the tokens in a path), then the routes: health, metrics,
 * unsubscribe, slash commands, the admin API. The app is built from its parts so tests can serve it on any port.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Store } from '../store/index.ts';
import { adminApi } from './admin/api.ts';
import { bearerMatches } from './auth.ts';
import { errorAnswer } from './errors.ts';
import { healthRoutes, type DaemonStatus } from './health.ts';
import type { Metrics } from './metrics.ts';
import { adminRoutes } from './admin-page/routes.ts';
import { slashCommandRoutes } from './slash-commands.ts';
import { unsubscribeRoutes } from './unsubscribe.ts';

export interface ServerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  status: () => DaemonStatus;
  keys: { unsubscribeSecret: string; adminToken: string; secretKey: Buffer };
  /** Parsed calendars, shared with the planner (slash commands read them). */
  cache: CalendarCache;
  metricsNeedToken: boolean;
  /** Slash commands' response_url may reach private addresses (HERALD_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets: boolean;
  /** The admin page's cookie is Secure (HERALD_PUBLIC_URL is https). */
  secureCookies?: boolean;
  /** Calendar text a slash command may parse while the chat waits (tests set it). */
  inlineParseBytes?: number;
  /** HERALD_DEFAULT_MAX_TARGETS, for targets added through the admin API. */
  defaultMaxTargets?: number | null;
}

/** The largest request body taken (slash commands and forms are a few hundred bytes). */
const maxBodyBytes = 64 * 1024;

export function createApp(deps: ServerDeps): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The route's pattern (/unsubscribe/:token), not its path: a token in a path is a secret.
    const route = c.res.status === 404 && routePath(c, -1) === '/*' ? 'unmatched' : routePath(c, -1);
    deps.metrics.httpRequest(route, c.req.method, c.res.status);
    deps.logger.debug('http', { method: c.req.method, route, status: c.res.status, ms: Math.round(performance.now() - started) });
  });
  app.use(
    secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], frameAncestors: ["'none'"] } }),
  );
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => errorAnswer(c, 413, { code: 'too_large', message: `request bodies are limited to ${maxBodyBytes} bytes` }),
    }),
  );

  healthRoutes(app, deps);
  app.get('/metrics', async (c) => {
    if (deps.metricsNeedToken && !bearerMatches(c.req.header('authorization'), deps.keys.adminToken)) {
      return errorAnswer(c, 401, { code: 'unauthorized', message: 'send the admin token as "Authorization: Bearer TOKEN"' });
    }
    return c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType });
  });
  unsubscribeRoutes(app, deps);
  slashCommandRoutes(app, deps);
  adminRoutes(app, { ...deps, secureCookies: deps.secureCookies ?? false });
  app.route('/api/v1', adminApi(deps));

  // The path is not echoed: it may hold a token.
  app.notFound((c) => errorAnswer(c, 404, { code: 'not_found', message: `no such route for ${c.req.method}` }));
  app.onError((err, c) => {
    deps.logger.error('http request failed', { method: c.req.method, route: routePath(c, -1), error: err });
    return errorAnswer(c, 500, { code: 'internal', message: 'herald could not answer this request; see its log' });
  });
  return app;
}
