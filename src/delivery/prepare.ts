/**
 * Everything decided about a delivery before it is sent: is it still worth sending (lateness), to
 * whom (its target, or the user's own mail address), and what (its payload, rendered now, or the one
 * rendered ahead of time if that is still true to its inputs).
 */
import type { CalendarCache } from '../calendar/cache.ts';
import type { Clock } from '../core/clock.ts';
import { errorMessage } from '../core/errors.ts';
import { registerSecret } from '../core/mask.ts';
import { decideLateness } from '../schedule/lateness.ts';
import type { Delivery, RenderedPayload, Store, Target, User } from '../store/index.ts';
import type { ChannelSet, Destination } from './channel.ts';
import { type UnsubscribeLink, renderBasis, renderPayload } from './compose.ts';
import { lateReminderUntil, retryDeadline, type Deadline } from './deadline.ts';
import { RecentLookups } from './lookups.ts';

export interface PrepareDeps {
  store: Store;
  cache: CalendarCache;
  channels: ChannelSet;
  clock: Clock;
  /** Base URL for unsubscribe links (HERALD_PUBLIC_URL). */
  publicUrl: string | null;
  /** A digest's signed unsubscribe link; null without a public URL. */
  unsubscribeLink: UnsubscribeLink | null;
}

/** A delivery ready to send, or why it will not be sent (its final status). */
export type Prepared =
  | { ready: true; to: Destination; user: User; payload: RenderedPayload; rendered: boolean }
  | { ready: false; status: 'missed' | 'failed' | 'cancelled'; error: string; problem?: unknown };

const targetDisabled = 'its target is disabled';

export function targetDestination(t: Target): Destination {
  return {
    targetId: t.id,
    name: t.name,
    kind: t.kind,
    url: t.url,
    options: t.options,
    allowMentions: t.allowMentions,
    allowPrivate: t.allowPrivate,
    template: t.template,
  };
}

/** The user's own mail address as a destination (an agenda sent "by mail"). */
export function userMailDestination(user: User): Destination {
  return {
    targetId: null,
    name: 'email',
    kind: 'email',
    url: `mailto:${user.email ?? ''}`,
    options: {},
    allowMentions: false,
    allowPrivate: false,
    template: null,
  };
}

export class Preparer {
  private readonly lookups: RecentLookups;

  constructor(private readonly deps: PrepareDeps) {
    this.lookups = new RecentLookups(deps.clock);
  }

  /** The destination and user of a row, or why it cannot go (target or user removed). */
  parties(d: Delivery): { to: Destination; user: User } | string {
    const { store } = this.deps;
    let to: Destination | null = null;
    if (d.route === 'target') {
      const target = d.targetId === null ? null : this.lookups.get(`t${d.targetId}`, () => store.targets.get(d.targetId!) ?? null);
      if (!target) return 'its target was removed';
      if (!target.enabled) return targetDisabled;
      to = targetDestination(target);
    }
    const user = d.userId === null ? undefined : this.lookups.get(`u${d.userId}`, () => store.users.get(d.userId!));
    if (!user) return 'its user was removed';
    return { to: to ?? userMailDestination(user), user };
  }

  /** Decides whether, where and what to send now. */
  prepare(d: Delivery, nowMs: number): Prepared {
    const lateness = this.lateness(d, nowMs);
    if (lateness === 'missed') return { ready: false, status: 'missed', error: 'its moment passed while herald could not send it' };
    const parties = this.parties(d);
    if (typeof parties === 'string') return { ready: false, status: parties === targetDisabled ? 'cancelled' : 'failed', error: parties };
    const { to, user } = parties;
    registerSecret(to.url, this.deps.channels.byKind(to.kind)?.secretsOf);
    const late = lateness === 'late';
    if (d.payload && !this.isStale(d, d.payload, to, user, late)) return { ready: true, to, user, payload: d.payload, rendered: false };
    try {
      const payload = this.render(d, to, user, late, nowMs);
      if (!payload) return { ready: false, status: 'cancelled', error: 'nothing to send (empty agenda with skip-empty)' };
      return { ready: true, to, user, payload, rendered: true };
    } catch (err) {
      return { ready: false, status: 'failed', error: `cannot render: ${errorMessage(err)}`, problem: err };
    }
  }

  /** A payload for a row coming due, rendered as if sent on time (null: left to be rendered when due). */
  renderAhead(d: Delivery): RenderedPayload | null {
    const parties = this.parties(d);
    return typeof parties === 'string' ? null : this.render(d, parties.to, parties.user, false, d.dueAt);
  }

  /** A payload for a row being claimed now, or undefined to leave it to `prepare` (which records why). */
  renderAtClaim(d: Delivery, nowMs: number): RenderedPayload | undefined {
    const lateness = this.lateness(d, nowMs);
    const parties = lateness === 'missed' ? null : this.parties(d);
    if (!parties || typeof parties === 'string') return undefined;
    try {
      return this.render(d, parties.to, parties.user, lateness === 'late', nowMs) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Until when a failed send of `d` is worth trying again (deadline.ts). */
  deadline(d: Delivery, user: User): Deadline | null {
    return retryDeadline(d, user, this.deliversLate(d));
  }

  /** decideLateness, but a reminder whose rule asks for late delivery is sent late until its event ends. */
  private lateness(d: Delivery, nowMs: number): 'on-time' | 'late' | 'missed' {
    const lateness = decideLateness(d, nowMs);
    if (lateness !== 'missed' || d.kind !== 'reminder' || !this.deliversLate(d)) return lateness;
    return nowMs < (lateReminderUntil(d) ?? nowMs) ? 'late' : 'missed';
  }

  /** Whether the rule of a reminder asks for late delivery (looked up as targets and users are). */
  private deliversLate(d: Delivery): boolean {
    if (d.kind !== 'reminder' || d.sourceId === null) return false;
    const ruleId = d.sourceId;
    return this.lookups.get(`r${ruleId}`, () => this.deps.store.rules.get(ruleId)?.deliverLate ?? false);
  }

  private render(d: Delivery, to: Destination, user: User, late: boolean, nowMs: number): RenderedPayload | null {
    const { store, cache, channels, publicUrl, unsubscribeLink } = this.deps;
    const payload = renderPayload(d, to, user, late, { store, cache, channels, publicUrl, unsubscribeLink, nowMs });
    if (payload && d.kind !== 'test') payload.basis = this.basis(d, to, user);
    return payload;
  }

  /** A payload rendered ahead of time that no longer matches what it was rendered from. */
  private isStale(d: Delivery, payload: RenderedPayload, to: Destination, user: User, late: boolean): boolean {
    if (payload.basis === undefined || payload.sentParts > 0 || d.attempts > 1) return false;
    return payload.late !== late || payload.basis !== this.basis(d, to, user);
  }

  /** What a row's rendering depends on (see renderBasis), looked up as targets and users are. */
  private basis(d: Delivery, to: Destination, user: User): string {
    // The content is read for agendas only: a reminder rendered ahead is sent without parsing it.
    const digestId = d.kind === 'agenda' && d.content.kind === 'agenda' ? d.content.digestId : null;
    const key = `b${digestId === null ? 'r' : `d${digestId}`}:${to.targetId}:${user.id}`;
    return this.lookups.get(key, () => renderBasis(d, to, user, this.deps));
  }
}
