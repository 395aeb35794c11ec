/**
 * Monitoring in the console, in English and in French, against `allot demo`: the activity log
 * newest first with names, filtered by an action picked from the list; one usage notification
 * per product at its highest threshold (R-M5), acknowledged from the Notifications page and
 * gone from the dashboard's count; the header folded into a menu on a phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  launchChromium,
  screenshot,
  type Browser,
  type Chromium,
} from './helpers/browser.js';
import { visible } from './helpers/console.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';
import {
  assignRequired,
  catalogApp,
  checkIn,
  deviceGroup,
  usageNotification,
} from './helpers/fixtures.js';

const TEXT = {
  en: {
    token: 'API token',
    signIn: 'Sign in',
    signInTitle: 'Sign in to Allot',
    languageName: 'English',
    dashboard: 'Dashboard',
    activity: 'Activity',
    notifications: 'Notifications',
    action: 'Action',
    granted: 'Licence granted',
    attention: 'Needs attention',
    acknowledge: 'Acknowledge',
    acknowledgedBy: 'Acknowledged by',
    usage80: (app: string) => `${app}: 80 % of the licences are in use.`,
    menu: 'Open the menu',
    navigation: 'Main',
    locale: 'en-US',
  },
  fr: {
    token: 'Jeton d’API',
    signIn: 'Se connecter',
    signInTitle: 'Se connecter à Allot',
    languageName: 'Français',
    dashboard: 'Tableau de bord',
    activity: 'Activité',
    notifications: 'Notifications',
    action: 'Action',
    granted: 'Licence : attribuée',
    attention: 'À traiter',
    acknowledge: 'Prendre en compte',
    acknowledgedBy: 'Prise en compte par',
    usage80: (app: string) => `${app} : 80 % des licences sont utilisées.`,
    menu: 'Ouvrir le menu',
    navigation: 'Principale',
    locale: 'fr-FR',
  },
} as const;

type Language = keyof typeof TEXT;

/** What axe flagged in this console: references to absent elements, skipped heading levels. */
async function structuralProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const el of document.querySelectorAll('[aria-controls]')) {
      for (const id of (el.getAttribute('aria-controls') ?? '').split(/\s+/)) {
        if (id !== '' && document.getElementById(id) === null) {
          problems.push(`aria-controls="${id}" on ${el.outerHTML.slice(0, 80)}`);
        }
      }
    }
    let level = 0;
    for (const heading of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
      const next = Number(heading.tagName.slice(1));
      if (next > level + 1) problems.push(`h${next} after h${level}: ${heading.textContent}`);
      level = next;
    }
    return problems;
  });
}

