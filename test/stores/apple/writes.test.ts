import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { parseAppleNotification } from '../../../src/stores/apple/index.js';
import type { StoreSubject } from '../../../src/stores/connector.js';
import { startListener } from '../../emulators/apple/helpers.js';
import { caught, connectorFor } from './helpers.js';

let emulator: AppleEmulator;

beforeAll(async () => {
  emulator = await startAppleEmulator({ maxRequestsPerSecond: 0, eventDelayMs: 2 });
});

afterAll(async () => {
  await emulator.close();
});

function location(
  assets: Array<{ adamId: string; totalCount: number; productType?: 'App' | 'Book' }>,
) {
  return emulator.createLocation({ organizationName: 'Example', locationName: 'Writes', assets });
}

const serials = (n: number, prefix = 'SN'): StoreSubject[] =>
  Array.from({ length: n }, (_, i) => ({ serialNumber: `${prefix}${i}` }));

function posts(path: string, since: number): number {
  return emulator.requestLog.slice(since).filter((r) => r.method === 'POST' && r.path === path)
    .length;
}

describe('Apple connector: licence writes', () => {
  it('R-V8: splits 2,500 serial numbers into 3 associate requests at the limit of 1,000', async () => {
    const { locationId, sToken } = location([{ adamId: '8001', totalCount: 3000 }]);
    const mark = emulator.requestLog.length;
    const result = await connectorFor(emulator, sToken).associate({
      products: [{ storeProductId: '8001' }],
      subjects: serials(2500),
    });
    expect(posts('/assets/associate', mark)).toBe(3);
    expect(result).toMatchObject({ requested: 2500, completed: 2500, failures: [] });
    expect(result.operationIds).toHaveLength(3);
    expect(emulator.listAssignments(locationId)).toHaveLength(2500);
  });

  it('R-V8: splits by maxAssets and keeps serials and users in separate requests', async () => {
    const small = await startAppleEmulator({
      maxRequestsPerSecond: 0,
      eventDelayMs: 1,
      limits: { maxAssets: 2 },
    });
    try {
      const { locationId, sToken } = small.createLocation({
        organizationName: 'O',
        locationName: 'L',
        assets: Array.from({ length: 5 }, (_, i) => ({ adamId: String(8100 + i), totalCount: 5 })),
      });
      small.seed(locationId, { users: [{ clientUserId: 'u-1' }] });
      const result = await connectorFor(small, sToken).associate({
        products: Array.from({ length: 5 }, (_, i) => ({ storeProductId: String(8100 + i) })),
        subjects: [{ serialNumber: 'A' }, { clientUserId: 'u-1' }, { serialNumber: 'A' }],
      });
      const bodies = small.requestLog
        .filter((r) => r.path === '/assets/associate')
        .map(
          (r) =>
            r.body as { assets: unknown[]; serialNumbers?: string[]; clientUserIds?: string[] },
        );
      expect(bodies).toHaveLength(6);
      expect(bodies.every((b) => b.assets.length <= 2)).toBe(true);
      expect(bodies.every((b) => !(b.serialNumbers && b.clientUserIds))).toBe(true);
      expect(result).toMatchObject({ requested: 10, completed: 10 });
    } finally {
      await small.close();
    }
  });

  it('surfaces 9709 (not enough licences) per subject', async () => {
    const { locationId, sToken } = location([{ adamId: '8201', totalCount: 2 }]);
    const result = await connectorFor(emulator, sToken).associate({
      products: [{ storeProductId: '8201' }],
      subjects: serials(3),
    });
    expect(result).toMatchObject({ requested: 3, completed: 2 });
    expect(result.failures).toEqual([
      {
        subject: { serialNumber: 'SN2' },
        storeProductId: '8201',
        pricingParam: 'STDQ',
        reason: 'noLicenseAvailable',
        storeErrorNumber: 9709,
        message: 'Not enough assets available.',
      },
    ]);
    expect(emulator.listAssets(locationId)[0]).toMatchObject({ assignedCount: 2, totalCount: 2 });
  });

  it('R-A10: registers users, builds the invitation link, then gives user licences', async () => {
    const { locationId, sToken } = location([{ adamId: '8301', totalCount: 5 }]);
    const connector = connectorFor(emulator, sToken);
    const unknown = await connector.associate({
      products: [{ storeProductId: '8301' }],
      subjects: [{ clientUserId: 'u-x' }],
    });
    expect(unknown.failures).toEqual([
      expect.objectContaining({ subject: { clientUserId: 'u-x' }, reason: 'subjectNotFound' }),
    ]);

    const created = await connector.enrolment.createUsers([
      { clientUserId: 'u-x', email: 'x@example.org' },
      { clientUserId: 'u-y', managedAccountId: 'y@appleid.example.org' },
    ]);
    expect(created).toMatchObject({ requested: 2, completed: 2, failures: [] });
    const user = await connector.enrolment.getUser('u-x');
    expect(user).toMatchObject({ status: 'registered', inviteCode: expect.any(String) });
    const link = await connector.enrolment.invitationUrl(user!);
    expect(link).toBe(`${emulator.origin}/invitation?inviteCode=${user!.inviteCode}`);
    expect(await connector.enrolment.getUser('u-y')).toMatchObject({ status: 'associated' });
    expect(await connector.enrolment.getUser('nobody')).toBeNull();

    const again = await connector.enrolment.createUsers([{ clientUserId: 'u-x' }]);
    expect(again.failures).toEqual([
      expect.objectContaining({ subject: { clientUserId: 'u-x' }, reason: 'subjectExists' }),
    ]);

    const given = await connector.associate({
      products: [{ storeProductId: '8301' }],
      subjects: [{ clientUserId: 'u-x' }, { clientUserId: 'u-y' }],
    });
    expect(given.failures).toEqual([]);
    expect(emulator.listAssignments(locationId)).toHaveLength(2);

    const retired = await connector.enrolment.retireUsers(['u-x', 'u-x']);
    expect(retired).toMatchObject({ requested: 1, completed: 1 });
    expect(emulator.listAssignments(locationId)).toEqual([
      { adamId: '8301', pricingParam: 'STDQ', clientUserId: 'u-y' },
    ]);
  });

  it('R-V8: a user Apple never registered is refused at once (9609); the rest of the request goes through', async () => {
    const { locationId, sToken } = location([{ adamId: '8351', totalCount: 10 }]);
    emulator.seed(locationId, { users: [{ clientUserId: 'u-known' }, { clientUserId: 'u-too' }] });
    const connector = connectorFor(emulator, sToken);
    const mark = emulator.requestLog.length;
    const result = await connector.associate({
      products: [{ storeProductId: '8351' }],
      subjects: [
        { clientUserId: 'u-known' },
        { clientUserId: 'u-ghost' },
        { serialNumber: 'SN-1' },
        { clientUserId: 'u-too' },
      ],
    });
    expect(result.failures).toEqual([
      {
        subject: { clientUserId: 'u-ghost' },
        storeProductId: '8351',
        pricingParam: 'STDQ',
        reason: 'subjectNotFound',
        storeErrorNumber: 9609,
        message: expect.stringContaining('Registered user not found'),
      },
    ]);
    expect(result).toMatchObject({ requested: 4, completed: 3 });
    expect(
      emulator.listAssignments(locationId).map((a) => a.clientUserId ?? a.serialNumber),
    ).toEqual(['SN-1', 'u-known', 'u-too']);
    // Serials and users go apart; the users' request was sent again without the unknown one.
    const userRequests = emulator.requestLog
      .slice(mark)
      .filter((r) => r.path === '/assets/associate' && r.method === 'POST')
      .map((r) => [(r.body as { clientUserIds?: string[] }).clientUserIds, r.errorNumber]);
    expect(userRequests).toEqual([
      [undefined, undefined],
      [['u-known', 'u-ghost', 'u-too'], 9609],
      [['u-known', 'u-too'], undefined],
    ]);
  });

  it('R-V8: disassociates and revokes in batches within the revoke limits', async () => {
    const { locationId, sToken } = location([{ adamId: '8401', totalCount: 300 }]);
    const connector = connectorFor(emulator, sToken);
    await connector.associate({ products: [{ storeProductId: '8401' }], subjects: serials(260) });

    const dis = await connector.disassociate({
      products: [{ storeProductId: '8401' }],
      subjects: serials(10),
    });
    expect(dis).toMatchObject({ requested: 10, completed: 10 });
    expect(emulator.listAssignments(locationId)).toHaveLength(250);

    const mark = emulator.requestLog.length;
    const revoked = await connector.revoke(serials(260).slice(10));
    expect(posts('/assets/revoke', mark)).toBe(3);
    expect(revoked).toMatchObject({ requested: 250, completed: 250 });
    expect(emulator.listAssignments(locationId)).toEqual([]);
  });

  it('stops waiting as soon as a notification reports the event', async () => {
    const listener = await startListener();
    try {
      const { sToken } = location([{ adamId: '8501', totalCount: 5 }]);
      // Polls far apart: only the notification can end the wait quickly.
      const connector = connectorFor(emulator, sToken, {
        eventPolling: { firstPollMs: 60_000, intervalMs: 60_000, timeoutMs: 600_000 },
      });
      await connector.register({
        takeover: false,
        notificationUrl: listener.url,
        notificationSecret: 'shh',
      });
      const feeding = setInterval(() => {
        for (const r of listener.received.splice(0)) {
          connector.handleNotification(parseAppleNotification(r.body));
        }
      }, 5);
      const started = Date.now();
      const result = await connector
        .associate({ products: [{ storeProductId: '8501' }], subjects: serials(1) })
        .finally(() => clearInterval(feeding));
      expect(result.completed).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await listener.close();
    }
  });

  it('gives up on an event still PENDING after the timeout, naming the event', async () => {
    const stuck = await startAppleEmulator({ maxRequestsPerSecond: 0, eventDelayMs: 600_000 });
    try {
      const { sToken } = stuck.createLocation({
        organizationName: 'O',
        locationName: 'L',
        assets: [{ adamId: '1', totalCount: 1 }],
      });
      const connector = connectorFor(stuck, sToken, {
        eventPolling: { firstPollMs: 1, intervalMs: 5, timeoutMs: 30 },
      });
      const error = await caught(() =>
        connector.associate({ products: [{ storeProductId: '1' }], subjects: serials(1) }),
      );
      expect(error).toMatchObject({
        code: 'eventTimeout',
        retryable: true,
        details: expect.objectContaining({ eventId: expect.any(String) }),
      });
    } finally {
      await stuck.close();
    }
  });
});
