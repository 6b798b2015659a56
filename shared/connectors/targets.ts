import { BlockList, isIP } from 'node:net';

/**
 * Where the deployment may send a request it is told to send (a webhook's URL): HTTPS to a
 * public address only. Loopback is allowed where the runtime says so (locally, to reach a
 * receiver on the same machine). Checked when a subscription is made and again, after the
 * name is resolved, on every delivery: a name that resolves somewhere else later is caught.
 */
export interface TargetPolicy {
  allowLoopback: boolean;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Addresses that are not the public internet's (RFC 6890 and its IPv6 counterparts). */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 one. */
function plainAddress(address: string): { plain: string; family: 'ipv4' | 'ipv6' } | undefined {
  const plain = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  const version = isIP(plain);
  return version ? { plain, family: version === 6 ? 'ipv6' : 'ipv4' } : undefined;
}

const isLoopback = (address: string) => {
  const parsed = plainAddress(address);
  return parsed !== undefined && LOOPBACK.check(parsed.plain, parsed.family);
};

/** Why the deployment may not connect to this address, or nothing when it may. */
export function addressRefusal(address: string, policy: TargetPolicy): string | undefined {
  const parsed = plainAddress(address);
  if (!parsed) return `${address} is not an IP address`;
  if (policy.allowLoopback && isLoopback(address)) return undefined;
  if (NOT_PUBLIC.check(parsed.plain, parsed.family)) return `${address} is not a public address`;
  return undefined;
}

/** Why the deployment may not send to this URL (before its name is resolved), or nothing. */
export function urlRefusal(raw: string, policy: TargetPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a URL with credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  const literal = isIP(host) ? host : undefined;
  const local = policy.allowLoopback && (loopbackName || (literal !== undefined && isLoopback(literal)));
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return 'not HTTPS';
  if (loopbackName && !policy.allowLoopback) return `${host} is loopback`;
  if (literal) return addressRefusal(literal, policy);
  return undefined;
}
