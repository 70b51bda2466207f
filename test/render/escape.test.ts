/** One test per escaping rule, per output format. */
import { describe, expect, it } from 'vitest';
import { escapeChat, escapeFor, escapeHtml, htmlToText } from '../../src/render/escape.ts';
import { renderAgenda, renderReminder, type OutputFormat } from '../../src/render/index.ts';
import { occurrence } from './fixtures.ts';

const zws = '\u200B';

describe('chat', () => {
  it.each([
    ['@channel', `@${zws}channel`],
    ['@here', `@${zws}here`],
    ['@all', `@${zws}all`],
    ['@everyone', `@${zws}everyone`],
    ['@Channel!', `@${zws}Channel!`],
    ['<!channel>', `<${zws}!channel>`],
    ['<!here>', `<${zws}!here>`],
    ['<!everyone>', `<${zws}!everyone>`],
    ['<!subteam^S123>', `<${zws}!subteam^S123>`],
  ])('defuses %s', (input, output) => {
    expect(escapeChat(`ping ${input} now`)).toBe(`ping ${output} now`);
  });

  it('lets mentions through when the target allows them', () => {
    expect(escapeChat('@here <!channel>', { allowMentions: true })).toBe('@here <!channel>');
  });

  it('leaves mention-like words inside e-mail addresses and longer names alone', () => {
    expect(escapeChat('write to team@all.example.com or @allison')).toBe('write to team@all.example.com or @allison');
  });

  it('cannot open a code block that swallows the rest of the message', () => {
    expect(escapeChat('a ```b')).toBe("a '''b");
  });

  it('keeps a single-line value on one line (CRLF, CR, LF) and drops control characters', () => {
    expect(escapeChat('one\r\ntwo\rthree\n\nfour\u0007', { singleLine: true })).toBe('one two three four');
    expect(escapeChat('one\r\ntwo')).toBe('one\ntwo');
  });

  it('writes no HTML entities', () => {
    expect(escapeChat('Q&A <draft> "x"')).toBe('Q&A <draft> "x"');
  });
});

describe('email HTML', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('does not defuse mentions (nobody is pinged by an e-mail)', () => {
    expect(escapeFor('html', '@channel')).toBe('@channel');
  });

  it("derives a readable text from an admin's HTML", () => {
    expect(
      htmlToText(
        '<html><head><title>x</title><style>p{}</style></head><body><h1>Hi &amp; welcome</h1><ul><li>one</li><li>two</li></ul><p>See <a href="https://x.example/a?b=1&amp;c=2">this</a>.</p></body></html>',
      ),
    ).toBe('Hi & welcome\n- one\n- two\n\nSee this (https://x.example/a?b=1&c=2).');
  });
});

describe('plain text', () => {
  it('is written as it is, on one line where the template asks', () => {
    expect(escapeFor('text', 'A & <B> @here')).toBe('A & <B> @here');
    expect(escapeFor('text', 'a\r\nb', { singleLine: true })).toBe('a b');
  });
});

describe('in rendered messages', () => {
  const nasty = occurrence({ summary: 'Hi @everyone\n<!here>', location: '<script>alert(1)</script>', description: '```\nrm -rf' });
  const formats: OutputFormat[] = ['chat', 'text', 'email'];

  it.each(formats)('the default reminder (%s) keeps the message intact', (format) => {
    const m = renderReminder({ template: null, occurrence: nasty, viewer: { zone: 'UTC', locale: 'en' }, format, minutesUntil: 3, late: false });
    if (format === 'chat') {
      expect(m.text).not.toMatch(/(^|[^\u200B])@everyone|<!here|```/);
      expect(m.text.split('\n')[0]).toContain(`Hi @${zws}everyone <${zws}!here>`);
    }
    if (format === 'email') {
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&lt;script&gt;');
      expect(m.text).toContain('<script>alert(1)</script>');
    }
    if (format === 'text') expect(m.text.split('\n')[0]).toBe('Reminder: Hi @everyone <!here> (in 3 minutes)');
  });

  it('a chat digest defuses mentions in every event, unless allowed', () => {
    const input = {
      template: null,
      occurrences: [nasty],
      viewer: { zone: 'UTC', locale: 'en' },
      format: 'chat' as const,
      periodStart: '2026-11-24',
      periodEnd: '2026-11-25',
      weekly: false,
      calendarNames: ['@here'],
      userName: 'a',
      unsubscribeUrl: null,
    };
    expect(renderAgenda(input)[0]!.text).toContain(`Hi @${zws}everyone`);
    expect(renderAgenda({ ...input, allowMentions: true })[0]!.text).toContain('Hi @everyone');
  });
});
