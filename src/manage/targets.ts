/** Adding, changing and removing targets: behind `herald target add|set|rm` and /api/v1/targets. */
import { channelFor, registerTargetSecrets } from '../channels/registry.ts';
import { readTargetOptions } from '../channels/target-options.ts';
import { parseTargetUrl } from '../channels/target-url.ts';
import type { Target } from '../store/index.ts';
import { requireName } from './checks.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, flagField, requiredField, textField, type Fields } from './fields.ts';
import { requireTarget, requireUser } from './lookups.ts';
import { templateRefFrom } from './template-ref.ts';
import { checkRoomForWebhook, countsAgainstQuota } from './quotas.ts';

/** `option` (k=v), one or many. */
function pairsOf(f: Fields, name: string): string[] {
  const v = f[name];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string')) throw bad(name, `--${name} takes key=value text`);
  return list;
}

/** Fields: name, user, url, kind, template | template-text, allow-private, allow-mentions, option. */
export function addTarget(ctx: ManageContext, f: Fields): Target {
  const name = requireName(requiredField(f, 'name'), 'target');
  const { kind, url } = parseTargetUrl(requiredField(f, 'url'), textField(f, 'kind'));
  registerTargetSecrets(kind, url);
  const channel = channelFor(kind)!;
  const options = readTargetOptions(channel, pairsOf(f, 'option'), {}, kind);
  const user = requireUser(ctx.store, requiredField(f, 'user'));
  // Chat webhooks count against the plan; console and email targets do not.
  if (countsAgainstQuota({ kind })) checkRoomForWebhook(ctx.store, user, ctx.defaultMaxTargets);
  const template = templateRefFrom(ctx, f, { kind: 'reminder', format: channel.format, maxLength: channel.maxLength });
  const input = {
    userId: user.id,
    name,
    kind,
    url,
    options,
    template: template ?? null,
    allowPrivate: flagField(f, 'allow-private'),
    allowMentions: flagField(f, 'allow-mentions'),
  };
  return audited(
    ctx,
    'add',
    'target',
    () => ctx.store.targets.add(input),
    (t) => t.name,
  );
}

/** The new URL of a target: same service (its options and template were checked for it). */
function changedUrl(t: Target, raw: string): string {
  const channel = channelFor(t.kind)!;
  let parsed: { kind: string; url: string };
  try {
    parsed = parseTargetUrl(raw, t.kind);
  } catch (err) {
    // Named for its own service, the URL would make another kind of target.
    const other = parseTargetUrl(raw);
    if (channelFor(other.kind) !== channel) throw bad('url', `--url: ${t.name} is a ${t.kind} target, this is a ${other.kind} URL (add a new target instead)`);
    throw err;
  }
  registerTargetSecrets(parsed.kind, parsed.url);
  return parsed.url;
}

/** Fields: url, template | template-text | default-template, option, unset-option, allow-/no-mentions, allow-/no-private. Returns what changed. */
export function updateTarget(ctx: ManageContext, name: string, f: Fields): { target: Target; changed: string[] } {
  const t = requireTarget(ctx.store, name, 'name');
  const channel = channelFor(t.kind)!;
  const patch: Parameters<typeof ctx.store.targets.update>[1] = {};
  const url = textField(f, 'url');
  if (url !== undefined) patch.url = changedUrl(t, url);
  const template = templateRefFrom(ctx, f, { kind: 'reminder', format: channel.format, maxLength: channel.maxLength });
  if (template !== undefined && flagField(f, 'default-template')) throw bad('default-template', 'give --default-template or a template, not both');
  if (template !== undefined) patch.template = template;
  if (flagField(f, 'default-template')) patch.template = null;
  const unset = pairsOf(f, 'unset-option');
  const set = pairsOf(f, 'option');
  if (set.length > 0 || unset.length > 0) {
    const options = readTargetOptions(channel, set, t.options, t.kind);
    for (const key of unset) {
      if (!(key in options)) throw bad('unset-option', `--unset-option ${key}: ${t.name} has no such option`);
      delete options[key];
    }
    patch.options = options;
  }
  for (const [on, off, key] of [
    ['allow-mentions', 'no-mentions', 'allowMentions'],
    ['allow-private', 'no-private', 'allowPrivate'],
  ] as const) {
    if (flagField(f, on) && flagField(f, off)) throw bad(on, `give --${on} or --${off}, not both`);
    if (flagField(f, on) || flagField(f, off)) patch[key] = flagField(f, on);
  }
  if (Object.keys(patch).length === 0) throw bad('name', `nothing to change (see: herald target set --help)`);
  const target = audited(
    ctx,
    'update',
    'target',
    () => (ctx.store.targets.update(t.id, patch), ctx.store.targets.get(t.id)!),
    (x) => x.name,
  );
  return { target, changed: Object.keys(patch) };
}

export function removeTarget(ctx: ManageContext, name: string): Target {
  const t = requireTarget(ctx.store, name, 'name');
  return audited(
    ctx,
    'remove',
    'target',
    () => (ctx.store.targets.remove(t.id), t),
    (x) => x.name,
  );
}

/** Switches a target on (within its user's quota) or off (nothing is planned for or sent to it). */
export function setTargetEnabled(ctx: ManageContext, name: string, enabled: boolean): Target {
  const t = requireTarget(ctx.store, name, 'name');
  if (enabled && !t.enabled && countsAgainstQuota(t)) {
    const user = ctx.store.users.get(t.userId);
    if (user) checkRoomForWebhook(ctx.store, user, ctx.defaultMaxTargets);
  }
  return audited(
    ctx,
    enabled ? 'enable' : 'disable',
    'target',
    () => (ctx.store.targets.setEnabled(t.id, enabled), ctx.store.targets.get(t.id)!),
    (x) => x.name,
  );
}
