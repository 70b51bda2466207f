import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Is this address one a webhook must not reach by default: loopback, private (RFC 1918, ULA),
 * link-local, CGNAT, "this network", or a cloud metadata service? A target pointing there could be
 * used to probe the machine herald runs on.
 */
export function isPrivateAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) return privateV4(address);
  if (v === 6) {
    const groups = ipv6Groups(address.toLowerCase());
    // An IPv4 address inside IPv6 (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d) reaches that IPv4
    // address, and URL parsing writes it in hex (http://[::ffff:127.0.0.1]/ → [::ffff:7f00:1]).
    const embedded = embeddedV4(groups);
    if (embedded) return privateV4(embedded);
    const first = groups[0]!;
    const allZero = groups.every((g) => g === 0);
    const loopback = groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
    return (
      allZero ||
      loopback ||
      (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
      (first & 0xffc0) === 0xfe80 || // fe80::/10 link-local
      (first & 0xffc0) === 0xfec0 || // fec0::/10 old site-local
      (first & 0xff00) === 0xff00 // multicast
    );
  }
  return true; // not an IP at all: refuse rather than guess
}

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail counts as two). */
function ipv6Groups(a: string): number[] {
  const zone = a.indexOf('%');
  let s = zone >= 0 ? a.slice(0, zone) : a;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (tail) {
    const [b0, b1, b2, b3] = tail.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, tail.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function embeddedV4(g: number[]): string | null {
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  const mapped = zeros(5) && g[5] === 0xffff;
  const translated = zeros(4) && g[4] === 0xffff && g[5] === 0; // ::ffff:0:a.b.c.d (SIIT)
  const compatible = zeros(6) && (g[6] !== 0 || (g[7] ?? 0) > 1); // ::a.b.c.d (deprecated), not :: or ::1
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !translated && !compatible && !nat64) return null;
  const hi = g[6] ?? 0;
  const lo = g[7] ?? 0;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
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

/**
 * A `lookup` for http.request / net.connect that resolves a name and refuses it when any address
 * DNS returned is forbidden. It runs inside the connection's own lookup, so the address checked is
 * the one connected to (a name that resolved to a public address when a target was saved but
 * resolves to a private one at send time is caught), and it runs for every new connection of every
 * redirect hop. Node skips the lookup for an IP-literal host: check those before connecting.
 *
 * `refuse` makes the error the connection fails with (it reaches the request's 'error' event as is).
 */
export function guardedLookup(isForbidden: (ip: string) => boolean, refuse: (hostname: string, address: string) => Error): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      const bad = list.find((a) => isForbidden(a.address));
      if (bad) return callback(refuse(hostname, bad.address), '', 0);
      // With autoSelectFamily (Happy Eyeballs, on by default) net asks for every address.
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
