import type { DeliveryKind, Target } from '../store/index.ts';
import type { OutputFormat, RenderedMessage } from '../render/index.ts';

/** The event a message is about, as structured fields (for the generic webhook and cards). */
export interface EventFields {
  uid: string;
  summary: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  url: string | null;
  meetingUrl: string | null;
}

/** One message part to send, with what the channel may want besides the text. */
export interface Outbound {
  kind: DeliveryKind;
  message: RenderedMessage;
  dedupeKey: string;
  /** For multi-part digests: 1-based part and count. */
  part: number;
  parts: number;
  event: EventFields | null;
  unsubscribeUrl: string | null;
}

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What a service's answer means for the delivery. */
export type ChannelVerdict =
  | { ok: true; info: string }
  | { ok: false; retry: boolean; retryAfterMs?: number; error: string };

/**
 * A chat service reached by an HTTP webhook: how to build its request (pure) and how to read its
 * answer (pure). Transport, retries, rate limits and safety checks live once, in the engine.
 */
export interface WebhookChannel {
  kind: string;
  aliases?: string[];
  /** URL schemes that name this service directly ("slack://hooks.slack.com/…"). */
  schemes: string[];
  format: OutputFormat;
  /** Longest text the service accepts in one message. */
  maxLength: number;
  /** Least time between two messages to one target (the service's rate limit). */
  minIntervalMs?: number;
  /** The https URL to call for a target URL given with this channel's scheme (or plain https). */
  endpoint(targetUrl: string): string;
  buildRequest(out: Outbound, target: Target): HttpRequestSpec;
  interpretResponse(answer: HttpAnswer): ChannelVerdict;
}
