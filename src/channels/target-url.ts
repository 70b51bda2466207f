import { UsageError } from '../core/errors.ts';
import { maskUrl } from '../core/mask.ts';
import { channelFor, channels, targetKinds } from './registry.ts';

/**
 * Reads a target as given on the command line (or the API): a URL with a service scheme
 * (`slack://…`, `mattermost://…`, `mailto:…`, `console:`) or a plain http(s) URL with `--kind` (or a
 * host a service declares). Returns the kind and the URL to store; throws a UsageError naming what
 * is wrong, never repeating the URL's secret parts.
 */
export function parseTargetUrl(raw: string, kind?: string): { kind: string; url: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url: "${maskUrl(raw)}" is not a URL`);
  }
  if (kind !== undefined && !targetKinds.includes(kind)) throw new UsageError(`--kind: unknown kind "${kind}" (one of: ${targetKinds.join(', ')})`);
  const scheme = url.protocol.slice(0, -1);
  const byScheme = channels.find((c) => c.schemes.includes(scheme));
  if (byScheme) {
    // kchat:// is Mattermost's alias by its own name.
    const resolvedKind = kind ?? (byScheme.aliases?.includes(scheme) ? scheme : byScheme.kind);
    if (channelFor(resolvedKind) !== byScheme) {
      throw new UsageError(url.protocol === 'mailto:' ? `--kind ${kind} does not take a mailto: URL` : `--kind ${kind} does not match a ${scheme}:// URL`);
    }
    if (raw.includes('://') && !url.hostname) throw new UsageError(`--url: ${scheme}:// URL has no host`);
    return { kind: resolvedKind, url: byScheme.acceptUrl ? byScheme.acceptUrl(url, raw) : raw };
  }
  if (scheme !== 'http' && scheme !== 'https')
    throw new UsageError(`--url: unsupported scheme "${scheme}:" (use https://, a service scheme like slack://, or mailto:)`);
  const channel = kind !== undefined ? channelFor(kind)! : channels.find((c) => c.knownHosts?.some((re) => re.test(url.hostname)));
  if (!channel) throw new UsageError(`--kind is needed for ${maskUrl(raw)} (one of: ${targetKinds.join(', ')})`);
  if (!channel.httpUrls) throw new UsageError(`--kind ${channel.kind} does not take an http URL`);
  // A known host named after one of the service's aliases is that alias (team.kchat.infomaniak.com: kchat).
  const resolved = kind ?? channel.aliases?.find((a) => url.hostname.split('.').includes(a)) ?? channel.kind;
  return { kind: resolved, url: channel.acceptUrl ? channel.acceptUrl(url, raw) : raw };
}
