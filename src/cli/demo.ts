/**
 * `allot demo`: a living system in one command. Starts the Apple emulator seeded with two
 * locations (apps and books, some nearly exhausted, one token expiring in ten days) and the
 * Microsoft Store emulator (demoMicrosoft.ts), connects them and two ISV subscriptions, fills
 * the directory, assigns apps, checks devices in, and serves Allot on it. Console single
 * sign-on (R-I3) works on first run: an OpenID Connect provider (oidc-provider, on loopback)
 * with an administrator and a read-only auditor whose passwords the demo prints. A NanoMDM
 * emulator is connected as an MDM connector (R-I4): the Apple devices enrol through it, so they
 * arrive as webhook events, and its devices acknowledge the commands Allot sends them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import {
  startAppleEmulator,
  type AppleEmulator,
  type ControlAssetInput,
} from '../emulators/apple/index.js';
import { startMicrosoftEmulator, type MicrosoftEmulator } from '../emulators/microsoft/index.js';
import { startNanoMdmEmulator, type NanoMdmEmulator } from '../emulators/nanomdm/index.js';
import {
  startOidcProvider,
  type OidcPerson,
  type OidcProviderServer,
} from '../emulators/oidc/index.js';
import { drainOutbox } from '../jobs/outbox.js';
import { runQueuedJobs } from '../jobs/runner.js';
import { checkTokenExpiries } from '../jobs/accountTasks.js';
import { jobHandlers } from '../jobs/handlers.js';
import { startServer, type RunningServer } from '../server.js';
import { apiOf, type Created, type DemoApi } from './demoApi.js';
import { seedIsv, seedMicrosoft } from './demoMicrosoft.js';
import { backfillHistory } from '../services/intelligence/history.js';

const DAY_MS = 86_400_000;

const MAIN_CAMPUS: ControlAssetInput[] = [
  {
    adamId: '361309726',
    name: 'Pages',
    bundleId: 'com.apple.iWork.Pages',
    totalCount: 40,
    price: 0,
    supportedPlatforms: ['iOS', 'macOS'],
  },
  {
    adamId: '361304891',
    name: 'Numbers',
    bundleId: 'com.apple.iWork.Numbers',
    totalCount: 40,
    price: 0,
    supportedPlatforms: ['iOS', 'macOS'],
  },
  {
    adamId: '1001000001',
    name: 'GeoGebra Classic',
    bundleId: 'org.geogebra.classic',
    totalCount: 12,
    price: 4.99,
    supportedPlatforms: ['iOS', 'macOS'],
  },
  {
    adamId: '1001000002',
    name: 'Notability',
    bundleId: 'com.gingerlabs.Notability',
    totalCount: 10,
    price: 8.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000003',
    name: 'Explain Everything',
    bundleId: 'com.morriscooke.explaineverything',
    totalCount: 25,
    price: 5.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000004',
    name: 'Procreate',
    bundleId: 'com.savage.procreate',
    totalCount: 8,
    price: 12.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000005',
    name: 'Swift Playgrounds',
    bundleId: 'com.apple.Playgrounds',
    totalCount: 30,
    price: 0,
    supportedPlatforms: ['iOS', 'macOS'],
  },
  {
    adamId: '1001000006',
    name: 'Duolingo ABC',
    bundleId: 'com.duolingo.abc',
    totalCount: 15,
    price: 2.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000007',
    name: 'Final Cut Pro',
    bundleId: 'com.apple.FinalCut',
    totalCount: 5,
    price: 299.99,
    supportedPlatforms: ['macOS'],
  },
  {
    adamId: '1001000008',
    name: 'Adobe Acrobat Reader',
    bundleId: 'com.adobe.Adobe-Reader',
    totalCount: 30,
    price: 0,
    supportedPlatforms: ['iOS', 'macOS'],
  },
  {
    adamId: '1002000001',
    name: 'The Elements: A Visual Exploration',
    productType: 'Book',
    totalCount: 20,
    price: 13.99,
  },
  {
    adamId: '1002000002',
    name: 'Romeo and Juliet (Annotated)',
    productType: 'Book',
    totalCount: 30,
    price: 3.99,
  },
];

const NORTH_CAMPUS: ControlAssetInput[] = [
  {
    adamId: '1001000002',
    name: 'Notability',
    bundleId: 'com.gingerlabs.Notability',
    totalCount: 6,
    price: 8.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000004',
    name: 'Procreate',
    bundleId: 'com.savage.procreate',
    totalCount: 4,
    price: 12.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000009',
    name: 'Kahoot!',
    bundleId: 'no.mobitroll.kahoot',
    totalCount: 20,
    price: 1.99,
    supportedPlatforms: ['iOS'],
  },
  {
    adamId: '1001000010',
    name: 'Logic Pro',
    bundleId: 'com.apple.logic10',
    totalCount: 3,
    price: 199.99,
    supportedPlatforms: ['macOS'],
  },
];

const PEOPLE = [
  ['Ada Okafor', 'teacher'],
  ['Ben Müller', 'teacher'],
  ['Chloé Martin', 'teacher'],
  ['Dev Patel', 'teacher'],
  ['Elif Yilmaz', 'student'],
  ['Farah Haddad', 'student'],
  ['Gustavo Lima', 'student'],
  ['Hana Sato', 'student'],
  ['Ivan Petrov', 'student'],
  ['Jada Brooks', 'student'],
  ['Kofi Mensah', 'student'],
  ['Lena Novak', 'student'],
] as const;

/** What the demo reads back from the API: the IDs of what it created, and product lists. */
export interface Demo {
  server: RunningServer;
  /** The Apple Apps and Books emulator. */
  emulator: AppleEmulator;
  microsoft: MicrosoftEmulator;
  /** The NanoMDM emulator the Apple devices enrolled through, and its connector in Allot. */
  nanomdm: NanoMdmEmulator;
  mdmConnectorId: string;
  token: string;
  /** The sign-in provider and its people; null when it could not start (see `ssoNote`). */
  sso: { issuer: string; people: Record<string, OidcPerson> } | null;
  ssoNote: string | null;
  close(): Promise<void>;
}

