/** Saving and removing templates: behind `herald template add|rm` and /api/v1/templates. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { channelFor } from '../channels/registry.ts';
import { InputError } from '../core/errors.ts';
import { quoteInput } from '../core/quote.ts';
import { formatProblems, validateTemplate, type OutputFormat, type TemplateKind } from '../render/index.ts';
import { readTemplateFile } from '../render/template-size.ts';
import type { StoredTemplate } from '../store/index.ts';
import { requireName } from './checks.ts';
import { audited, type ManageContext } from './context.ts';
import { bad, requiredField, textField, type Fields } from './fields.ts';

/** `kind` reminder|agenda (`digest`, the word earlier versions used, is read as agenda). */
export function parseTemplateKind(text: string): TemplateKind {
  if (text === 'reminder' || text === 'agenda') return text;
  if (text === 'digest') return 'agenda';
  throw bad('kind', `--kind must be reminder or agenda, got ${quoteInput(text)}`);
}

export function parseFormat(text: string | undefined, fallback: OutputFormat = 'chat'): OutputFormat {
  const format = (text ?? fallback) as OutputFormat;
  if (!['chat', 'email', 'text'].includes(format)) throw bad('format', `--format must be chat, email or text, got ${quoteInput(format)}`);
  return format;
}

/** Fields: name, kind, file | text, format, for-kind. Saving a name that exists replaces it. */
export function saveTemplate(ctx: ManageContext, f: Fields): StoredTemplate {
  const name = requireName(requiredField(f, 'name'), 'template');
  const kind = parseTemplateKind(requiredField(f, 'kind'));
  const file = textField(f, 'file');
  const text = textField(f, 'text');
  if ((file === undefined) === (text === undefined)) throw bad('text', 'give exactly one of --file PATH or --text TEXT');
  let body = text ?? '';
  if (file !== undefined) {
    if (ctx.cwd === null && !isAbsolute(file)) throw bad('file', '--file: give an absolute path, or the template itself as text');
    const path = resolve(ctx.cwd ?? '/', file);
    if (!existsSync(path)) throw bad('file', `--file: no such file ${path}`);
    body = readTemplateFile(path);
  }
  const format = parseFormat(textField(f, 'format'));
  const forKind = textField(f, 'for-kind');
  const problems = validateTemplate(body, { kind, format, maxLength: forKind === undefined ? undefined : channelFor(forKind)?.maxLength });
  if (problems.length > 0) throw bad(text !== undefined ? 'text' : 'file', formatProblems(name, problems));
  return audited(
    ctx,
    'save',
    'template',
    () => ctx.store.templates.save({ name, kind, body }),
    (t) => t.name,
  );
}

export function removeTemplate(ctx: ManageContext, name: string): void {
  audited(
    ctx,
    'remove',
    'template',
    () => {
      if (!ctx.store.templates.remove(name))
        throw new InputError(`unknown template ${quoteInput(name)} (see: herald template list)`, { field: 'name', problem: 'not_found' });
    },
    () => name,
  );
}
