/**
 * R-V8: the store call that mirrors a licence, per store. Each store knows a subject by its
 * own identifier:
 * - Apple: a device by serial number, a user by clientUserId (the Allot user's ID, R-A10);
 * - Microsoft Store: a user by UPN (the user's e-mail); only online licences are seats the
 *   store tracks — offline licences (and so device-context installs, R-A11) are Allot's ledger;
 * - ISV subscriptions: no store API, Allot is the ledger (no call at all).
 */
import type { Kysely } from 'kysely';
import type { Database, LicenseTable } from '../../db/schema.js';
import type { StoreCall } from './enqueue.js';

export interface StoreCallProduct {
  store: string;
  storeProductId: string;
  pricingParam: string;
  licenseModel: string;
}

/** The call to make, or null when the store has nothing to hear about this licence. */
export function storeCallFor(
  license: Pick<LicenseTable, 'licenseType' | 'serialNumber' | 'subjectId'>,
  product: StoreCallProduct,
  operation: 'associate' | 'disassociate',
  userPrincipalName?: string | null,
): StoreCall | null {
  if (product.store === 'isv') return null;
  if (product.store === 'microsoft') {
    if (product.licenseModel !== 'online' || license.licenseType !== 'user') return null;
    if (userPrincipalName === undefined || userPrincipalName === null) return null;
    return { operation, storeProductId: product.storeProductId, clientUserId: userPrincipalName };
  }
  const ref = {
    storeProductId: product.storeProductId,
    pricingParam: product.pricingParam || undefined,
  };
  return license.licenseType === 'device'
    ? { operation, ...ref, serialNumber: license.serialNumber ?? undefined }
    : { operation, ...ref, clientUserId: license.subjectId };
}

/** The UPN (e-mail) of each of these users, for Microsoft Store seats. */
export async function userPrincipalNames(
  db: Kysely<Database>,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const names = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('tenantId', '=', tenantId)
      .where('id', 'in', userIds.slice(i, i + 500))
      .execute();
    for (const row of rows) names.set(row.id, row.email);
  }
  return names;
}
