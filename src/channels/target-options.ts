/**
 * Target options (`--option key=value`): each service declares the ones its payload has
 * (`targetOptions`), each with a reader that checks the written text and keeps its type; anything
 * else is refused naming the allowed ones.
 */
import { UsageError } from '../core/errors.ts';
import type { Channel, Destination, TargetOption } from '../delivery/channel.ts';
import { attachmentTextFields, formatProblems, validateTemplate } from '../render/index.ts';

export const text = (about = 'text'): TargetOption => ({
  about,
  type: 'text',
  read(value) {
    if (value === '') throw new Error('is empty');
    return value;
  },
});

export const httpUrl = (): TargetOption => ({
  about: 'an http(s) URL',
  type: 'text',
  read(value) {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      /* checked below */
    }
    if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) throw new Error(`must be an http(s) URL, got "${value}"`);
    return value;
  },
});

export const flag = (): TargetOption => ({
  about: 'true or false',
  type: 'flag',
  read(value) {
    if (value !== 'true' && value !== 'false') throw new Error(`must be true or false, got "${value}"`);
    return value === 'true';
  },
});

export const wholeNumber = (): TargetOption => ({
  about: 'a whole number',
  type: 'number',
  read(value) {
    if (!/^-?\d{1,15}$/.test(value)) throw new Error(`must be a whole number, got "${value}"`);
    return Number(value);
  },
});

export const oneOf = (values: readonly string[]): TargetOption => ({
  about: values.join(' | '),
  type: 'text',
  read(value) {
    if (!values.includes(value)) throw new Error(`must be one of ${values.join(', ')}, got "${value}"`);
    return value;
  },
});

export function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new Error(`must be JSON, got ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const jsonObject = (about = 'a JSON object'): TargetOption => ({
  about,
  type: 'json',
  read(value) {
    const v = parseJson(value);
    if (!isObject(v)) throw new Error('must be a JSON object ({…})');
    return v;
  },
});

/**
 * Slack-style attachments (Mattermost, Slack, Rocket.Chat): a JSON array of objects, whose text
 * fields (and each field's title and value) may use the template's placeholders and variables;
 * each is checked as a template.
 */
export const attachments = (): TargetOption => ({
  about: 'a JSON array of attachment objects; their text fields may use placeholders',
  type: 'json',
  read(value) {
    const list = parseJson(value);
    if (!Array.isArray(list) || !list.every(isObject)) throw new Error('must be a JSON array of objects ([{"text": "…"}])');
    list.forEach((a, i) => {
      const texts: [string, unknown][] = attachmentTextFields.map((f) => [f, a[f]]);
      if (Array.isArray(a.fields)) a.fields.forEach((f, j) => isObject(f) && texts.push([`fields[${j}].title`, f.title], [`fields[${j}].value`, f.value]));
      for (const [field, body] of texts) {
        if (typeof body !== 'string') continue;
        const problems = validateTemplate(body, { kind: 'agenda', format: 'chat' });
        if (problems.length > 0) throw new Error(formatProblems(`attachments[${i}].${field}`, problems));
      }
    });
    return list;
  },
});

/** The options a channel allows, as a usage error's list. */
const allowedList = (channel: Channel) => Object.keys(channel.targetOptions ?? {}).join(', ');

/**
 * `--option key=value` pairs for a target of this channel, read by its declared options (and merged
 * over `current`, for `target set`). Throws a UsageError naming the option and what it takes.
 */
export function readTargetOptions(
  channel: Channel,
  pairs: readonly string[],
  current: Record<string, unknown> = {},
  kind = channel.kind,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--option must be key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    const spec = channel.targetOptions?.[key];
    if (key === 'text' && channel.format === 'chat')
      throw new UsageError('--option text: the text is the rendered message; set it with --template or --template-text');
    if (!spec) {
      throw new UsageError(
        channel.targetOptions
          ? `--option ${key}: not an option of ${kind} targets (allowed: ${allowedList(channel)})`
          : `--option ${key}: ${kind} targets take no options`,
      );
    }
    try {
      out[key] = spec.read(pair.slice(eq + 1));
    } catch (err) {
      throw new UsageError(`--option ${key}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** A target's options as a listing shows them: secrets masked. */
export function maskedOptions(channel: Channel | undefined, options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) out[k] = channel?.targetOptions?.[k]?.secret ? '***' : v;
  return out;
}

/**
 * Copies a target's options into a payload, those that are set. Text options go as text even when a
 * database from an earlier version kept them as numbers (`channel=2024` was stored as 2024).
 */
export function withOptions(payload: Record<string, unknown>, to: Destination, options: Readonly<Record<string, TargetOption>>): Record<string, unknown> {
  for (const [key, spec] of Object.entries(options)) {
    const v = to.options[key];
    if (v === undefined || v === null) continue;
    payload[key] = spec.type === 'text' && (typeof v === 'number' || typeof v === 'boolean') ? String(v) : v;
  }
  return payload;
}
