/**
 * The console's API types are generated from the routes (STYLE.md habit 15): the committed
 * web/src/api/schema.d.ts must be what the current route schemas generate.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from '../scripts/apiTypes.js';

describe('generated API types', () => {
  it('web/src/api/schema.d.ts matches the routes (run `npm run api:types` if not)', async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    const generated = await generateApiTypes();
    // A plain equality keeps the failure short; the hint says how to fix it.
    expect(
      committed === generated,
      'web/src/api/schema.d.ts is out of date: run `npm run api:types` (npx tsx scripts/apiTypes.ts)',
    ).toBe(true);
  }, 120_000);

  it('describes the routes the console calls', async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    for (const route of ['/api/v1/me', '/api/v1/api-tokens', '/api/v1/mdm-connectors']) {
      expect(committed).toContain(`'${route}': {`);
    }
  });
});
