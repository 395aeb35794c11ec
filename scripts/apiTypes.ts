/**
 * Generates the console's API types (web/src/api/schema.d.ts) from the OpenAPI document the
 * routes publish at /docs/json (STYLE.md habit 15: types written once). The app is built
 * in-process on a throwaway SQLite directory, as the tests build it; no server is started.
 *
 *   npm run api:types            (writes the file)
 *   npm run api:types -- --check (exits 1 when the committed file is out of date)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import prettier from 'prettier';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { prepare } from '../src/server.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../web/src/api/schema.d.ts', import.meta.url));

const HEADER =
  '/**\n' +
  ' * Generated from the OpenAPI document of the routes (/docs/json) by scripts/apiTypes.ts:\n' +
  ' * do not edit. Run `npm run api:types` after changing a route schema.\n' +
  ' */\n\n';

/** The OpenAPI document as /docs/json serves it, from an app built on a temporary database. */
export async function readOpenApiDocument(): Promise<OpenAPI3> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-api-types-'));
  const config = loadConfig({
    ALLOT_DATA_DIR: dataDir,
    ALLOT_ADMIN_TOKEN: `api-types-${randomBytes(12).toString('hex')}`,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  const { ctx } = await prepare(config);
  try {
    const app = await buildApp(ctx);
    try {
      await app.ready();
      const response = await app.inject({ url: '/docs/json' });
      return response.json<OpenAPI3>();
    } finally {
      await app.close();
    }
  } finally {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text schema.d.ts must hold for the current routes, formatted as the repository is. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(await readOpenApiDocument(), { alphabetize: true });
  const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: SCHEMA_FILE });
}

async function main(): Promise<void> {
  const text = await generateApiTypes();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (current !== text) {
      console.error(`${SCHEMA_FILE} is out of date: run npm run api:types`);
      process.exitCode = 1;
    }
    return;
  }
  fs.writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await main();
}
