import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Mustache from 'mustache';
import { HeraldError } from '../core/errors.ts';
import type { TemplateSource } from './types.ts';

/** The project's templates/ folder: the defaults and the partials templates may include. */
export const defaultTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

/** The seed's placeholders: `%subject%` is `{{{subject}}}` (values are escaped before rendering). */
const placeholder = /%([a-z_]+)%/g;
export const seedPlaceholders = ['subject', 'date', 'description', 'location'];

/** Turns the `%name%` placeholders into Mustache, leaving a lone "%" (as in "50%") alone. */
export function toMustache(body: string): string {
  return body.replace(placeholder, (_, name: string) => `{{{${name}}}}`);
}

/** Reads `templates/<name>.mustache` (a default or a partial) or a template file by path. */
export function loadTemplate(nameOrPath: string, templatesDir = defaultTemplatesDir): TemplateSource {
  const candidates = [join(templatesDir, `${nameOrPath}.mustache`), nameOrPath];
  for (const file of candidates) {
    if (existsSync(file)) return { name: nameOrPath, body: readFileSync(file, 'utf8') };
  }
  throw new HeraldError('render', `no template "${nameOrPath}" (neither ${candidates[0]} nor a file by that path)`, { usage: true });
}

const partialCache = new Map<string, string | undefined>();

/** Partials come from templates/ by name: `{{> event-line}}` reads templates/event-line.mustache. */
export function partialLoader(templatesDir = defaultTemplatesDir) {
  return (name: string): string | undefined => {
    const key = `${templatesDir}|${name}`;
    if (!partialCache.has(key)) {
      const file = join(templatesDir, `${name}.mustache`);
      partialCache.set(key, /^[\w.-]+$/.test(name) && existsSync(file) ? toMustache(readFileSync(file, 'utf8')) : undefined);
    }
    return partialCache.get(key);
  };
}

/** Renders with escaping off: every value in the view was escaped for its format beforehand. */
export function renderTemplate(template: TemplateSource, view: object, templatesDir = defaultTemplatesDir): string {
  try {
    return Mustache.render(toMustache(template.body), view, partialLoader(templatesDir), { escape: (v: unknown) => String(v) });
  } catch (err) {
    throw new HeraldError('render', `template "${template.name}": ${(err as Error).message}`, { cause: err });
  }
}
