/**
 * The administrator's journey in a real browser against `allot demo`: sign in, add an Apple
 * account from an emulator token, sync it, reserve, assign, see a device check in, revoke,
 * and watch the usage bar and the notifications follow.
 *
 * Every test stands alone (run one with -t, or all with --sequence.shuffle): what it needs but
 * does not test, it builds through the API (helpers/fixtures.ts), with a location, an app
 * (adamId 10030000xx), iPads and a group no other test uses; and it opens a browser of its own.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  launchChromium,
  screenshot,
  type Browser,
  type Chromium,
} from './helpers/browser.js';
import { meterValue, openSection, signIn, visible } from './helpers/console.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';
import {
  appleLocation,
  assignRequired,
  catalogApp,
  checkIn,
  deviceGroup,
  syncedAccount,
  tokenFile,
  usageNotification,
} from './helpers/fixtures.js';

describe('the console, end to end', () => {
  let server: DemoServer;
  let chromium: Chromium;
  /** The test's own browser, closed after it (with a screenshot if it failed). */
  let browser: Browser | null = null;

  beforeAll(async () => {
    server = await startDemoServer();
    chromium = await launchChromium();
  });

  afterEach(async ({ task }) => {
    const used = browser;
    browser = null;
    if (used === null) return;
    if (task.result?.state === 'fail') await screenshot(used.page, `failed-${task.name}`);
    await used.close();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** A fresh browser (no session) for this test. */
  async function newPage(): Promise<Page> {
    browser = await chromium.newBrowser();
    return browser.page;
  }

  /** A fresh browser signed in with the demo's token, on the dashboard. */
  async function signedIn(): Promise<Page> {
    const page = await newPage();
    await signIn(page, server.url, server.token);
    return page;
  }

  it('signs in with a token kept in sessionStorage, never in the URL', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('API token').fill('not-a-token-of-this-server');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('alert').getByText('The API token is not valid'));
    expect(await page.evaluate(() => sessionStorage.getItem('allot.token'))).toBeNull();

    await signIn(page, server.url, server.token);
    expect(page.url()).not.toContain(server.token);
    expect(await page.evaluate(() => sessionStorage.getItem('allot.token'))).toBe(server.token);
    await visible(page.getByRole('heading', { name: 'Licence usage' }));
    await visible(page.getByRole('meter', { name: 'Procreate licences in use' }));
    await visible(page.getByText('The store token of North Campus expires within 15 days.'));
  });

  it('adds an Apple account from a token file through the file picker and syncs it', async () => {
    const sToken = appleLocation(server, {
      name: 'East Campus',
      app: { adamId: '1003000001', name: 'Field Guide', totalCount: 3 },
    });
    const file = tokenFile(server, sToken, 'east.vpptoken');
    // R-T9: a new account comes after the Apple accounts there are (the demo's two, and those
    // other tests added before this one).
    const before = (await server.api('GET', '/accounts?store=apple&limit=500')).items.length;
    const page = await signedIn();
    await openSection(page, 'Store accounts');
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Add a store account' }));
    expect(await dialog.getByRole('radio', { name: /^Apple Apps and Books/ }).isChecked()).toBe(
      true,
    );
    await visible(dialog.getByText('Use this token in Allot only.'));
    await dialog.getByLabel('Display name').fill('East Campus');
    await dialog.getByLabel('Token file (.vpptoken)').setInputFiles(file);
    await visible(dialog.getByText('east.vpptoken · Lincoln High School', { exact: false }));
    await dialog.getByLabel('Apple ID of the account owner').fill('vpp.east@lincoln.example.edu');
    await dialog.getByLabel('Apple School Manager (education)').check();
    expect(await dialog.getByLabel('Distribute to all users').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Clear previous licence data').isChecked()).toBe(false);
    // Hold the job polls a little, so that the progress bar is seen before the sync ends.
    await page.route('**/api/v1/jobs/*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'Add account' }).click();

    // The new account's row in the table, and its details opened below it.
    const row = (name: string) =>
      page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    const priorityOf = async (name: string) => row(name).getByRole('cell').nth(1).textContent();
    const card = page.getByRole('region', { name: 'East Campus' });
    await visible(card.getByRole('progressbar', { name: /Syncing East Campus/ }));
    await visible(card.getByText(/Full resync finished · 1 product$/));
    await page.unroute('**/api/v1/jobs/*');
    await visible(card.getByText('Healthy', { exact: true }));
    expect(await priorityOf('East Campus')).toBe(String(before + 1));

    // Sync now: the console follows the job through GET /jobs/{id} until it succeeds. Both
    // waits start before the click: a quick job may be seen succeeded at the first poll.
    const [started, finished] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sync') && r.request().method() === 'POST'),
      page.waitForResponse(
        async (r) =>
          /\/jobs\/[^/]+$/.test(r.url()) &&
          ((await r.json()) as { state: string }).state === 'succeeded',
      ),
      card.getByRole('button', { name: 'Sync now' }).click(),
    ]);
    expect(((await finished.json()) as { id: string }).id).toBe(
      ((await started.json()) as { jobId: string }).jobId,
    );
    await visible(card.getByText('Sync finished · 1 product', { exact: true }));
    expect(await card.getByText('Not synced yet').count()).toBe(0);

    // R-T9: priorities change with the account's buttons, one step at a time.
    await card.getByRole('button', { name: 'Raise priority' }).click();
    await visible(page.getByText(`East Campus now has priority ${before}.`));
    await eventually(async () => expect(await priorityOf('East Campus')).toBe(String(before)));
    for (let priority = before - 1; priority >= 1; priority -= 1) {
      await card.getByRole('button', { name: 'Raise priority' }).click();
      await visible(page.getByText(`East Campus now has priority ${priority}.`));
    }
    // The demo's Main Campus was first; no other test reorders the accounts.
    await eventually(async () => expect(await priorityOf('Main Campus')).toBe('2'));
    expect(await card.getByRole('button', { name: 'Raise priority' }).isDisabled()).toBe(true);
  });

  it('puts a synced app in the catalog and reserves a licence for a device', async () => {
    const APP = 'Tide Tables';
    await syncedAccount(server, {
      name: 'South Campus',
      app: { adamId: '1003000003', name: APP, totalCount: 3 },
    });
    const page = await signedIn();
    await openSection(page, 'Apps and licences');
    await page.getByLabel('Search apps').fill(APP);
    await page.getByRole('button', { name: `Add ${APP} to the catalog` }).click();
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();

    await page.getByRole('tab', { name: 'Distribution' }).click();
    const form = page.getByRole('form', { name: 'Distribution on South Campus' });
    await form.getByLabel('Reserve for a device').fill('iPad 5');
    await form.getByRole('button', { name: /Add iPad 5/ }).click();
    await visible(form.getByRole('list', { name: 'Reserved devices' }).getByText('iPad 5'));
    await form.getByRole('button', { name: 'Save distribution on South Campus' }).click();
    await visible(page.getByText(`Distribution of ${APP} on South Campus saved.`));
    await visible(page.getByText('0 of 3 in use (0%) · 1 reserved', { exact: false }));
  });

  it('assigns an app and shows the forecast before saving', async () => {
    const APP = 'Lab Notebook';
    const app = await catalogApp(server, {
      name: 'Science Wing',
      app: { adamId: '1003000004', name: APP, totalCount: 3 },
    });
    const page = await signedIn();
    await page.goto(`${server.url}/apps/${app.catalogAppId}`);
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();

    await page.getByRole('tab', { name: 'Assignments' }).click();
    await visible(page.getByText('This app is not assigned yet.'));
    await page.getByLabel('Assign to').selectOption({ label: 'Students (user group, 8 members)' });
    await page.getByRole('combobox', { name: /^Intent/ }).selectOption('required');
    const forecast = page.getByRole('status', { name: 'Forecast' });
    await visible(forecast.getByText(/Needs 8 licences; 3 available\. Shortfall: 5\./));
    await page.getByRole('button', { name: 'Save assignment' }).click();
    await visible(page.getByText('Assignment saved: it needs 8 licences, 5 short.'));
    await visible(page.getByRole('rowheader', { name: 'Students' }));
  });

  it("shows a device's check-in result on its page", async () => {
    const APP = 'Reading Log';
    const app = await catalogApp(server, {
      name: 'Library',
      app: { adamId: '1003000005', name: APP, totalCount: 10 },
    });
    const { groupId, devices } = await deviceGroup(server, 'Library iPads', [
      { serialNumber: 'LIBLHS00001', name: 'Library iPad 1' },
    ]);
    await assignRequired(server, app.catalogAppId, groupId);

    const result = await server.api('POST', '/check-in', { serialNumber: 'LIBLHS00001' });
    expect(result.deviceId).toBe(devices[0]!.id);
    const state = result.apps.find(
      (a: { catalogAppId: string }) => a.catalogAppId === app.catalogAppId,
    )?.state;
    expect(state).toBe('pending');
    await server.api('POST', `/devices/${result.deviceId}/events`, {
      type: 'installed',
      catalogAppId: app.catalogAppId,
    });

    const page = await signedIn();
    await openSection(page, 'Devices');
    await page.getByLabel('Search devices').fill('LIBLHS00001');
    await page.getByRole('link', { name: 'Library iPad 1', exact: true }).waitFor();
    await eventually(async () => expect(await page.getByRole('row').count()).toBe(2));
    await page.getByRole('link', { name: 'Library iPad 1', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Library iPad 1' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APP }) });
    await visible(row.getByText('Installed', { exact: true }));
    await visible(row.getByText('Device licence'));
    await visible(row.getByText('LIBLHS00001'));
    await screenshot(page, 'device');
  });

  // The dashboard shows the 8 most used products, and the demo has 7 at 33 % or more, the last
  // of them GeoGebra Classic at 33 %; ties go by name, so the apps the dashboard must show at
  // 33 % (here and in the next test) have names that sort before it.

  it('shows the usage bar and the notification rise as devices take licences', async () => {
    const APP = 'Bird Songs';
    const app = await catalogApp(server, {
      name: 'Music Room',
      app: { adamId: '1003000006', name: APP, totalCount: 3 },
    });
    const { groupId } = await deviceGroup(server, 'Music room iPads', [
      { serialNumber: 'MUSLHS00001', name: 'Music iPad 1' },
      { serialNumber: 'MUSLHS00002', name: 'Music iPad 2' },
    ]);
    await assignRequired(server, app.catalogAppId, groupId);
    expect(await checkIn(server, 'MUSLHS00001', app.catalogAppId)).toBe('pending');

    const page = await signedIn();
    const meter = page.getByRole('meter', { name: `${APP} licences in use` });
    expect(await meterValue(await visible(meter))).toBe(33);
    expect(await page.getByText(`${APP}: more than half`, { exact: false }).count()).toBe(0);

    expect(await checkIn(server, 'MUSLHS00002', app.catalogAppId)).toBe('pending');
    await page.reload();
    await eventually(async () => expect(await meterValue(await visible(meter))).toBe(67));
    const notification = page
      .getByRole('region', { name: 'Needs attention' })
      .getByText(`${APP}: more than half of the licences are in use.`);
    await visible(notification);
    expect(await meter.getAttribute('data-band')).toBe('info');
    await screenshot(page, 'dashboard');
  });

  it('revokes a licence from the app page; the bar falls and the notification clears', async () => {
    const APP = 'Cloud Atlas';
    const app = await catalogApp(server, {
      name: 'Art Studio',
      app: { adamId: '1003000007', name: APP, totalCount: 3 },
    });
    const { groupId, devices } = await deviceGroup(server, 'Art studio iPads', [
      { serialNumber: 'ARTLHS00001', name: 'Art iPad 1' },
      { serialNumber: 'ARTLHS00002', name: 'Art iPad 2' },
    ]);
    // Art iPad 1 holds a reserved licence, Art iPad 2 a first-come-first-served one: 2 of 3.
    await server.api('PUT', `/catalog-apps/${app.catalogAppId}/distribution/${app.accountId}`, {
      fcfsGroupIds: ['allUsers'],
      reservedDeviceIds: [devices[0]!.id],
    });
    await assignRequired(server, app.catalogAppId, groupId);
    for (const device of devices)
      expect(await checkIn(server, device.serialNumber, app.catalogAppId)).toBe('pending');
    await usageNotification(server, `${APP}: 67 %`);

    const appUrl = `${server.url}/apps/${app.catalogAppId}`;
    const page = await signedIn();
    await page.goto(appUrl);
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();
    await page.getByLabel('Search licences').fill('Art iPad 2');
    await page.getByRole('button', { name: 'Revoke the licence of Art iPad 2' }).click();
    const dialog = await visible(
      page.getByRole('dialog', { name: 'Revoke the licence of Art iPad 2?' }),
    );
    await visible(dialog.getByText('30-day grace period', { exact: false }));
    await dialog.getByRole('button', { name: 'Revoke licence' }).click();
    await visible(page.getByText(/licence of Art iPad 2 was revoked; the app stays usable until/));
    const summary = page.getByRole('meter', { name: `${APP} licences in use` });
    await eventually(async () => expect(await meterValue(summary)).toBe(33));
    await page.getByLabel('Search licences').fill('');
    await page.getByRole('tab', { name: /^Reserved/ }).click();
    await visible(page.getByRole('row').filter({ hasText: 'ARTLHS00001' }));
    await screenshot(page, 'app');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    // The dashboard lists the eight apps closest to running out, which the demo's own apps may
    // fill: the bar was checked on the app page; here the notification has gone.
    const active = page.getByRole('region', { name: 'Needs attention' });
    await visible(
      active.getByText('The store token of North Campus expires within', { exact: false }),
    );
    expect(await active.getByText(`${APP}: more than half`, { exact: false }).count()).toBe(0);

    await openSection(page, 'Notifications');
    await page.getByLabel('State').selectOption('cleared');
    const cleared = page.getByRole('listitem').filter({ hasText: `${APP}: more than half` });
    await visible(cleared.getByText('Cleared', { exact: true }));
    await cleared.getByRole('link', { name: APP }).click();
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();
    expect(page.url()).toBe(appUrl);
  });

  it('R-T4, R-T8: takes over a token claimed by another product, then deletes the account', async () => {
    const west = server.demo.emulator.createLocation({
      organizationName: 'Lincoln High School',
      locationName: 'West Annex',
      assets: [{ adamId: '1003000002', name: 'Star Chart', totalCount: 2, price: 1.99 }],
    });
    server.demo.emulator.setTokenState(west.locationId, { action: 'claim', mdmName: 'Other MDM' });
    await server.api('POST', '/accounts', {
      store: 'apple',
      name: 'West Annex',
      token: west.sToken,
      appleId: 'vpp.west@lincoln.example.edu',
      accountType: 'education',
    });

    const page = await signedIn();
    await openSection(page, 'Store accounts');
    // The account's name in the table opens its details.
    await page.getByRole('button', { name: 'West Annex', exact: true }).click();
    const card = page.getByRole('region', { name: 'West Annex' });
    await visible(card.getByText('Claimed elsewhere', { exact: true }));
    expect(await card.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Take over the token' }).click();
    const takeover = await visible(page.getByRole('dialog', { name: /^Take over the token/ }));
    await visible(takeover.getByText('Use this token in Allot only.'));
    await takeover.getByRole('button', { name: 'Take over' }).click();
    await visible(page.getByText('Allot now manages West Annex.'));
    await visible(card.getByText(/Full resync finished/));
    await visible(card.getByText('Healthy', { exact: true }));

    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Delete West Annex?' }));
    await visible(dialog.getByText(/revokes its 0 active licence\(s\)/));
    const confirm = dialog.getByRole('button', { name: 'Delete account' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type West Annex to confirm/).fill('West Annex');
    await confirm.click();
    await visible(page.getByText('West Annex was deleted; 0 licences revoked.'));
    await card.waitFor({ state: 'detached' });
  });

  it('exports the activity log as CSV', async () => {
    const app = await catalogApp(server, {
      name: 'Gymnasium',
      app: { adamId: '1003000008', name: 'Jump Rope', totalCount: 10 },
    });
    const { groupId, devices } = await deviceGroup(server, 'Gymnasium iPads', [
      { serialNumber: 'GYMLHS00001', name: 'Gym iPad 1' },
    ]);
    await assignRequired(server, app.catalogAppId, groupId);
    expect(await checkIn(server, 'GYMLHS00001', app.catalogAppId)).toBe('pending');
    const held = await server.api(
      'GET',
      `/licenses?subjectId=${devices[0]!.id}&productId=${app.productId}&state=active`,
    );
    const licenseId: string = held.items[0].id;
    await server.api('POST', `/licenses/${licenseId}/revoke`);

    const page = await signedIn();
    await openSection(page, 'Activity');
    await page.getByLabel('Action').selectOption('license.revoke');
    await visible(page.getByRole('cell', { name: 'Licence revoked' }).first());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^allot-activity-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe(
      'id,at,actor,action,subjectType,subjectId,subjectName,spaceId,before,after',
    );
    expect(rows.every((row) => row.split(',')[3] === 'license.revoke')).toBe(true);
    expect(rows.some((row) => row.split(',')[5] === licenseId)).toBe(true);
  });
});
