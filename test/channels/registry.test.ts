import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/channels/address-check.ts';
import { postJson } from '../../src/channels/http-transport.ts';
import { parseTargetUrl } from '../../src/channels/registry.ts';

describe('targets written as URLs', () => {
  it.each([
    ['mattermost://chat.example.com/hooks/abc', undefined, 'mattermost'],
    ['kchat://team.kchat.infomaniak.com/hooks/abc', undefined, 'kchat'],
    ['slack://hooks.slack.com/services/T/B/X', undefined, 'slack'],
    ['https://hooks.slack.com/services/T/B/X', undefined, 'slack'],
    ['discord://discord.com/api/webhooks/1/tok', undefined, 'discord'],
    ['https://discord.com/api/webhooks/1/tok', undefined, 'discord'],
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

  it.each([
    ['not a url', undefined, /is not a URL/],
    ['https://chat.example.com/hooks/abc', undefined, /--kind is needed/],
    ['https://chat.example.com/hooks/abc', 'icq', /unknown kind "icq"/],
    ['mailto:nobody', undefined, /"nobody" is not an email address/],
    ['ftp://example.com/x', undefined, /unsupported scheme "ftp:"/],
    ['slack://hooks.slack.com/x', 'discord', /does not match a slack:\/\/ URL/],
  ])('refuses %s clearly', (url, kind, message) => {
    expect(() => parseTargetUrl(url, kind)).toThrow(message);
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

describe('private addresses', () => {
  it.each(['127.0.0.1', '127.1.2.3', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fc00::1', 'fd00:ec2::254', 'fe80::1', '::ffff:10.0.0.1', '224.0.0.1'])('%s is private', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });
  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111'])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('refuses a loopback IP, and a name that resolves to one, at send time', async () => {
    const spec = { url: 'http://127.0.0.1:9/x', headers: {}, body: '{}' };
    await expect(postJson(spec, { timeoutMs: 1000, allowPrivate: false })).rejects.toThrow(/127\.0\.0\.1 is a private or loopback address/);
    await expect(postJson({ ...spec, url: 'http://localhost:9/x' }, { timeoutMs: 1000, allowPrivate: false })).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), a private or loopback address/);
  });
});
