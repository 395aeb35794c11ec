/**
 * The whole Apple path for API tests: a location in the emulator, an account in Allot, its
 * sync, catalog apps, users and devices — everything through the public API — and `settle()`
 * to run the background work (queued jobs, the outbox) until nothing is left.
 */
import { randomBytes } from 'node:crypto';
import type { ControlAssetInput } from '../../src/emulators/apple/index.js';
import { drainOutbox } from '../../src/jobs/outbox.js';
import { runQueuedJobs } from '../../src/jobs/runner.js';
import { syncJobHandlers } from '../../src/jobs/accountTasks.js';
import type { AppleWorld } from './emulator.js';
import type { Client, TestApp } from './testApp.js';

/** Runs queued jobs and drains the outbox until both are empty. */
export async function settle(t: TestApp): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    const jobs = await runQueuedJobs(t.ctx, syncJobHandlers);
    const outbox = await drainOutbox(t.ctx);
    const pending = await t.ctx.db.kysely
      .selectFrom('outbox')
      .select('id')
      .where('state', 'in', ['pending', 'sending'])
      .where('nextAttemptAt', '<=', t.ctx.clock.now().toISOString())
      .executeTakeFirst();
    if (jobs === 0 && outbox.sent === 0 && pending === undefined) return;
  }
  throw new Error('background work did not settle');
}

export interface AppleAccountSetup {
  account: any;
  locationId: string;
  sToken: string;
}

export async function addAppleAccount(
  w: AppleWorld,
  admin: Client,
  options: {
    assets: ControlAssetInput[];
    name?: string;
    spaceId?: string;
    autoDistributeToAllUsers?: boolean;
  },
): Promise<AppleAccountSetup> {
  const suffix = randomBytes(3).toString('hex');
  const { locationId, sToken } = w.apple.createLocation({
    organizationName: 'Example School',
    locationName: options.name ?? `Location ${suffix}`,
    assets: options.assets,
  });
  const response = await admin.post('/accounts', {
    store: 'apple',
    name: options.name ?? `Location ${suffix}`,
    token: sToken,
    appleId: `vpp-${suffix}@example.org`,
    accountType: 'education',
    ...(options.spaceId === undefined ? {} : { spaceId: options.spaceId }),
    ...(options.autoDistributeToAllUsers === undefined
      ? {}
      : { autoDistributeToAllUsers: options.autoDistributeToAllUsers }),
  });
  if (response.status !== 201) throw new Error(`account creation failed: ${response.text}`);
  await settle(w.t);
  return { account: response.body, locationId, sToken };
}

/** The product synced from the store for an adamId. */
export async function productOf(admin: Client, adamId: string): Promise<any> {
  const products = (await admin.get(`/products?store=apple&limit=500`)).body.items as any[];
  const product = products.find((p) => p.storeProductId === adamId);
  if (product === undefined) throw new Error(`product ${adamId} not synced`);
  return product;
}

/** A catalog app for the product of an adamId, assigned as asked. */
export async function catalogApp(
  admin: Client,
  adamId: string,
  assignment?: { target: any; intent: string; licenseType?: string; excludeGroupIds?: string[] },
  spaceId?: string,
): Promise<any> {
  const product = await productOf(admin, adamId);
  const app = await admin.post('/catalog-apps', {
    productId: product.id,
    ...(spaceId ? { spaceId } : {}),
  });
  if (app.status !== 201) throw new Error(`catalog app failed: ${app.text}`);
  if (assignment !== undefined) {
    const created = await admin.post(`/catalog-apps/${app.body.id}/assignments`, assignment);
    if (created.status !== 201) throw new Error(`assignment failed: ${created.text}`);
  }
  return app.body;
}

let serial = 0;

/** A device (with a new primary user unless `user: null`). */
export async function device(
  admin: Client,
  options: { platform?: string; user?: any; shared?: boolean; spaceId?: string } = {},
): Promise<{ device: any; user: any }> {
  serial += 1;
  const tag = `${randomBytes(3).toString('hex').toUpperCase()}${serial}`;
  const user =
    options.user === undefined
      ? (
          await admin.post('/users', {
            email: `user-${tag.toLowerCase()}@example.org`,
            displayName: `User ${tag}`,
            ...(options.spaceId ? { spaceId: options.spaceId } : {}),
          })
        ).body
      : options.user;
  const created = await admin.post('/devices', {
    serialNumber: `SN${tag}`,
    platform: options.platform ?? 'ipados',
    ...(user === null ? {} : { primaryUserId: user.id }),
    ...(options.shared ? { shared: true } : {}),
    ...(options.spaceId ? { spaceId: options.spaceId } : {}),
  });
  if (created.status !== 201) throw new Error(`device failed: ${created.text}`);
  return { device: created.body, user };
}

export function appState(checkIn: any, catalogAppId: string): any {
  return checkIn.apps.find((a: any) => a.catalogAppId === catalogAppId);
}

/** An app the emulator sells, named after its adamId (iOS and macOS unless `extra` says). */
export const appleAsset = (
  adamId: string,
  totalCount: number,
  extra: Record<string, unknown> = {},
) => ({
  adamId,
  name: `App ${adamId}`,
  bundleId: `com.example.app${adamId}`,
  totalCount,
  supportedPlatforms: ['iOS', 'macOS'],
  ...extra,
});

/** A required assignment to every device. */
export const requiredOnDevices = { target: { type: 'allDevices' }, intent: 'required' };
