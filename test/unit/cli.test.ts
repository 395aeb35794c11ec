import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = path.resolve('src/main.ts');

/** Runs the `allot` command from source, with only the given environment. */
function allot(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 20_000,
  });
}

describe('the allot command', () => {
  it('prints its version and help', async () => {
    const version = await allot(['--version']);
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await allot(['--help']);
    for (const command of ['serve', 'migrate']) expect(help.stdout).toContain(command);
  });

  it('stops on a bad variable with one line naming it', async () => {
    const failure = await allot(['serve'], { PORT: 'eighty' }).catch((error: any) => error);
    expect(failure.code).toBe(2);
    expect(failure.stderr.trim().split('\n')).toEqual([
      'allot: PORT: expected an integer from 0 to 65535, got "eighty"',
    ]);
  });

  it('migrates an empty data directory', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-cli-'));
    try {
      const first = await allot(['migrate'], { ALLOT_DATA_DIR: dataDir });
      expect(first.stdout).toContain('Applied: 0001_foundation, 0002_licensing');
      const second = await allot(['migrate'], { ALLOT_DATA_DIR: dataDir });
      expect(second.stdout).toContain('up to date');
      expect(fs.existsSync(path.join(dataDir, 'allot.db'))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves on first start, prints the bootstrap token, and lists the default space', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-cli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ALLOT_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('try: curl')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const url = /API\s+(http:\/\/\S+)\/api\/v1/.exec(output)?.[1];
      const token = /bootstrap token \(shown once[^\n]*\n\s+(\S+)/.exec(output)![1]!;
      expect(fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim()).toBe(token);
      expect((fs.statSync(path.join(dataDir, 'admin-token')).mode & 0o777).toString(8)).toBe('600');
      const response = await fetch(`${url}/api/v1/spaces`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await response.json();
      expect(body.items).toEqual([expect.objectContaining({ name: 'Default', isDefault: true })]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
