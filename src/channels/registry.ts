import { UsageError } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import type { OutputFormat } from '../render/index.ts';
import { discord } from './discord.ts';
import { googlechat } from './googlechat.ts';
import { mattermost } from './mattermost.ts';
import { ntfy } from './ntfy.ts';
import { rocketchat } from './rocketchat.ts';
import { slack } from './slack.ts';
import { teams } from './teams.ts';
import type { WebhookChannel } from './types.ts';
import { webhook } from './webhook.ts';

/** Every webhook-based chat service, once. */
export const webhookChannels: readonly WebhookChannel[] = [mattermost, slack, discord, teams, googlechat, rocketchat, ntfy, webhook];

export const targetKinds = ['console', 'email', ...webhookChannels.flatMap((c) => [c.kind, ...(c.aliases ?? [])])];

export function webhookChannel(kind: string): WebhookChannel | undefined {
  return webhookChannels.find((c) => c.kind === kind || c.aliases?.includes(kind));
}

/** How a target's messages are written. */
export function formatOf(kind: string): OutputFormat {
  if (kind === 'email') return 'email';
  if (kind === 'console') return 'text';
  return webhookChannel(kind)?.format ?? 'text';
}

export function maxLengthOf(kind: string): number | undefined {
  return webhookChannel(kind)?.maxLength;
}

/** Well-known webhook hosts, so a plain https URL needs no --kind. */
const knownHosts: [RegExp, string][] = [
  [/^hooks\.slack\.com$/, 'slack'],
  [/^(?:canary\.|ptb\.)?discord(?:app)?\.com$/, 'discord'],
  [/^chat\.googleapis\.com$/, 'googlechat'],
  [/\.logic\.azure\.com$|\.powerplatform\.com$/, 'teams'],
  [/^ntfy\.sh$/, 'ntfy'],
  [/\.kchat\.infomaniak\.com$/, 'kchat'],
];

/**
 * Reads a target as given on the command line: a URL with a service scheme (`slack://…`,
 * `mattermost://…`, `mailto:…`, `console:`) or a plain http(s) URL with `--kind` (or a host we know).
 * Returns the kind and the URL to store; throws a UsageError naming what is wrong.
 */
export function parseTargetUrl(raw: string, kind?: string): { kind: string; url: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url: "${maskUrl(raw)}" is not a URL`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (kind !== undefined && !targetKinds.includes(kind)) throw new UsageError(`--kind: unknown kind "${kind}" (one of: ${targetKinds.join(', ')})`);
  if (scheme === 'console') return { kind: 'console', url: 'console:' };
  if (scheme === 'mailto') {
    const address = decodeURIComponent(url.pathname);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new UsageError(`--url: "${address}" is not an email address`);
    if (kind !== undefined && kind !== 'email') throw new UsageError(`--kind ${kind} does not take a mailto: URL`);
    return { kind: 'email', url: `mailto:${address}` };
  }
  const byScheme = webhookChannels.find((c) => c.schemes.includes(scheme));
  if (byScheme) {
    const resolvedKind = kind ?? (scheme === 'kchat' ? 'kchat' : byScheme.kind);
    if (webhookChannel(resolvedKind) !== byScheme) throw new UsageError(`--kind ${kind} does not match a ${scheme}:// URL`);
    if (!url.hostname) throw new UsageError(`--url: ${scheme}:// URL has no host`);
    return { kind: resolvedKind, url: raw };
  }
  if (scheme !== 'http' && scheme !== 'https') throw new UsageError(`--url: unsupported scheme "${scheme}:" (use https://, a service scheme like slack://, or mailto:)`);
  const guessed = kind ?? knownHosts.find(([re]) => re.test(url.hostname))?.[1];
  if (!guessed) throw new UsageError(`--kind is needed for ${maskUrl(raw)} (one of: ${targetKinds.join(', ')})`);
  if (guessed === 'email' || guessed === 'console') throw new UsageError(`--kind ${guessed} does not take an http URL`);
  return { kind: guessed, url: raw };
}
