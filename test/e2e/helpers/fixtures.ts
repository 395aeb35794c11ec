/**
 * Preconditions the console tests build through the demo's APIs rather than the console: an
 * Apple location of their own in the emulator, its account synced, its app in the catalog,
 * iPads of their own. Every caller passes names and IDs no other test uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from './browser.js';
import type { DemoServer } from './demoServer.js';

export interface LocationInput {
  /** The location's name in the emulator, also the account's name in Allot. */
  name: string;
  /** Its one app. */
  app: { adamId: string; name: string; totalCount: number };
}

const ORGANIZATION = 'Lincoln High School';

/**
 * A new location of the Apple emulator holding one iOS app; its sToken. The app is paid: a free
 * one would be unlimited, without a usage bar.
 */
export function appleLocation(server: DemoServer, input: LocationInput): string {
  return server.demo.emulator.createLocation({
    organizationName: ORGANIZATION,
    locationName: input.name,
    assets: [
      {
        adamId: input.app.adamId,
        name: input.app.name,
        totalCount: input.app.totalCount,
        price: 2.99,
        supportedPlatforms: ['iOS'],
      },
    ],
  }).sToken;
}

/** The token in a file named `fileName` (in the server's folder), for the file picker. */
export function tokenFile(server: DemoServer, sToken: string, fileName: string): string {
  const file = path.join(server.dataDir, fileName);
  fs.writeFileSync(file, sToken);
  return file;
}

/** Waits for a background job (e.g. an account's first sync) to succeed. */
export async function jobDone(server: DemoServer, jobId: string): Promise<void> {
  const job = await eventually(async () => {
    const job = await server.api('GET', `/jobs/${jobId}`);
    if (job.state !== 'succeeded' && job.state !== 'failed') throw new Error(`job is ${job.state}`);
    return job;
  });
  if (job.state === 'failed') throw new Error(`job ${jobId} (${job.kind}) failed: ${job.error}`);
}

export interface SyncedAccount {
  accountId: string;
  /** The app's product, synced from the location. */
  productId: string;
}

/** An Apple account on a location of its own, added through the API and synced. */
export async function syncedAccount(
  server: DemoServer,
  input: LocationInput,
): Promise<SyncedAccount> {
  const account = await server.api('POST', '/accounts', {
    store: 'apple',
    name: input.name,
    token: appleLocation(server, input),
    appleId: `vpp.${input.app.adamId}@lincoln.example.edu`,
    accountType: 'education',
  });
  await jobDone(server, account.syncJobId);
  const products = await server.api(
    'GET',
    `/products?store=apple&q=${encodeURIComponent(input.app.name)}`,
  );
  const product = products.items.find(
    (p: { storeProductId: string }) => p.storeProductId === input.app.adamId,
  );
  if (product === undefined) throw new Error(`${input.app.name} was not synced`);
  return { accountId: account.id, productId: product.id };
}

export interface CatalogApp extends SyncedAccount {
  catalogAppId: string;
}

/** As syncedAccount(), with the app put in the catalog. */
export async function catalogApp(server: DemoServer, input: LocationInput): Promise<CatalogApp> {
  const synced = await syncedAccount(server, input);
  const app = await server.api('POST', '/catalog-apps', { productId: synced.productId });
  return { ...synced, catalogAppId: app.id };
}

export interface Device {
  id: string;
  serialNumber: string;
  name: string;
}

/**
 * iPads without a primary user in a device group of their own, so that no other test's
 * assignment reaches them (the demo's students' iPads are in "Students").
 */
export async function deviceGroup(
  server: DemoServer,
  name: string,
  devices: ReadonlyArray<{ serialNumber: string; name: string }>,
): Promise<{ groupId: string; devices: Device[] }> {
  const group = await server.api('POST', '/groups', { name, kind: 'device' });
  const created: Device[] = [];
  for (const device of devices) {
    const { id } = await server.api('POST', '/devices', { ...device, platform: 'ipados' });
    created.push({ id, ...device });
  }
  await server.api('POST', `/groups/${group.id}/members`, {
    deviceIds: created.map((d) => d.id),
  });
  return { groupId: group.id, devices: created };
}

/** A required assignment of the app to a group. */
export async function assignRequired(
  server: DemoServer,
  catalogAppId: string,
  groupId: string,
): Promise<void> {
  await server.api('POST', `/catalog-apps/${catalogAppId}/assignments`, {
    target: { type: 'group', groupId },
    intent: 'required',
  });
}

/** The device checks in; the state the check-in gave the app. */
export async function checkIn(
  server: DemoServer,
  serialNumber: string,
  catalogAppId: string,
): Promise<string | undefined> {
  const result = await server.api('POST', '/check-in', { serialNumber });
  return result.apps.find((a: { catalogAppId: string }) => a.catalogAppId === catalogAppId)?.state;
}

/** Waits until an active usage notification (R-M5) begins with `text`, e.g. "Maps: 67 %". */
export async function usageNotification(server: DemoServer, text: string): Promise<void> {
  await eventually(async () => {
    const active = await server.api('GET', '/notifications?state=active&kind=usage&limit=200');
    const messages = active.items.map((n: { message: string }) => n.message);
    if (!messages.some((m: string) => m.startsWith(text)))
      throw new Error(`no active notification "${text}…" among ${messages.join('; ')}`);
  });
}
