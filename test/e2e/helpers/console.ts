/** Steps through the console the way an administrator does. */
import type { Locator, Page } from 'playwright-core';

export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

/** Follows a link of the main navigation and waits for the page's title. */
export async function openSection(page: Page, link: string, title = link): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** The value of a usage bar (role meter) in %, e.g. "Field Guide licences in use". */
export async function meterValue(meter: Locator): Promise<number> {
  return Number(await meter.getAttribute('aria-valuenow'));
}

export async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible' });
  return locator;
}

/** `{{name}}` placeholders of an i18next string filled in, for finding a page's text. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}
