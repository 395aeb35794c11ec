/**
 * R-V8: migration 0006 gives every outbox row its place in the order calls reach the store
 * (`seq`, numbered by the database as rows are inserted). Calls already waiting keep the order
 * they had (their `id`), and the calls recorded after come after them. On SQLite in a file of
 * its own, and on PostgreSQL (DATABASE_URL) in a schema of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema, openDatabase, type Db } from '../../src/db/database.js';
import { migrationsFor } from '../../src/db/migrations/index.js';
import { newId } from '../../src/ids.js';
import { enqueueStoreCalls } from '../../src/services/outbox/enqueue.js';

const databaseUrl = process.env.DATABASE_URL || null;
const schema = databaseUrl === null ? null : `allot_order_${randomBytes(6).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-outbox-order-'));
let db: Db;
let migrator: Migrator;

beforeAll(async () => {
  db = await openDatabase({ databaseUrl, databaseSchema: schema, dataDir });
  migrator = new Migrator({
    db: db.kysely.withoutPlugins(),
    provider: { getMigrations: async () => migrationsFor(db.dialect) },
    ...(schema === null ? {} : { migrationTableSchema: schema }),
  });
});
afterAll(async () => {
  await db?.close();
  if (databaseUrl !== null && schema !== null) await dropPostgresSchema(databaseUrl, schema);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function migrateTo(name: string): Promise<void> {
  const { error } = await migrator.migrateTo(name);
  if (error !== undefined) throw new Error(`migrating to ${name} failed`, { cause: error });
}

/** The rows' IDs in the order the outbox sends them. */
async function idsInOrder(): Promise<string[]> {
  const rows = await db.kysely.selectFrom('outbox').select(['id', 'seq']).orderBy('seq').execute();
  return rows.map((r) => r.id);
}

const call = (serialNumber: string) => ({
  accountId: 'account-1',
  call: { operation: 'associate' as const, storeProductId: '1', serialNumber },
});

describe('R-V8: migration 0006_outbox_order', () => {
  it('R-V8: calls already waiting keep their order, and later calls come after them', async () => {
    await migrateTo('0005_device_fillfactor');
    const at = new Date('2026-06-01T09:00:00.000Z');
    await db.kysely
      .insertInto('tenants')
      .values({ id: 'tenant-1', name: 'Order', createdAt: at.toISOString() })
      .execute();
    // Waiting calls, written in an order other than their IDs' (the order they were sent in).
    const ids = [newId(at.getTime()), newId(at.getTime()), newId(at.getTime())];
    for (const id of [ids[2]!, ids[0]!, ids[1]!]) {
      await db.kysely
        .insertInto('outbox')
        .values({
          id,
          tenantId: 'tenant-1',
          accountId: 'account-1',
          operation: 'associate',
          payload: JSON.stringify(call(id).call),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: at.toISOString(),
          leaseUntil: null,
          lastError: null,
          createdAt: at.toISOString(),
          doneAt: null,
        })
        .execute();
    }

    await migrateTo('0006_outbox_order');
    expect(await idsInOrder()).toEqual(ids);
    // A call recorded now, with an older request time, still comes last: the database numbers it.
    await enqueueStoreCalls(db.kysely, 'tenant-1', [call('LATE1'), call('LATE2')], new Date(0));
    const order = await idsInOrder();
    expect(order.slice(0, 3)).toEqual(ids);
    const late = await db.kysely
      .selectFrom('outbox')
      .select(['id', 'payload'])
      .where('id', 'in', order.slice(3))
      .execute();
    const serialOf = new Map(late.map((r) => [r.id, JSON.parse(r.payload).serialNumber]));
    expect(order.slice(3).map((id) => serialOf.get(id))).toEqual(['LATE1', 'LATE2']);

    // Down and up again: the IDs survive, numbered again in their order.
    await migrateTo('0005_device_fillfactor');
    const kept = await db.kysely.selectFrom('outbox').select('id').orderBy('id').execute();
    expect(kept.map((r) => r.id)).toEqual([...order].sort());
    await migrateTo('0006_outbox_order');
    expect(await idsInOrder()).toEqual([...order].sort());
  });
});
