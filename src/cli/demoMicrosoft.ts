/**
 * `allot demo`, the other two stores: the school's Microsoft Store for Business account (its
 * directory holds the demo's users; online, offline, free and encrypted-package apps) and two
 * ISV seat subscriptions, one bought through the marketplace and one through the vendor.
 * Teachers get a Windows PC, and the computer lab four shared PCs.
 */
import type { ControlProductInput, MicrosoftEmulator } from '../emulators/microsoft/index.js';
import type { Created, DemoApi } from './demoApi.js';

const MICROSOFT_PRODUCTS: ControlProductInput[] = [
  {
    productId: '9WZDNCRFHVJL',
    name: 'OneNote',
    localizedNames: { 'fr-FR': 'OneNote' },
    seats: 6,
    price: 5.99,
    packageIdentityName: 'Microsoft.Office.OneNote',
    publisherName: 'Microsoft Corporation',
  },
  {
    productId: '9MSPC6MP8FM4',
    name: 'Microsoft Whiteboard',
    free: true,
    packageIdentityName: 'Microsoft.Whiteboard',
    publisherName: 'Microsoft Corporation',
  },
  {
    productId: '9NBLGGH4R2R6',
    skuId: '0017',
    name: 'Minecraft Education',
    licenseType: 'offline',
    seats: 10,
    price: 5,
    packageIdentityName: 'Microsoft.MinecraftEducationEdition',
    publisherName: 'Microsoft Studios',
  },
  {
    productId: '9NBLGGH5FV99',
    name: 'GeoGebra Calculator Suite',
    seats: 3,
    price: 2.99,
    packageIdentityName: 'GeoGebra.CalculatorSuite',
    publisherName: 'GeoGebra',
  },
  {
    productId: '9WZDNCRFJ3Q2',
    name: 'Weather Pro',
    encrypted: true,
    seats: 5,
    price: 1.99,
    packageIdentityName: 'Contoso.WeatherPro',
  },
];

export interface DemoPeople {
  emails: string[];
  teacherIds: string[];
  studentIds: string[];
  teachersGroupId: string;
  studentsGroupId: string;
}

/**
 * The Microsoft Store account, bound and synced (`settle` runs the sync), its apps assigned;
 * returns the Windows devices, for the demo to check them in.
 */
export async function seedMicrosoft(
  api: DemoApi,
  emulator: MicrosoftEmulator,
  settle: () => Promise<void>,
  people: DemoPeople,
): Promise<Created[]> {
  const credentials = emulator.createAccount({
    organizationName: 'Lincoln High School',
    domain: 'lincoln.example.edu',
    users: people.emails,
    products: MICROSOFT_PRODUCTS,
  });
  await api.post('/accounts', {
    store: 'microsoft',
    name: 'Microsoft Store for Education',
    tenantDirectoryId: credentials.tenantDirectoryId,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    language: 'en-US',
  });
  await settle();

  const devices: Created[] = [];
  for (const [index, userId] of people.teacherIds.entries()) {
    devices.push(
      await api.post('/devices', {
        serialNumber: `PF0LHS${String(index + 1).padStart(5, '0')}`,
        platform: 'windows',
        name: `Staff PC ${index + 1}`,
        primaryUserId: userId,
      }),
    );
  }
  const lab = await api.post('/groups', { name: 'Computer lab', kind: 'device' });
  const labPcs: Created[] = [];
  for (let i = 1; i <= 4; i += 1) {
    labPcs.push(
      await api.post('/devices', {
        serialNumber: `PF0LAB${String(i).padStart(5, '0')}`,
        platform: 'windows',
        name: `Computer lab PC ${i}`,
      }),
    );
  }
  await api.post(`/groups/${lab.id}/members`, { deviceIds: labPcs.map((d) => d.id) });
  devices.push(...labPcs);

  const products = (await api.get('/products?store=microsoft&limit=100')).items;
  const apps = (await api.get('/catalog-apps?limit=500')).items as unknown as Array<{
    id: string;
    productId: string;
  }>;
  const appOf = (storeProductId: string): string => {
    const product = products.find((p) => p.storeProductId === storeProductId);
    const app = apps.find((a) => a.productId === product?.id);
    if (app === undefined) throw new Error(`the sync did not add ${storeProductId}`);
    return app.id;
  };
  const assign = (storeProductId: string, body: Record<string, unknown>) =>
    api.post(`/catalog-apps/${appOf(storeProductId)}/assignments`, body);
  await assign('9WZDNCRFHVJL/0016', {
    target: { type: 'group', groupId: people.teachersGroupId },
    intent: 'required',
  });
  await assign('9MSPC6MP8FM4/0016', { target: { type: 'allUsers' }, intent: 'available' });
  await assign('9NBLGGH4R2R6/0017', {
    target: { type: 'group', groupId: lab.id },
    intent: 'required',
    deviceContext: true,
  });
  return devices;
}

/** Two seat subscriptions: Canva from the marketplace, Turnitin from the vendor. */
export async function seedIsv(api: DemoApi, people: DemoPeople): Promise<void> {
  const canva = await api.post('/accounts', {
    store: 'isv',
    name: 'Canva for Education (marketplace)',
    productName: 'Canva for Education',
    publisher: 'Canva',
    seats: 15,
    purchasedThrough: 'marketplace',
    costPerSeat: { amount: 1199, currency: 'USD' },
  });
  await api.post(`/accounts/${canva.id}/seats/assign`, {
    groupIds: [people.teachersGroupId, people.studentsGroupId],
  });
  const turnitin = await api.post('/accounts', {
    store: 'isv',
    name: 'Turnitin Feedback Studio (vendor)',
    productName: 'Turnitin Feedback Studio',
    publisher: 'Turnitin',
    seats: 5,
    purchasedThrough: 'vendor',
    costPerSeat: { amount: 350, currency: 'USD' },
  });
  await api.post(`/accounts/${turnitin.id}/seats/assign`, { userIds: people.teacherIds });
}
