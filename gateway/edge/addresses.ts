import type { IncomingMessage } from 'node:http';
import { isIP, type BlockList } from 'node:net';
import { addressList } from '../../core/config/sections/edge.js';

/** The ranges Express (proxy-addr) means by these names, so `trust proxy` reads the same here. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** A membership test over addresses and CIDR ranges (IPv4-mapped IPv6 matches IPv4 rules). */
export type AddressMatcher = (address: string) => boolean;

export function addressMatcher(entries: readonly string[]): AddressMatcher {
  const list: BlockList = addressList(entries.flatMap((e) => NAMED_RANGES[e] ?? [e]));
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, so one client has one key whatever the socket family. */
export function canonicalAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client address of a request: the socket peer, or, while that peer is a trusted proxy,
 * the next address to the left in X-Forwarded-For (the algorithm of Express's `req.ip`). Used
 * for WebSocket upgrades, which never pass through Express.
 */
export function clientAddress(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  trusted: AddressMatcher,
): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  while (trusted(address) && forwarded.length > 0) address = forwarded.pop()!;
  return canonicalAddress(address);
}
