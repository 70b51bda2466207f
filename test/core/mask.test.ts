import { describe, expect, it } from 'vitest';
import { maskEmail, maskUrl, redact, registerSecret, truncate } from '../../src/core/mask.ts';

describe('masking secrets', () => {
  it.each([
    ['https://chat.example.com/hooks/abc123secret', 'https://chat.example.com/***'],
    ['https://hooks.slack.com/services/T0/B0/XyZ', 'https://hooks.slack.com/***'],
    ['https://user:pw@cal.example.com/a.ics?token=t', 'https://***@cal.example.com/***'],
    ['https://example.com/', 'https://example.com'],
    ['mailto:alice@example.com', 'mailto:a***@example.com'],
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
