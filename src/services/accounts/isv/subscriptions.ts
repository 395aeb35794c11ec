/**
 * R-T12: ISV seat subscriptions. A subscription is an account of store `isv` with one product
 * (user licences only) and its pool; there is no store API, so Allot is the ledger: grants and
 * releases write no store calls. The seat count changes here only for subscriptions bought
 * through the marketplace (seatCount.ts); seats are assigned in seatAssignments.ts.
 */
import type { StoreContext } from '../../serviceContext.js';
import type { PurchasedThrough } from '../../../domain/seats.js';
import { newId } from '../../../ids.js';
import { newAccountRow } from '../accountRow.js';
import type { Actor } from '../../access/actor.js';
import { recordActivity } from '../../monitoring/activity.js';
import type { IsvSettings } from '../settings.js';
import type { AccountWithWarnings } from '../apple/tokens.js';
import { presentAccount } from '../accounts.js';
import { resolveSpaceId } from '../../directory/spaces.js';

export interface IsvAccountInput {
  name: string;
  productName: string;
  publisher: string;
  seats: number;
  purchasedThrough: PurchasedThrough;
  /** Integer minor units. */
  costPerSeat?: { amount: number; currency: string };
  spaceId?: string;
}

/** R-T12: adds a subscription with its product and its pool of `seats`, in one transaction. */
export async function createIsvAccount(
  ctx: StoreContext,
  actor: Actor,
  input: IsvAccountInput,
): Promise<AccountWithWarnings> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction(async (trx) => {
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    const accountId = newId(now.getTime());
    const productId = newId(now.getTime());
    const productName = input.productName.trim();
    // Each subscription is its own product: its offer ID is the subscription's ID.
    await trx
      .insertInto('products')
      .values({
        id: productId,
        tenantId: actor.tenantId,
        store: 'isv',
        storeProductId: accountId,
        pricingParam: '',
        kind: 'app',
        name: productName,
        bundleId: null,
        version: null,
        platforms: '[]',
        costAmount: input.costPerSeat?.amount ?? null,
        costCurrency: input.costPerSeat?.currency.toUpperCase() ?? null,
        deviceAssignable: 0,
        revocable: 1,
        licenseModel: 'standard',
        sizeBytes: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    const settings: IsvSettings = {
      publisher: input.publisher.trim(),
      productName,
      purchasedThrough: input.purchasedThrough,
      productId,
      seats: input.seats,
    };
    const row = await newAccountRow(
      trx,
      {
        id: accountId,
        tenantId: actor.tenantId,
        spaceId,
        store: 'isv',
        name: input.name,
        status: 'healthy',
        statusReason: null,
        // No store to sync with: Allot is the ledger.
        scheduled: false,
      },
      {
        organizationName: settings.publisher,
        // Seats go to whoever is assigned them: no Apple-style distribution lists by default.
        autoDistributeToAllUsers: 1,
        settings: JSON.stringify(settings),
        firstSyncDone: 1,
      },
      now,
    );
    await trx.insertInto('accounts').values(row).execute();
    await trx
      .insertInto('pools')
      .values({
        id: newId(now.getTime()),
        tenantId: actor.tenantId,
        accountId,
        productId,
        total: input.seats,
        inUse: 0,
        reserved: 0,
        unlimited: 0,
        storeAssigned: 0,
        untracked: 0,
        // Allot is the ledger: the counts are never "as of" a store's answer.
        asOf: null,
        updatedAt: at,
      })
      .execute();
    const account = presentAccount(row);
    await recordActivity(trx, actor, now, {
      action: 'account.create',
      subject: { type: 'account', id: accountId, name: row.name },
      spaceId,
      after: { ...account, costPerSeat: input.costPerSeat ?? null },
    });
    return { ...account, warnings: [], syncJobId: null };
  });
}
