import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type ControlProductInput,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { StoreError } from '../../../src/stores/microsoft/index.js';
import type { StoreSubject } from '../../../src/stores/connector.js';
import { caught, connectorFor } from './helpers.js';

let emulator: MicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const NOTES = '9WZDNCRFJ3PZ';
const READER = '9NBLGGH4NNS1';
const notes = { storeProductId: `${NOTES}/0016` };
const upns = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `user${i + from}@contoso.com`);
const subjects = (names: string[]): StoreSubject[] =>
  names.map((clientUserId) => ({ clientUserId }));

function setUp(products: ControlProductInput[], users = upns(5)) {
  const credentials = emulator.createAccount({ organizationName: 'Contoso', products, users });
  return {
    tenant: credentials.tenantDirectoryId,
    connector: connectorFor(emulator, credentials),
  };
}

function bulkPosts(since: number): number {
  return emulator.requestLog
    .slice(since)
    .filter((r) => r.method === 'POST' && /\/Seats$/.test(r.path)).length;
}

describe('Microsoft connector: seat writes', () => {
  it('assigns seats in bulk requests of 100 users', async () => {
    const { tenant, connector } = setUp([{ productId: NOTES, seats: 300 }], upns(250));
    const mark = emulator.requestLog.length;
    const result = await connector.associate({ products: [notes], subjects: subjects(upns(250)) });
    expect(result).toEqual({ operationIds: [], requested: 250, completed: 250, failures: [] });
    expect(bulkPosts(mark)).toBe(3);
    expect(emulator.listInventory(tenant)[0]?.assignedTo).toHaveLength(250);
    expect(emulator.requestLog[mark + 1]?.body).toMatchObject({ seatAction: 'Assign' });
  });

  it('R-A12: maps per-user failures: no seat left → noLicenseAvailable, unknown user → subjectNotFound', async () => {
    const { tenant, connector } = setUp([{ productId: NOTES, seats: 2 }]);
    emulator.seedSeats(tenant, [{ productId: NOTES, userName: 'user0@contoso.com' }]);
    const result = await connector.associate({
      products: [notes],
      subjects: subjects([
        'USER0@contoso.com',
        'user1@contoso.com',
        'user2@contoso.com',
        'ghost@contoso.com',
      ]),
    });
    // user0 already held a seat: done, nothing more used (a retried request changes nothing).
    expect(result).toMatchObject({ requested: 4, completed: 2 });
    expect(result.failures).toEqual([
      {
        subject: { clientUserId: 'user2@contoso.com' },
        storeProductId: `${NOTES}/0016`,
        reason: 'noLicenseAvailable',
        storeErrorNumber: 409,
        message: expect.stringContaining('NoSeatsAvailable'),
      },
      expect.objectContaining({
        subject: { clientUserId: 'ghost@contoso.com' },
        reason: 'subjectNotFound',
        storeErrorNumber: 404,
      }),
    ]);
  });

  it('reclaims seats (disassociate); a seat the user does not hold is already done', async () => {
    const { tenant, connector } = setUp([{ productId: NOTES, seats: 5 }]);
    emulator.seedSeats(tenant, [{ productId: NOTES, userName: 'user0@contoso.com' }]);
    const result = await connector.disassociate({
      products: [notes],
      subjects: subjects(['user0@contoso.com', 'user1@contoso.com', 'ghost@contoso.com']),
    });
    expect(result).toMatchObject({ requested: 3, completed: 2 });
    expect(result.failures).toEqual([
      expect.objectContaining({
        reason: 'subjectNotFound',
        subject: { clientUserId: 'ghost@contoso.com' },
      }),
    ]);
    expect(emulator.listInventory(tenant)[0]?.assignedTo).toEqual([]);
  });

  it('revokes every seat of some users across products', async () => {
    const { tenant, connector } = setUp([
      { productId: NOTES, seats: 5 },
      { productId: READER, free: true },
    ]);
    emulator.seedSeats(tenant, [
      { productId: NOTES, userName: 'user0@contoso.com' },
      { productId: READER, userName: 'user0@contoso.com' },
      { productId: NOTES, userName: 'user1@contoso.com' },
      { productId: NOTES, userName: 'user2@contoso.com' },
    ]);
    const result = await connector.revoke(
      subjects(['user0@contoso.com', 'user1@contoso.com', 'ghost@contoso.com']),
    );
    expect(result).toMatchObject({ requested: 4, completed: 3 });
    expect(result.failures).toEqual([
      expect.objectContaining({
        reason: 'subjectNotFound',
        subject: { clientUserId: 'ghost@contoso.com' },
      }),
    ]);
    const active = emulator.listSeats(tenant).filter((s) => s.state === 'Active');
    expect(active.map((s) => s.userName)).toEqual(['user2@contoso.com']);
  });

  it('refuses device subjects: Microsoft seats belong to users', async () => {
    const { connector } = setUp([{ productId: NOTES, licenseType: 'offline', seats: 5 }]);
    const mark = emulator.requestLog.length;
    for (const call of [
      () => connector.associate({ products: [notes], subjects: [{ serialNumber: 'SN1' }] }),
      () => connector.revoke([{ clientUserId: 'user0@contoso.com' }, { serialNumber: 'SN2' }]),
    ]) {
      const error = await caught(call);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        code: 'storeRejected',
        store: 'microsoft',
        details: { unsupportedSubject: 'device' },
      });
    }
    expect(emulator.requestLog.length).toBe(mark);
  });

  it('maps 404 (missing inventory) and 409 (Not online) to storeRejected with details', async () => {
    const { connector } = setUp([{ productId: NOTES, licenseType: 'offline', seats: 5 }]);
    const missing = await caught(() =>
      connector.associate({
        products: [{ storeProductId: 'MISSING/0016' }],
        subjects: subjects(upns(1)),
      }),
    );
    expect(missing).toMatchObject({
      code: 'storeRejected',
      storeErrorNumber: 404,
      retryable: false,
      details: { storeCode: 'NotFound', itemType: 'Inventory', values: ['MISSING/0016'] },
    });
    const offline = await caught(() =>
      connector.associate({ products: [notes], subjects: subjects(upns(1)) }),
    );
    expect(offline).toMatchObject({
      code: 'storeRejected',
      storeErrorNumber: 409,
      details: { storeCode: 'NotOnline' },
    });
    const malformed = await caught(() =>
      connector.associate({ products: [{ storeProductId: NOTES }], subjects: subjects(upns(1)) }),
    );
    expect(malformed).toMatchObject({ code: 'VALIDATION_FAILED' });
    // productId with the SKU as pricingParam names the same product.
    const viaPricingParam = await caught(() =>
      connector.associate({
        products: [{ storeProductId: NOTES, pricingParam: '0016' }],
        subjects: subjects(upns(1)),
      }),
    );
    expect(viaPricingParam).toMatchObject({ details: { storeCode: 'NotOnline' } });
  });
});
