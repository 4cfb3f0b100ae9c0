import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless allowlisted: loopback, private, link-local (cloud
 * metadata lives at 169.254.169.254), unspecified, CGNAT, and their IPv6 forms, so an admin's
 * URL cannot be used to probe the internal network.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

export type AddressClass = 'public' | 'blocked';

/** Classifies one IP address; IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as its IPv4 address. */
export function classifyAddress(address: string): AddressClass {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return classifyAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return 'blocked';
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6') ? 'blocked' : 'public';
}

/** Host names that always mean this machine, refused before any lookup. */
export function isLocalHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** WEBHOOK_ALLOWED_HOSTS: comma-separated host names or IPs, matched exactly (case-insensitive). */
export function parseAllowedHosts(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The host of a URL as the allowlist spells it: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why this URL may not be a webhook target, before any lookup (undefined: fine so far): https
 * only, http only for allowlisted hosts; literal blocked addresses and localhost unless allowlisted.
 */
export function urlProblem(raw: string, allowed: ReadonlySet<string>): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  const host = hostOf(url);
  const allowlisted = allowed.has(host);
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowlisted)) return 'must use https (http only for hosts in WEBHOOK_ALLOWED_HOSTS)';
  if (allowlisted) return undefined;
  if (isLocalHostName(host)) return 'must not point at localhost';
  if (isIP(host) && classifyAddress(host) === 'blocked') return 'must not point at a private, loopback or link-local address';
  return undefined;
}
