import { BlockList, isIP } from 'node:net';

/** What the caller's address is read from: the connection, and `X-Forwarded-For` behind a trusted proxy. */
export interface AddressedRequest {
  socket: { remoteAddress?: string | undefined };
  headers: Record<string, string | string[] | undefined>;
}

/** An IPv4 address written as IPv6 (`::ffff:203.0.113.7`, from a dual-stack socket) as IPv4. */
function unmapped(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/**
 * The budget an address is counted under: an IPv4 address itself, an IPv6 address's /64 (one
 * subscriber's network is a /64, and any of its 2^64 addresses is theirs to use: counted one by
 * one, each new address would bring a fresh budget).
 *
 * @example
 * addressBudgetKey('2001:db8:1:2:aaaa::1'); // 'ip:2001:db8:1:2::/64'
 */
export function addressBudgetKey(address: string): string {
  if (isIP(address) !== 6) {
    return `ip:${address}`;
  }
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `ip:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A `TRUSTED_PROXIES` entry, read: a network (a single address is the network of its full width). */
export interface TrustedNetwork {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * A `TRUSTED_PROXIES` entry, an address or a network in CIDR form, as a network; `undefined` when
 * it is neither (a name, a prefix wider than the address, a second `/`).
 *
 * @example
 * trustedNetwork('10.0.0.0/8'); // { address: '10.0.0.0', prefix: 8, family: 'ipv4' }
 * trustedNetwork('fd00::1'); // { address: 'fd00::1', prefix: 128, family: 'ipv6' }
 */
export function trustedNetwork(entry: string): TrustedNetwork | undefined {
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  const widest = family === 6 ? 128 : 32;
  if (
    family === 0 ||
    extra !== undefined ||
    (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= widest))
  ) {
    return undefined;
  }
  return { address, prefix: bits === undefined ? widest : Number(bits), family: family === 6 ? 'ipv6' : 'ipv4' };
}

/**
 * The caller's address, for the per-address budget. Directly, the connection's peer. Behind load
 * balancers or ingresses named in `TRUSTED_PROXIES`, `X-Forwarded-For` is read from its right
 * (each proxy appends the address it was called from) past every trusted hop: the first address
 * not trusted is the caller's. Entries to the left of it were written by the caller and are never
 * believed; a hop that is no address ends the walk at the last trusted one (a port written
 * with an address is dropped).
 *
 * @example
 * const clientAddress = clientAddressReader(config.trustedProxies); // TRUSTED_PROXIES=10.0.0.0/8
 * clientAddress({ socket: { remoteAddress: '10.0.0.5' }, headers: { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' } });
 * // '203.0.113.7'
 */
export function clientAddressReader(trustedProxies: readonly TrustedNetwork[]): (req: AddressedRequest) => string {
  const peer = (req: AddressedRequest) => unmapped(req.socket.remoteAddress ?? 'unknown');
  if (trustedProxies.length === 0) {
    return peer;
  }
  const trusted = new BlockList();
  for (const { address, prefix, family } of trustedProxies) {
    trusted.addSubnet(address, prefix, family);
  }
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (req) => {
    let address = peer(req);
    const header = req.headers['x-forwarded-for'];
    if (!isTrusted(address) || header === undefined) {
      return address;
    }
    const hops = (Array.isArray(header) ? header.join(',') : header).split(',');
    for (let i = hops.length - 1; i >= 0 && isTrusted(address); i--) {
      // Some balancers write the port too: `203.0.113.7:41234`, `[2001:db8::7]:41234`.
      const written = (hops[i] as string).trim();
      const hop = unmapped(written.replace(/^\[(.*)\](?::\d+)?$|^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1$2'));
      if (isIP(hop) === 0) {
        break;
      }
      address = hop;
    }
    return address;
  };
}
