/**
 * What a target's or digest's template reference names. Written by the CLI in one of two forms:
 * - `NAME`: a stored template (`herald template add`) or one of herald's in templates/ (stored ones
 *   win over files of the same name);
 * - `text:BODY`: the template's text itself (`--template-text`, or `--template @file`, read when given).
 *
 * Databases written before these two forms hold either a name or a bare inline body in the same
 * column; they are read with this rule instead of a migration: a reference that names a stored or
 * built-in template is that template; one that looks like a name (letters, digits, `.`, `_`, `-`)
 * but names none is a missing template — an error, never sent as the message; anything else (it has
 * spaces, placeholders, markup) is an inline body as before.
 */
import { HeraldError } from '../core/errors.ts';
import type { Store } from '../store/index.ts';
import { loadTemplate } from './templates.ts';
import type { TemplateSource } from './types.ts';

export const inlinePrefix = 'text:';

/** The stored form of an inline template's text. */
export const inlineRef = (body: string): string => `${inlinePrefix}${body}`;

const looksLikeName = (ref: string) => /^[\w.-]+$/.test(ref);

/** A built-in template (templates/NAME.mustache, or a default by name), or null. */
export function builtInTemplate(name: string): TemplateSource | null {
  if (!looksLikeName(name)) return null;
  try {
    return loadTemplate(name);
  } catch {
    return null;
  }
}

/** The template a reference names; throws a render error for a name that names no template. */
export function resolveTemplate(store: Pick<Store, 'templates'>, ref: string | null): TemplateSource | null {
  if (!ref) return null;
  if (ref.startsWith(inlinePrefix)) return { name: 'inline', body: ref.slice(inlinePrefix.length) };
  const stored = store.templates.byName(ref);
  if (stored) return { name: stored.name, body: stored.body };
  const builtIn = builtInTemplate(ref);
  if (builtIn) return builtIn;
  if (looksLikeName(ref)) throw new HeraldError('render', `template "${ref}" does not exist (see: herald template list)`);
  return { name: 'inline', body: ref };
}

/** The text a reference stands for, for change detection: never throws (a missing template is its own value). */
export function templateBody(store: Pick<Store, 'templates'>, ref: string | null): string | null {
  try {
    return resolveTemplate(store, ref)?.body ?? null;
  } catch {
    return `missing:${ref}`;
  }
}

/** How a reference reads in a listing: its name, or the start of its inline text. */
export function describeTemplateRef(ref: string | null): string | null {
  if (ref === null) return null;
  const body = ref.startsWith(inlinePrefix) ? ref.slice(inlinePrefix.length) : looksLikeName(ref) ? null : ref;
  if (body === null) return ref;
  const line = body.replace(/\s+/g, ' ').trim();
  return `text: ${line.length > 34 ? `${line.slice(0, 33)}…` : line}`;
}
