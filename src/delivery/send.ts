/** Sending a prepared payload, part by part, through its channel. */
import type { Delivery, RenderedPayload } from '../store/index.ts';
import type { Channel, Destination, OutboundMessage, SendResult, SendTools } from './channel.ts';
import type { Pacer } from './pacing.ts';

/** Nothing (more) was sent: the engine was stopping before the next part's turn came. */
export const stoppedBeforeSending = 'stopped before sending';

/**
 * Sends the parts not sent yet (a retry of a split agenda resumes after the parts that went), each
 * at the service's pace. Stops at the first part that fails; `partSent` records progress of a
 * split payload, so that a crash does not send a part twice. Once `stop` is aborted no further part
 * starts (a part under way is finished): the result is then `stoppedBeforeSending`.
 */
export async function sendPayload(
  d: Delivery,
  payload: RenderedPayload,
  to: Destination,
  channel: Channel | undefined,
  deps: { tools: SendTools; pacer: Pacer; partSent: (payload: RenderedPayload) => Promise<void>; stop?: AbortSignal },
): Promise<SendResult | typeof stoppedBeforeSending> {
  if (!channel) return { ok: false, statusCode: null, retry: false, error: `unknown target kind "${to.kind}"` };
  let last: SendResult = { ok: true, statusCode: null, info: '' };
  for (let i = payload.sentParts; i < payload.parts.length; i++) {
    const out: OutboundMessage = {
      kind: d.kind,
      message: payload.parts[i]!,
      dedupeKey: d.dedupeKey,
      part: i + 1,
      parts: payload.parts.length,
      event: payload.event,
      unsubscribeUrl: payload.unsubscribeUrl,
    };
    if (deps.stop?.aborted) return stoppedBeforeSending;
    try {
      await deps.pacer.wait(to.targetId ?? to.url, channel.minIntervalMs, deps.stop);
    } catch {
      return stoppedBeforeSending;
    }
    last = await channel.send(out, to, deps.tools);
    if (!last.ok) break;
    payload.sentParts = i + 1;
    if (payload.parts.length > 1) await deps.partSent(payload);
  }
  return last;
}
