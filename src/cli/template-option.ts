/** `--template NAME|@FILE` and `--template-text TEXT`, shared by the commands that set a target's or digest's template. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { builtInTemplate, defaultTemplateNames, formatProblems, inlineRef, validateTemplate, type OutputFormat, type TemplateKind } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import { stringOpt, type CliIO, type OptionSpec, type ParsedArgs } from './command.ts';

export const templateOptions: OptionSpec = { template: { type: 'string' }, 'template-text': { type: 'string' } };

export const templateHelp = `  --template T       a saved template's name (herald template list), a built-in one (reminder.chat,
                     reminder.text, …, agenda.chat …), or @FILE to read one from a file
  --template-text X  the template's text itself`;

/** What the template will be used for: its kind, and the format and size limit it is checked against. */
export interface TemplateUse {
  kind: TemplateKind;
  format: OutputFormat;
  maxLength?: number;
}

function checked(name: string, body: string, use: TemplateUse): void {
  const problems = validateTemplate(body, { kind: use.kind, format: use.format, maxLength: use.maxLength });
  if (problems.length > 0) throw new UsageError(formatProblems(name, problems));
}

function knownNames(store: Store, kind: TemplateKind): string {
  const stored = store.templates
    .list()
    .filter((t) => t.kind === kind)
    .map((t) => t.name);
  const builtIn = defaultTemplateNames.filter((n) => n.startsWith(`${kind}.`));
  return `saved: ${stored.length ? stored.join(', ') : 'none'}; built-in: ${builtIn.join(', ')}`;
}

function readTemplateFile(ref: string, io: CliIO, use: TemplateUse): string {
  const path = resolve(io.cwd, ref.slice(1));
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--template ${ref}: no such file ${path}`);
  const body = readFileSync(path, 'utf8');
  checked(ref.slice(1), body, use);
  return inlineRef(body);
}

function namedTemplate(store: Store, name: string, use: TemplateUse): string {
  const stored = store.templates.byName(name);
  const builtIn = stored ? null : builtInTemplate(name);
  if (!stored && !builtIn) {
    throw new UsageError(
      `--template: no template named "${name}" (${knownNames(store, use.kind)}); read a file with --template @PATH, give text with --template-text`,
    );
  }
  const other = use.kind === 'reminder' ? 'agenda' : 'reminder';
  if (stored ? stored.kind !== use.kind : name.startsWith(`${other}.`))
    throw new UsageError(`--template: "${name}" is ${other === 'agenda' ? 'an agenda' : 'a reminder'} template, this needs a ${use.kind} template`);
  checked(name, stored ? stored.body : builtIn!.body, use);
  return name;
}

/**
 * The template reference to store (see render/template-ref.ts), checked for its use; undefined when
 * neither flag is given. A name that names no template is a usage error naming the known ones: it is
 * never taken as the text.
 */
export function templateRefFromArgs(store: Store, args: ParsedArgs, io: CliIO, use: TemplateUse): string | undefined {
  const ref = stringOpt(args, 'template');
  const text = stringOpt(args, 'template-text');
  if (ref !== undefined && text !== undefined) throw new UsageError('give --template or --template-text, not both');
  if (text !== undefined) {
    if (text.trim() === '') throw new UsageError('--template-text is empty');
    checked('inline', text, use);
    return inlineRef(text);
  }
  if (ref === undefined) return undefined;
  if (ref.startsWith('@')) return readTemplateFile(ref, io, use);
  return namedTemplate(store, ref, use);
}
