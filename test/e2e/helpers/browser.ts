/** Debian's chromium through playwright-core: headless, no network of its own, a fresh profile. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const WEB_DIST = fileURLToPath(new URL('../../../web/dist/index.html', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export function chromiumPath(): { path: string; problem: string | null } {
  const file = process.env.ALLOT_E2E_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (fs.existsSync(file)) return { path: file, problem: null };
  return {
    path: file,
    problem:
      `The end-to-end tests need Chromium at ${file}, which is missing. ` +
      'Install it with "sudo apt-get install -y chromium" (CI does this in .ci/run), ' +
      'or point ALLOT_E2E_CHROMIUM at a Chromium binary.',
  };
}

export function consoleBuildProblem(): string | null {
  return fs.existsSync(WEB_DIST)
    ? null
    : `The console is not built (${WEB_DIST} is missing): run "npm run build:web", or use "npm run test:e2e", which builds it.`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  locale?: string;
  width?: number;
  height?: number;
}

function contextOptions(options: BrowserOptions) {
  return {
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  };
}

/** The context's first page, with the errors thrown in it collected for `close()`. */
async function watched(context: BrowserContext, cleanUp: () => Promise<void>): Promise<Browser> {
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    async close() {
      await context.close();
      await cleanUp();
      if (errors.length > 0) throw new Error(`Errors in the page: ${errors.join('; ')}`);
    },
  };
}

/** A browser with a profile of its own, thrown away on close. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const { path: executablePath, problem } = chromiumPath();
  if (problem !== null) throw new Error(problem);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    ...contextOptions(options),
  });
  return watched(context, async () => fs.rmSync(profile, { recursive: true, force: true }));
}

/**
 * One chromium process for a test file, in which every test opens browsers of its own: each is
 * a fresh context (its own storage, cookies and downloads), so no test sees another's session.
 */
export interface Chromium {
  newBrowser(options?: BrowserOptions): Promise<Browser>;
  close(): Promise<void>;
}

/** Starts the chromium of a test file; close it in afterAll. */
export async function launchChromium(): Promise<Chromium> {
  const { path: executablePath, problem } = chromiumPath();
  if (problem !== null) throw new Error(problem);
  const instance = await chromium.launch({ executablePath, headless: true, args: FLAGS });
  return {
    async newBrowser(options = {}) {
      return watched(await instance.newContext(contextOptions(options)), async () => {});
    },
    close: () => instance.close(),
  };
}

/** A full-page picture for a person to look at; the passing notices are left out. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const notices = page.locator('.notices');
  const hide = (visibility: string) =>
    notices.evaluateAll((elements, value) => {
      for (const el of elements) (el as HTMLElement).style.visibility = value;
    }, visibility);
  await hide('hidden');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await hide('');
}

/** Retries an assertion until it passes (the page updates asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
