/**
 * The security suite's world: a real Allot (SQLite, or PostgreSQL with DATABASE_URL), its
 * OpenAPI document, and a tenant holding one of everything the API names by ID, so that every
 * route with an ID can be aimed at something real.
 */
import { randomBytes } from 'node:crypto';
import { newId } from '../../src/ids.js';
import { raiseNotification } from '../../src/services/monitoring/notifications.js';
import type { Client, TestApp } from '../helpers/testApp.js';

/** The IDs of one tenant's resources, by the kind of thing they name. */
export interface Fixture {
  tenantId: string;
  admin: Client;
  token: string;
  ids: {
    space: string;
    otherSpace: string;
    user: string;
    device: string;
    group: string;
    account: string;
    product: string;
    catalogApp: string;
    assignment: string;
    license: string;
    apiToken: string;
    job: string;
    webhook: string | null;
    mdmConnector: string | null;
    notificationRecipient: string;
    notification: string;
    /** Not an ID, but it names the device at check-in. */
    deviceSerial: string;
  };
}

function expectStatus(response: { status: number; text: string }, status: number, what: string) {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${response.text}`);
  }
}

/** A tenant with a second space, a user, a device, a group, an ISV subscription, a catalog app
 * with an assignment, a licence, an API token, a job and (when the URL is allowed) a webhook. */
export async function buildFixture(t: TestApp, label: string): Promise<Fixture> {
  const tenant = await t.newTenant(`${label}-${randomBytes(3).toString('hex')}`);
  const admin = tenant.admin;
  const me = (await admin.get('/me')).body;
  const space = (await admin.get('/spaces')).body.items.find((s: any) => s.isDefault);
  const other = await admin.post('/spaces', { name: `${label} annex` });
  expectStatus(other, 201, 'space');
  const user = await admin.post('/users', {
    email: `${label}-user@example.org`,
    displayName: `${label} user`,
  });
  expectStatus(user, 201, 'user');
  const device = await admin.post('/devices', {
    serialNumber: `${label.toUpperCase()}SER${randomBytes(3).toString('hex').toUpperCase()}`,
    platform: 'ios',
    primaryUserId: user.body.id,
  });
  expectStatus(device, 201, 'device');
  const group = await admin.post('/groups', { name: `${label} group`, kind: 'user' });
  expectStatus(group, 201, 'group');
  expectStatus(
    await admin.post(`/groups/${group.body.id}/members`, { userIds: [user.body.id] }),
    200,
    'member',
  );
  const account = await admin.post('/accounts', {
    store: 'isv',
    name: `${label} suite`,
    productName: `${label} suite`,
    publisher: 'Fabrikam',
    seats: 5,
    purchasedThrough: 'marketplace',
  });
  expectStatus(account, 201, 'account');
  const products = (await admin.get('/products?store=isv')).body.items as any[];
  const product = products.find((p) => p.name.startsWith(`${label} suite`)) ?? products[0];
  const app = await admin.post('/catalog-apps', { productId: product.id });
  expectStatus(app, 201, 'catalog app');
  const assignment = await admin.post(`/catalog-apps/${app.body.id}/assignments`, {
    target: { type: 'group', groupId: group.body.id },
    intent: 'available',
  });
  expectStatus(assignment, 201, 'assignment');
  expectStatus(
    await admin.post(`/accounts/${account.body.id}/seats/assign`, { userIds: [user.body.id] }),
    200,
    'seat',
  );
  const license = (await admin.get(`/licenses?accountId=${account.body.id}`)).body.items[0];
  const apiToken = await admin.post('/api-tokens', { name: `${label} reader`, role: 'readOnly' });
  expectStatus(apiToken, 201, 'api token');
  // A finished job of the tenant (a sync's record); ISV subscriptions have nothing to sync.
  const now = new Date().toISOString();
  const job = newId();
  await t.ctx.db.kysely
    .insertInto('jobs')
    .values({
      id: job,
      tenantId: me.tenantId,
      kind: 'sync',
      subjectId: account.body.id,
      payload: '{}',
      state: 'succeeded',
      progress: 100,
      result: '{}',
      error: null,
      createdAt: now,
      startedAt: now,
      finishedAt: now,
    })
    .execute();
  let webhook: string | null = null;
  for (const url of ['https://93.184.215.14/allot-hook', 'https://hooks.example.org/allot']) {
    const created = await admin.post('/webhooks', {
      url,
      events: ['*'],
      secret: `whsec_${randomBytes(32).toString('base64')}`,
    });
    if (created.status === 201) {
      webhook = created.body.id;
      break;
    }
  }
  const connector = await admin.post('/mdm-connectors', {
    kind: 'nanomdm',
    name: 'MDM',
    apiUrl: 'https://93.184.215.14/nanomdm',
    apiKey: `key-${randomBytes(16).toString('hex')}`,
  });
  const mdmConnector = connector.status === 201 ? (connector.body.id as string) : null;
  // A recipient of the victim's space: other tenants and other spaces' tokens must not see it.
  const recipient = await admin.post('/notification-recipients', {
    email: `${label}-recipient@example.org`,
    kinds: ['*'],
    spaceId: space.id,
  });
  expectStatus(recipient, 201, 'notification recipient');
  // A notification of the victim's space (the conditions that raise one are tested elsewhere).
  const notification = await raiseNotification(
    t.ctx.db.kysely,
    me.tenantId,
    {
      kind: 'syncFailed',
      severity: 'warning',
      subject: { type: 'account', id: account.body.id, name: account.body.name },
      spaceId: space.id,
      message: 'The last sync failed',
    },
    new Date(),
  );
  return {
    tenantId: me.tenantId,
    admin,
    token: tenant.token,
    ids: {
      space: space.id,
      otherSpace: other.body.id,
      user: user.body.id,
      device: device.body.id,
      group: group.body.id,
      account: account.body.id,
      product: product.id,
      catalogApp: app.body.id,
      assignment: assignment.body.id,
      license: license.id,
      apiToken: apiToken.body.id,
      job,
      webhook,
      mdmConnector,
      notificationRecipient: recipient.body.id,
      notification: notification!.id,
      deviceSerial: device.body.serialNumber,
    },
  };
}

export type IdKind = keyof Fixture['ids'];

/** Which kind of resource a path parameter names, from the path segment before it. */
export function kindOfPathParam(path: string, param: string): IdKind | null {
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  const before = segments[at - 1] ?? '';
  const byCollection: Record<string, IdKind> = {
    'api-tokens': 'apiToken',
    spaces: 'space',
    users: 'user',
    devices: 'device',
    groups: 'group',
    members: 'user',
    licenses: 'license',
    'catalog-apps': 'catalogApp',
    accounts: 'account',
    products: 'product',
    jobs: 'job',
    apple: 'account',
    delegations: 'otherSpace',
    distribution: 'account',
    assignments: 'assignment',
    webhooks: 'webhook',
    'mdm-connectors': 'mdmConnector',
    'notification-recipients': 'notificationRecipient',
    notifications: 'notification',
  };
  return byCollection[before] ?? null;
}

/** Which kind of resource a body or query field names, from its name. */
export function kindOfField(name: string): IdKind | null {
  const byField: Record<string, IdKind> = {
    spaceId: 'space',
    userIds: 'user',
    primaryUserId: 'user',
    reservedUserIds: 'user',
    prohibitedUserIds: 'user',
    subjectId: 'user',
    deviceIds: 'device',
    reservedDeviceIds: 'device',
    groupIds: 'group',
    groupId: 'group',
    fcfsGroupIds: 'group',
    excludeGroupIds: 'group',
    accountId: 'account',
    productId: 'product',
    catalogAppId: 'catalogApp',
    serialNumber: 'deviceSerial',
  };
  return byField[name] ?? null;
}

/** An ID in the right shape that names nothing. */
export function unknownId(): string {
  return newId();
}
