/** `template` (NAME | @FILE) and `template-text` (TEXT): the template reference a target or digest stores, checked for its use. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { builtInTemplate, defaultTemplateNames, formatProblems, inlineRef, validateTemplate, type OutputFormat, type TemplateKind } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import type { ManageContext } from './context.ts';
import { bad, textField, type Fields } from './fields.ts';

/** What the template will be used for: its kind, and the format and size limit it is checked against. */
export interface TemplateUse {
  kind: TemplateKind;
  format: OutputFormat;
  maxLength?: number;
}

function checked(field: string, name: string, body: string, use: TemplateUse): void {
  const problems = validateTemplate(body, { kind: use.kind, format: use.format, maxLength: use.maxLength });
  if (problems.length > 0) throw bad(field, formatProblems(name, problems));
}

function knownNames(store: Store, kind: TemplateKind): string {
  const stored = store.templates
    .list()
    .filter((t) => t.kind === kind)
    .map((t) => t.name);
  const builtIn = defaultTemplateNames.filter((n) => n.startsWith(`${kind}.`));
  return `saved: ${stored.length ? stored.join(', ') : 'none'}; built-in: ${builtIn.join(', ')}`;
}

function readTemplateFile(ref: string, cwd: string | null, use: TemplateUse): string {
  // The API reads no files of the caller's choosing: over HTTP, send the text as template-text.
  if (cwd === null && !isAbsolute(ref.slice(1))) throw bad('template', `--template ${ref}: give an absolute path, or the text as template-text`);
  const path = resolve(cwd ?? '/', ref.slice(1));
  if (!existsSync(path) || !statSync(path).isFile()) throw bad('template', `--template ${ref}: no such file ${path}`);
  const body = readFileSync(path, 'utf8');
  checked('template', ref.slice(1), body, use);
  return inlineRef(body);
}

function namedTemplate(store: Store, name: string, use: TemplateUse): string {
  const stored = store.templates.byName(name);
  const builtIn = stored ? null : builtInTemplate(name);
  if (!stored && !builtIn) {
    throw bad(
      'template',
      `--template: no template named "${name}" (${knownNames(store, use.kind)}); read a file with --template @PATH, give text with --template-text`,
    );
  }
  const other = use.kind === 'reminder' ? 'agenda' : 'reminder';
  if (stored ? stored.kind !== use.kind : name.startsWith(`${other}.`))
    throw bad('template', `--template: "${name}" is ${other === 'agenda' ? 'an agenda' : 'a reminder'} template, this needs a ${use.kind} template`);
  checked('template', name, stored ? stored.body : builtIn!.body, use);
  return name;
}

/**
 * The template reference to store (see render/template-ref.ts), checked for its use; undefined when
 * neither field is given. A name that names no template is refused, naming the known ones: it is
 * never taken as the text.
 */
export function templateRefFrom(ctx: Pick<ManageContext, 'store' | 'cwd'>, f: Fields, use: TemplateUse): string | undefined {
  const ref = textField(f, 'template');
  const text = textField(f, 'template-text');
  if (ref !== undefined && text !== undefined) throw bad('template', 'give --template or --template-text, not both');
  if (text !== undefined) {
    if (text.trim() === '') throw bad('template-text', '--template-text is empty');
    checked('template-text', 'inline', text, use);
    return inlineRef(text);
  }
  if (ref === undefined) return undefined;
  if (ref.startsWith('@')) return readTemplateFile(ref, ctx.cwd, use);
  return namedTemplate(ctx.store, ref, use);
}
