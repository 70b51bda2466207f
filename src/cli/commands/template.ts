import { quoteInput } from '../../core/quote.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { channelFor } from '../../channels/registry.ts';
import { formatProblems, validateTemplate, type OutputFormat, type TemplateKind } from '../../render/index.ts';
import { jsonOption, printRows, requireOpt, stringOpt, type Command } from '../command.ts';
import { requireName } from '../input-checks.ts';
import { readTemplateFile } from '../../render/template-size.ts';
import { withStore } from '../store-access.ts';

/** `--kind reminder|agenda` (`digest`, the word earlier versions used, is read as agenda). */
export function parseTemplateKind(text: string): TemplateKind {
  if (text === 'reminder' || text === 'agenda') return text;
  if (text === 'digest') return 'agenda';
  throw new UsageError(`--kind must be reminder or agenda, got ${quoteInput(text)}`);
}

export const commands: Command[] = [
  {
    path: ['template', 'add'],
    summary: 'Save a message template (checked first); targets and digests use it by name',
    usage: 'NAME --kind reminder|agenda (--file PATH | --text TEXT) [--format chat|email|text] [--for-kind TARGET_KIND]',
    help: `A template uses the seed's placeholders (%subject%, %date%, %description%, %location%) and/or
Mustache ({{subject}}, {{#location}}…{{/location}}, {{> partial}} from templates/). It is refused when it
names an unknown placeholder or variable, has an unbalanced section, or — with --for-kind — renders a
sample event longer than that service accepts (e.g. discord: 2,000 characters).

Example: herald template add rappel --kind reminder --text "N'oubliez pas de %subject% pour le %date%."`,
    options: { kind: { type: 'string' }, file: { type: 'string' }, text: { type: 'string' }, format: { type: 'string' }, 'for-kind': { type: 'string' } },
    positionals: [1, 1],
    async run(args, io) {
      const name = requireName(args.positionals[0]!, 'template');
      const kind = parseTemplateKind(requireOpt(args, 'kind'));
      const file = stringOpt(args, 'file');
      const text = stringOpt(args, 'text');
      if ((file === undefined) === (text === undefined)) throw new UsageError('give exactly one of --file PATH or --text TEXT');
      let body = text ?? '';
      if (file !== undefined) {
        const path = resolve(io.cwd, file);
        if (!existsSync(path)) throw new UsageError(`--file: no such file ${path}`);
        body = readTemplateFile(path);
      }
      const format = (stringOpt(args, 'format') ?? 'chat') as OutputFormat;
      if (!['chat', 'email', 'text'].includes(format)) throw new UsageError(`--format must be chat, email or text, got ${quoteInput(format)}`);
      const forKind = stringOpt(args, 'for-kind');
      const problems = validateTemplate(body, { kind, format, maxLength: forKind === undefined ? undefined : channelFor(forKind)?.maxLength });
      if (problems.length > 0) throw new UsageError(formatProblems(name, problems));
      return withStore(io, (store) => {
        store.templates.save({ name, kind, body });
        io.out(`saved template ${name}\n`);
        return 0;
      });
    },
  },
  {
    path: ['template', 'list'],
    summary: 'List saved templates',
    usage: '[--json]',
    options: { ...jsonOption },
    async run(args, io) {
      return withStore(io, (store) => {
        printRows(
          io,
          args,
          store.templates.list().map((t) => ({ name: t.name, kind: t.kind, length: t.body.length, first_line: t.body.split('\n')[0] })),
        );
        return 0;
      });
    },
  },
  {
    path: ['template', 'rm'],
    summary: 'Remove a saved template',
    usage: 'NAME',
    options: {},
    positionals: [1, 1],
    async run(args, io) {
      return withStore(io, (store) => {
        if (!store.templates.remove(args.positionals[0]!))
          throw new UsageError(`unknown template ${quoteInput(args.positionals[0])} (see: herald template list)`);
        io.out(`removed template ${args.positionals[0]}\n`);
        return 0;
      });
    },
  },
];
