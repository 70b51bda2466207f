import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.ts';
import { parseTargetUrl } from '../../src/channels/target-url.ts';

describe('targets written as URLs', () => {
  it.each([
    ['mattermost://chat.example.com/hooks/abc', undefined, 'mattermost'],
    ['kchat://team.kchat.infomaniak.com/hooks/abc', undefined, 'kchat'],
    ['slack://hooks.slack.com/services/T/B/X', undefined, 'slack'],
    ['https://hooks.slack.com/services/T/B/X', undefined, 'slack'],
    ['discord://discord.com/api/webhooks/1/tok', undefined, 'discord'],
    ['https://discord.com/api/webhooks/1/tok', undefined, 'discord'],
    ['https://discordapp.com/api/webhooks/1/tok', undefined, 'discord'],
    ['https://prod-1.westeurope.logic.azure.com/workflows/x?sig=s', undefined, 'teams'],
    ['https://chat.googleapis.com/v1/spaces/S/messages?key=k&token=t', undefined, 'googlechat'],
    ['https://ntfy.sh/my-topic', undefined, 'ntfy'],
    ['https://team.kchat.infomaniak.com/hooks/abc', undefined, 'kchat'],
    ['https://hooks.slack.com/services/T/B/X', 'webhook', 'webhook'],
    ['teams://prod-1.westeurope.logic.azure.com/workflows/x', undefined, 'teams'],
    ['googlechat://chat.googleapis.com/v1/spaces/S/messages?key=k&token=t', undefined, 'googlechat'],
    ['rocketchat://chat.example.com/hooks/id/tok', undefined, 'rocketchat'],
    ['ntfy://ntfy.sh/my-topic', undefined, 'ntfy'],
    ['webhook://127.0.0.1:8080/hook', undefined, 'webhook'],
    ['webhooks://example.com/hook', undefined, 'webhook'],
    ['https://chat.example.com/hooks/abc', 'mattermost', 'mattermost'],
    ['https://example.com/anything', 'webhook', 'webhook'],
    ['mailto:alice@example.com', undefined, 'email'],
    ['console:', undefined, 'console'],
  ])('%s → %s', (url, kind, expected) => {
    expect(parseTargetUrl(url, kind).kind).toBe(expected);
  });

  it('keeps the URL as given (service schemes stay; mailto is normalised)', () => {
    expect(parseTargetUrl('slack://hooks.slack.com/services/T/B/X')).toEqual({ kind: 'slack', url: 'slack://hooks.slack.com/services/T/B/X' });
    expect(parseTargetUrl('mailto:alice%40example.com')).toEqual({ kind: 'email', url: 'mailto:alice@example.com' });
    expect(parseTargetUrl('console:', 'console')).toEqual({ kind: 'console', url: 'console:' });
  });

  it.each([
    ['not a url', undefined, /is not a URL/],
    ['https://chat.example.com/hooks/abc', undefined, /--kind is needed/],
    ['https://chat.example.com/hooks/abc', 'icq', /unknown kind "icq"/],
    ['mailto:nobody', undefined, /"nobody" is not an email address/],
    ['ftp://example.com/x', undefined, /unsupported scheme "ftp:"/],
    ['slack://hooks.slack.com/x', 'discord', /does not match a slack:\/\/ URL/],
    ['mailto:alice@example.com', 'slack', /--kind slack does not take a mailto: URL/],
    ['mailto:alice@@example', undefined, /is not an email address/],
    ['https://example.com/x', 'email', /--kind email does not take an http URL/],
    ['https://example.com/x', 'console', /--kind console does not take an http URL/],
  ])('refuses %s clearly', (url, kind, message) => {
    expect(() => parseTargetUrl(url, kind)).toThrow(message);
    expect(() => parseTargetUrl(url, kind)).toThrow(UsageError);
  });

  it('never repeats the secret part of a URL in its errors', () => {
    expect(() => parseTargetUrl('https://chat.example.com/hooks/SECRET-123', undefined)).toThrow(/https:\/\/chat\.example\.com\/\*\*\*/);
    try {
      parseTargetUrl('https://chat.example.com/hooks/SECRET-123', undefined);
    } catch (err) {
      expect((err as Error).message).not.toContain('SECRET-123');
    }
  });
});
