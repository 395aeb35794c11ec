/**
 * Usage charts and what-if previews in a real browser, in English and in French, against
 * `allot demo` (its 90 days of backfilled history, R-X1): an app's chart with the forecast drawn
 * ahead of today (R-X2) and a purchase marked, an account's chart, and the preview of what saving
 * would do (R-X6) in the priority order, the distribution editor and the assignment form, each
 * before saving and then saved. axe on every screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import appsEn from '../../web/src/i18n/en/apps.json' with { type: 'json' };
import appsFr from '../../web/src/i18n/fr/apps.json' with { type: 'json' };
import accountsEn from '../../web/src/i18n/en/accounts.json' with { type: 'json' };
import accountsFr from '../../web/src/i18n/fr/accounts.json' with { type: 'json' };
import chartsEn from '../../web/src/i18n/en/charts.json' with { type: 'json' };
import chartsFr from '../../web/src/i18n/fr/charts.json' with { type: 'json' };
import whatIfEn from '../../web/src/i18n/en/whatIf.json' with { type: 'json' };
import whatIfFr from '../../web/src/i18n/fr/whatIf.json' with { type: 'json' };
import {
  eventually,
  launchChromium,
  screenshot,
  type Browser,
  type Chromium,
} from './helpers/browser.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';
import { axeViolations } from './helpers/axe.js';
import { deviceGroup, assignRequired } from './helpers/fixtures.js';
import { fill } from './helpers/console.js';

const STRINGS = {
  en: { apps: appsEn, accounts: accountsEn, charts: chartsEn, whatIf: whatIfEn },
  fr: { apps: appsFr, accounts: accountsFr, charts: chartsFr, whatIf: whatIfFr },
} as const;
type Language = keyof typeof STRINGS;

/** A pattern for an i18next string whose placeholders may hold anything. */
function pattern(text: string): RegExp {
  const parts = text.split(/\{\{\w+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.+'));
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe.each(['en', 'fr'] as const)(
  'usage charts and what-if previews (%s)',
  (language: Language) => {
    const s = STRINGS[language];
    let server: DemoServer;
    let chromium: Chromium;
    let browser: Browser | null = null;
    const api = <T = any>(method: string, route: string, body?: unknown) =>
      server.api<T>(method, route, body);

    async function open(route: string, title: string): Promise<Page> {
      browser = await chromium.newBrowser({ locale: language === 'fr' ? 'fr-FR' : 'en-US' });
      const { page } = browser;
      await page.addInitScript(
        ([t, l]) => {
          sessionStorage.setItem('allot.token', t!);
          localStorage.setItem('allot.language', l!);
        },
        [server.token, language],
      );
      await page.goto(`${server.url}${route}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      return page;
    }

    async function expectAccessible(page: Page, what: string): Promise<void> {
      expect(await axeViolations(page), what).toEqual([]);
    }

    async function appNamed(name: string): Promise<{ id: string; productId: string }> {
      const apps = await api('GET', `/catalog-apps?q=${encodeURIComponent(name)}`);
      return apps.items.find((a: { name: string }) => a.name === name);
    }

    beforeAll(async () => {
      server = await startDemoServer();
      chromium = await launchChromium();
    });

    afterEach(async ({ task }) => {
      const used = browser;
      browser = null;
      if (used === null) return;
      if (task.result?.state === 'fail') await screenshot(used.page, `failed-charts-${language}`);
      await used.close();
    });

    afterAll(async () => {
      await chromium?.close();
      await server?.close();
    });

    it('R-X1, R-X2: an app page charts its usage history with the forecast ahead of today and a purchase marked', async () => {
      const app = await appNamed('GeoGebra Classic');
      // Two licences bought three weeks ago: the backfilled days before held two fewer.
      const db = server.demo.server.ctx.db.kysely;
      await db
        .updateTable('usageHistory')
        .set((eb) => ({ total: eb('total', '-', 2) }))
        .where('productId', '=', app.productId)
        .where('day', '<', daysAgo(21))
        .execute();
      const events = await api(
        'GET',
        `/usage/events?productId=${app.productId}&from=${daysAgo(90)}`,
      );
      expect(events.items).toEqual([{ at: daysAgo(21), kind: 'purchase', count: 2 }]);
      const forecast = (await api('GET', '/forecasts')).items.find(
        (f: { productId: string }) => f.productId === app.productId,
      );
      expect(forecast.runsOutOn > today()).toBe(true);

      const page = await open(`/apps/${app.id}`, 'GeoGebra Classic');
      const chart = page.getByRole('img', {
        name: fill(s.charts.label, { name: 'GeoGebra Classic', period: s.charts.range['90d'] }),
      });
      await chart.waitFor();
      expect(await chart.evaluate((el) => el.tagName)).toBe('CANVAS');
      const legend = page.getByRole('list', { name: s.charts.legend.label });
      for (const item of [
        s.charts.series.inUse,
        s.charts.series.forecast,
        s.charts.series.range,
        s.charts.legend.purchase,
      ]) {
        await legend.getByText(item, { exact: true }).waitFor();
      }
      // The canvas is described by the text summary: today's counts and the run-out range.
      const summaryId = await chart.getAttribute('aria-describedby');
      const summary = page.locator(`[id="${summaryId}"]`);
      await expect.poll(() => summary.textContent()).toMatch(pattern(s.charts.summary.runsOut));
      const purchases = page.getByRole('list', { name: s.charts.events.label });
      await purchases.getByText(pattern(s.charts.events.purchase_other)).waitFor();
      await expectAccessible(page, 'app chart');
      await screenshot(page, `app-chart-${language}`);
      // The numbers as a table, on demand.
      await page.getByText(s.charts.table.show).click();
      await page
        .getByRole('table', { name: fill(s.charts.table.caption, { name: 'GeoGebra Classic' }) })
        .waitFor();
      await expectAccessible(page, 'app chart with its table');

      // The period is kept in the URL.
      await page.getByLabel(s.charts.range.label).selectOption('1y');
      await page
        .getByRole('img', {
          name: fill(s.charts.label, { name: 'GeoGebra Classic', period: s.charts.range['1y'] }),
        })
        .waitFor();
      expect(new URL(page.url()).searchParams.get('range')).toBe('1y');
    });

    it('R-X1: an account shows its usage over time in its details', async () => {
      const main = (await api('GET', '/accounts?limit=50')).items.find(
        (a: { name: string }) => a.name === 'Main Campus',
      );
      const page = await open(`/accounts?account=${main.id}`, s.accounts.page.title);
      await page
        .getByRole('img', {
          name: fill(s.charts.label, { name: 'Main Campus', period: s.charts.range['90d'] }),
        })
        .waitFor();
      await page.getByRole('heading', { name: s.accounts.chart.title }).waitFor();
      await page.getByRole('list', { name: s.charts.legend.label }).waitFor();
      await expectAccessible(page, 'account chart');
      await screenshot(page, `account-chart-${language}`);
    });

    it('R-X6: the priority order previews who would gain a licence before it is saved', async () => {
      // An iPad that has not checked in yet, targeted by a required app: it would gain a licence.
      const { groupId } = await deviceGroup(server, `Chart cart ${language}`, [
        { serialNumber: `CHARTCART${language.toUpperCase()}1`, name: `Cart iPad ${language}` },
      ]);
      await assignRequired(server, (await appNamed('Explain Everything')).id, groupId);

      const page = await open('/accounts', s.accounts.page.title);
      const editor = page.getByRole('region', { name: s.accounts.priority.title });
      await editor.getByText(s.accounts.priority.unchanged).waitFor();
      await editor
        .getByRole('button', { name: fill(s.accounts.priority.up, { name: 'North Campus' }) })
        .click();
      const preview = editor.getByRole('region', { name: s.whatIf.label });
      await preview.locator('.what-if-totals .what-if-gain').waitFor();
      await preview.getByText(pattern(s.whatIf.subject.gain)).first().waitFor();
      await preview.getByText(s.whatIf.anyway).first().waitFor();
      await expectAccessible(page, 'priority preview');
      await editor.getByRole('button', { name: s.accounts.priority.save }).click();
      await page.getByText(s.accounts.priority.saved).waitFor();
      await eventually(async () => {
        const apple = (await api('GET', '/accounts?store=apple&limit=50')).items;
        expect(apple.map((a: { name: string }) => a.name)).toEqual(['North Campus', 'Main Campus']);
      });
      // Saved: the draft is the order again, and the preview says nothing changes.
      await editor.getByText(s.accounts.priority.unchanged).waitFor();
    });

    it('R-X6: the distribution editor previews who would lose a licence before it is saved', async () => {
      const app = await appNamed('GeoGebra Classic');
      const page = await open(`/apps/${app.id}?tab=distribution`, 'GeoGebra Classic');
      const form = page.getByRole('form', {
        name: fill(s.apps.distribution.on, { account: 'Main Campus' }),
      });
      await form
        .getByRole('button', {
          name: fill(s.apps.distribution.removeFrom, {
            name: s.apps.target.allUsers,
            list: s.apps.distribution.fcfs,
          }),
        })
        .click();
      const preview = form.getByRole('region', { name: s.whatIf.label });
      await preview.locator('.what-if-totals .what-if-lose').waitFor();
      await preview.getByText(pattern(s.whatIf.storeCalls)).waitFor();
      await expectAccessible(page, 'distribution preview');
      await screenshot(page, `what-if-distribution-${language}`);
      const lost = (
        await api('POST', '/what-if', {
          changes: [
            {
              type: 'distribution',
              catalogAppId: app.id,
              accountId: (await api('GET', `/catalog-apps/${app.id}/distribution`)).items[0]
                .accountId,
            },
          ],
        })
      ).totals.lose;
      expect(lost).toBeGreaterThan(0);
      await expect
        .poll(() => preview.locator('.what-if-totals .what-if-lose').textContent())
        .toContain(String(lost));
      await form
        .getByRole('button', { name: fill(s.apps.distribution.save, { account: 'Main Campus' }) })
        .click();
      await page
        .getByText(
          fill(s.apps.distribution.saved, { app: 'GeoGebra Classic', account: 'Main Campus' }),
        )
        .waitFor();
      const saved = (await api('GET', `/catalog-apps/${app.id}/distribution`)).items[0];
      expect(saved.fcfsGroupIds).toEqual([]);
    });

    it('R-X6, R-A12: the assignment form previews who would gain a licence before it is saved', async () => {
      const app = await appNamed('Kahoot!');
      const page = await open(`/apps/${app.id}?tab=assignments`, 'Kahoot!');
      const form = page.locator('form.assignment-form');
      await form.getByLabel(s.apps.assign.target).selectOption({
        label: fill(s.apps.assign.groupOption.device_other, { name: 'Library carts', count: 6 }),
      });
      const preview = form.getByRole('region', { name: s.whatIf.label });
      await preview.locator('.what-if-totals .what-if-gain').waitFor();
      await preview.getByText(pattern(s.whatIf.call.associate_other)).waitFor();
      await expectAccessible(page, 'assignment preview');
      await form.getByRole('button', { name: s.apps.assign.save }).click();
      await page.getByText(pattern(s.apps.assign.saved_other)).waitFor();
      const assignments = (await api('GET', `/catalog-apps/${app.id}/assignments`)).items;
      expect(
        assignments.some((a: any) => a.target.type === 'group' && a.intent === 'required'),
      ).toBe(true);
    });
  },
);
