/**
 * Every way out of herald, once. A new chat service is one file in this folder and one line in
 * `channels` below: target URLs, `--kind`, listings, masking tests and the contract suite
 * (test/channels/contract.test.ts) all read this list.
 */
import { registerSecret } from '../core/mask.ts';
import type { Channel, ChannelSet } from '../delivery/channel.ts';
import { consoleChannel } from './console.ts';
import { discord } from './discord.ts';
import { email } from './email.ts';
import { googlechat } from './googlechat.ts';
import { matrix } from './matrix.ts';
import { mattermost } from './mattermost.ts';
import { ntfy } from './ntfy.ts';
import { rocketchat } from './rocketchat.ts';
import { slack } from './slack.ts';
import { teams } from './teams.ts';
import { telegram } from './telegram.ts';
import { webhook } from './webhook.ts';

export const channels: readonly Channel[] = [mattermost, slack, discord, teams, googlechat, rocketchat, telegram, matrix, ntfy, webhook, email, consoleChannel];

/** Every name `--kind` takes. */
export const targetKinds: readonly string[] = channels.flatMap((c) => [c.kind, ...(c.aliases ?? [])]);

export function channelFor(kind: string): Channel | undefined {
  return channels.find((c) => c.kind === kind || c.aliases?.includes(kind));
}

/** The registry as the delivery engine takes it. */
export const channelSet: ChannelSet = { byKind: channelFor };

/** Registers a target's URL and the parts its channel says are secret, for redaction. */
export function registerTargetSecrets(kind: string, url: string): void {
  registerSecret(url, channelFor(kind)?.secretsOf);
}

/** Closes what channels keep open (mail connections). */
export function closeChannels(): void {
  for (const c of channels) c.close?.();
}
