/**
 * R-S5: the outbound targets Allot calls on a tenant's behalf (webhooks; MDM connectors next)
 * must not reach the deployment's own network: loopback, private, link-local, CGNAT, unique
 * local, multicast, unspecified and reserved addresses are refused, unless the operator allows
 * them (every one: ALLOT_ALLOW_PRIVATE_TARGETS=true; some: ALLOT_ALLOWED_PRIVATE_HOSTS, a list
 * of host names, addresses and CIDR ranges). Checked twice: when a target is saved (a literal
 * address, or a name that resolves there) and when it is called, on the address the connection
 * is actually made to (`guardedLookup`), because DNS may answer differently by then.
 */
import dns from 'node:dns';
import net from 'node:net';
import { ValidationError } from '../../domain/errors.js';

/** What the operator allows besides public addresses. */
export interface PrivateTargets {
  /** Every address is allowed (ALLOT_ALLOW_PRIVATE_TARGETS=true). */
  allowAll: boolean;
  /** Host names (lower case), addresses and CIDR ranges allowed although not public. */
  hosts: readonly string[];
}

export const NO_PRIVATE_TARGETS: PrivateTargets = { allowAll: false, hosts: [] };

/** A variable of the environment that does not parse; config.ts turns it into a ConfigError. */
export class PrivateTargetsConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Reads ALLOT_ALLOW_PRIVATE_TARGETS and ALLOT_ALLOWED_PRIVATE_HOSTS (comma or space separated). */
export function parsePrivateTargets(env: Record<string, string | undefined>): PrivateTargets {
  const flag = env.ALLOT_ALLOW_PRIVATE_TARGETS?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false', '1', '0'].includes(flag)) {
    throw new PrivateTargetsConfigError(
      'ALLOT_ALLOW_PRIVATE_TARGETS',
      `expected true or false, got "${flag}"`,
    );
  }
  const hosts = (env.ALLOT_ALLOWED_PRIVATE_HOSTS ?? '')
    .split(/[\s,]+/)
    .filter((h) => h !== '')
    .map((entry) => {
      const host = normaliseHost(entry);
      if (net.isIP(host) !== 0 || isCidr(host) || HOST_NAME.test(host)) return host;
      throw new PrivateTargetsConfigError(
        'ALLOT_ALLOWED_PRIVATE_HOSTS',
        `"${entry}" is not a host name, an IP address or a CIDR range (e.g. mdm.internal,10.0.0.5,10.1.0.0/16)`,
      );
    });
  return { allowAll: flag === 'true' || flag === '1', hosts };
}

/**
 * The operator's allowance as the context carries it (`config.privateTargets`, which config.ts
 * reads from the environment with parsePrivateTargets); none when it is not there.
 */
export function privateTargetsOf(config: object): PrivateTargets {
  const value = (config as { privateTargets?: PrivateTargets }).privateTargets;
  return value ?? NO_PRIVATE_TARGETS;
}

function normaliseHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/\.$/, '');
  return bare.startsWith('[') && bare.endsWith(']') ? bare.slice(1, -1) : bare;
}

function isCidr(text: string): boolean {
  const [address, bits, extra] = text.split('/');
  if (address === undefined || bits === undefined || extra !== undefined) return false;
  const family = net.isIP(address);
  return family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

// ---------------------------------------------------------------------------------------------
// Which addresses are public

/** Why an address is not public; `public` when it is. */
export type AddressRange =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'linkLocal'
  | 'carrierGradeNat'
  | 'uniqueLocal'
  | 'multicast'
  | 'reserved';

const V4_RANGES: [string, number, AddressRange][] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrierGradeNat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'linkLocal'], // cloud metadata services live here
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relays
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // and the broadcast address
];

/** Ranges inside 2000::/3 (the only global unicast block) that are not public. */
const V6_RANGES: [string, number, AddressRange][] = [
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo
  ['2001:db8::', 32, 'reserved'], // documentation
  ['3fff::', 20, 'reserved'], // documentation
];

function blockLists(ranges: [string, number, AddressRange][], family: 'ipv4' | 'ipv6') {
  const lists = new Map<AddressRange, net.BlockList>();
  for (const [address, prefix, range] of ranges) {
    const list = lists.get(range) ?? new net.BlockList();
    list.addSubnet(address, prefix, family);
    lists.set(range, list);
  }
  return lists;
}

const V4_LISTS = blockLists(V4_RANGES, 'ipv4');
const V6_LISTS = blockLists(V6_RANGES, 'ipv6');

/** The 16 bytes of an IPv6 address (zone removed), or null when it is not one. */
function ipv6Bytes(text: string): Uint8Array | null {
  const address = text.split('%')[0]!;
  if (net.isIPv6(address) === false) return null;
  let tail: number[] = [];
  let head = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted !== null) {
    tail = dotted[1]!.split('.').map(Number);
    head = address.slice(0, -dotted[1]!.length);
    head = head.endsWith('::') ? head : head.replace(/:$/, '');
  }
  const [left, right] = head.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) =>
    part === undefined || part === '' ? [] : part.split(':').map((g) => parseInt(g, 16));
  const l = groups(left);
  const r = groups(right);
  const missing = 8 - tail.length / 2 - l.length - r.length;
  const all = [...l, ...Array<number>(right === undefined ? 0 : missing).fill(0), ...r];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  tail.forEach((b, i) => (bytes[12 + i] = b));
  return bytes;
}