/** The demo's two people, with passwords new at every run. */
function demoPeople(): Record<string, OidcPerson> {
  const password = () => randomBytes(9).toString('base64url');
  return {
    admin: {
      password: password(),
      name: 'Ada Admin',
      email: 'admin@demo.allot.test',
      groups: ['allot-admins'],
      role: 'globalAdmin',
    },
    auditor: {
      password: password(),
      name: 'Otto Auditor',
      email: 'auditor@demo.allot.test',
      groups: ['allot-auditors'],
      role: 'readOnly',
    },
  };
}

/** Starts the demo's provider; without it (no dev dependencies) the demo keeps token sign-in. */
async function startDemoSso(
  publicUrl: string,
): Promise<{ provider: OidcProviderServer; people: Record<string, OidcPerson> } | string> {
  const people = demoPeople();
  try {
    const provider = await startOidcProvider({
      redirectUris: [`${publicUrl}/auth/callback`],
      people,
    });
    return { provider, people };
  } catch (error) {
    return `single sign-on is off: the demo's provider did not start (${String(error)})`;
  }
}

/** Starts the emulator and a fresh Allot in `<data dir>/demo`, seeded. */
export async function startDemo(config: Config): Promise<Demo> {
  const dataDir = path.join(config.dataDir, 'demo');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const emulator = await startAppleEmulator({ port: 0, eventDelayMs: 200 });
  const microsoft = await startMicrosoftEmulator({ port: 0 });
  const nanomdm = await startNanoMdmEmulator({
    port: 0,
    autoAnswer: { delayMs: 200 },
    bundleIds: demoBundleIds(),
  });
  const token = config.adminToken ?? 'allot-demo-admin-token';
  const publicUrl = `http://127.0.0.1:${config.port}`;
  // With port 0 the address is known only once listening, too late for the provider's client.
  const sso =
    config.port === 0
      ? 'single sign-on is off: it needs a fixed PORT (the redirect URI)'
      : await startDemoSso(publicUrl);
  const provider = typeof sso === 'string' ? null : sso.provider;
  let server: RunningServer;
  try {
    server = await startServer({
      ...config,
      dataDir,
      databaseUrl: null,
      adminToken: token,
      appleApiUrl: emulator.url,
      appleLookupUrl: emulator.lookupUrl,
      microsoftApiUrl: microsoft.url,
      microsoftAuthorityUrl: microsoft.authorityUrl,
      microsoftGraphUrl: microsoft.graphUrl,
      publicUrl,
      // The MDM connector's API URL is the emulator, on loopback (R-S5).
      privateTargets: {
        ...config.privateTargets,
        hosts: [...config.privateTargets.hosts, '127.0.0.1'],
      },
      sso:
        provider === null
          ? null
          : {
              issuer: provider.issuer,
              clientId: provider.clientId,
              clientSecret: provider.clientSecret,
              scopes: 'openid profile email groups',
              groupsClaim: 'groups',
              displayName: 'the demo provider',
              idleTimeoutMs: 3_600_000,
              maxAgeMs: 12 * 3_600_000,
            },
    });
  } catch (error) {
    await emulator.close();
    await microsoft.close();
    await nanomdm.close();
    await provider?.close();
    throw error;
  }
  let mdmConnectorId: string;
  try {
    mdmConnectorId = await seed(server, emulator, microsoft, nanomdm, token);
    if (typeof sso !== 'string' && server.app !== null) {
      await apiOf(server.app, token).put('/sso/role-mappings', {
        mappings: Object.values(sso.people).map((p) => ({
          group: p.groups[0],
          role: p.role,
          spaceId: null,
        })),
      });
    }
  } catch (error) {
    await server.close();
    await emulator.close();
    await microsoft.close();
    await nanomdm.close();
    await provider?.close();
    throw error;
  }
  return {
    server,
    emulator,
    microsoft,
    nanomdm,
    mdmConnectorId,
    token,
    sso: typeof sso === 'string' ? null : { issuer: sso.provider.issuer, people: sso.people },
    ssoNote: typeof sso === 'string' ? sso : null,
    async close() {
      await server.close();
      await emulator.close();
      await microsoft.close();
      await nanomdm.close();
      await provider?.close();
    },
  };
}

