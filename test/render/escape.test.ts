/** One test per escaping rule, per output format. */
import { describe, expect, it } from 'vitest';
import { escapeChat, escapeFor, escapeHtml, htmlToText } from '../../src/render/escape.ts';
import { renderAgenda, renderReminder, type ChatDialect, type OutputFormat } from '../../src/render/index.ts';
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
      // Markdown (the default chat dialect) shows the tag's brackets as written: escaped.
      expect(m.text.split('\n')[0]).toContain(`Hi @${zws}everyone \\<${zws}!here\\>`);
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

describe('chat dialects (src/render/dialects.ts)', () => {
  const value = (dialect: ChatDialect, text: string) => escapeFor('chat', text, { dialect });
  const slackTemplate = { name: 'slack-admin', body: '<https://example.com|Open> <!channel> *%subject%* [x](y) **z**' };
  const render = (dialect: ChatDialect, template: { name: string; body: string } | null, summary: string) =>
    renderReminder({
      template,
      occurrence: occurrence({ summary, meetingUrl: 'https://zoom.us/j/1?pwd=a_b' }),
      viewer: { zone: 'UTC', locale: 'en' },
      format: 'chat',
      dialect,
      minutesUntil: 5,
      late: false,
    }).text;

  it("slack: & < > in values become entities; the admin's own mrkdwn, links and <!channel> go as written", () => {
    expect(value('slack', 'Q&A <b> <!here> *x*')).toBe(`Q&amp;A &lt;b&gt; &lt;${zws}!here&gt; *x*`);
    expect(render('slack', slackTemplate, 'Q&A <review>')).toBe('<https://example.com|Open> <!channel> *Q&amp;A &lt;review&gt;* [x](y) **z**');
  });

  it("slack: herald's own Markdown is translated: **bold** → *bold*, [label](url) → <url|label>", () => {
    const text = render('slack', null, 'Review');
    expect(text.split('\n')[0]).toBe('🔔 *Review* in 5 minutes');
    expect(text).toContain('🎥 <https://zoom.us/j/1?pwd=a_b|Join (Zoom)>');
  });

  it('markdown (Mattermost, kChat, Rocket.Chat): ** and a leading # in a title cannot change the formatting', () => {
    expect(value('markdown', '# **Q4** [x](y) <b> a|b `c` ~d~')).toBe('\\# \\*\\*Q4\\*\\* \\[x\\](y) \\<b\\> a\\|b \\`c\\` \\~d\\~');
    expect(value('markdown', '- item\n> quote\n1. first\n=== ')).toBe('\\- item\n\\> quote\n1\\. first\n\\=== ');
    // snake_case and addresses stay readable; a URL inside a value stays a working link.
    expect(value('markdown', 'see snake_case at https://x.test/a_b*c or _this_')).toBe('see snake_case at https://x.test/a_b*c or \\_this\\_');
    expect(render('markdown', { name: 'mm', body: '#### %subject%' }, '# **Q4**')).toBe('#### \\# \\*\\*Q4\\*\\*');
  });

  it('discord: as markdown; teams: only what an Adaptive Card renders; google chat: a zero-width space breaks the marks', () => {
    expect(value('discord', '||spoiler|| # h <@123>')).toBe('\\|\\|spoiler\\|\\| # h \\<@123\\>');
    expect(value('teams', '**b** <i> _i_ - x')).toBe('\\*\\*b\\*\\* <i> \\_i\\_ - x');
    expect(value('googlechat', '*b* <users/all> snake_case')).toBe(`${zws}*b${zws}* <${zws}users/all> snake_case`);
    expect(render('googlechat', null, 'Review').split('\n')[0]).toBe('🔔 *Review* in 5 minutes');
  });

  it('a URL value is percent-encoded where the link syntax needs it', () => {
    const url = 'https://x.test/a(b)|c d';
    expect(escapeFor('chat', url, { dialect: 'markdown', url: true })).toBe('https://x.test/a%28b%29|c%20d');
    expect(escapeFor('chat', `${url}&e`, { dialect: 'slack', url: true })).toBe('https://x.test/a(b)%7Cc%20d&amp;e');
  });

  it("an admin's template is never translated; herald's partials are, inside it", () => {
    const tpl = { name: 'a', body: '**%subject%** {{> agenda-line}}' };
    expect(render('slack', tpl, 'Review')).toMatch(/^\*\*Review\*\* - \d\d:\d\d–\d\d:\d\d \*Review\*/);
  });
});
