import { describe, expect, it } from 'vitest';
import { isWebhookAddressAllowed } from './webhook-address-policy.js';

const REFUSED: readonly (readonly [string, string])[] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback, top of 127/8'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', '0/8'],
  ['10.1.2.3', 'private 10/8'],
  ['172.16.0.1', 'private 172.16/12'],
  ['172.31.255.255', 'private 172.16/12, top'],
  ['192.168.1.1', 'private 192.168/16'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT, top'],
  ['169.254.169.254', 'cloud metadata, link-local'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.10', 'documentation TEST-NET-1'],
  ['198.51.100.7', 'documentation TEST-NET-2'],
  ['203.0.113.9', 'documentation TEST-NET-3'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking, top'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast SSDP'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'IPv6 unspecified'],
  ['::1', 'IPv6 loopback'],
  ['0:0:0:0:0:0:0:1', 'IPv6 loopback, long spelling'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['0:0:0:0:0:ffff:127.0.0.1', 'IPv4-mapped loopback, long spelling'],
  ['::FFFF:A9FE:A9FE', 'IPv4-mapped cloud metadata, upper case'],
  ['::ffff:169.254.169.254', 'IPv4-mapped cloud metadata'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::8.8.8.8', 'IPv4-compatible, deprecated even for a public address'],
  ['64:ff9b::127.0.0.1', 'NAT64 loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 cloud metadata'],
  ['64:ff9b::c0a8:101', 'NAT64 private'],
  ['64:ff9b:1::808:808', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:a9fe:a9fe::1', '6to4 of cloud metadata'],
  ['2002:c0a8:101::1', '6to4 of private'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001:2::1', 'benchmarking'],
  ['2001:10::1', 'ORCHID'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local fd'],
  ['fe80::1', 'link-local'],
  ['febf::1', 'link-local, top'],
  ['fe80::1%eth0', 'link-local with zone'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['100::1', 'discard'],
  ['5f00::1', 'outside global unicast'],
  ['localhost', 'not an address'],
  ['crm.example.com', 'not an address'],
  ['', 'empty'],
  ['[::1]', 'URL brackets are not part of the address'],
];

const ALLOWED: readonly (readonly [string, string])[] = [
  ['8.8.8.8', 'public IPv4'],
  ['1.1.1.1', 'public IPv4'],
  ['100.63.255.255', 'just below carrier-grade NAT'],
  ['100.128.0.0', 'just above carrier-grade NAT'],
  ['172.15.255.255', 'just below 172.16/12'],
  ['172.32.0.0', 'just above 172.16/12'],
  ['169.253.255.255', 'just below link-local'],
  ['198.17.255.255', 'just below benchmarking'],
  ['223.255.255.255', 'just below multicast'],
  ['::ffff:8.8.8.8', 'IPv4-mapped public'],
  ['64:ff9b::8.8.8.8', 'NAT64 public (DNS64)'],
  ['64:ff9b::101:101', 'NAT64 public, hex'],
  ['2002:808:808::1', '6to4 of public'],
  ['2001:4860:4860::8888', 'public IPv6'],
  ['2a00:1450:4001:80b::200e', 'public IPv6'],
  ['2A00:1450:4001:80B::200E', 'public IPv6, upper case'],
  ['2001:200::1', 'just above the IETF protocol block'],
];

describe('isWebhookAddressAllowed', () => {
  it.each(REFUSED)('refuses %s (%s)', (address) => {
    expect(isWebhookAddressAllowed(address)).toBe(false);
  });

  it.each(ALLOWED)('allows %s (%s)', (address) => {
    expect(isWebhookAddressAllowed(address)).toBe(true);
  });
});
