/**
 * The administrator's journey in a real browser against `allot demo`: sign in, add an Apple
 * account from an emulator token, sync it, reserve, assign, see a device check in, revoke,
 * and watch the usage bar and the notifications follow.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { meterValue, openSection, signIn, visible } from './helpers/console.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';

const APP = 'Field Guide';

describe('the console, end to end', () => {
  let server: DemoServer;
  let browser: Browser;
  let tokenFile: string;
  let appUrl = '';

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    const { sToken } = server.demo.emulator.createLocation({
      organizationName: 'Lincoln High School',
      locationName: 'East Campus',
      assets: [
        {
          adamId: '1003000001',
          name: APP,
          bundleId: 'org.example.fieldguide',
          totalCount: 3,
          price: 2.99,
          supportedPlatforms: ['iOS'],
        },
      ],
    });
    tokenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'allot-token-')), 'east.vpptoken');
    fs.writeFileSync(tokenFile, sToken);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(browser.page, `failed-${task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with a token kept in sessionStorage, never in the URL', async () => {
    const { page } = browser;
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
    await visible(
      page.getByText('North Campus: the store token expires in 10 days', { exact: false }),
    );
  });

  it('adds an Apple account from a token file through the file picker and syncs it', async () => {
    const { page } = browser;
    await openSection(page, 'Store accounts');
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Add an Apple account' }));
    await visible(dialog.getByText('Use this token in Allot only.'));
    await dialog.getByLabel('Display name').fill('East Campus');
    await dialog.getByLabel('Token file (.vpptoken)').setInputFiles(tokenFile);
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

    const card = page.getByRole('listitem', { name: 'East Campus' });
    await visible(card.getByRole('progressbar', { name: /Syncing East Campus/ }));
    await visible(card.getByText(/Full resync finished · 1 product$/));
    await page.unroute('**/api/v1/jobs/*');
    await visible(card.getByText('Healthy', { exact: true }));
    expect(await card.locator('.priority').textContent()).toBe('3');

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
    await visible(card.getByText(/as of/));

    // R-T9: priorities change with the arrows or by dragging a card onto another.
    await card.getByRole('button', { name: 'Move East Campus up' }).click();
    await visible(page.getByText('East Campus now has priority 2.'));
    await eventually(async () => expect(await card.locator('.priority').textContent()).toBe('2'));
    const main = page.getByRole('listitem', { name: 'Main Campus' });
    // The drag events themselves, in order (a synthetic mouse drag is unreliable headless).
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await card.dispatchEvent('dragstart', { dataTransfer });
    await main.dispatchEvent('dragover', { dataTransfer });
    await main.dispatchEvent('drop', { dataTransfer });
    await card.dispatchEvent('dragend', { dataTransfer });
    await visible(page.getByText('East Campus now has priority 1.'));
    await eventually(async () => expect(await main.locator('.priority').textContent()).toBe('2'));
  });

  it('puts the new app in the catalog and reserves a licence for a device', async () => {
    const { page } = browser;
    await openSection(page, 'Apps and licences');
    await page.getByLabel('Search apps').fill(APP);
    await page.getByRole('button', { name: `Add ${APP} to the catalog` }).click();
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();
    appUrl = page.url();

    await page.getByRole('tab', { name: 'Distribution' }).click();
    const form = page.getByRole('form', { name: 'Distribution on East Campus' });
    await form.getByLabel('Reserve for a device').fill('iPad 5');
    await form.getByRole('button', { name: /Add iPad 5/ }).click();
    await visible(form.getByRole('list', { name: 'Reserved devices' }).getByText('iPad 5'));
    await form.getByRole('button', { name: 'Save distribution on East Campus' }).click();
    await visible(page.getByText(`Distribution of ${APP} on East Campus saved.`));
    await visible(page.getByText('0 of 3 in use (0 %) · 1 reserved', { exact: false }));
  });

  it('assigns the app and shows the forecast before saving', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Assignments' }).click();
    await visible(page.getByText('This app is not assigned yet.'));
    await page.getByLabel('Assign to').selectOption({ label: 'Students (user group, 8 members)' });
    await page.getByRole('combobox', { name: /^Intent/ }).selectOption('required');
    const forecast = page.getByRole('status', { name: 'Forecast' });
    await visible(forecast.getByText(/Needs 8 licences; 3 available\. Shortfall: 5\./));
    await page.getByRole('button', { name: 'Save assignment' }).click();
    await visible(page.getByText('Assignment saved: needs 8 licence(s), 5 short.'));
    await visible(page.getByRole('rowheader', { name: 'Students' }));
  });

  it("shows a device's check-in result on its page", async () => {
    const { page } = browser;
    const checkIn = await server.api('POST', '/check-in', { serialNumber: 'DMPLHS00005' });
    const app = checkIn.apps.find((a: { state: string; catalogAppId: string }) =>
      appUrl.endsWith(a.catalogAppId),
    );
    expect(app?.state).toBe('pending');
    await server.api('POST', `/devices/${checkIn.deviceId}/events`, {
      type: 'installed',
      catalogAppId: app.catalogAppId,
    });

    await openSection(page, 'Devices');
    await page.getByLabel('Search devices').fill('DMPLHS00005');
    await page.getByRole('link', { name: 'iPad 5', exact: true }).waitFor();
    await eventually(async () => expect(await page.getByRole('row').count()).toBe(2));
    await page.getByRole('link', { name: 'iPad 5', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'iPad 5' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APP }) });
    await visible(row.getByText('Installed', { exact: true }));
    await visible(row.getByText('Device licence'));
    await visible(row.getByText('DMPLHS00005'));
    await screenshot(page, 'device');
  });

  it('shows the usage bar and the notification rise as devices take licences', async () => {
    const { page } = browser;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    const meter = page.getByRole('meter', { name: `${APP} licences in use` });
    expect(await meterValue(await visible(meter))).toBe(33);
    expect(await page.getByText(`${APP}: 67 %`, { exact: false }).count()).toBe(0);

    await server.api('POST', '/check-in', { serialNumber: 'DMPLHS00006' });
    await page.reload();
    await eventually(async () => expect(await meterValue(await visible(meter))).toBe(67));
    const notification = page
      .getByRole('region', { name: 'Active notifications' })
      .getByText(`${APP}: 67 % of licences in use (threshold 50 %)`);
    await visible(notification);
    expect(await meter.getAttribute('data-band')).toBe('info');
    await screenshot(page, 'dashboard');
  });

  it('revokes a licence from the app page; the bar falls and the notification clears', async () => {
    const { page } = browser;
    await page.goto(appUrl);
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();
    await page.getByLabel('Search licences').fill('iPad 6');
    await page.getByRole('button', { name: 'Revoke the licence of iPad 6' }).click();
    const dialog = await visible(
      page.getByRole('dialog', { name: 'Revoke the licence of iPad 6?' }),
    );
    await visible(dialog.getByText('30-day grace period', { exact: false }));
    await dialog.getByRole('button', { name: 'Revoke licence' }).click();
    await visible(page.getByText(/licence of iPad 6 was revoked; the app stays usable until/));
    const summary = page.getByRole('meter', { name: `${APP} licences in use` });
    await eventually(async () => expect(await meterValue(summary)).toBe(33));
    await page.getByLabel('Search licences').fill('');
    await page.getByRole('tab', { name: /^Reserved/ }).click();
    await visible(page.getByRole('row').filter({ hasText: 'DMPLHS00005' }));
    await screenshot(page, 'app');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await eventually(async () =>
      expect(await meterValue(page.getByRole('meter', { name: `${APP} licences in use` }))).toBe(
        33,
      ),
    );
    const active = page.getByRole('region', { name: 'Active notifications' });
    await visible(active.getByText('North Campus: the store token', { exact: false }));
    expect(await active.getByText(`${APP}: 67 %`, { exact: false }).count()).toBe(0);

    await openSection(page, 'Notifications');
    await page.getByLabel('State').selectOption('cleared');
    const cleared = page.getByRole('listitem').filter({ hasText: `${APP}: 67 %` });
    await visible(cleared.getByText('Cleared', { exact: true }));
    await cleared.getByRole('link', { name: APP }).click();
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();
    expect(page.url()).toBe(appUrl);
  });

  it('R-T4, R-T8: takes over a token claimed by another product, then deletes the account', async () => {
    const { page } = browser;
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

    await openSection(page, 'Store accounts');
    const card = page.getByRole('listitem', { name: 'West Annex' });
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
    await visible(page.getByText('West Annex was deleted; 0 licence(s) revoked.'));
    await card.waitFor({ state: 'detached' });
  });

  it('exports the activity log as CSV', async () => {
    const { page } = browser;
    await openSection(page, 'Activity');
    await page.getByLabel('Action').fill('license.revoke');
    await visible(page.getByRole('cell', { name: 'license.revoke' }).first());
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
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.split(',')[3] === 'license.revoke')).toBe(true);
  });
});
