/**
 * The admin API under /api/v1: JSON over the configuration, behind the admin token. Every change
 * goes through manage/, the same checks and store calls as the CLI, audited as "admin".
 */
import { sealSecret } from '../../core/secret-box.ts';
import { Hono } from 'hono';
import type { ManageContext } from '../../manage/context.ts';
import type { ServerDeps } from '../app.ts';
import { bearerMatches } from '../auth.ts';
import { errorAnswer } from '../errors.ts';
import { refusal } from './answers.ts';
import { configRoutes } from './config-routes.ts';
import { flowRoutes } from './flow-routes.ts';

export function adminApi(deps: ServerDeps): Hono {
  const api = new Hono();
  api.use(async (c, next) => {
    if (!bearerMatches(c.req.header('authorization'), deps.keys.adminToken)) {
      c.header('WWW-Authenticate', 'Bearer realm="herald"');
      return errorAnswer(c, 401, { code: 'unauthorized', message: 'send the admin token as "Authorization: Bearer TOKEN"' });
    }
    await next();
  });
  const ctx = (): ManageContext => ({
    store: deps.store,
    actor: 'admin',
    cwd: null,
    env: null,
    defaultMaxTargets: deps.defaultMaxTargets ?? null,
    seal: (plaintext) => sealSecret(deps.keys.secretKey, plaintext),
  });
  configRoutes(api, ctx);
  flowRoutes(api, ctx, deps);
  api.onError((err, c) => {
    const answer = refusal(c, err);
    if (answer) return answer;
    deps.logger.error('admin api request failed', { method: c.req.method, error: err });
    return errorAnswer(c, 500, { code: 'internal', message: 'herald could not answer this request; see its log' });
  });
  return api;
}
