import type { CalendarCache } from '../calendar/cache.ts';
import { channelSet } from '../channels/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import { createDeliveryEngine, type DeliveryEngine, type DeliveryEngineOptions } from '../delivery/engine.ts';
import type { UnsubscribeLink } from '../delivery/compose.ts';
import type { Store } from '../store/index.ts';
import { unsubscribeToken } from '../core/signed-token.ts';
import type { HeraldConfig } from './config.ts';
import { serverKeys } from './server-keys.ts';

/** Signed links to the daemon's unsubscribe page, when herald has a public URL to link to. */
export function unsubscribeLinkFor(config: Readonly<HeraldConfig>): UnsubscribeLink | null {
  const base = config.publicUrl;
  if (base === null) return null;
  const { unsubscribeSecret } = serverKeys(config);
  return (digest) => `${base}/unsubscribe/${unsubscribeToken(unsubscribeSecret, digest)}`;
}

/**
 * The delivery engine as configured: the one place its options are built from the configuration,
 * for the daemon and for the commands that send at once (`target test`, `digest send`).
 */
export function deliveryEngineFor(
  config: Readonly<HeraldConfig>,
  parts: { store: Store; clock: Clock; logger: Logger; cache: CalendarCache; print: (text: string) => void },
  overrides: Partial<Pick<DeliveryEngineOptions, 'retry' | 'timeoutMs' | 'random' | 'renderAheadMs' | 'readAheadMs' | 'observer'>> = {},
): DeliveryEngine {
  return createDeliveryEngine({
    ...parts,
    channels: channelSet,
    concurrency: config.concurrency,
    targetRatePerMinute: config.targetRatePerMinute,
    timeoutMs: config.sendTimeoutMs,
    smtp: config.smtp,
    publicUrl: config.publicUrl,
    unsubscribeLink: unsubscribeLinkFor(config),
    allowPrivateTargets: config.allowPrivateTargets,
    ...overrides,
  });
}
