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
