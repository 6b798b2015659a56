import ipaddr from 'ipaddr.js';

/**
 * Where the deployment may send a request it is told to send (a webhook's URL, a connector's
 * endpoint): HTTPS, to port 443 unless the province allows more, at a public address only.
 * Loopback is allowed where the runtime says so (locally, to reach a receiver on the same
 * machine, on any port). Checked when a subscription is made and again, after the name is
 * resolved, on every delivery: a name that resolves somewhere else later is caught.
 */
export interface TargetPolicy {
  allowLoopback: boolean;
  /** Ports besides 443 the province lets its connectors and webhooks send to. */
  allowedPorts?: readonly number[];
}

/**
 * Only global unicast is public: an IPv4 address outside every range of IANA's IPv4
 * special-purpose registry (private, shared, loopback, link-local, documentation,
 * benchmarking, AS112, AMT, 6to4 relays, reserved, multicast, broadcast); an IPv6 address
 * inside 2000::/3 and outside every range of the IPv6 registry (NAT64 64:ff9b::/96 and
 * 64:ff9b:1::/48, 6to4 2002::/16, TEREDO and the other IETF assignments of 2001::/23,
 * documentation, ORCHID, segment routing…). ipaddr.js keeps the registries' ranges; an IPv4
 * address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 one.
 */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const host = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(host)) return undefined;
  // Only the forms a resolver or a URL gives: no `10.1`, no octal, no hexadecimal IPv4.
  if (!host.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(host)) return undefined;
  const ip = ipaddr.parse(host);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

const isPublic = (ip: ipaddr.IPv4 | ipaddr.IPv6) =>
  ip.range() === 'unicast' && (ip.kind() === 'ipv4' || ip.match(GLOBAL_UNICAST_V6));

const isLoopback = (address: string) => parsed(address)?.range() === 'loopback';

/** Why the deployment may not connect to this address, or nothing when it may. */
export function addressRefusal(address: string, policy: TargetPolicy): string | undefined {
  const ip = parsed(address);
  if (!ip) return `${address} is not an IP address`;
  if (policy.allowLoopback && ip.range() === 'loopback') return undefined;
  if (!isPublic(ip)) return `${address} is not a public address (${ip.range()})`;
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
  const literal = ipaddr.isValid(host) ? host : undefined;
  const local = policy.allowLoopback && (loopbackName || (literal !== undefined && isLoopback(literal)));
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return 'not HTTPS';
  if (loopbackName && !policy.allowLoopback) return `${host} is loopback`;
  const port = url.port === '' ? 443 : Number(url.port);
  if (!local && port !== 443 && !policy.allowedPorts?.includes(port))
    return `port ${port} is not allowed (443, or a port the province allows)`;
  if (literal) return addressRefusal(literal, policy);
  return undefined;
}
