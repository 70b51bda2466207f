/**
 * POST /commands/NAME: slash commands from Mattermost/kChat and Slack. Each request is proved by
 * the command's secret — Mattermost's token (`Authorization: Token …` or the form's `token`),
 * Slack's signature (`v0=` HMAC-SHA256 of `v0:TIMESTAMP:BODY`, at most 5 minutes old) — compared
 * in constant time. The chat user is the herald user linked by `user set --chat-id`, or of the same
 * name where the command allows it. Answers are ephemeral unless asked to `share`; one that must
 * parse much calendar text first is acknowledged and posted to response_url (deferred-answer.ts).
 */
import { createHmac } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { openSecret } from '../core/secret-box.ts';
import { sameSecret } from '../core/signed-token.ts';
import type { SlashCommand, Store, User } from '../store/index.ts';
import { answerAgenda } from './agenda-answer.ts';
import { answerLater, defaultInlineParseBytes, textToParse, usableResponseUrl } from './deferred-answer.ts';
import { errorAnswer } from './errors.ts';
import { RateLimit } from './rate-limit.ts';

/** Slack's limit on a request's age: older ones may be replays. */
const maxSkewSeconds = 5 * 60;

export function verifyMattermost(c: Context, form: URLSearchParams, secret: string): boolean {
  const header = /^Token\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const given = header ?? form.get('token');
  return given !== null && sameSecret(given, secret);
}

export function verifySlack(c: Context, raw: string, secret: string, nowMs: number): boolean {
  const timestamp = c.req.header('x-slack-request-timestamp') ?? '';
  const signature = c.req.header('x-slack-signature') ?? '';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return false;
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
  return sameSecret(signature, expected);
}

function chatUser(store: Store, command: SlashCommand, form: URLSearchParams): User | undefined {
  const id = form.get('user_id');
  const linked = id ? store.users.byChatId(id) : undefined;
  if (linked || !command.matchUsername) return linked;
  const name = form.get('user_name');
  return name ? store.users.byName(name) : undefined;
}

export interface CommandDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  cache: CalendarCache;
  keys: { secretKey: Buffer };
  /** response_url may reach private addresses (HERALD_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets: boolean;
  /** Calendar text an answer may parse inline; beyond it the answer goes to response_url (default 256 KB). */
  inlineParseBytes?: number;
}

export function slashCommandRoutes(app: Hono, deps: CommandDeps): void {
  // Per team: a team whose members (or a script) hammer the command cannot slow everyone else.
  const perTeam = new RateLimit(deps.clock, { limit: 30, windowMs: 60_000 });
  app.post('/commands/:name', async (c) => {
    const command = deps.store.commands.byName(c.req.param('name'));
    if (!command) return errorAnswer(c, 404, { code: 'not_found', message: 'no such command' });
    const raw = await c.req.text();
    const form = new URLSearchParams(raw);
    const secret = openSecret(deps.keys.secretKey, command.sealedSecret);
    const proved = command.kind === 'slack' ? verifySlack(c, raw, secret, deps.clock.now()) : verifyMattermost(c, form, secret);
    if (!proved) {
      deps.logger.warn('slash command refused: bad or missing proof', { command: command.name });
      return errorAnswer(c, 401, { code: 'unauthorized', message: 'the request is not signed by the chat service this command is registered for' });
    }
    if (!perTeam.take(form.get('team_id') ?? '')) {
      return c.json({ response_type: 'ephemeral', text: 'Too many /agenda requests from this team; try again in a minute.' });
    }
    const user = chatUser(deps.store, command, form);
    if (!user) {
      const id = form.get('user_id') ?? '?';
      return c.json({
        response_type: 'ephemeral',
        text: `herald does not know you yet: ask an admin to run \`herald user set NAME --chat-id ${id.slice(0, 64)}\`.`,
      });
    }
    const query = {
      store: deps.store,
      cache: deps.cache,
      user,
      text: form.get('text') ?? '',
      nowMs: deps.clock.now(),
      // Slack's mrkdwn is not Markdown: plain text reads well in both.
      format: command.kind === 'slack' ? ('text' as const) : ('chat' as const),
    };
    const reply = () => {
      const answer = answerAgenda(query);
      return { response_type: answer.share ? 'in_channel' : 'ephemeral', text: answer.text };
    };
    const responseUrl = usableResponseUrl(form.get('response_url'));
    const toParse = textToParse(deps.store, deps.cache, deps.store.calendars.list(user.id));
    if (responseUrl !== null && toParse > (deps.inlineParseBytes ?? defaultInlineParseBytes)) {
      void answerLater(responseUrl, reply, { logger: deps.logger, allowPrivate: deps.allowPrivateTargets });
      return c.json({ response_type: 'ephemeral', text: 'Reading your calendars… your agenda follows in a moment.' });
    }
    return c.json(reply());
  });
}
