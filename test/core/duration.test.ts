import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.ts';

describe('durations', () => {
  it.each([
    ['10m', 600],
    ['1h', 3600],
    ['1d', 86400],
    ['1h30m', 5400],
    ['2w', 1209600],
    ['45s', 45],
    [' 5M ', 300],
  ])('parses %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
    expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });

  it.each(['', '10', 'm', '10 minutes', '1h-', '-5m', '1y'])('refuses %j with a message naming it', (text) => {
    expect(() => parseDuration(text)).toThrow(`bad duration "${text}"`);
  });
});
