/**
 * The worker's timer loops (jobs/worker.ts) and the server roles (`allot serve --role`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sql } from 'kysely';
import { bossSchema, QUEUES } from '../../src/jobs/boss.js';
import { repeat } from '../../src/jobs/worker.js';
import { startServer, type ServerRole } from '../../src/server.js';
import { dropTestSchemas, usingPostgres } from '../helpers/testApp.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function silentLogger() {
  const errors: unknown[] = [];
  return { errors, error: (obj: unknown) => void errors.push(obj) };
}

describe('worker loops', () => {
  it('R-V8: runs at once, then after each interval, never overlapping itself', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const loop = repeat(
      'slow',
      5,
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        runs += 1;
        await sleep(20);
        running -= 1;
      },
      silentLogger(),
    );
    await sleep(100);
    for (let i = 0; i < 5; i++) loop.kick();
    await loop.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(maxRunning).toBe(1);
  });

  it('R-V8: a failed run is logged and the loop goes on', async () => {
    const logger = silentLogger();
    let runs = 0;
    const loop = repeat(
      'flaky',
      5,
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('store down');
      },
      logger,
    );
    await sleep(60);
    await loop.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatchObject({ task: 'flaky' });
  });

  it('R-V8: kick() runs now instead of at the next interval; a kick during a run runs once more shortly after it', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const loop = repeat(
      'kicked',
      60_000,
      async () => {
        runs += 1;
        if (runs === 2) await new Promise<void>((resolve) => (release = resolve));
      },
      silentLogger(),
    );
    await sleep(20);
    expect(runs).toBe(1);
    loop.kick();
    await sleep(20);
    expect(runs).toBe(2);
    loop.kick(); // during run 2
    loop.kick();
    release();
    await sleep(20);
    expect(runs).toBe(2); // not back to back…
    await sleep(80);
    expect(runs).toBe(3); // …but once more, however many kicks came
    await sleep(80);
    expect(runs).toBe(3);
    await loop.stop();
  });

  it('R-V8: stop() waits for the run in progress, and nothing runs after it', async () => {
    let finished = false;
    let runs = 0;
    const loop = repeat(
      'stopping',
      1,
      async () => {
        runs += 1;
        await sleep(30);
        finished = true;
      },
      silentLogger(),
    );
    await sleep(5);
    await loop.stop();
    expect(finished).toBe(true);
    const after = runs;
    loop.kick();
    await sleep(20);
    expect(runs).toBe(after);
  });
});

async function withServer(
  role: ServerRole,
  check: (server: Awaited<ReturnType<typeof startServer>>) => Promise<void>,
): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-worker-'));
  const schema = usingPostgres ? `allot_test_${randomBytes(6).toString('hex')}` : undefined;
  const config = loadConfig({
    ALLOT_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    ALLOT_DATABASE_SCHEMA: schema,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, {}, { role });
  try {
    await check(server);
  } finally {
    await server.close();
    if (schema !== undefined) await dropTestSchemas(schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('server roles', () => {
  it('R-V8: --role=worker runs the worker and no HTTP server', async () => {
    await withServer('worker', async (server) => {
      expect(server.role).toBe('worker');
      expect(server.app).toBeNull();
      expect(server.url).toBeNull();
      expect(server.worker).not.toBeNull();
      server.worker!.kick();
    });
  });

  it('R-V8: --role=api serves HTTP without a worker; --role=all runs both', async () => {
    await withServer('api', async (server) => {
      expect(server.worker).toBeNull();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
    await withServer('all', async (server) => {
      expect(server.worker).not.toBeNull();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  });

  it.skipIf(!usingPostgres)(
    'R-V8: on PostgreSQL an API process sends jobs to pg-boss and works none of them',
    async () => {
      await withServer('api', async (server) => {
        const jobs = sql.table(`${bossSchema(server.ctx.config.databaseSchema)}.job`);
        const kicked = () =>
          sql<{ name: string; state: string }>`SELECT name, state FROM ${jobs}
            WHERE singleton_key = 'kick' ORDER BY name`
            .execute(server.ctx.db.kysely)
            .then((r) => r.rows);
        // Any answered request but GET and HEAD kicks the workers (the onResponse hook).
        await fetch(`${server.url}/api/v1/tenants`, { method: 'POST' });
        const deadline = Date.now() + 5_000;
        while ((await kicked()).length < 3 && Date.now() < deadline) await sleep(50);
        await sleep(1_500);
        expect(await kicked()).toEqual([
          { name: QUEUES.jobs, state: 'created' },
          { name: QUEUES.mdmCommands, state: 'created' },
          { name: QUEUES.outbox, state: 'created' },
          { name: QUEUES.webhooks, state: 'created' },
        ]);
      });
    },
  );
});
