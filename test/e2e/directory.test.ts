/**
 * The console's directory in English and in French: sort and filter the devices table (kept in
 * the URL), create a group and add and remove a member, add a user by the dialog (the API's
 * error on its field), import a CSV of users with a bad row, and axe on each page.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './helpers/axe.js';
import { eventually, launchChromium, screenshot, type Chromium } from './helpers/browser.js';
import { fill, visible } from './helpers/console.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';

type Strings = Record<string, any>;

function strings(language: string): Strings {
  const file = new URL(`../../web/src/i18n/${language}/directory.json`, import.meta.url);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Strings;
}

describe.each(['en', 'fr'])('directory in %s', (language) => {
  const s = strings(language);
  let server: DemoServer;
  let chromium: Chromium;

  beforeAll(async () => {
    server = await startDemoServer();
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** A browser in the language, signed in with the demo's token, on `route`. */
  async function open(route: string) {
    const browser = await chromium.newBrowser({ locale: language === 'fr' ? 'fr-FR' : 'en-US' });
    await browser.context.addInitScript(
      ([token, lang]) => {
        sessionStorage.setItem('allot.token', token!);
        localStorage.setItem('allot.language', lang!);
      },
      [server.token, language],
    );
    await browser.page.goto(`${server.url}${route}`);
    await browser.page.getByRole('heading', { level: 1 }).waitFor();
    return browser;
  }

  async function settled(page: Page): Promise<void> {
    await page.waitForFunction(() => document.querySelector('.loading') === null);
  }

  /** The text of one column of the table, row by row. */
  async function columnText(page: Page, index: number): Promise<string[]> {
    return page.locator(`table.data-table tbody tr > :nth-child(${index})`).allTextContents();
  }

  it('sorts and filters the devices table, and keeps both in the URL', async () => {
    const browser = await open('/devices');
    const { page } = browser;
    try {
      await visible(page.getByRole('heading', { level: 1, name: s.devices.title }));
      await settled(page);
      await page.getByRole('button', { name: s.field.serialNumber }).click();
      await eventually(async () => expect(page.url()).toContain('sort=serialNumber'));
      await eventually(async () => {
        const serials = await columnText(page, 2);
        expect(serials.length).toBeGreaterThan(2);
        expect(serials).toEqual([...serials].sort());
      });
      await page.getByRole('button', { name: s.field.serialNumber }).click();
      await eventually(async () => expect(page.url()).toContain('sort=-serialNumber'));
      await eventually(async () => {
        const serials = await columnText(page, 2);
        expect(serials).toEqual([...serials].sort().reverse());
      });
      await page.getByLabel(s.field.platform, { exact: true }).selectOption({ label: 'macOS' });
      await eventually(async () => expect(page.url()).toContain('platform=macos'));
      await eventually(async () => {
        const platforms = await columnText(page, 3);
        expect(platforms.length).toBeGreaterThan(0);
        expect(new Set(platforms)).toEqual(new Set(['macOS']));
      });
      await screenshot(page, `directory-devices-${language}`);
      await page
        .getByLabel(s.field.state, { exact: true })
        .selectOption({ label: s.deviceState.retired });
      await visible(page.getByText(s.devices.noMatch));
      await page.reload();
      await visible(page.getByText(s.devices.noMatch));
      expect(await page.getByLabel(s.field.platform, { exact: true }).inputValue()).toBe('macos');
    } finally {
      await browser.close();
    }
  });

  it('creates a group, adds a member and removes it', async () => {
    const browser = await open('/groups');
    const { page } = browser;
    try {
      const name = `Biology ${language}`;
      await page.getByRole('button', { name: s.createGroup.open }).click();
      const dialog = page.getByRole('dialog', { name: s.createGroup.title });
      await dialog.getByLabel(s.field.groupName).fill(name);
      await dialog.getByLabel(s.field.kind).selectOption({ label: s.groupKind.user });
      await dialog.getByRole('button', { name: s.createGroup.submit }).click();
      await visible(page.getByRole('heading', { level: 1, name }));
      await visible(page.getByText(s.group.noMembers));
      await visible(page.getByText(s.group.noAssignments));

      await page.getByLabel(s.group.addUser).fill('Ada');
      await page.getByRole('button', { name: /Ada/ }).first().click();
      const members = page.getByRole('table', { name: fill(s.group.membersCaption, { name }) });
      await visible(members.getByRole('link', { name: /Ada/ }));
      await visible(page.getByRole('heading', { name: fill(s.group.members, { n: 1 }) }));
      await screenshot(page, `directory-group-${language}`);

      await members.getByRole('button', { name: /Ada/ }).click();
      const confirm = page.getByRole('dialog');
      await confirm.getByRole('button', { name: s.action.remove }).click();
      await visible(page.getByText(s.group.noMembers));

      await page.goto(`${server.url}/groups`);
      await visible(page.getByRole('link', { name }));
    } finally {
      await browser.close();
    }
  });

  it('adds a user by the dialog, with the API error on its field', async () => {
    const browser = await open('/users');
    const { page } = browser;
    try {
      const email = `grace.${language}@example.org`;
      const openDialog = async () => {
        await page.getByRole('button', { name: s.addUser.open }).click();
        return page.getByRole('dialog', { name: s.addUser.title });
      };
      let dialog = await openDialog();
      await dialog.getByLabel(s.field.email).fill(email);
      await dialog.getByLabel(s.field.displayName).fill('Grace Hopper');
      await dialog.getByRole('button', { name: s.addUser.submit }).click();
      await visible(page.getByText(fill(s.addUser.done, { name: 'Grace Hopper' })));
      await page.getByLabel(s.users.search).fill('Grace');
      await visible(page.getByRole('link', { name: 'Grace Hopper' }));

      dialog = await openDialog();
      await dialog.getByLabel(s.field.email).fill(email.toUpperCase());
      await dialog.getByLabel(s.field.displayName).fill('Grace again');
      await dialog.getByRole('button', { name: s.addUser.submit }).click();
      const field = dialog.getByLabel(s.field.email);
      await eventually(async () => expect(await field.getAttribute('aria-invalid')).toBe('true'));
      await visible(dialog.getByText(/already exists/));
      await dialog.getByRole('button', { name: s.action.cancel }).click();
    } finally {
      await browser.close();
    }
  });

  it('imports a CSV of three users with one bad row, and shows each row’s result', async () => {
    const browser = await open('/users');
    const { page } = browser;
    try {
      await page.getByRole('button', { name: s.import.openUsers }).click();
      const dialog = page.getByRole('dialog', { name: s.import.title.users });
      await visible(dialog.getByRole('link', { name: s.import.template }));
      const csv = [
        'email,displayName,space',
        `ines.${language}@example.org,Inès Martin,`,
        'not-an-address,Bad Row,',
        `omar.${language}@example.org,Omar Haddad,`,
      ].join('\n');
      await dialog.getByLabel(s.import.file).setInputFiles({
        name: 'users.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      const rows = dialog.getByRole('table', { name: s.import.rowsCaption });
      await visible(rows.getByText(fill(s.import.badEmail, { value: 'not-an-address' })));
      expect(await rows.getByText(s.import.ready, { exact: true }).count()).toBe(2);
      await dialog.getByRole('button', { name: fill(s.import.start_other, { count: 2 }) }).click();
      await eventually(async () =>
        expect(await rows.getByText(s.import.created, { exact: true }).count()).toBe(2),
      );
      await visible(dialog.getByRole('link', { name: s.import.downloadFailed_one }));
      await screenshot(page, `directory-import-${language}`);
      await dialog.getByRole('button', { name: s.action.close, exact: true }).last().click();
      const found = await server.api('GET', `/users?q=.${language}%40example.org&sort=email`);
      const emails = found.items.map((u: { email: string }) => u.email);
      expect(emails.filter((e: string) => !e.startsWith('grace.'))).toEqual([
        `ines.${language}@example.org`,
        `omar.${language}@example.org`,
      ]);
    } finally {
      await browser.close();
    }
  });

  it('imports devices from a CSV, with a primary user given by e-mail', async () => {
    const ada = (await server.api('GET', '/users?q=Ada')).items[0];
    const browser = await open('/devices');
    const { page } = browser;
    try {
      await page.getByRole('button', { name: s.import.openDevices }).click();
      const dialog = page.getByRole('dialog', { name: s.import.title.devices });
      const serial = language.toUpperCase();
      const csv = [
        'serialNumber,platform,name,primaryUserEmail,shared',
        `DMP${serial}0000001,ipados,Cart iPad ${language},,yes`,
        `C02${serial}0000001,macOS,Ada's Mac ${language},${ada.email},false`,
        `DMP${serial}0000001,iPadOS,Twice,,`,
      ].join('\n');
      await dialog.getByLabel(s.import.file).setInputFiles({
        name: 'devices.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      const rows = dialog.getByRole('table', { name: s.import.rowsCaption });
      await visible(rows.getByText(fill(s.import.duplicate, { column: 'serialNumber', line: 2 })));
      await dialog.getByRole('button', { name: fill(s.import.start_other, { count: 2 }) }).click();
      await eventually(async () =>
        expect(await rows.getByText(s.import.created, { exact: true }).count()).toBe(2),
      );
      const mac = (await server.api('GET', `/devices?q=C02${serial}0000001`)).items[0];
      expect(mac).toMatchObject({ platform: 'macos', primaryUserId: ada.id, shared: false });
      const cart = (await server.api('GET', `/devices?q=DMP${serial}0000001`)).items[0];
      expect(cart).toMatchObject({ platform: 'ipados', shared: true });
    } finally {
      await browser.close();
    }
  });

  it('axe finds nothing on the users, devices, groups and group pages, nor in their dialogs', async () => {
    const group = await server.api('POST', '/groups', { name: `Axe ${language}`, kind: 'mixed' });
    const browser = await open('/users');
    const { page } = browser;
    try {
      for (const route of ['/users', '/devices', '/groups', `/groups/${group.id}`]) {
        await page.goto(`${server.url}${route}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await settled(page);
        expect(await axeViolations(page), route).toEqual([]);
      }
      const dialogs: Array<[string, string]> = [
        ['/users', s.addUser.open],
        ['/users', s.import.openUsers],
        ['/devices', s.addDevice.open],
        ['/groups', s.createGroup.open],
      ];
      for (const [route, button] of dialogs) {
        await page.goto(`${server.url}${route}`);
        await page.getByRole('button', { name: button }).click();
        await page.getByRole('dialog').waitFor();
        await settled(page);
        expect(await axeViolations(page), button).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  });
});
