import { addressMatcher, canonicalAddress, clientAddress } from '../../../../gateway/edge/addresses.js';

const request = (remoteAddress: string, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress } as never,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('edge addresses', () => {
  it('matches named ranges, CIDRs and single addresses, IPv4-mapped IPv6 included', () => {
    const trusted = addressMatcher(['loopback', '10.1.0.0/16', '2001:db8::7']);
    expect(trusted('127.0.0.1')).toBe(true);
    expect(trusted('::1')).toBe(true);
    expect(trusted('::ffff:127.0.0.1')).toBe(true);
    expect(trusted('10.1.200.3')).toBe(true);
    expect(trusted('10.2.0.1')).toBe(false);
    expect(trusted('2001:db8::7')).toBe(true);
    expect(trusted('2001:db8::8')).toBe(false);
    expect(trusted('not-an-address')).toBe(false);
    expect(addressMatcher([])('127.0.0.1')).toBe(false);
  });

  it('walks X-Forwarded-For from the right only through trusted proxies (like Express req.ip)', () => {
    const trusted = addressMatcher(['loopback', '10.0.0.0/8']);
    // Direct client: the header is not trusted.
    expect(clientAddress(request('203.0.113.9', '1.2.3.4'), trusted)).toBe('203.0.113.9');
    // Through a trusted proxy: the address it saw.
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), trusted)).toBe('203.0.113.9');
    // Two trusted hops, and a spoofed entry further left that is ignored.
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', ['6.6.6.6', '203.0.113.9']), trusted)).toBe('203.0.113.9');
    // A trusted peer without the header is the client itself.
    expect(clientAddress(request('::ffff:127.0.0.1'), trusted)).toBe('127.0.0.1');
  });

  it('gives one key to one client whatever the socket family', () => {
    expect(canonicalAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalAddress('2001:db8::1')).toBe('2001:db8::1');
  });
});
