/** `--template NAME|@FILE` and `--template-text TEXT`: the flags of the commands that set a target's or digest's template (checked in manage/template-ref.ts). */
import type { OptionSpec } from './command.ts';

export const templateOptions: OptionSpec = { template: { type: 'string' }, 'template-text': { type: 'string' } };

export const templateHelp = `  --template T       a saved template's name (herald template list), a built-in one (reminder.chat,
                     reminder.text, …, agenda.chat …), or @FILE to read one from a file
  --template-text X  the template's text itself`;
