/** What the engine tells whoever watches it (the metrics): each outcome, as it is recorded. */
import type { Delivery } from '../store/index.ts';
import type { Destination } from './channel.ts';

export type ObservedStatus = 'sent' | 'late' | 'failed' | 'dead' | 'retry' | 'missed' | 'cancelled';

export interface DeliveryObserver {
  /** `atMs`: when the outcome was recorded (lateness is atMs minus the row's due time). */
  outcome(d: Delivery, channelKind: string, status: ObservedStatus, atMs: number): void;
}

export const channelKindOf = (to: Destination | null): string => to?.kind ?? 'none';
