/**
 * R-I3: console sign-in through the demo's OpenID Connect provider in a real browser: the
 * administrator the demo prints signs in at the provider, the console names them, a second tab
 * shares the session, and signing out asks to sign in again. Token sign-in is in
 * console.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, type Browser, type Chromium } from './helpers/browser.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';
import { syncedAccount } from './helpers/fixtures.js';

const APP = 'Star Charts';

describe('single sign-on in the console', () => {
  let server: DemoServer;
  let chromium: Chromium;
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

  it('R-I3: the administrator signs in at the provider, a second tab shares the session, sign out ends it', async () => {
    expect(server.demo.sso, server.demo.ssoNote ?? '').not.toBeNull();
    const admin = server.demo.sso!.people.admin!;
    await syncedAccount(server, {
      name: 'Sign-on Campus',
      app: { adamId: '1003000090', name: APP, totalCount: 2 },
    });
    browser = await chromium.newBrowser();
    const { page, context } = browser;

    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Allot' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with the demo provider' }).click();

    await page.getByRole('heading', { name: 'Demo identity provider' }).waitFor();
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).origin).toBe(server.url);
    const who = page.locator('.topbar .who');
    await expect.poll(() => who.textContent()).toBe(`${admin.name} · Global administrator`);
    expect(await page.evaluate(() => sessionStorage.getItem('allot.token'))).toBeNull();

    // A cookie-authenticated write without the CSRF token is refused; the console's own write
    // (putting an app in the catalog) carries it and succeeds.
    const bare = await page.evaluate(async () => {
      const response = await fetch('/api/v1/spaces', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'No CSRF token' }),
      });
      return response.status;
    });
    expect(bare).toBe(403);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Apps and licences' })
      .click();
    await page.getByLabel('Search apps').fill(APP);
    await page.getByRole('button', { name: `Add ${APP} to the catalog` }).click();
    await page.getByRole('heading', { level: 1, name: APP }).waitFor();

    const second = await context.newPage();
    await second.goto(`${server.url}/`);
    await second.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await expect
      .poll(() => second.locator('.topbar .who').textContent())
      .toBe(`${admin.name} · Global administrator`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Allot' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with the demo provider' }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/auth/session')).status);
    expect(session).toBe(401);

    await second.reload();
    await second.getByRole('heading', { level: 1, name: 'Sign in to Allot' }).waitFor();
    await second.close();
  });
});