describe('monitoring in the console', () => {
  let server: DemoServer;
  let chromium: Chromium;
  let browser: Browser | null = null;
  /** One app per language at 80 % (4 of 5 licences): its own notification to acknowledge. */
  const apps: Record<Language, string> = { en: 'Kestrel Notes', fr: 'Héron Cartes' };

  async function appAt80(language: Language, index: number): Promise<void> {
    const name = apps[language];
    const app = await catalogApp(server, {
      name: `Monitoring ${language}`,
      app: { adamId: `100310000${index}`, name, totalCount: 5 },
    });
    const serials = [1, 2, 3, 4].map((i) => ({
      serialNumber: `MON${language.toUpperCase()}LHS0${i}`,
      name: `Monitor ${language} iPad ${i}`,
    }));
    const { groupId } = await deviceGroup(server, `Monitoring ${language} iPads`, serials);
    await assignRequired(server, app.catalogAppId, groupId);
    for (const device of serials) await checkIn(server, device.serialNumber, app.catalogAppId);
    await usageNotification(server, `${name}: 80 %`);
  }

  beforeAll(async () => {
    server = await startDemoServer();
    chromium = await launchChromium();
    await appAt80('en', 1);
    await appAt80('fr', 2);
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

  describe.each(['en', 'fr'] as const)('in %s', (language) => {
    const text = TEXT[language];

    async function signedIn(size?: { width: number; height: number }): Promise<Page> {
      browser = await chromium.newBrowser({ locale: text.locale, ...size });
      const { page } = browser;
      await page.goto(`${server.url}/`);
      await page.getByLabel(text.token).fill(server.token);
      await page.getByRole('button', { name: text.signIn }).click();
      await page.getByRole('heading', { level: 1, name: text.dashboard }).waitFor();
      return page;
    }

    async function open(page: Page, route: string, title: string): Promise<void> {
      await page.goto(`${server.url}${route}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.waitForFunction(() => document.querySelector('.loading') === null);
    }

    it('R-M7: lists the activity newest first, with names, filtered by an action from the list', async () => {
      const page = await signedIn();
      await open(page, '/activity', text.activity);
      const times = await page
        .locator('table.data-table tbody tr time')
        .evaluateAll((els) => els.map((el) => el.getAttribute('datetime') ?? ''));
      expect(times.length).toBeGreaterThan(10);
      // Newest first, to the second shown (entries of one instant keep the order they were written).
      const seconds = times.map((time) => time.slice(0, 19));
      expect(seconds).toEqual([...seconds].sort().reverse());

      await page.getByLabel(text.action).selectOption('license.grant');
      const cells = page.getByRole('cell', { name: text.granted });
      await visible(cells.first());
      const actions = await page
        .locator('table.data-table tbody tr td:nth-child(3) span')
        .evaluateAll((els) => els.map((el) => el.getAttribute('title')));
      expect(new Set(actions)).toEqual(new Set(['license.grant']));
      // The device that took the licence, by name and linked to its page.
      const device = page
        .locator('a[href^="/devices/"]')
        .filter({ hasText: `Monitor ${language} iPad 4` })
        .first();
      await visible(device);
      expect(await page.getByText(/"deviceId"/).count()).toBe(0);
      await screenshot(page, `activity-${language}`);
      expect(await structuralProblems(page)).toEqual([]);
    });

    it('R-M5: one notification per product at its highest threshold; acknowledged, it leaves the dashboard’s count', async () => {
      const name = apps[language];
      const active = await server.api('GET', '/notifications?state=active&kind=usage&limit=200');
      const mine = active.items.filter((n: any) => n.subject.name === name);
      expect(mine.map((n: any) => n.threshold)).toEqual([80]);

      const page = await signedIn();
      const card = page.getByRole('region', { name: text.attention });
      await visible(card.getByText(text.usage80(name)));
      const countBefore = Number(
        (await card.locator('.notification-count').textContent())?.match(/\d+/)?.[0],
      );
      await screenshot(page, `dashboard-${language}`);
      expect(await structuralProblems(page)).toEqual([]);

      await open(page, '/notifications', text.notifications);
      const items = page.getByRole('listitem').filter({ hasText: name });
      expect(await items.count()).toBe(1);
      const item = items.first();
      await item.getByRole('button', { name: text.acknowledge }).click();
      await visible(item.getByText(text.acknowledgedBy, { exact: false }));
      expect(await item.getByRole('button', { name: text.acknowledge }).count()).toBe(0);
      expect(await structuralProblems(page)).toEqual([]);

      await open(page, '/', text.dashboard);
      await eventually(async () => {
        expect(await card.getByText(text.usage80(name)).count()).toBe(0);
        const countAfter = Number(
          (await card.locator('.notification-count').textContent())?.match(/\d+/)?.[0],
        );
        expect(countAfter).toBe(countBefore - 1);
      });
      const log = await server.api('GET', '/activity?action=notification.acknowledge&sort=-at');
      expect(log.items.some((e: any) => e.subject.id === mine[0].id)).toBe(true);
    });

    it('switches the language on the sign-in page and keeps it after signing in', async () => {
      const other = TEXT[language === 'en' ? 'fr' : 'en'];
      browser = await chromium.newBrowser({ locale: text.locale });
      const { page } = browser;
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { level: 1, name: text.signInTitle }).waitFor();
      await page.getByRole('combobox').selectOption({ label: other.languageName });
      await page.getByRole('heading', { level: 1, name: other.signInTitle }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(
        language === 'en' ? 'fr' : 'en',
      );
      await page.getByLabel(other.token).fill(server.token);
      await page.getByRole('button', { name: other.signIn }).click();
      await page.getByRole('heading', { level: 1, name: other.dashboard }).waitFor();
    });

    it('folds the header into a menu on a phone (390 × 844)', async () => {
      const page = await signedIn({ width: 390, height: 844 });
      const header = await page.locator('header.topbar').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(100);
      const nav = page.getByRole('navigation', { name: text.navigation });
      expect(await nav.isVisible()).toBe(false);
      await page.getByRole('button', { name: text.menu }).click();
      await visible(nav);
      await screenshot(page, `phone-menu-${language}`);
      await nav.getByRole('link', { name: text.activity }).click();
      await page.getByRole('heading', { level: 1, name: text.activity }).waitFor();
      expect(await nav.isVisible()).toBe(false);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
});
