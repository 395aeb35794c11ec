/**
 * The licence and queue gauges of /metrics (API.md "Licence intelligence"): read from the
 * database at each scrape, per product and account, per account, and for the outbox and the
 * waitlist; behind ALLOT_METRICS_TOKEN when it is set.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { registerAuthFailures } from '../../src/http/authFailures.js';
import { errorHandler } from '../../src/http/errors.js';
import { registerMetrics } from '../../src/http/metrics.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
  release,
} from '../factories/ledger.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
const TOKEN = 'metrics-token-5b1e9c3a7d2f4e6a8c0b2d4f6a8c0e1f';
let t: TestApp;
let app: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp({ clock });
  // /metrics alone, as the app mounts it, with the app's error shape.
  app = Fastify();
  app.setErrorHandler(errorHandler);
  const failures = await registerAuthFailures(app);
  registerMetrics(app, { token: TOKEN, failures, state: t.ctx });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(body: string): Sample[] {
  return body
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function scrape(): Promise<Sample[]> {
  const response = await app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.statusCode).toBe(200);
  return parse(response.body);
}

/** The samples of `name` whose labels include `labels`. */
function pick(samples: Sample[], name: string, labels: Record<string, string> = {}): number[] {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .map((s) => s.value);
}

describe('/metrics gauges', () => {
  it('licence gauges per product and account, sync age, outbox depth and age, waitlist length after a few allocations', async () => {
    const { id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const apple = await insertAccount(t, tenantId, { spaceId, store: 'apple' }); // synced 08:00
    const microsoft = await insertAccount(t, tenantId, { spaceId, store: 'microsoft' });
    await t.ctx.db.kysely
      .updateTable('accounts')
      .set({ lastSyncAt: '2026-06-01T08:59:30.000Z' })
      .where('id', '=', microsoft)
      .execute();
    const never = await insertAccount(t, tenantId, { spaceId, store: 'apple' });
    await t.ctx.db.kysely
      .updateTable('accounts')
      .set({ lastSyncAt: null })
      .where('id', '=', never)
      .execute();
    const keynote = await insertProduct(t, tenantId, { name: 'Keynote' });
    const pages = await insertProduct(t, tenantId, { name: 'Pages' });
    const keynotePool = await insertPool(t, tenantId, {
      accountId: apple,
      productId: keynote,
      total: 10,
    });
    await insertPool(t, tenantId, { accountId: apple, productId: pages, total: 5, reserved: 1 });
    await insertPool(t, tenantId, {
      accountId: microsoft,
      productId: keynote,
      total: 0,
      unlimited: true,
    });
    const subject = (n: number) => ({ type: 'user' as const, id: `u${n}`, name: `User ${n}` });
    const grant1 = { tenantId, spaceId, poolId: keynotePool, catalogAppId: null };
    const held = [];
    for (let n = 1; n <= 3; n += 1) held.push(await grant(t, { ...grant1, subject: subject(n) }));
    await release(t, held[0]!);
    await grant(t, { ...grant1, subject: subject(4) });

    const outboxRow = (createdAt: string, state: string) => ({
      id: newId(),
      tenantId,
      accountId: apple,
      operation: 'associate',
      payload: '{}',
      state,
      attempts: 0,
      nextAttemptAt: createdAt,
      leaseUntil: null,
      lastError: null,
      createdAt,
      doneAt: null,
    });
    await t.ctx.db.kysely
      .insertInto('outbox')
      .values([
        outboxRow('2026-06-01T08:30:00.000Z', 'pending'),
        outboxRow('2026-06-01T08:50:00.000Z', 'sending'),
        outboxRow('2026-06-01T07:00:00.000Z', 'done'),
      ])
      .execute();
    const catalogAppId = newId();
    await t.ctx.db.kysely
      .insertInto('waitlistEntries')
      .values(
        ['d1', 'd2'].map((deviceId) => ({
          id: newId(),
          tenantId,
          catalogAppId,
          productId: keynote,
          deviceId,
          reason: 'noLicense',
          queuedAt: '2026-06-01T08:45:00.000Z',
        })),
      )
      .execute();

    const samples = await scrape();
    const keynoteAtApple = { tenant_id: tenantId, account_id: apple, product_id: keynote };
    expect(pick(samples, 'allot_licenses_total', { ...keynoteAtApple, store: 'apple' })).toEqual([
      10,
    ]);
    expect(pick(samples, 'allot_licenses_in_use', keynoteAtApple)).toEqual([3]);
    expect(pick(samples, 'allot_licenses_available', keynoteAtApple)).toEqual([7]);
    const pagesAtApple = { tenant_id: tenantId, account_id: apple, product_id: pages };
    expect(pick(samples, 'allot_licenses_total', pagesAtApple)).toEqual([5]);
    expect(pick(samples, 'allot_licenses_available', pagesAtApple)).toEqual([4]);
    // An unlimited pool counts what is in use, and no total or availability.
    const free = { tenant_id: tenantId, account_id: microsoft, product_id: keynote };
    expect(pick(samples, 'allot_licenses_in_use', free)).toEqual([0]);
    expect(pick(samples, 'allot_licenses_total', free)).toEqual([]);
    expect(pick(samples, 'allot_licenses_available', free)).toEqual([]);

    expect(pick(samples, 'allot_account_sync_age_seconds', { account_id: apple })).toEqual([3600]);
    expect(
      pick(samples, 'allot_account_sync_age_seconds', {
        account_id: microsoft,
        store: 'microsoft',
      }),
    ).toEqual([30]);
    expect(pick(samples, 'allot_account_sync_age_seconds', { account_id: never })).toEqual([]);

    expect(pick(samples, 'allot_outbox_depth')).toEqual([2]);
    expect(pick(samples, 'allot_outbox_oldest_age_seconds')).toEqual([1800]);
    expect(
      pick(samples, 'allot_waitlist_length', { tenant_id: tenantId, catalog_app_id: catalogAppId }),
    ).toEqual([2]);
    expect(pick(samples, 'allot_state_metrics_up')).toEqual([1]);

    // Computed at each scrape: a later scrape sees the seat taken since and the time passed.
    await grant(t, { ...grant1, subject: subject(5) });
    clock.advance(60_000);
    const later = await scrape();
    expect(pick(later, 'allot_licenses_in_use', keynoteAtApple)).toEqual([4]);
    expect(pick(later, 'allot_licenses_available', keynoteAtApple)).toEqual([6]);
    expect(pick(later, 'allot_account_sync_age_seconds', { account_id: apple })).toEqual([3660]);
    expect(pick(later, 'allot_outbox_oldest_age_seconds')).toEqual([1860]);
  });

  it('R-S5: the gauges are behind ALLOT_METRICS_TOKEN like the rest of /metrics', async () => {
    const none = await app.inject({ url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.body).not.toContain('allot_licenses_total');
    const wrong = await app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.statusCode).toBe(401);
    expect((await scrape()).some((s) => s.name === 'allot_outbox_depth')).toBe(true);
  });
});
