/**
 * Packaging and the documented commands (issue 13, items 16 and 17): the tarball carries what
 * `allot serve` needs at run time, every installed package supports the Node versions Allot
 * declares, and the commands the README and docs/operations.md give run at once.
 * (`.ci/pack-smoke.sh` installs the real tarball and serves from it.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(version: string, range: string): boolean };
const run = promisify(execFile);
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

describe('the package', () => {
  it('packs the compiled server, its command and the built console', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      timeout: 60_000,
    });
    const [packed] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = packed!.files.map((f) => f.path);
    expect(files).toContain('bin/allot.js');
    // The builds exist once `npm ci` (its prepare script) has run; the tarball step in CI checks
    // a real install from them.
    if (fs.existsSync('dist/main.js')) expect(files).toContain('dist/main.js');
    if (fs.existsSync('web/dist/index.html')) expect(files).toContain('web/dist/index.html');
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'dist', 'web/dist']));
    expect(files.filter((f) => /^(src|test|bench)\//.test(f))).toEqual([]);
  });

  it('declares what it imports at run time as dependencies', () => {
    for (const name of ['@fastify/static', 'better-sqlite3', 'fastify', 'pg', 'pg-boss']) {
      expect(pkg.dependencies[name], name).toBeDefined();
    }
  });

  it('installs no package that needs a newer Node than the engines field promises (no EBADENGINE)', () => {
    const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
    };
    const oldest = semver.satisfies('20.19.0', pkg.engines.node) ? '20.19.0' : null;
    expect(oldest).toBe('20.19.0');
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range !== undefined && !semver.satisfies('20.19.0', range)
          ? [`${name} (${range})`]
          : [];
      });
    expect(refusing).toEqual([]);
  });
});

describe('the documented commands', () => {
  const docs = ['README.md', 'docs/operations.md'].map((file) => ({
    file,
    text: fs.readFileSync(file, 'utf8'),
  }));

  it('never send users through npx, which reinstalls the project', () => {
    for (const { file, text } of docs)
      expect([file, text.match(/npx allot.*/g)]).toEqual([file, null]);
  });

  it('name npm scripts that exist', () => {
    for (const { file, text } of docs) {
      for (const [, script] of text.matchAll(/npm run ([a-z0-9:-]+)/g)) {
        expect([file, script, pkg.scripts[script!] !== undefined]).toEqual([file, script, true]);
      }
    }
  });

  it('name allot commands that exist', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', '--help'], {
      timeout: 30_000,
    });
    for (const { file, text } of docs) {
      for (const [, command] of text.matchAll(/node bin\/allot\.js ([a-z][a-z-]*)/g)) {
        expect([file, command, stdout.includes(`  ${command!} `)]).toEqual([file, command, true]);
      }
    }
  });

  it('start the server with a command that receives the signals (npm start execs node)', () => {
    expect(pkg.scripts.start).toBe('exec node bin/allot.js serve');
  });
});
