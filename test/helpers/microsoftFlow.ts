/**
 * The Microsoft Store and ISV paths for API tests: a Store account in the Microsoft emulator
 * (with the Apple emulator beside it, for views across stores), the account bound through the
 * API and synced, directory users matching Allot users by e-mail, Windows devices, ISV
 * subscriptions — everything through the public API. `settle()` (appleFlow.ts) runs the
 * background work.
 */
import { randomBytes } from 'node:crypto';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import {
  startMicrosoftEmulator,
  type AccountCredentials,
  type ControlProductInput,
  type MicrosoftEmulator,
} from '../../src/emulators/microsoft/index.js';
import { settle } from './appleFlow.js';
import { createTestApp, type Client, type TestApp } from './testApp.js';

export { settle } from './appleFlow.js';

export interface MicrosoftWorld {
  microsoft: MicrosoftEmulator;
  apple: AppleEmulator;
  t: TestApp;
  close(): Promise<void>;
}

export async function startMicrosoftWorld(): Promise<MicrosoftWorld> {
  const microsoft = await startMicrosoftEmulator({ port: 0, maxRequestsPerSecond: 0 });
  const apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 5 });
  const t = await createTestApp({
    env: {
      ALLOT_APPLE_API_URL: apple.url,
      ALLOT_MICROSOFT_API_URL: microsoft.url,
      ALLOT_MICROSOFT_AUTHORITY_URL: microsoft.authorityUrl,
      ALLOT_MICROSOFT_GRAPH_URL: microsoft.graphUrl,
    },
  });
  return {
    microsoft,
    apple,
    t,
    async close() {
      await t.close();
      await microsoft.close();
      await apple.close();
    },
  };
}

/** Product IDs of the Store (12 characters, like Microsoft's). */
export const NOTES = '9WZDNCRFJ3PZ';
export const READER = '9NBLGGH4NNS1';
export const VAULT = '9PFHDD62MXS1';
export const SKETCH = '9NKSQGP7F2NH';
export const ONLINE_SKU = '0016';
export const OFFLINE_SKU = '0017';

export interface MicrosoftSetup {
  account: any;
  credentials: AccountCredentials;
  tenantDirectoryId: string;
  domain: string;
}

/** A directory with its Store account in the emulator, bound to Allot and synced. */
export async function addMicrosoftAccount(
  w: MicrosoftWorld,
  admin: Client,
  options: { products: ControlProductInput[]; users?: string[]; language?: string; name?: string },
): Promise<MicrosoftSetup> {
  const domain = `contoso${randomBytes(3).toString('hex')}.example.com`;
  const credentials = w.microsoft.createAccount({
    organizationName: 'Contoso',
    domain,
    products: options.products,
    users: options.users ?? [],
  });
  const created = await admin.post('/accounts', {
    store: 'microsoft',
    name: options.name ?? 'Microsoft Store',
    tenantDirectoryId: credentials.tenantDirectoryId,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    language: options.language ?? 'en-US',
  });
  if (created.status !== 201) throw new Error(`account not created: ${created.text}`);
  await settle(w.t);
  const account = (await admin.get(`/accounts/${created.body.id}`)).body;
  return { account, credentials, tenantDirectoryId: credentials.tenantDirectoryId, domain };
}

/** The product synced for a Store product and SKU. */
export async function msProduct(admin: Client, productId: string, skuId = ONLINE_SKU) {
  const items = (await admin.get('/products?store=microsoft&limit=500')).body.items as any[];
  return items.find((p) => p.storeProductId === `${productId}/${skuId}`);
}

/** The catalog app the sync created for a Store product and SKU. */
export async function msCatalogApp(admin: Client, productId: string, skuId = ONLINE_SKU) {
  const product = await msProduct(admin, productId, skuId);
  if (product === undefined) throw new Error(`${productId}/${skuId} not synced`);
  const apps = (await admin.get('/catalog-apps?limit=500')).body.items as any[];
  const app = apps.find((a) => a.productId === product.id);
  if (app === undefined) throw new Error(`no catalog app for ${productId}/${skuId}`);
  return app;
}

/** Allot users whose e-mails are UPNs of the directory. */
export async function directoryUsers(admin: Client, upns: string[]): Promise<any[]> {
  const users = [];
  for (const email of upns) {
    const created = await admin.post('/users', { email, displayName: email.split('@')[0] });
    if (created.status !== 201) throw new Error(`user failed: ${created.text}`);
    users.push(created.body);
  }
  return users;
}

let serial = 0;

/** A Windows device of `user` (or without a primary user). */
export async function windowsDevice(admin: Client, user: { id: string } | null): Promise<any> {
  serial += 1;
  const created = await admin.post('/devices', {
    serialNumber: `WIN${randomBytes(3).toString('hex').toUpperCase()}${serial}`,
    platform: 'windows',
    ...(user === null ? {} : { primaryUserId: user.id }),
  });
  if (created.status !== 201) throw new Error(`device failed: ${created.text}`);
  return created.body;
}

export async function userGroup(admin: Client, name: string, users: any[]): Promise<any> {
  const group = (await admin.post('/groups', { name, kind: 'user' })).body;
  if (users.length > 0) {
    await admin.post(`/groups/${group.id}/members`, { userIds: users.map((u) => u.id) });
  }
  return group;
}

/** Active seats the Store holds, as `productId/skuId user`, sorted. */
export function storeSeats(w: MicrosoftWorld, tenantDirectoryId: string): string[] {
  return w.microsoft
    .listSeats(tenantDirectoryId)
    .filter((s) => s.state === 'Active')
    .map((s) => `${s.productId}/${s.skuId} ${s.userName.toLowerCase()}`)
    .sort();
}

export async function checkIn(
  admin: Client,
  serialNumber: string,
  installed?: Array<{ bundleId: string; version?: string }>,
): Promise<any> {
  const response = await admin.post('/check-in', {
    serialNumber,
    ...(installed ? { installed } : {}),
  });
  if (response.status !== 200) throw new Error(`check-in failed: ${response.text}`);
  return response.body;
}

/** An ISV subscription added through the API. */
export async function addIsvSubscription(
  admin: Client,
  options: {
    seats: number;
    purchasedThrough: 'marketplace' | 'vendor';
    productName?: string;
    publisher?: string;
    costPerSeat?: { amount: number; currency: string };
  },
): Promise<any> {
  const created = await admin.post('/accounts', {
    store: 'isv',
    name: `${options.productName ?? 'Design Suite'} (${options.purchasedThrough})`,
    productName: options.productName ?? 'Design Suite',
    publisher: options.publisher ?? 'Fabrikam',
    seats: options.seats,
    purchasedThrough: options.purchasedThrough,
    ...(options.costPerSeat ? { costPerSeat: options.costPerSeat } : {}),
  });
  if (created.status !== 201) throw new Error(`subscription not created: ${created.text}`);
  return created.body;
}

/** Outbox rows of an account (store calls). */
export async function outboxOf(t: TestApp, accountId: string) {
  return t.ctx.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('accountId', '=', accountId)
    .orderBy('id')
    .execute();
}
