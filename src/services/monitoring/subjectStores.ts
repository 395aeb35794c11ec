/**
 * One view across stores (R-M6, R-M7): the store that a notification's or an activity entry's
 * subject belongs to — an account, a pool, a product (usage notifications name it
 * `productId:spaceId`), a licence or a catalog app. Other subjects (users, devices…) have none.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ofTenant } from './byIds.js';

export interface SubjectRef {
  type: string;
  id: string;
}

export const subjectStoreKey = (s: SubjectRef) => `${s.type}:${s.id}`;

/** `type:id` → store, for the subjects that have one. */
export async function storesOfSubjects(
  db: Kysely<Database>,
  tenantId: string,
  subjects: readonly SubjectRef[],
): Promise<Map<string, string>> {
  const ids = (type: string) => [
    ...new Set(subjects.filter((s) => s.type === type).map((s) => s.id)),
  ];
  const stores = new Map<string, string>();
  const put = (type: string, rows: ReadonlyArray<{ id: string; store: string }>) => {
    for (const row of rows) stores.set(`${type}:${row.id}`, row.store);
  };
  const accounts = ids('account');
  if (accounts.length > 0) {
    put(
      'account',
      await db
        .selectFrom('accounts')
        .select(['id', 'store'])
        .where(ofTenant('tenantId', tenantId))
        .where('id', 'in', accounts)
        .execute(),
    );
  }
  const pools = ids('pool');
  if (pools.length > 0) {
    put(
      'pool',
      await db
        .selectFrom('pools as p')
        .innerJoin('accounts as a', 'a.id', 'p.accountId')
        .select(['p.id', 'a.store'])
        .where(ofTenant('p.tenantId', tenantId))
        .where('p.id', 'in', pools)
        .execute(),
    );
  }
  const products = ids('product');
  if (products.length > 0) {
    const byProduct = new Map(products.map((id) => [id.split(':')[0]!, id]));
    const rows = await db
      .selectFrom('products')
      .select(['id', 'store'])
      .where(ofTenant('tenantId', tenantId))
      .where('id', 'in', [...byProduct.keys()])
      .execute();
    for (const subject of products) {
      const row = rows.find((r) => r.id === subject.split(':')[0]);
      if (row !== undefined) stores.set(`product:${subject}`, row.store);
    }
  }
  const licenses = ids('license');
  if (licenses.length > 0) {
    put(
      'license',
      await db
        .selectFrom('licenses as l')
        .innerJoin('products as p', 'p.id', 'l.productId')
        .select(['l.id', 'p.store'])
        .where(ofTenant('l.tenantId', tenantId))
        .where('l.id', 'in', licenses)
        .execute(),
    );
  }
  const apps = ids('catalogApp');
  if (apps.length > 0) {
    put(
      'catalogApp',
      await db
        .selectFrom('catalogApps as c')
        .innerJoin('products as p', 'p.id', 'c.productId')
        .select(['c.id', 'p.store'])
        .where(ofTenant('c.tenantId', tenantId))
        .where('c.id', 'in', apps)
        .execute(),
    );
  }
  return stores;
}
