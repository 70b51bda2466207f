import { UsageError } from '../core/errors.ts';
import { flag, wholeNumber } from './target-options.ts';
import { clip, genericVerdict, httpChannel, jsonHeaders, jsonMessage, jsonObject } from './http-service.ts';

/**
 * The Bot API URL and chat of a target, written either `telegram://BOT_TOKEN@api.telegram.org/CHAT`
 * (the token's two halves are the URL's user and password; CHAT is a chat id like -1001234567890
 * or @channelname) or as the https method URL `https://api.telegram.org/botTOKEN/sendMessage?chat_id=CHAT`.
 */
function botCall(targetUrl: string): { endpoint: string; chatId: string } {
  const url = new URL(targetUrl);
  if (url.protocol === 'telegram:') {
    const token = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return { endpoint: `https://${url.host}/bot${token}/sendMessage`, chatId: decodeURIComponent(url.pathname.slice(1)) };
  }
  const chatId = url.searchParams.get('chat_id') ?? '';
  url.searchParams.delete('chat_id');
  return { endpoint: url.toString(), chatId };
}

/** Telegram bots: `sendMessage` with the chat and the text as plain text (no parse mode to trip over). */
export const telegram = httpChannel({
  kind: 'telegram',
  schemes: ['telegram'],
  knownHosts: [/^api\.telegram\.org$/],
  format: 'text',
  maxLength: 4096,
  // About one message a second per chat before Telegram answers 429.
  minIntervalMs: 1000,
  targetOptions: { silent: flag(), thread: wholeNumber() },
  // The bot token, also as the https form writes it (`/bot<token>/sendMessage`).
  secretsOf: (url) => (url.protocol === 'telegram:' ? [decodeURIComponent(url.password)] : [url.pathname.split('/')[1]?.replace(/^bot/, '') ?? '']),
  secretExamples: [{ url: 'telegram://123456789:AAEt3l3gr4mB0tS3cret@api.telegram.org/-1001234567890', secrets: ['AAEt3l3gr4mB0tS3cret'] }],
  acceptUrl(url, raw) {
    const { chatId } = botCall(raw);
    if (url.protocol === 'telegram:' && (!url.username || !url.password))
      throw new UsageError('--url: a telegram:// URL carries the bot token as BOT_ID:SECRET@ before the host');
    if (!/^(-?\d+|@\w{4,})$/.test(chatId)) throw new UsageError('--url: the Telegram chat must be a chat id (-1001234567890) or @channelname');
    return raw;
  },
  buildRequest(out, to) {
    const { endpoint, chatId } = botCall(to.url);
    const payload: Record<string, unknown> = { chat_id: chatId, text: clip(out.message.text, 4096), link_preview_options: { is_disabled: true } };
    if (to.options.silent === true || to.options.silent === 'true') payload.disable_notification = true;
    if (to.options.thread !== undefined) payload.message_thread_id = Number(to.options.thread);
    return { method: 'POST', url: endpoint, headers: { ...jsonHeaders }, body: JSON.stringify(payload) };
  },
  interpretResponse(reply) {
    const body = jsonObject(reply.body);
    // 200 {"ok": false} does not happen in practice, but would be a refusal.
    if (reply.status >= 200 && reply.status < 300 && body?.ok === false)
      return { ok: false, retry: false, error: `telegram: ${jsonMessage(reply.body) ?? 'refused'}` };
    const verdict = genericVerdict('telegram', reply, jsonMessage);
    const seconds = (body?.parameters as { retry_after?: unknown } | undefined)?.retry_after;
    if (!verdict.ok && typeof seconds === 'number') return { ...verdict, retryAfterMs: seconds * 1000 };
    return verdict;
  },
  fixtures: {
    harness: 'http',
    targetUrl: (base) => `${base}/bot123456:AAEtoken/sendMessage?chat_id=-1001234567890`,
    request: { method: 'POST', path: /^\/bot123456:AAEtoken\/sendMessage$/, json: { chat_id: '-1001234567890', text: '**Standup** in 10 minutes & <b>' } },
    textOf: (r) => (JSON.parse(r.body) as { text: string }).text,
    answers: {
      success: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"ok":true,"result":{"message_id":7,"chat":{"id":-1001234567890},"text":"hello"}}',
      },
      refusal: {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}',
      },
      refusalMessage: 'Bad Request: chat not found',
      rateLimit: {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}',
      },
      rateLimitMs: 7000,
    },
  },
});
