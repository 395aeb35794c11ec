/**
 * Accessibility checks run in the page: axe-core when it is installed, and always a few structural rules of STYLE.md: every control
 * named, no aria-controls pointing at an absent element, headings without a skipped level.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

function axeSource(): string | null {
  try {
    return fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
}

export const AXE = axeSource();

/** axe's violations as `rule: target` lines; empty when axe-core is not installed. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (AXE === null) return [];
  // Evaluated through the debugging protocol: the console's CSP forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (d: Document) => Promise<any> } }).axe;
    const result = await axe.run(document);
    return (result.violations as Array<{ id: string; nodes: Array<{ target: string[] }> }>).flatMap(
      (v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`),
    );
  });
}

/** The structural rules, as problem lines (empty when the page keeps them). */
export async function structureProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'input:not([type=hidden]), select, textarea, button',
    );
    for (const el of controls) {
      const named =
        (el as HTMLInputElement).labels?.length ||
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') ||
        (el.tagName === 'BUTTON' && el.textContent?.trim());
      if (!named) problems.push(`unnamed ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll('[aria-controls]')) {
      for (const id of (el.getAttribute('aria-controls') ?? '').split(/\s+/)) {
        if (id !== '' && document.getElementById(id) === null) {
          problems.push(`aria-controls="${id}" points at nothing`);
        }
      }
    }
    let level = 0;
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const next = Number(h.tagName[1]);
      if (level > 0 && next > level + 1) problems.push(`heading ${h.tagName} after h${level}`);
      level = next;
    }
    return problems;
  });
}

/** `{{name}}` placeholders of an i18next string filled in, for finding a page's text. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}
