import { describe, expect, it } from 'vitest';
import { loadTemplate, validateTemplate } from '../../src/render/index.ts';

describe('template validation on save', () => {
  it("accepts the seed's template and Mustache", () => {
    expect(validateTemplate("N'oubliez pas de %subject% pour le %date%.\nLieu : %location%", { kind: 'reminder', format: 'chat' })).toEqual([]);
    expect(validateTemplate('{{#location}}at {{location}}{{/location}} {{t.reminder}} {{> agenda-line}}', { kind: 'reminder', format: 'chat' })).toEqual([]);
  });

  it('names an unknown placeholder and where it is', () => {
    expect(validateTemplate('Hello\n  %subjet% at %date%', { kind: 'reminder', format: 'chat' })).toEqual([
      { message: 'unknown placeholder %subjet% (did you mean %subject%?)', line: 2, column: 3 },
    ]);
  });

  it('names an unknown variable, text or partial', () => {
    const problems = validateTemplate('{{subjekt}} {{t.nope}} {{> missing-partial}}', { kind: 'reminder', format: 'chat' });
    expect(problems.map((p) => p.message)).toEqual([
      'unknown variable {{subjekt}} (did you mean {{subject}}?)',
      'unknown text {{t.nope}}',
      'unknown partial {{> missing-partial}} (no templates/missing-partial.mustache)',
    ]);
    expect(problems[0]).toMatchObject({ line: 1, column: 1 });
  });

  it('digest variables are known to digest templates only', () => {
    expect(validateTemplate('{{#events}}{{subject}}{{/events}} {{unsubscribe_url}}', { kind: 'agenda', format: 'email' })).toEqual([]);
    expect(validateTemplate('{{unsubscribe_url}}', { kind: 'reminder', format: 'chat' }).map((p) => p.message)).toEqual([
      'unknown variable {{unsubscribe_url}}',
    ]);
  });

  it('refuses unbalanced sections with their position', () => {
    const [p] = validateTemplate('ok\n{{#location}}at {{location}}', { kind: 'reminder', format: 'chat' });
    expect(p!.message).toMatch(/template syntax: Unclosed section "location"/);
    expect(p!.line).toBe(2);
    const [q] = validateTemplate('{{/location}}', { kind: 'reminder', format: 'chat' });
    expect(q!.message).toMatch(/Unopened section "location"/);
  });

  it("refuses a template whose sample rendering is over the target's size limit", () => {
    const long = `%description% ${'x'.repeat(1990)}`;
    const [p] = validateTemplate(long, { kind: 'reminder', format: 'chat', maxLength: 2000 });
    expect(p!.message).toMatch(/renders to \d+ characters, over the target's limit of 2000/);
    expect(validateTemplate('%subject%', { kind: 'reminder', format: 'chat', maxLength: 2000 })).toEqual([]);
  });

  it("points into the admin's text even after %placeholders% on the same line", () => {
    expect(validateTemplate('%subject% %location% {{locaton}}', { kind: 'reminder', format: 'chat' })).toEqual([
      { message: 'unknown variable {{locaton}} (did you mean {{location}}?)', line: 1, column: 22 },
    ]);
    const [p] = validateTemplate('%date%\n%subject% {{#late}}late', { kind: 'reminder', format: 'chat' });
    expect(p).toMatchObject({ line: 2, column: 11 });
  });

  it('names placeholders written in capitals, which would otherwise print as they are', () => {
    expect(validateTemplate('%Subject% on %DATE%', { kind: 'reminder', format: 'text' }).map((p) => p.message)).toEqual([
      'unknown placeholder %Subject% (did you mean %subject%?)',
      'unknown placeholder %DATE% (did you mean %date%?)',
    ]);
  });

  it('gives no hint when nothing is near', () => {
    expect(validateTemplate('{{zzzzzzzz}}', { kind: 'reminder', format: 'chat' }).map((p) => p.message)).toEqual(['unknown variable {{zzzzzzzz}}']);
  });

  it('accepts every default template for its kind and format', () => {
    for (const [name, kind, format] of [
      ['reminder.chat', 'reminder', 'chat'],
      ['reminder.text', 'reminder', 'text'],
      ['reminder.email', 'reminder', 'email'],
      ['agenda.chat', 'agenda', 'chat'],
      ['agenda.text', 'agenda', 'text'],
      ['agenda.email', 'agenda', 'email'],
    ] as const) {
      expect(validateTemplate(loadTemplate(name).body, { kind, format, maxLength: format === 'email' ? undefined : 4000 }), name).toEqual([]);
    }
  });

  it('a digest over the limit is split, so only an event too long for one message is refused', () => {
    expect(validateTemplate('{{#events}}{{subject}} {{description}}\n{{/events}}', { kind: 'agenda', format: 'chat', maxLength: 400 })).toEqual([]);
    const [p] = validateTemplate('{{#events}}{{subject}} {{description}}\n{{/events}}', { kind: 'agenda', format: 'chat', maxLength: 100 });
    expect(p!.message).toMatch(/over the target's limit of 100/);
  });
});
