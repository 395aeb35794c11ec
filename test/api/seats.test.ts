/**
 * R-A13, R-A4: the guarded statement that takes a check-in's seats from several pools at once
 * moves a pool's counters only as far as taking the seats one at a time would have.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { takeSeats } from '../../src/db/seats.js';
import {
  defaultSpaceId,
  getPool,
  insertAccount,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function pool(counters: { total: number; inUse: number; reserved: number }) {
  const tenant = await t.newTenant();
  const spaceId = await defaultSpaceId(t, tenant.id);
  const accountId = await insertAccount(t, tenant.id, { spaceId });
  const productId = await insertProduct(t, tenant.id, { name: 'Maps' });
  return insertPool(t, tenant.id, { accountId, productId, ...counters });
}

function take(poolId: string, seats: number, fromReserved = 0) {
  return t.ctx.db.kysely
    .transaction()
    .execute((trx) =>
      takeSeats(trx, t.ctx.db.dialect, [{ poolId, seats, fromReserved }], new Date()),
    );
}

it('R-A13: several pools move in one statement, each only if it has every seat asked', async () => {
  const roomy = await pool({ total: 10, inUse: 8, reserved: 0 });
  const full = await pool({ total: 10, inUse: 9, reserved: 0 });
  const taken = await t.ctx.db.transaction((trx) =>
    takeSeats(
      trx,
      t.ctx.db.dialect,
      [
        { poolId: roomy, seats: 1, fromReserved: 0 },
        { poolId: full, seats: 2, fromReserved: 0 },
        { poolId: roomy, seats: 1, fromReserved: 0 },
      ],
      new Date(),
    ),
  );
  expect([...taken]).toEqual([roomy]);
  expect(await getPool(t, roomy)).toMatchObject({ inUse: 10, reserved: 0 });
  expect(await getPool(t, full)).toMatchObject({ inUse: 9, reserved: 0 });
});

it('R-A4: FCFS seats never take a seat held for a reservation', async () => {
  const held = await pool({ total: 10, inUse: 7, reserved: 2 });
  expect([...(await take(held, 2))]).toEqual([]);
  expect([...(await take(held, 1))]).toEqual([held]);
  expect(await getPool(t, held)).toMatchObject({ inUse: 8, reserved: 2 });
});

it('R-A4: a reserved seat is taken from the reservation, even in an over-reserved pool', async () => {
  // More reservations than seats: the reserved subjects take what there is, FCFS gets none.
  const over = await pool({ total: 5, inUse: 3, reserved: 4 });
  expect([...(await take(over, 1))]).toEqual([]);
  expect([...(await take(over, 2, 2))]).toEqual([over]);
  expect(await getPool(t, over)).toMatchObject({ inUse: 5, reserved: 2 });
  expect([...(await take(over, 1, 1))]).toEqual([]);
  expect(await getPool(t, over)).toMatchObject({ inUse: 5, reserved: 2 });
});
