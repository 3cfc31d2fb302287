import { describe, expect, it } from 'vitest';
import { addressBudgetKey, clientAddressReader, type TrustedNetwork, trustedNetwork } from './client-address.js';

/** `TRUSTED_PROXIES` entries, read as the configuration reads them. */
const trusted = (...entries: string[]) => entries.map((entry) => trustedNetwork(entry) as TrustedNetwork);

const request = (peer: string, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress: peer },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddressReader', () => {
  it('takes the connection’s peer, ignoring X-Forwarded-For, when no proxy is trusted', () => {
    const read = clientAddressReader([]);
    expect(read(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    expect(read(request('::ffff:203.0.113.7'))).toBe('203.0.113.7');
  });

  it('reads X-Forwarded-For from the right past trusted hops only', () => {
    const read = clientAddressReader(trusted('10.0.0.0/8', '192.168.1.10', 'fd00::/8'));
    // The balancer appended the address it was called from; what the caller wrote is to its left.
    expect(read(request('10.0.0.5', '198.51.100.9, 203.0.113.7'))).toBe('203.0.113.7');
    // Two trusted hops: an ingress behind a balancer.
    expect(read(request('::ffff:10.0.0.5', '203.0.113.7, 192.168.1.10'))).toBe('203.0.113.7');
    expect(read(request('10.0.0.5', ['198.51.100.9', '203.0.113.7, fd00::1']))).toBe('203.0.113.7');
    // A port written with the address, IPv6 in brackets.
    expect(read(request('10.0.0.5', '203.0.113.7:41234'))).toBe('203.0.113.7');
    expect(read(request('10.0.0.5', '[2001:db8::7]:41234'))).toBe('2001:db8::7');
    // No header from a trusted peer: the peer.
    expect(read(request('10.0.0.5'))).toBe('10.0.0.5');
    // Every hop trusted: the leftmost.
    expect(read(request('10.0.0.5', '10.1.1.1, 10.2.2.2'))).toBe('10.1.1.1');
  });

  it('never believes X-Forwarded-For from a peer it does not trust, nor a hop that is no address', () => {
    const read = clientAddressReader(trusted('10.0.0.0/8'));
    expect(read(request('203.0.113.7', '10.0.0.1'))).toBe('203.0.113.7');
    expect(read(request('10.0.0.5', '198.51.100.1, unknown'))).toBe('10.0.0.5');
    expect(read(request('10.0.0.5', '198.51.100.1, '))).toBe('10.0.0.5');
  });
});

describe('addressBudgetKey', () => {
  it('counts an IPv4 address by itself and an IPv6 address by its /64', () => {
    expect(addressBudgetKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressBudgetKey('2001:db8:1:2:aaaa::1')).toBe('ip:2001:db8:1:2::/64');
    expect(addressBudgetKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('ip:2001:db8:1:2::/64');
    expect(addressBudgetKey('2001:db8::1')).toBe('ip:2001:db8:0:0::/64');
    expect(addressBudgetKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(addressBudgetKey('unknown')).toBe('ip:unknown');
  });
});
