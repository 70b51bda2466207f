import { isIP } from 'node:net';

/**
 * Is this address one a webhook must not reach by default: loopback, private (RFC 1918, ULA),
 * link-local, CGNAT, "this network", or a cloud metadata service? A target pointing there could be
 * used to probe the machine herald runs on.
 */
export function isPrivateAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) return privateV4(address);
  if (v === 6) {
    const a = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return privateV4(mapped[1]!);
    return a === '::1' || a === '::' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('fd00:ec2::');
  }
  return true; // not an IP at all: refuse rather than guess
}

function privateV4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number, number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}