const v4Of = (bytes: Uint8Array, at: number) => Array.from(bytes.slice(at, at + 4)).join('.');

/**
 * The address a connection to `address` really reaches, as IPv4 when it is one in IPv6
 * clothing: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:AABB:CCDD::).
 */
export function effectiveAddress(address: string): string {
  const bytes = ipv6Bytes(address);
  if (bytes === null) return address;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4Of(bytes, 12);
  if (
    bytes[0] === 0x00 &&
    bytes[1] === 0x64 &&
    bytes[2] === 0xff &&
    bytes[3] === 0x9b &&
    zeros(4, 12)
  )
    return v4Of(bytes, 12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4Of(bytes, 2);
  return address.split('%')[0]!;
}

/** Whether an address is public, else which kind of non-public address it is. */
export function addressRange(address: string): AddressRange {
  const target = effectiveAddress(address);
  if (net.isIPv4(target)) {
    for (const [range, list] of V4_LISTS) if (list.check(target, 'ipv4')) return range;
    return 'public';
  }
  const bytes = ipv6Bytes(target);
  if (bytes === null) return 'reserved';
  if (bytes.every((b) => b === 0)) return 'unspecified';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return 'loopback';
  if (bytes[0] === 0xff) return 'multicast';
  if ((bytes[0]! & 0xfe) === 0xfc) return 'uniqueLocal';
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) return 'linkLocal';
  // Outside 2000::/3 nothing is global unicast (site-local, IPv4-compatible, discard…).
  if ((bytes[0]! & 0xe0) !== 0x20) return 'reserved';
  for (const [range, list] of V6_LISTS) if (list.check(target, 'ipv6')) return range;
  return 'public';
}

function allowedByList(address: string, hosts: readonly string[]): boolean {
  const target = effectiveAddress(address);
  const family = net.isIPv4(target) ? 'ipv4' : 'ipv6';
  return hosts.some((entry) => {
    if (net.isIP(entry) !== 0) return effectiveAddress(entry) === target || entry === address;
    if (!isCidr(entry)) return false;
    const [base, bits] = entry.split('/') as [string, string];
    const list = new net.BlockList();
    list.addSubnet(base, Number(bits), net.isIPv4(base) ? 'ipv4' : 'ipv6');
    return list.check(target, family);
  });
}

/** R-S5: thrown when a target is, or resolves to, an address the operator did not allow. */
export class PrivateTargetError extends ValidationError {
  constructor(field: string, host: string, range: AddressRange) {
    super(
      `The ${field} points at ${host}, which is a ${range} address: Allot calls only public ` +
        'addresses unless the operator allows internal ones (ALLOT_ALLOW_PRIVATE_TARGETS, ' +
        'ALLOT_ALLOWED_PRIVATE_HOSTS)',
      { field, host, range },
      'PRIVATE_TARGET',
    );
  }
}

/** The range that refuses `address` as a target of `host`, or null when it may be called. */
function refusal(host: string, address: string, policy: PrivateTargets): AddressRange | null {
  if (policy.allowAll || policy.hosts.includes(host)) return null;
  const range = addressRange(address);
  if (range === 'public' || allowedByList(address, policy.hosts)) return null;
  return range;
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true });

/** How long a save waits for DNS; a name that does not answer is checked when called. */
const SAVE_LOOKUP_TIMEOUT_MS = 3_000;

/**
 * R-S5, when a target is saved: refuses a URL whose host is a non-public address, or a name
 * that resolves to one (any of its addresses). A name that does not resolve (yet) is accepted:
 * the call is checked again on the address it connects to.
 */
export async function checkTarget(
  url: URL,
  policy: PrivateTargets,
  field: string,
  lookup: LookupAll = systemLookup,
): Promise<void> {
  const host = normaliseHost(url.hostname);
  if (policy.allowAll || policy.hosts.includes(host)) return;
  if (net.isIP(host) !== 0) {
    const range = refusal(host, host, policy);
    if (range !== null) throw new PrivateTargetError(field, host, range);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SAVE_LOOKUP_TIMEOUT_MS);
  });
  const addresses = await Promise.race([lookup(host).catch(() => null), timeout]).finally(() =>
    clearTimeout(timer),
  );
  for (const { address } of addresses ?? []) {
    const range = refusal(host, address, policy);
    if (range !== null) throw new PrivateTargetError(field, host, range);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * R-S5, when a target is called: options for http(s).request that refuse a literal non-public
 * host at once, and resolve names through a lookup that refuses any non-public address before
 * the socket connects to it (so DNS answering differently since the save changes nothing).
 * Redirects are the caller's to refuse: node's http.request does not follow them.
 */
export function guardedRequestOptions(
  url: URL,
  policy: PrivateTargets,
  field: string,
  lookup: typeof dns.lookup = dns.lookup,
): { lookup: net.LookupFunction } {
  const host = normaliseHost(url.hostname);
  if (net.isIP(host) !== 0) {
    const range = refusal(host, host, policy);
    if (range !== null) throw new PrivateTargetError(field, host, range);
  }
  const guarded = (
    hostname: string,
    options: dns.LookupOptions,
    callback: LookupCallback,
  ): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const range = refusal(normaliseHost(hostname), address, policy);
        if (range !== null) return callback(new PrivateTargetError(field, hostname, range), []);
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined) {
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          [],
        );
      }
      callback(null, first.address, first.family);
    });
  };
  return { lookup: guarded };
}