async function settle(server: RunningServer): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    const jobs = await runQueuedJobs(server.ctx, jobHandlers);
    const outbox = await drainOutbox(server.ctx);
    if (jobs === 0 && outbox.sent === 0) return;
  }
}

/** adamId → bundle id of the demo's apps: what the emulated devices report installed. */
function demoBundleIds(): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const asset of [...MAIN_CAMPUS, ...NORTH_CAMPUS]) {
    if (typeof asset.bundleId === 'string') ids[asset.adamId] = asset.bundleId;
  }
  return ids;
}

const PRODUCT_NAMES: Record<string, string> = {
  macos: 'Mac14,2',
  ipados: 'iPad13,1',
  ios: 'iPhone14,5',
};

/**
 * R-I4: an MDM connector for the NanoMDM emulator, its webhook pointed at Allot (signed with the
 * connector's key), and every Apple device enrolled through it: Authenticate and TokenUpdate
 * arrive as events and link each enrolment to its device by serial number.
 */
async function connectMdm(
  server: RunningServer,
  api: DemoApi,
  nanomdm: NanoMdmEmulator,
  devices: ReadonlyArray<{ serialNumber: string; platform?: string; name?: string }>,
): Promise<string> {
  const connector = (await api.post('/mdm-connectors', {
    kind: 'nanomdm',
    name: 'NanoMDM (emulator)',
    apiUrl: nanomdm.url,
    apiKey: nanomdm.apiKey,
  })) as unknown as { id: string; webhookUrl: string; webhookSecret: string };
  // The webhook URL is on ALLOT_PUBLIC_URL; post to where this server really listens.
  const { pathname } = new URL(connector.webhookUrl, 'http://localhost');
  nanomdm.setWebhook(`${server.url ?? ''}${pathname}`, connector.webhookSecret);
  for (const device of devices) {
    const productName = PRODUCT_NAMES[device.platform ?? ''];
    if (productName === undefined) continue;
    await nanomdm.enroll({
      serialNumber: device.serialNumber,
      productName,
      ...(device.name !== undefined && { deviceName: device.name }),
    });
  }
  return connector.id;
}

