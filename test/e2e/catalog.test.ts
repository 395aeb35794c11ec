/**
 * The catalog in a real browser, in English and in French: an app without licences found by
 * search, added from the product list, its install settings edited, its delete dialog showing
 * what deleting would do while the app stays; the apps list's free apps; axe and the
 * structural checks on each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en/apps.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr/apps.json' with { type: 'json' };
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

describe.each(['en', 'fr'] as const)('the catalog (%s)', (language: Language) => {
  const s = STRINGS[language];
  let server: DemoServer;
  let chromium: Chromium;
  let browser: Browser | null = null;
  let token: string;
  const api = <T = any>(method: string, route: string, body?: unknown) =>
    server.api<T>(method, route, body, token);

  async function open(route: string, title: string): Promise<Page> {
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
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    return page;
  }

  async function expectAccessible(page: Page, what: string): Promise<void> {
    expect(await axeViolations(page), what).toEqual([]);
  }

  beforeAll(async () => {
    server = await startDemoServer();
    chromium = await launchChromium();
    token = (await server.api('POST', '/tenants', { name: `Catalog ${language}` })).adminToken;
  });

  afterEach(async () => {
    await browser?.close();
    browser = null;
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('finds an app without licences, edits its install settings, previews its deletion', async () => {
    // A subscription whose seats are not bought yet: its product has no licences.
    const account = await api('POST', '/accounts', {
      store: 'isv',
      name: 'Miro (vendor)',
      productName: 'Miro',
      publisher: 'RealtimeBoard',
      seats: 0,
      purchasedThrough: 'vendor',
    });
    const branch = await api('POST', '/spaces', { name: `Branch ${language}` });

    const page = await open('/catalog', s.catalog.title);
    await page.getByText(s.catalog.empty).waitFor();
    await page.getByRole('button', { name: s.catalog.addProduct }).click();
    const add = page.getByRole('dialog', { name: s.add.title });
    await add.getByLabel(s.add.search).fill('Miro');
    await add.getByRole('button', { name: fill(s.add.addNamed, { name: 'Miro' }) }).click();
    await add.getByText(s.add.inCatalog).waitFor();
    await expectAccessible(page, 'add product dialog');
    await add.locator('.dialog-actions').getByRole('button', { name: s.close }).click();
    await page.getByText(fill(s.catalog.added, { name: 'Miro' })).waitFor();

    const app = (await api('GET', '/catalog-apps?q=Miro')).items[0];
    expect(app.productId).toBe(account.productId);
    await api('POST', `/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allUsers' },
      intent: 'available',
    });

    await page.getByLabel(s.catalog.search).fill('mir');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Miro' }) });
    await row.getByText(s.catalog.noLicences).waitFor();
    await expectAccessible(page, 'catalog');

    await row.getByRole('button', { name: fill(s.catalog.editApp, { name: 'Miro' }) }).click();
    const edit = page.getByRole('dialog', { name: fill(s.edit.title, { name: 'Miro' }) });
    await edit.getByLabel(s.edit.description).fill('Whiteboards for the design team');
    await edit.getByLabel(s.edit.installOnDevice, { exact: false }).uncheck();
    await edit
      .getByRole('radio', {
        name: `${s.updateMode.immediate} — ${s.edit.updateModeHint.immediate}`,
      })
      .check();
    await edit.getByLabel(`Branch ${language}`).check();
    await expectAccessible(page, 'edit dialog');
    await edit.getByRole('button', { name: s.edit.save }).click();
    await page.getByText(fill(s.edit.saved, { name: 'Miro' })).waitFor();
    await eventually(async () => {
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells).toContain(s.no);
      expect(cells).toContain(s.updateMode.immediate);
      expect(cells).toContain(`Branch ${language}`);
    });
    expect(await api('GET', `/catalog-apps/${app.id}`)).toMatchObject({
      description: 'Whiteboards for the design team',
      installOnDevice: false,
      updateMode: 'immediate',
      delegatedSpaceIds: [branch.id],
    });

    await row.getByRole('button', { name: fill(s.catalog.deleteApp, { name: 'Miro' }) }).click();
    const remove = page.getByRole('dialog', { name: fill(s.delete.title, { name: 'Miro' }) });
    const preview = remove.getByRole('list', { name: s.delete.previewLabel });
    await preview.getByText(fill(s.delete.licences_other, { n: 0 })).waitFor();
    await preview.getByText(fill(s.delete.assignments_one, { n: 1 })).waitFor();
    await preview.getByText(fill(s.delete.delegations, { spaces: `Branch ${language}` })).waitFor();
    await expectAccessible(page, 'delete dialog');
    await screenshot(page, `catalog-delete-preview-${language}`);
    await remove.getByRole('button', { name: s.cancel }).click();
    // The preview changed nothing: the app and its assignment are still there.
    expect((await api('GET', `/catalog-apps/${app.id}/assignments`)).items).toHaveLength(1);
    await row.getByRole('link', { name: 'Miro' }).waitFor();
  });

  it('says “Free” for a free app of the demo, beside its licences in use', async () => {
    token = server.token;
    const free = (await server.api('GET', '/licenses/overview?limit=100')).items.find(
      (p: any) => p.available === null && p.inUse > 0,
    );
    const page = await open(`/apps?q=${encodeURIComponent(free.name)}`, s.licences.title);
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: free.name }) });
    await eventually(async () => {
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells.slice(0, 4)).toEqual([
        s.licences.free,
        s.licences.free,
        new Intl.NumberFormat(language).format(free.inUse),
        s.licences.unlimited,
      ]);
    });
    await expectAccessible(page, 'apps');
  });
});
