/**
 * Store accounts in a real browser, in English and in French: a Microsoft Store for Business
 * and an ISV subscription added through the dialog against the demo's emulators, both in the
 * accounts table with their apps and licences; an ISV product's seats assigned to a group,
 * the seat count changed; axe and the structural checks on the page and its dialog.
 *
 * Each language works in a tenant of its own (a tenant has one Microsoft Store account).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en/accounts.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr/accounts.json' with { type: 'json' };
import {
  eventually,
  launchChromium,
  screenshot,
  type Browser,
  type Chromium,
} from './helpers/browser.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';
import { axeViolations } from './helpers/axe.js';
import { fill } from './helpers/console.js';

const STRINGS = { en, fr } as const;
type Language = keyof typeof STRINGS;

describe.each(['en', 'fr'] as const)('store accounts (%s)', (language: Language) => {
  const s = STRINGS[language];
  let server: DemoServer;
  let chromium: Chromium;
  let browser: Browser | null = null;
  let token: string;

  /** A console page of this tenant, in this language, signed in by its token. */
  async function open(route: string): Promise<Page> {
    browser = await chromium.newBrowser({ locale: language === 'fr' ? 'fr-FR' : 'en-US' });
    const { page } = browser;
    await page.addInitScript(
      ([t, l]) => {
        sessionStorage.setItem('allot.token', t!);
        localStorage.setItem('allot.language', l!);
      },
      [token, language],
    );
    await page.goto(`${server.url}${route}`);
    await page.getByRole('heading', { level: 1, name: s.page.title }).waitFor();
    return page;
  }

  async function expectAccessible(page: Page, what: string): Promise<void> {
    expect(await axeViolations(page), what).toEqual([]);
  }

  const row = (page: Page, name: string) =>
    page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

  beforeAll(async () => {
    server = await startDemoServer();
    chromium = await launchChromium();
    const created = await server.api('POST', '/tenants', { name: `Accounts ${language}` });
    token = created.adminToken;
  });

  afterEach(async () => {
    await browser?.close();
    browser = null;
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('adds a Microsoft Store for Business and an ISV subscription through the dialog', async () => {
    const credentials = server.demo.microsoft.createAccount({
      organizationName: `Fabrikam ${language}`,
      domain: `fabrikam-${language}.example.com`,
      products: [
        {
          productId: '9WZDNCRFHVJL',
          name: 'OneNote',
          seats: 6,
          price: 5.99,
          packageIdentityName: 'Microsoft.Office.OneNote',
          publisherName: 'Microsoft Corporation',
        },
      ],
    });
    const page = await open('/accounts');
    await page.getByText(s.page.empty).waitFor();

    await page.getByRole('button', { name: s.page.add }).click();
    let dialog = page.getByRole('dialog', { name: s.add.title });
    await dialog.waitFor();
    await dialog
      .getByRole('radio', { name: `${s.store.microsoft} — ${s.add.storeHint.microsoft}` })
      .check();
    await dialog.getByLabel(s.add.name, { exact: true }).fill('Fabrikam Store');
    // A directory ID the API refuses: its message shows on the field.
    await dialog.getByLabel(s.microsoft.tenantDirectoryId).fill('not a directory!');
    await dialog.getByLabel(s.microsoft.clientId).fill(credentials.clientId);
    await dialog.getByLabel(s.microsoft.clientSecret).fill(credentials.clientSecret);
    await dialog.getByLabel(s.microsoft.language).fill('fr-FR');
    await expectAccessible(page, 'add dialog (Microsoft)');
    await dialog.getByRole('button', { name: s.add.submit }).click();
    const field = dialog.getByLabel(s.microsoft.tenantDirectoryId);
    await eventually(async () => expect(await field.getAttribute('aria-invalid')).toBe('true'));
    await dialog.locator('.field-error').first().waitFor();
    await field.fill(credentials.tenantDirectoryId);
    await dialog.getByRole('button', { name: s.add.submit }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(fill(s.notice.addedSyncing, { name: 'Fabrikam Store' })).waitFor();
    // The secret is nowhere on the page once sent.
    expect(await page.content()).not.toContain(credentials.clientSecret);

    const microsoft = row(page, 'Fabrikam Store');
    await microsoft.getByText(s.store.microsoft).waitFor();
    await eventually(async () => {
      const cells = await microsoft.getByRole('cell').allTextContents();
      expect(cells).toContain(s.status.healthy);
      expect(cells.slice(-4)).toEqual(['1', '6', '0', '6']);
    }, 20_000);

    await page.getByRole('button', { name: s.page.add }).click();
    dialog = page.getByRole('dialog', { name: s.add.title });
    await dialog.getByRole('radio', { name: `${s.store.isv} — ${s.add.storeHint.isv}` }).check();
    await dialog.getByLabel(s.add.name, { exact: true }).fill('Figma (marketplace)');
    await dialog.getByLabel(s.isv.productName, { exact: true }).fill('Figma');
    await dialog.getByLabel(s.isv.publisher, { exact: true }).fill('Figma, Inc.');
    await dialog.getByLabel(s.isv.seats, { exact: true }).fill('5');
    await dialog
      .getByRole('radio', {
        name: `${s.isv.through.marketplace} — ${s.isv.throughHint.marketplace}`,
      })
      .check();
    await dialog
      .getByLabel(s.isv.costPerSeat, { exact: true })
      .fill(language === 'fr' ? '12,50' : '12.50');
    await dialog.getByLabel(s.isv.currency, { exact: true }).selectOption('EUR');
    await expectAccessible(page, 'add dialog (ISV)');
    await dialog.getByRole('button', { name: s.add.submit }).click();
    await dialog.waitFor({ state: 'detached' });

    const isv = row(page, 'Figma (marketplace)');
    await eventually(async () => {
      const cells = await isv.getByRole('cell').allTextContents();
      expect(cells.slice(-4)).toEqual(['1', fill(s.table.seats_other, { count: 5 }), '0', '5']);
    });
    const account = (await server.api('GET', '/accounts?store=isv', undefined, token)).items[0];
    const product = await server.api('GET', `/products/${account.productId}`, undefined, token);
    expect(product.costPerLicense).toEqual({ amount: 1250, currency: 'EUR' });
    await expectAccessible(page, 'accounts table');
    await screenshot(page, `accounts-table-${language}`);
  });

  it('shows the demo’s five accounts with their totals in one screen', async () => {
    const own = token;
    token = server.token;
    try {
      // The dashboard links to an account as #account-<id>: its details open.
      const north = (await server.api('GET', '/accounts?store=apple')).items.find(
        (a: any) => a.name === 'North Campus',
      );
      const page = await open(`/accounts#account-${north.id}`);
      const details = page.getByRole('region', { name: 'North Campus' });
      await details.getByText(s.facts.tokenExpires, { exact: true }).waitFor();
      await details
        .getByRole('button', { name: fill(s.details.close, { name: 'North Campus' }) })
        .click();
      await details.waitFor({ state: 'detached' });
      const rows = page.getByRole('row');
      await eventually(async () => expect(await rows.count()).toBe(6));
      const canva = row(page, 'Canva for Education (marketplace)');
      expect((await canva.getByRole('cell').allTextContents()).slice(-3)).toEqual([
        fill(s.table.seats_other, { count: 15 }),
        '12',
        '3',
      ]);
      const last = await rows.last().boundingBox();
      expect(last!.y + last!.height).toBeLessThan(page.viewportSize()!.height);
      await expectAccessible(page, 'demo accounts');
      await screenshot(page, `accounts-table-demo-${language}`);
    } finally {
      token = own;
    }
  });

  it('assigns an ISV product’s seats to a group and changes the seat count', async () => {
    const api = <T = any>(method: string, route: string, body?: unknown) =>
      server.api<T>(method, route, body, token);
    const account = await api('POST', '/accounts', {
      store: 'isv',
      name: 'Canva (marketplace)',
      productName: 'Canva',
      publisher: 'Canva Pty Ltd',
      seats: 4,
      purchasedThrough: 'marketplace',
    });
    const users = [];
    for (const name of ['ana', 'ben', 'cy']) {
      users.push(
        await api('POST', '/users', {
          email: `${name}.${language}@fabrikam.example.com`,
          displayName: name,
        }),
      );
    }
    const group = await api('POST', '/groups', { name: `Designers ${language}`, kind: 'user' });
    await api('POST', `/groups/${group.id}/members`, { userIds: users.map((u: any) => u.id) });

    const page = await open(`/accounts?account=${account.id}`);
    const details = page.getByRole('region', { name: 'Canva (marketplace)' });
    await details.getByRole('heading', { name: s.seats.title, exact: true }).waitFor();
    await details.getByText(fill(s.seats.none)).waitFor();
    await details
      .getByLabel(fill(s.seats.groupOption_other, { name: `Designers ${language}`, count: 3 }))
      .check();
    await expectAccessible(page, 'account details (ISV)');
    await details.getByRole('button', { name: s.seats.assign, exact: true }).click();
    await page.getByText(fill(s.seats.assigned_other, { count: 3, already: 0 })).waitFor();
    await details.getByText(fill(s.seats.summary, { inUse: 3, total: 4, available: 1 })).waitFor();
    await details.getByRole('rowheader', { name: 'ana' }).waitFor();
    await eventually(async () => {
      const cells = await row(page, 'Canva (marketplace)').getByRole('cell').allTextContents();
      expect(cells.slice(-3)).toEqual([fill(s.table.seats_other, { count: 4 }), '3', '1']);
    });

    // Fewer seats than are in use: the API's message shows on the field.
    const count = details.getByLabel(s.seats.count, { exact: true });
    await count.fill('2');
    await count.evaluate((el) => el.removeAttribute('min'));
    await details.getByRole('button', { name: s.seats.changeCount }).click();
    await eventually(async () => expect(await count.getAttribute('aria-invalid')).toBe('true'));
    await count.fill('10');
    await details.getByRole('button', { name: s.seats.changeCount }).click();
    await page.getByText(fill(s.seats.countChanged_other, { count: 10 })).waitFor();
    await details.getByText(fill(s.seats.summary, { inUse: 3, total: 10, available: 7 })).waitFor();

    await details
      .getByRole('button', { name: fill(s.seats.takeBackFrom, { name: 'ben' }) })
      .click();
    await page.getByText(fill(s.seats.takenBack, { name: 'ben' })).waitFor();
    await details.getByText(fill(s.seats.summary, { inUse: 2, total: 10, available: 8 })).waitFor();
  });
});
