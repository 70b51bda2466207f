import { removeTemplate, saveTemplate } from '../../manage/templates.ts';
import { templateView } from '../../manage/views.ts';
import { jsonOption, printRows, type Command } from '../command.ts';
import { fieldsOf, manageContext, withStore } from '../store-access.ts';

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
      return withStore(io, (store) => {
        const t = saveTemplate(manageContext(io, store), fieldsOf(args, args.positionals[0]));
        io.out(`saved template ${t.name}\n`);
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
        printRows(io, args, store.templates.list().map(templateView));
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
        removeTemplate(manageContext(io, store), args.positionals[0]!);
        io.out(`removed template ${args.positionals[0]}\n`);
        return 0;
      });
    },
  },
];
