/** What the delivery engine is built from (engine.ts). */
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Store } from '../store/index.ts';
import type { ChannelSet, SmtpSettings } from './channel.ts';
import type { UnsubscribeLink } from './compose.ts';
import type { DeliveryObserver } from './observer.ts';
import type { RetryPolicy } from './retry.ts';

export interface DeliveryEngineOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  cache: CalendarCache;
  /** The ways out (src/channels/registry.ts). */
  channels: ChannelSet;
  /** Sends at once, at most (default 8). */
  concurrency?: number;
  smtp?: SmtpSettings | null;
  /** Base URL for unsubscribe links (HERALD_PUBLIC_URL). */
  publicUrl?: string | null;
  /** Told each outcome (the metrics). */
  observer?: DeliveryObserver | null;
  /** A digest's signed unsubscribe link (needs the public URL and the server's key). */
  unsubscribeLink?: UnsubscribeLink | null;
  /** Let every target reach private and loopback addresses (HERALD_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets?: boolean;
  /** Where `console` targets print (default stdout). */
  print?: (text: string) => void;
  retry?: RetryPolicy;
  /** One deadline for a whole HTTP exchange (default 15 s). */
  timeoutMs?: number;
  random?: () => number;
  /** Planned rows coming due within this long are rendered while nothing is due (default 60 s). */
  renderAheadMs?: number;
  /** Rendered rows coming due within this long are read into memory ahead of their instant (default 2 s). */
  readAheadMs?: number;
  /** Whether the process a lease names is gone, so its rows in flight may be resumed (default: core/process-identity.ts). */
  ownerGone?: (owner: string) => boolean;
  /** At most this many messages a minute to one target; the rest wait their turn in the outbox (default: no cap). */
  targetRatePerMinute?: number | null;
}
