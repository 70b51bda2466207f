import { describe, expect, it } from 'vitest';
import { maskEmail, maskUrl, redact, registerSecret, truncate } from '../../src/core/mask.ts';

describe('masking secrets', () => {
  it.each([
    ['https://chat.example.com/hooks/abc123secret', 'https://chat.example.com/***'],
    ['https://hooks.slack.com/services/T0/B0/XyZ', 'https://hooks.slack.com/***'],
    ['https://user:pw@cal.example.com/a.ics?token=t', 'https://***@cal.example.com/***'],
    ['https://example.com/', 'https://example.com'],
    ['mailto:alice@example.com', 'mailto:a***@example.com'],
    ['console:', 'console:'],
    ['not a url', '***'],
  ])('maskUrl(%s) = %s', (input, expected) => {
    expect(maskUrl(input)).toBe(expected);
  });

  it('masks email addresses', () => {
    expect(maskEmail('bob@example.org')).toBe('b***@example.org');
    expect(maskEmail('nonsense')).toBe('***');
  });

  it('redacts registered secrets and every URL in free text', () => {
    registerSecret('https://discord.com/api/webhooks/123/tok-en-SECRET');
    const text = 'POST failed for /api/webhooks/123/tok-en-SECRET: see https://discord.com/api/webhooks/123/tok-en-SECRET';
    const out = redact(text);
    expect(out).not.toContain('tok-en-SECRET');
    expect(out).toContain('https://discord.com/***');
  });

  it('truncates long bodies and says by how much', () => {
    expect(truncate('x'.repeat(310), 300)).toMatch(/… \(10 more characters\)$/);
    expect(truncate('short')).toBe('short');
  });
});

describe('redacting many registered secrets', () => {
  const token = (i: number) => `/hooks/${((i * 2654435761) >>> 0).toString(36)}x${i}`;

  it('finds each of 20,000 secrets, at the start, the end and inside a text', () => {
    for (let i = 0; i < 20_000; i++) registerSecret(`https://chat${i % 7}.example.com${token(i)}`);
    for (const i of [0, 1, 9_999, 19_999]) {
      const t = token(i);
      expect(redact(`${t} was refused`)).toBe('*** was refused');
      expect(redact(`refused: ${t}`)).toBe('refused: ***');
      expect(redact(`a${t}b and again ${t}`)).toBe('a***b and again ***');
    }
    expect(redact('nothing secret here, /hooks/ alone is fine')).toBe('nothing secret here, /hooks/ alone is fine');
  });

  it('merges overlapping secrets and those sharing their last characters', () => {
    registerSecret('tok-AAAA-shared-end');
    registerSecret('xyz-BBBB-shared-end');
    registerSecret('AAAA-shared-end-and-more');
    expect(redact('[tok-AAAA-shared-end-and-more]')).toBe('[***]');
    expect(redact('xyz-BBBB-shared-end|tok-AAAA-shared-end')).toBe('***|***');
  });

  it('still removes a short password wherever it appears', () => {
    registerSecret('https://bob:pw123@cal.example.com/cal.ics');
    expect(redact('login failed with pw123 twice: pw123')).toBe('login failed with *** twice: ***');
  });
});

describe('secrets echoed back in pieces', () => {
  it("masks a URL's path segments and query values alone, decoded and URL-encoded", () => {
    registerSecret('https://chat.example.com/hooks/k7Qm2xSECRETseg/extra?token=Tq9SECRETquery&x=1');
    for (const echo of [
      'service said: token=k7Qm2xSECRETseg invalid',
      'hook %2Fhooks%2Fk7Qm2xSECRETseg not found',
      'unknown query value Tq9SECRETquery',
      'callback=https%3A%2F%2Fchat.example.com%2Fhooks%2Fk7Qm2xSECRETseg%2Fextra%3Ftoken%3DTq9SECRETquery%26x%3D1',
      'lower-case escapes: https%3a%2f%2fchat.example.com%2fhooks%2fk7Qm2xSECRETseg',
    ]) {
      const out = redact(echo);
      expect(out).not.toMatch(/SECRET/);
    }
    // Plain words of the URL stay readable.
    expect(redact('the hooks endpoint and extra fields')).toBe('the hooks endpoint and extra fields');
  });

  it('masks the URL-encoded form of a token with reserved characters', () => {
    registerSecret('https://api.telegram.org/bot123456:AAEsecretTok/sendMessage?chat_id=-100200300');
    expect(redact('GET /bot123456%3AAAEsecretTok/sendMessage failed')).not.toContain('AAEsecretTok');
    expect(redact('sendMessage failed')).toBe('sendMessage failed');
    registerSecret('p@ss/word:with spaces');
    expect(redact('auth=p%40ss%2Fword%3Awith%20spaces')).toBe('auth=***');
  });

  it('stays one pass: 20,000 URL secrets with segments and encoded forms redact a long text quickly', () => {
    for (let i = 0; i < 20_000; i++) registerSecret(`https://h${i % 13}.example.com/hooks/${(i * 7919).toString(36)}Zq${i}/p?sig=s${i}Xy${i * 31}`);
    const text = 'ordinary log line with nothing secret in it, repeated. '.repeat(2_000);
    const started = performance.now();
    for (let round = 0; round < 5; round++) expect(redact(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(redact(`x ${(19_999 * 7919).toString(36)}Zq19999 y`)).toBe('x *** y');
  });
});
