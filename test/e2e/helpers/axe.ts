/**
 * axe-core in the page: every rule axe runs by default (WCAG A/AA and its best practices, heading
 * order included). A violation reads `rule: selector, selector`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const source = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the console's CSP refuses inline scripts.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<any> } }
    ).axe;
    // Only violations are collected: the passes' details would double the time of each page.
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return (result.violations as Array<{ id: string; nodes: Array<{ target: string[] }> }>).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}
