import type dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  addressRange,
  checkTarget,
  effectiveAddress,
  guardedRequestOptions,
  NO_PRIVATE_TARGETS,
  parsePrivateTargets,
  PrivateTargetError,
  privateTargetsOf,
  type PrivateTargets,
} from '../../src/services/access/targets.js';

describe('R-S5: which addresses are public', () => {
  it('R-S5: classifies IPv4, IPv6 and IPv4 in IPv6 clothing', () => {
    const cases: [string, string][] = [
      ['8.8.8.8', 'public'],
      ['93.184.216.34', 'public'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.0.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['100.127.255.255', 'carrierGradeNat'],
      ['100.128.0.1', 'public'],
      ['224.0.0.251', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['192.0.2.1', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'linkLocal'],
      ['fe80::1%eth0', 'linkLocal'],
      ['febf::1', 'linkLocal'],
      ['fec0::1', 'reserved'], // site-local, deprecated
      ['fc00::1', 'uniqueLocal'],
      ['fdff:ffff::1', 'uniqueLocal'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:8.8.8.8', 'public'],
      ['0:0:0:0:0:ffff:a9fe:a9fe', 'linkLocal'],
      ['::127.0.0.1', 'reserved'], // IPv4-compatible, deprecated
      ['64:ff9b::10.0.0.1', 'private'], // NAT64
      ['64:ff9b::8.8.8.8', 'public'],
      ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
      ['2002:0808:0808::1', 'public'],
      ['2001:db8::1', 'reserved'],
      ['2001:0:4136:e378::1', 'reserved'], // Teredo
      ['2606:4700:4700::1111', 'public'],
      ['2a00:1450:4001:82b::200e', 'public'],
      ['100::1', 'reserved'], // discard
      ['4000::1', 'reserved'], // outside 2000::/3
    ];
    for (const [address, range] of cases) expect(addressRange(address), address).toBe(range);
    expect(effectiveAddress('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(effectiveAddress('2606:4700:4700::1111')).toBe('2606:4700:4700::1111');
  });
});

describe('R-S5: the operator allowance', () => {
  it('R-S5: reads ALLOT_ALLOW_PRIVATE_TARGETS and ALLOT_ALLOWED_PRIVATE_HOSTS, naming a bad variable', () => {
    expect(parsePrivateTargets({})).toEqual(NO_PRIVATE_TARGETS);
    expect(parsePrivateTargets({ ALLOT_ALLOW_PRIVATE_TARGETS: 'TRUE' }).allowAll).toBe(true);
    expect(parsePrivateTargets({ ALLOT_ALLOW_PRIVATE_TARGETS: '0' }).allowAll).toBe(false);
    expect(
      parsePrivateTargets({
        ALLOT_ALLOWED_PRIVATE_HOSTS: ' MDM.internal., 10.0.0.5 10.1.0.0/16,[fd00::1],fd00:1::/64 ',
      }).hosts,
    ).toEqual(['mdm.internal', '10.0.0.5', '10.1.0.0/16', 'fd00::1', 'fd00:1::/64']);
    expect(() => parsePrivateTargets({ ALLOT_ALLOW_PRIVATE_TARGETS: 'yes please' })).toThrow(
      /^ALLOT_ALLOW_PRIVATE_TARGETS: expected true or false/,
    );
    for (const bad of ['http://mdm.internal', '10.0.0.0/33', 'mdm internal!', '-bad-.host']) {
      expect(() => parsePrivateTargets({ ALLOT_ALLOWED_PRIVATE_HOSTS: bad }), bad).toThrow(
        /^ALLOT_ALLOWED_PRIVATE_HOSTS: /,
      );
    }
    expect(privateTargetsOf({})).toEqual(NO_PRIVATE_TARGETS);
    const allowed: PrivateTargets = { allowAll: true, hosts: [] };
    expect(privateTargetsOf({ privateTargets: allowed })).toBe(allowed);
  });
});

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(url: string, policy: PrivateTargets, lookup = resolvesTo('8.8.8.8')) {
  try {
    await checkTarget(new URL(url), policy, 'apiUrl', lookup);
    return null;
  } catch (error) {
    if (error instanceof PrivateTargetError) return error;
    throw error;
  }
}

describe('R-S5: checking a target when it is saved', () => {
  it('R-S5: refuses a name with any internal address, names the field, and accepts what the operator allows', async () => {
    const none = NO_PRIVATE_TARGETS;
    expect(await refusal('https://hooks.example.com/x', none)).toBeNull();
    const mixed = await refusal(
      'https://hooks.example.com/x',
      none,
      resolvesTo('8.8.8.8', '10.0.0.1'),
    );
    expect(mixed).toMatchObject({
      code: 'PRIVATE_TARGET',
      details: { field: 'apiUrl', host: 'hooks.example.com', range: 'private' },
    });
    // The resolved address is not told: a tenant learns nothing of the internal network.
    expect(mixed!.message).not.toContain('10.0.0.1');
    const failing = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    expect(await refusal('https://not-yet.example.com/', none, failing)).toBeNull();

    const listed = parsePrivateTargets({
      ALLOT_ALLOWED_PRIVATE_HOSTS: 'mdm.internal,10.0.0.0/24,fd00::/16',
    });
    expect(await refusal('https://mdm.internal/', listed, resolvesTo('10.9.9.9'))).toBeNull();
    expect(await refusal('https://other.internal/', listed, resolvesTo('10.0.0.7'))).toBeNull();
    expect(await refusal('https://other.internal/', listed, resolvesTo('10.0.1.7'))).not.toBeNull();
    expect(await refusal('http://[fd00::7]/', listed)).toBeNull();
    expect(await refusal('http://[::ffff:10.0.0.9]/', listed)).toBeNull();
    expect(await refusal('http://127.0.0.1/', listed)).not.toBeNull();
    expect(await refusal('http://127.0.0.1/', { allowAll: true, hosts: [] })).toBeNull();
  });
});

describe('R-S5: checking a target when it is called', () => {
  const fakeDns = (...addresses: string[]): typeof dns.lookup =>
    ((_host: string, _options: unknown, callback: (e: null, a: unknown) => void) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      )) as unknown as typeof dns.lookup;

  function lookUp(
    url: string,
    policy: PrivateTargets,
    dnsAnswer: typeof dns.lookup,
    all: boolean,
  ): Promise<unknown> {
    const { lookup } = guardedRequestOptions(new URL(url), policy, 'url', dnsAnswer);
    return new Promise((resolve, reject) =>
      (
        lookup as unknown as (
          h: string,
          o: object,
          cb: (error: Error | null, address?: unknown, family?: number) => void,
        ) => void
      )(new URL(url).hostname, { all }, (error, address, family) =>
        error ? reject(error) : resolve([address, family]),
      ),
    );
  }

  it('R-S5: a literal internal host is refused before any connection; a name is refused on the addresses DNS gives now', async () => {
    expect(() =>
      guardedRequestOptions(new URL('http://169.254.169.254/'), NO_PRIVATE_TARGETS, 'url'),
    ).toThrow(PrivateTargetError);
    await expect(
      lookUp('http://hooks.example.com/', NO_PRIVATE_TARGETS, fakeDns('8.8.8.8'), false),
    ).resolves.toEqual(['8.8.8.8', 4]);
    await expect(
      lookUp('http://hooks.example.com/', NO_PRIVATE_TARGETS, fakeDns('8.8.8.8', '::1'), true),
    ).rejects.toMatchObject({ code: 'PRIVATE_TARGET', details: { range: 'loopback' } });
    await expect(
      lookUp('http://hooks.example.com/', NO_PRIVATE_TARGETS, fakeDns('::1'), false),
    ).rejects.toBeInstanceOf(PrivateTargetError);
    const allowed = parsePrivateTargets({ ALLOT_ALLOWED_PRIVATE_HOSTS: 'hooks.example.com' });
    await expect(
      lookUp('http://hooks.example.com/', allowed, fakeDns('127.0.0.1'), true),
    ).resolves.toEqual([[{ address: '127.0.0.1', family: 4 }], undefined]);
  });
});
