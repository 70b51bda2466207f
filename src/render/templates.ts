import { existsSync, readFileSync, statSync } from 'node:fs';
import { readTemplateFile } from './template-size.ts';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Mustache from 'mustache';
import { HeraldError } from '../core/errors.ts';
import { dialectOf, type ChatDialect } from './dialects.ts';
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

/**
 * The default templates by name. `reminder.email` and `agenda.email` are each three files
 * (`.subject`, `.text`, `.html`); loaded by that name they read as one HTML template whose first
 * line is `Subject: …`, the form an admin's own email template takes.
 */
export const defaultTemplateNames = ['reminder.chat', 'reminder.text', 'reminder.email', 'agenda.chat', 'agenda.text', 'agenda.email'] as const;

const defaultCache = new Map<string, string | undefined>();

/** Default template files are part of the program: read once per process. */
function readDefault(name: string, templatesDir: string): string | undefined {
  const key = `${templatesDir}|${name}`;
  if (!defaultCache.has(key)) defaultCache.set(key, readDefaultFile(name, templatesDir));
  return defaultCache.get(key);
}

function readDefaultFile(name: string, templatesDir: string): string | undefined {
  const file = (suffix: string) => join(templatesDir, `${name}${suffix}.mustache`);
  if (/\.email$/.test(name) && existsSync(file('.html'))) {
    return `Subject: ${readFileSync(file('.subject'), 'utf8').trim()}\n${readFileSync(file('.html'), 'utf8')}`;
  }
  return existsSync(file('')) ? readFileSync(file(''), 'utf8') : undefined;
}

/** Reads a template by name from templates/ (a default, a part of one, or a partial), or a template file by path. */
export function loadTemplate(nameOrPath: string, templatesDir = defaultTemplatesDir): TemplateSource {
  if (/^[\w.-]+$/.test(nameOrPath)) {
    const body = readDefault(nameOrPath, templatesDir);
    if (body !== undefined) return { name: nameOrPath, body, builtIn: true };
  }
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return { name: nameOrPath, body: readTemplateFile(nameOrPath) };
  throw new HeraldError(
    'render',
    `no template "${nameOrPath}": neither templates/${nameOrPath}.mustache nor a file by that path (defaults: ${defaultTemplateNames.join(', ')})`,
    { usage: true },
  );
}

/** True for a default loaded by name and left as it is: the renderer then uses all of its parts. */
export function isUneditedDefault(template: TemplateSource, templatesDir = defaultTemplatesDir): boolean {
  return (defaultTemplateNames as readonly string[]).includes(template.name) && readDefault(template.name, templatesDir) === template.body;
}

/** An email template may start with a `Subject: …` line: the subject's own template. */
export function splitSubject(body: string): { subject: string | null; body: string } {
  const m = /^Subject:[ \t]*([^\n]*)\n/i.exec(body);
  return m ? { subject: m[1]!, body: body.slice(m[0].length) } : { subject: null, body };
}

const partialCache = new Map<string, string | undefined>();

/**
 * Partials come from templates/ by name: `{{> event-line}}` reads templates/event-line.mustache.
 * They are herald's own text, so they are translated into the chat's dialect.
 */
export function partialLoader(templatesDir = defaultTemplatesDir, dialect?: ChatDialect) {
  return (name: string): string | undefined => {
    const key = `${templatesDir}|${dialect ?? ''}|${name}`;
    if (!partialCache.has(key)) {
      const file = join(templatesDir, `${name}.mustache`);
      const body = /^[\w.-]+$/.test(name) && existsSync(file) ? readTemplateFile(file) : undefined;
      partialCache.set(key, body === undefined ? undefined : toMustache(dialect ? dialectOf(dialect).translate(body) : body));
    }
    return partialCache.get(key);
  };
}

/**
 * Renders with escaping off: every value in the view was escaped for its format beforehand. With a
 * chat dialect, herald's own templates are translated into it; an admin's text is used as written.
 */
export function renderTemplate(template: TemplateSource, view: object, templatesDir = defaultTemplatesDir, dialect?: ChatDialect): string {
  const body = template.builtIn && dialect ? dialectOf(dialect).translate(template.body) : template.body;
  try {
    return Mustache.render(toMustache(body), view, partialLoader(templatesDir, dialect), { escape: (v: unknown) => String(v) });
  } catch (err) {
    throw new HeraldError('render', `template "${template.name}": ${(err as Error).message}`, { cause: err });
  }
}