async function seed(
  server: RunningServer,
  emulator: AppleEmulator,
  microsoft: MicrosoftEmulator,
  nanomdm: NanoMdmEmulator,
  token: string,
): Promise<string> {
  if (server.app === null) throw new Error('the demo needs the HTTP API');
  const api = apiOf(server.app, token);
  const main = emulator.createLocation({
    organizationName: 'Lincoln High School',
    locationName: 'Main Campus',
    assets: MAIN_CAMPUS,
  });
  const north = emulator.createLocation({
    organizationName: 'Lincoln High School',
    locationName: 'North Campus',
    expiresAt: new Date(Date.now() + 10 * DAY_MS),
    assets: NORTH_CAMPUS,
  });
  const mainAccount = await api.post('/accounts', {
    store: 'apple',
    name: 'Main Campus',
    token: main.sToken,
    appleId: 'vpp.main@lincoln.example.edu',
    accountType: 'education',
  });
  const northAccount = await api.post('/accounts', {
    store: 'apple',
    name: 'North Campus',
    token: north.sToken,
    appleId: 'vpp.north@lincoln.example.edu',
    accountType: 'education',
  });
  await settle(server);

  const teachers = await api.post('/groups', { name: 'Teachers', kind: 'user' });
  const students = await api.post('/groups', { name: 'Students', kind: 'user' });
  const carts = await api.post('/groups', { name: 'Library carts', kind: 'device' });
  const users: Array<{ id: string; role: string; email: string }> = [];
  for (const [name, role] of PEOPLE) {
    const first = name
      .split(' ')[0]!
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    const email = `${first.toLowerCase()}@lincoln.example.edu`;
    const user = await api.post('/users', { email, displayName: name });
    users.push({ id: user.id, role, email });
  }
  await api.post(`/groups/${teachers.id}/members`, {
    userIds: users.filter((u) => u.role === 'teacher').map((u) => u.id),
  });
  await api.post(`/groups/${students.id}/members`, {
    userIds: users.filter((u) => u.role === 'student').map((u) => u.id),
  });

  const devices: Created[] = [];
  for (const [index, user] of users.entries()) {
    const platform = user.role === 'teacher' ? 'macos' : 'ipados';
    const serialNumber = `${platform === 'macos' ? 'C02' : 'DMP'}LHS${String(index + 1).padStart(5, '0')}`;
    devices.push(
      await api.post('/devices', {
        serialNumber,
        platform,
        name: `${platform === 'macos' ? 'MacBook' : 'iPad'} ${index + 1}`,
        primaryUserId: user.id,
      }),
    );
  }
  const cartDevices: Created[] = [];
  for (let i = 1; i <= 6; i += 1) {
    cartDevices.push(
      await api.post('/devices', {
        serialNumber: `DMPCART${String(i).padStart(4, '0')}`,
        platform: 'ipados',
        name: `Library cart iPad ${i}`,
        shared: true,
      }),
    );
  }
  await api.post(`/groups/${carts.id}/members`, {
    deviceIds: cartDevices.map((d: { id: string }) => d.id),
  });
  devices.push(...cartDevices);

  const products = (await api.get('/products?store=apple&limit=100')).items as Array<{
    id: string;
    storeProductId: string;
    kind: string;
  }>;
  const appOf = new Map<string, string>();
  for (const product of products) {
    const app = await api.post('/catalog-apps', {
      productId: product.id,
      description: 'Provided by the school',
    });
    appOf.set(product.storeProductId, app.id);
  }
  const assign = (adamId: string, target: unknown, intent: string) =>
    api.post(`/catalog-apps/${appOf.get(adamId)}/assignments`, { target, intent });
  for (const adamId of ['361309726', '361304891', '1001000008'])
    await assign(adamId, { type: 'allDevices' }, 'required');
  await assign('1001000002', { type: 'group', groupId: students.id }, 'required');
  await assign('1001000003', { type: 'group', groupId: carts.id }, 'required');
  await assign('1001000004', { type: 'group', groupId: students.id }, 'required');
  await assign('1001000001', { type: 'group', groupId: teachers.id }, 'required');
  await assign('1001000007', { type: 'group', groupId: teachers.id }, 'available');
  for (const adamId of ['1001000005', '1001000006', '1001000009'])
    await assign(adamId, { type: 'allUsers' }, 'available');
  // A reservation on the North Campus account for one teacher's Procreate.
  await api.put(`/catalog-apps/${appOf.get('1001000004')}/distribution/${northAccount.id}`, {
    fcfsGroupIds: ['allUsers'],
    reservedUserIds: [],
    reservedDeviceIds: [devices[0]!.id],
    prohibitedUserIds: [],
  });
  void mainAccount;

  const people = {
    emails: users.map((u) => u.email),
    teacherIds: users.filter((u) => u.role === 'teacher').map((u) => u.id),
    studentIds: users.filter((u) => u.role === 'student').map((u) => u.id),
    teachersGroupId: teachers.id,
    studentsGroupId: students.id,
  };
  const appleDevices = devices.map(
    (d) => d as unknown as { serialNumber: string; platform: string; name: string },
  );
  devices.push(...(await seedMicrosoft(api, microsoft, () => settle(server), people)));
  await seedIsv(api, people);
  const mdmConnectorId = await connectMdm(server, api, nanomdm, appleDevices);

  for (const device of devices) await api.post('/check-in', { serialNumber: device.serialNumber });
  await settle(server);
  // The North Campus token expires in ten days: its warning shows at once.
  await checkTokenExpiries(server.ctx, server.ctx.clock.now());
  await seedIntelligence(server);
  return mdmConnectorId;
}

