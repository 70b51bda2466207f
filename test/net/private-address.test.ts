/** The private-address guard: which addresses count as private, and the HTTP client refusing them at send time. */
import { describe, expect, it } from 'vitest';
import { httpRequest } from '../../src/net/http-client.ts';
import { isPrivateAddress } from '../../src/net/private-address.ts';
import { startSink } from '../helpers/sink.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, not .1', '127.1.2.3'],
    ['RFC 1918 10/8', '10.1.2.3'],
    ['RFC 1918 172.16/12 low end', '172.16.0.1'],
    ['RFC 1918 172.16/12 high end', '172.31.255.255'],
    ['RFC 1918 192.168/16', '192.168.1.1'],
    ['link-local', '169.254.1.1'],
    ['cloud metadata', '169.254.169.254'],
    ['CGNAT low end', '100.64.0.1'],
    ['CGNAT high end', '100.127.255.254'],
    ['this network', '0.0.0.0'],
    ['multicast', '224.0.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['IPv6 unique local fc00::/7', 'fc00::1'],
    ['IPv6 unique local fd..', 'fd12:3456::1'],
    ['AWS metadata over IPv6', 'fd00:ec2::254'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 link-local, upper end of fe80::/10', 'febf::1'],
    ['IPv4-mapped, dotted', '::ffff:10.0.0.1'],
    ['IPv4-mapped loopback, dotted', '::ffff:127.0.0.1'],
    // What `new URL('http://[::ffff:127.0.0.1]/')` hands the transport: the same address in hex.
    ['IPv4-mapped loopback, hex (as URL parsing writes it)', '::ffff:7f00:1'],
    ['IPv4-mapped RFC 1918, hex', '::ffff:a00:1'],
    ['IPv4-mapped, fully written out', '0:0:0:0:0:ffff:a9fe:a9fe'],
    ['IPv4-compatible (deprecated) loopback', '::127.0.0.1'],
    ['NAT64 of loopback', '64:ff9b::7f00:1'],
    ['not an IP at all', 'localhost'],
  ])('%s: %s is private', (_what, ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '100.63.255.255',
    '169.253.1.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4007::200e',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    'fe00::1',
  ])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('the HTTP client and private addresses', () => {
  const post = (url: string, { allowPrivate }: { timeoutMs: number; allowPrivate: boolean }) =>
    httpRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' },
      { timeoutMs: 1000, maxBodyBytes: 65_536, oversize: 'truncate', maxRedirects: 0, decompress: false, allowPrivate },
    );

  it('refuses a loopback IP unless private targets are allowed', async () => {
    const sink = await startSink();
    await expect(post(`${sink.url}/hook`, { timeoutMs: 1000, allowPrivate: false })).rejects.toThrow(/127\.0\.0\.1 is a private or loopback address/);
    expect(sink.requests).toHaveLength(0);
    // The same request with the guard lifted reaches the sink, so the refusal above was the guard's.
    const answer = await post(`${sink.url}/hook`, { timeoutMs: 1000, allowPrivate: true });
    expect(answer.status).toBe(200);
    expect(sink.requests).toHaveLength(1);
  });

  it('refuses loopback written as an IPv4-mapped IPv6 literal', async () => {
    const sink = await startSink();
    const port = new URL(sink.url).port;
    const err = await post(`http://[::ffff:127.0.0.1]:${port}/hook`, { timeoutMs: 1000, allowPrivate: false }).catch(
      (e: unknown) => e as Error & { retry?: boolean },
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/private or loopback address/);
    expect((err as { retry?: boolean }).retry).toBe(false);
    expect(sink.requests).toHaveLength(0);
  });

  it('checks a host name at send time, on the address DNS returns', async () => {
    const sink = await startSink();
    const port = new URL(sink.url).port;
    // 'localhost' is not an IP, so only the lookup inside the connection can catch it.
    const err = await post(`http://localhost:${port}/hook`, { timeoutMs: 1000, allowPrivate: false }).catch((e: unknown) => e as Error & { retry?: boolean });
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^http: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address/);
    expect((err as { retry?: boolean }).retry).toBe(false);
    expect(sink.requests).toHaveLength(0);
  });
});
