/** Issue 12, point 2: a template reference names a template (stored, built-in, or @file); text is given as text. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveTemplate } from '../../src/render/index.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

let dir: string;
let db: string;
const add = (name: string, ...flags: string[]) =>
  runCli(db, ['target', 'add', name, '--user', 'alice', '--url', 'webhooks://hooks.example.com/in', ...flags], {}, dir);
const storedRef = (name: string) => {
  const store = openStore(db, () => Date.now());
  try {
    return store.targets.byName(name)?.template;
  } finally {
    store.close();
  }
};

beforeEach(async () => {
  dir = tempDir();
  db = join(dir, 'h.db');
  expect((await runCli(db, ['user', 'add', 'alice', '--tz', 'Europe/Zurich', '--plan', 'business'])).code).toBe(0);
  expect((await runCli(db, ['template', 'add', 'mdt', '--kind', 'reminder', '--text', '**%subject%** %date%'])).code).toBe(0);
});

describe('--template', () => {
  it('a mistyped name is a usage error naming the known templates, and nothing is added', async () => {
    const typo = await add('t1', '--template', 'mdtt');
    expect(typo.code).toBe(2);
    expect(typo.err).toBe(
      'herald: --template: no template named "mdtt" (saved: mdt; built-in: reminder.chat, reminder.text, reminder.email); read a file with --template @PATH, give text with --template-text\n',
    );
    const path = await add('t2', '--template', '/path/file.tpl');
    expect(path.code).toBe(2);
    expect(path.err).toMatch(/^herald: --template: no template named "\/path\/file\.tpl" .*--template @PATH/);
    expect((await runCli(db, ['target', 'list', '--json'])).out).toBe('');
  });

  it('names a saved or a built-in template; an agenda template is refused for reminders', async () => {
    expect((await add('t1', '--template', 'mdt')).code).toBe(0);
    expect((await add('t2', '--template', 'reminder.text')).code).toBe(0);
    expect([storedRef('t1'), storedRef('t2')]).toEqual(['mdt', 'reminder.text']);
    const agenda = await add('t3', '--template', 'agenda.chat');
    expect(agenda.code).toBe(2);
    expect(agenda.err).toBe('herald: --template: "agenda.chat" is an agenda template, this needs a reminder template\n');
  });

  it('@FILE reads a template from a file, checked; a missing or invalid file is a usage error', async () => {
    writeFileSync(join(dir, 'good.tpl'), 'Bientôt: %subject%');
    writeFileSync(join(dir, 'bad.tpl'), 'Bientôt: %subjet%');
    expect((await add('t1', '--template', '@good.tpl')).code).toBe(0);
    expect(storedRef('t1')).toBe('text:Bientôt: %subject%');
    const bad = await add('t2', '--template', '@bad.tpl');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^herald: template "bad\.tpl" line 1, column 10: unknown placeholder %subjet% \(did you mean %subject%\?\)/);
    const missing = await add('t3', '--template', '@nope.tpl');
    expect(missing).toMatchObject({ code: 2, err: `herald: --template @nope.tpl: no such file ${join(dir, 'nope.tpl')}\n` });
  });

  it('inline text needs --template-text, and is listed as text', async () => {
    expect((await add('t1', '--template-text', 'mdtt')).code).toBe(0);
    expect(storedRef('t1')).toBe('text:mdtt');
    expect(JSON.parse((await runCli(db, ['target', 'list', '--json'])).out)).toMatchObject({ template: 'text: mdtt' });
    expect((await add('t2', '--template', 'mdt', '--template-text', 'x')).err).toBe('herald: give --template or --template-text, not both\n');
  });

  it('digest add takes the same forms, for agenda templates', async () => {
    await runCli(db, ['calendar', 'add', 'team', '--user', 'alice', '--file', join(import.meta.dirname, '..', '..', 'data', 'example-team.ics')]);
    const base = ['digest', 'add', 'morning', '--user', 'alice', '--calendar', 'team', '--email', '--at', '07:00'];
    await runCli(db, ['user', 'set', 'alice', '--email', 'alice@example.com']);
    const typo = await runCli(db, [...base, '--template', 'agenda.chta'], {}, dir);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/^herald: --template: no template named "agenda\.chta" \(saved: none; built-in: agenda\.chat, agenda\.text, agenda\.email\)/);
    expect((await runCli(db, [...base, '--template-text', '{{count_text}} — {{date}}'], {}, dir)).code).toBe(0);
  });
});

describe('references stored by earlier versions', () => {
  it('a bare inline body still renders; a one-word reference to no template is an error, never the message', () => {
    const store = openStore(db, () => Date.now());
    try {
      expect(resolveTemplate(store, 'Rappel : %subject% le %date%')).toEqual({ name: 'inline', body: 'Rappel : %subject% le %date%' });
      expect(resolveTemplate(store, 'mdt')).toEqual({ name: 'mdt', body: '**%subject%** %date%' });
      expect(() => resolveTemplate(store, 'mdtt')).toThrow('template "mdtt" does not exist (see: herald template list)');
    } finally {
      store.close();
    }
  });
});