/** Days of usage history the demo starts with. */
const DEMO_HISTORY_DAYS = 90;

/**
 * Licence intelligence on first run (R-X2, R-X5): the Apple products' emulator prices as their
 * cost when they have none (in USD, the emulator's store front), and 90 days of usage history
 * for every pool, rising to today's counts, so that GET /forecasts and GET /costs show numbers.
 */
async function seedIntelligence(server: RunningServer): Promise<void> {
  const db = server.ctx.db.kysely;
  const prices = new Map(
    [...MAIN_CAMPUS, ...NORTH_CAMPUS]
      .filter((asset) => (asset.price ?? 0) > 0)
      .map((asset) => [asset.adamId, asset.price!]),
  );
  const tenants = await db.selectFrom('accounts').select('tenantId').distinct().execute();
  for (const [adamId, price] of prices) {
    await db
      .updateTable('products')
      .set({ costAmount: price, costCurrency: 'USD' })
      .where('store', '=', 'apple')
      .where('storeProductId', '=', adamId)
      .where('costAmount', 'is', null)
      .execute();
  }
  const now = server.ctx.clock.now();
  for (const { tenantId } of tenants) {
    await backfillHistory(db, tenantId, now, DEMO_HISTORY_DAYS);
  }
}

export function describeDemo(demo: Demo): string {
  const url = demo.server.url ?? '';
  return [
    'Allot demo: seeded Apple Apps and Books and Microsoft Store emulators, two ISV subscriptions, and a fresh Allot on them',
    `  console      ${url}/   (sign in with the token below)`,
    `  API          ${url}/api/v1   docs ${url}/docs`,
    `  token        ${demo.token}`,
    `  emulator     ${demo.emulator.url} (control API ${demo.emulator.controlUrl})`,
    `  Microsoft    ${demo.microsoft.url} (control API ${demo.microsoft.controlUrl})`,
    `  NanoMDM      ${demo.nanomdm.url} (control API ${demo.nanomdm.controlUrl})`,
    `               the Apple devices enrolled through it and acknowledge Allot's commands:`,
    `               watch ${demo.nanomdm.controlUrl}/commands and ${url}/api/v1/mdm-connectors/${demo.mdmConnectorId}`,
    `  try: curl -H "Authorization: Bearer ${demo.token}" ${url}/api/v1/licenses/overview`,
    ...(demo.sso === null
      ? [`  sign-in      ${demo.ssoNote ?? 'single sign-on is off'}`]
      : [
          `  sign-in      ${url}/auth/login   (OpenID Connect provider ${demo.sso.issuer})`,
          ...Object.entries(demo.sso.people).map(
            ([login, p]) =>
              `    ${login.padEnd(9)} password ${p.password}   (${p.name}, ${p.role})`,
          ),
        ]),
  ].join('\n');
}
