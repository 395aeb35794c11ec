/**
 * What every page must hold to: a readOnly token sees no button it cannot use, keyboard
 * navigation with visible focus, no layout break from 1280 to 768 px, times in the console's
 * language, and in English and in French: axe finds nothing on any page (labelled controls,
 * references to absent elements and heading order included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './helpers/axe.js';
import { launchBrowser } from './helpers/browser.js';
import { signIn, visible } from './helpers/console.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';

describe('console quality', () => {
  let server: DemoServer;
  let pages: string[];

  /** The console's pages, with one app, one user and one device of the demo. */
  async function knownPages(): Promise<string[]> {
    const app = (await server.api('GET', '/catalog-apps?q=Procreate')).items[0];
    const device = (await server.api('GET', '/devices?q=DMPLHS00005')).items[0];
    const user = (await server.api('GET', '/users?q=Ada')).items[0];
    const group = (await server.api('GET', '/groups?limit=1')).items[0];
    // Every route of web/src/Routes.tsx.
    return [
      '/',
      '/accounts',
      '/apps',
      `/apps/${app.id}`,
      `/apps/${app.id}?tab=distribution`,
      `/apps/${app.id}?tab=assignments`,
      `/apps/${app.id}?tab=activity`,
      `/products/${app.productId}`,
      '/catalog',
      '/users',
      `/users/${user.id}`,
      '/groups',
      `/groups/${group.id}`,
      '/devices',
      `/devices/${device.id}`,
      '/notifications',
      '/activity',
      '/costs',
      '/costs?by=app',
      '/reclaim',
      '/waitlist',
      `/waitlist?app=${app.id}`,
      '/drift',
      '/settings',
    ];
  }

  /** Signs in whatever the console's language: the token field is the form's password field. */
  async function signInWithToken(page: Page, url: string, token: string): Promise<void> {
    await page.goto(`${url}/`);
    await page.locator('input[name=token]').fill(token);
    await page.locator('form button[type=submit]').click();
    await page.locator('nav#main-navigation').waitFor();
  }

  async function open(page: Page, route: string): Promise<void> {
    await page.goto(`${server.url}${route}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForFunction(() => document.querySelector('.loading') === null);
  }

  beforeAll(async () => {
    server = await startDemoServer();
    pages = await knownPages();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('R-S1: a readOnly token sees every page and no button it cannot use', async () => {
    const { token } = await server.api('POST', '/api-tokens', {
      name: 'Auditor',
      role: 'readOnly',
    });
    const me = await server.api('GET', '/me', undefined, token);
    expect(me).toMatchObject({ role: 'readOnly', permissions: [], tokenName: 'Auditor' });
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.url, token);
      await visible(page.getByText('Auditor · Read only'));
      const forbidden =
        /^(Add account|Sync now|Full resync|Renew token|Delete|Revoke|Revoke all licences|Save assignment|Retire|Wipe|Move to space|Send store invitation)$/;
      for (const route of pages) {
        await open(page, route);
        const buttons = await page.getByRole('button').allTextContents();
        expect(
          buttons.filter((b) => forbidden.test(b.trim())),
          route,
        ).toEqual([]);
        expect(await page.getByRole('combobox', { name: /^Intent for / }).count(), route).toBe(0);
      }
      await open(page, pages[4]!);
      expect(await page.getByRole('searchbox', { name: /Reserve for/ }).count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('is keyboard navigable with a visible focus', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.url, server.token);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { text: el.textContent, outline: getComputedStyle(el).outlineStyle };
      });
      expect(skip).toEqual({ text: 'Skip to content', outline: 'solid' });
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

      // Tab to the navigation, open the accounts: focus lands on the new page's title.
      await page.getByRole('link', { name: 'Allot' }).focus();
      for (let i = 0; i < 12; i += 1) {
        await page.keyboard.press('Tab');
        const text = await page.evaluate(() => document.activeElement?.textContent);
        if (text === 'Store accounts') break;
      }
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Store accounts' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');

      // A dialog opens from the keyboard, keeps focus inside, closes with Escape.
      await page.getByRole('button', { name: 'Add account' }).focus();
      await page.keyboard.press('Enter');
      await visible(page.getByRole('dialog', { name: 'Add a store account' }));
      const inDialog = await page.evaluate(
        () => document.activeElement?.closest('dialog') !== null,
      );
      expect(inDialog).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add account');
    } finally {
      await browser.close();
    }
  });

  it('keeps its layout from 1280 px down to 768 px', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.url, server.token);
      // Each page once, laid out again at each width (no reload needed to reflow).
      for (const route of pages) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await open(page, route);
        for (const width of [1280, 1024, 768]) {
          await page.setViewportSize({ width, height: 900 });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, `${route} at ${width} px`).toBeLessThanOrEqual(0);
        }
      }
    } finally {
      await browser.close();
    }
  });

  describe.each([
    ['en', 'en-US'],
    ['fr', 'fr-FR'],
  ])('in %s', (_language, locale) => {
    // Two halves of the pages, each in a browser of its own: one test per half keeps each
    // within its time on a busy machine.
    it.each([0, 1])(
      'axe finds no violation on any page (labels, references, heading order included), half %i',
      async (half) => {
        const browser = await launchBrowser({ locale });
        try {
          const { page } = browser;
          if (half === 0) {
            await page.goto(`${server.url}/`);
            await page.locator('form').waitFor();
            expect(await axeViolations(page), 'sign-in').toEqual([]);
          }
          await signInWithToken(page, server.url, server.token);
          for (const route of pages.filter((_, i) => i % 2 === half)) {
            await open(page, route);
            expect(await axeViolations(page), route).toEqual([]);
          }
        } finally {
          await browser.close();
        }
      },
    );
  });

  it("shows times in the console's language, picked from the browser's", async () => {
    const browser = await launchBrowser({ locale: 'fr-FR' });
    try {
      const { page } = browser;
      await signInWithToken(page, server.url, server.token);
      await open(page, '/accounts');
      await page.getByRole('button', { name: 'North Campus', exact: true }).click();
      const north = page.getByRole('region', { name: 'North Campus' });
      const time = await north.locator('time').first().textContent();
      expect(time).toMatch(/^\d{1,2} [a-zéû]+\.? \d{4}/);
    } finally {
      await browser.close();
    }
  });

  it('R-V6: switches between spaces and moves a device to another one', async () => {
    await server.api('POST', '/spaces', { name: 'Science wing' });
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.url, server.token);
      const switcher = page.getByRole('combobox', { name: /^Space/ });
      await switcher.selectOption({ label: 'Science wing' });
      await open(page, '/devices');
      await visible(page.getByText('No device yet.'));

      await switcher.selectOption({ label: 'All spaces' });
      await open(page, '/devices?q=DMPLHS00007');
      await page.getByRole('link', { name: 'iPad 7', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'iPad 7' }).waitFor();
      await page.getByRole('button', { name: 'Move to space' }).click();
      const dialog = await visible(page.getByRole('dialog', { name: 'Move iPad 7' }));
      await dialog.getByRole('combobox', { name: /^Destination space/ }).selectOption({
        label: 'Science wing',
      });
      await dialog.getByRole('button', { name: 'Move device' }).click();
      await visible(page.getByText(/^Moved: \d+ licence\(s\) revoked in the origin space/));

      await switcher.selectOption({ label: 'Science wing' });
      await open(page, '/devices');
      await visible(page.getByRole('link', { name: 'iPad 7', exact: true }));
    } finally {
      await browser.close();
    }
  });
});
