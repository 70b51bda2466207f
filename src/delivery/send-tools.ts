/** What a channel may use for one send: the HTTP client within the engine's limits, mail, the terminal, the clock. */
import type { Clock } from '../core/clock.ts';
import { httpRequest } from '../net/http-client.ts';
import type { Destination, SendTools } from './channel.ts';
import type { DeliveryEngineOptions } from './engine-options.ts';

/** The most of a service's answer kept (it is stored in the outbox and shown in the log). */
const maxAnswerBytes = 64 * 1024;

export function sendTools(
  options: Pick<DeliveryEngineOptions, 'allowPrivateTargets' | 'smtp' | 'print'>,
  to: Destination,
  timeoutMs: number,
  clock: Clock,
): SendTools {
  const limits = {
    timeoutMs,
    maxBodyBytes: maxAnswerBytes,
    oversize: 'truncate' as const,
    maxRedirects: 0,
    decompress: false,
    allowPrivate: to.allowPrivate || (options.allowPrivateTargets ?? false),
  };
  return {
    http: (request) => httpRequest(request, limits),
    smtp: options.smtp ?? null,
    print: options.print ?? ((text) => process.stdout.write(text)),
    now: () => clock.now(),
  };
}
