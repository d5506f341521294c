import { BlockList, isIP } from 'node:net';

/**
 * IPv4 ranges a webhook must never reach: this host, the portal's own networks, cloud metadata
 * (169.254.169.254), carrier-grade NAT, benchmarking, documentation, multicast, reserved and broadcast
 * (IANA special-purpose registry, RFC 6890 and its updates).
 */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/**
 * IPv6 prefixes that carry an IPv4 address in their low bits and that a public target may legitimately use:
 * IPv4-mapped (what a dual-stack resolver may hand out) and the well-known NAT64 prefix (DNS64 on IPv6-only
 * networks). The embedded address is judged like the IPv4 address itself.
 */
const IPV4_IN_LOW_BITS = ['::ffff:', '64:ff9b::'] as const;

/**
 * Inside global unicast 2000::/3, the parts that are not a public host: the IETF protocol block (Teredo,
 * benchmarking, ORCHID), documentation (2001:db8::/32, 3fff::/20). 6to4 (2002::/16) is judged by the IPv4
 * address in its bits 16–48.
 */
const NON_PUBLIC_IPV6: readonly (readonly [string, number])[] = [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['3fff::', 20],
];

function hexGroupsOf(ipv4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * Every non-public IPv4 range is also written in each IPv6 spelling that embeds it, so one BlockList lookup
 * judges `::ffff:127.0.0.1`, `64:ff9b::7f00:1` and `2002:7f00:1::` the way it judges 127.0.0.1 —
 * whatever the spelling, because the BlockList compares the parsed bits, not the text.
 */
function buildNonPublicList(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of NON_PUBLIC_IPV4) {
    list.addSubnet(network, prefix, 'ipv4');
    for (const embedding of IPV4_IN_LOW_BITS) {
      list.addSubnet(`${embedding}${hexGroupsOf(network)}`, 96 + prefix, 'ipv6');
    }
    list.addSubnet(`2002:${hexGroupsOf(network)}::`, 16 + prefix, 'ipv6');
  }
  for (const [network, prefix] of NON_PUBLIC_IPV6) {
    list.addSubnet(network, prefix, 'ipv6');
  }
  return list;
}

/**
 * Where an IPv6 target may be at all: global unicast, or a public IPv4 address in one of the embeddings
 * above. Everything else — unspecified, loopback, IPv4-compatible ::/96, local-use NAT64 64:ff9b:1::/48,
 * discard, unique-local fc00::/7, link-local fe80::/10, site-local, multicast — lies outside these.
 */
function buildPossiblyPublicIpv6List(): BlockList {
  const list = new BlockList();
  list.addSubnet('2000::', 3, 'ipv6');
  for (const embedding of IPV4_IN_LOW_BITS) {
    list.addSubnet(`${embedding}0:0`, 96, 'ipv6');
  }
  return list;
}

const NON_PUBLIC = buildNonPublicList();
const POSSIBLY_PUBLIC_IPV6 = buildPossiblyPublicIpv6List();

/** Whether a webhook may connect to this IP address (any spelling); anything that is not an IP address is refused. */
export function isWebhookAddressAllowed(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) {
    return !NON_PUBLIC.check(address, 'ipv4');
  }
  // A zone index only names an interface of this host's link-local networks.
  if (kind !== 6 || address.includes('%')) {
    return false;
  }
  return POSSIBLY_PUBLIC_IPV6.check(address, 'ipv6') && !NON_PUBLIC.check(address, 'ipv6');
}
