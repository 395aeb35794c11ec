/**
 * Prometheus metrics at /metrics: request counts and latencies per route, and the state of the
 * licences and the queues, read from the database at each scrape (below). Open by default (a
 * scraper on the same network); with a metrics token, only `Authorization: Bearer <token>`
 * reads them, and wrong tokens count as failed authentications (R-S5).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import { UnauthenticatedError } from '../domain/errors.js';
import type { ServiceContext } from '../services/serviceContext.js';
import type { AuthFailures } from './authFailures.js';

export interface MetricsOptions {
  /** ALLOT_METRICS_TOKEN; null leaves /metrics open. */
  token: string | null;
  failures: AuthFailures;
  /** The database (and clock) the state gauges read at each scrape; without it, none. */
  state?: ServiceContext & { logger?: Logger };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function presentsToken(request: FastifyRequest, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}

export function registerMetrics(app: FastifyInstance, options: MetricsOptions): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'allot_' });
  const requests = new Counter({
    name: 'allot_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'allot_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  if (options.state !== undefined) registerStateGauges(registry, options.state);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const expected = options.token === null ? null : digest(options.token);
  app.get(
    '/metrics',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      if (expected !== null && !presentsToken(request, expected)) {
        await options.failures.check(request);
        await options.failures.record(request);
        throw new UnauthenticatedError(
          '/metrics needs Authorization: Bearer <ALLOT_METRICS_TOKEN>',
        );
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
  return registry;
}

/** What one scrape reads: a handful of set-based statements, whatever the number of pools. */
interface StateSnapshot {
  pools: Array<{
    tenantId: string;
    accountId: string;
    productId: string;
    store: string;
    total: number;
    inUse: number;
    reserved: number;
    unlimited: number;
  }>;
  accounts: Array<{ tenantId: string; id: string; store: string; lastSyncAt: string | null }>;
  outbox: { depth: number; oldest: string | null };
  waitlist: Array<{ tenantId: string; catalogAppId: string; length: number }>;
  at: Date;
}

async function readState(ctx: ServiceContext): Promise<StateSnapshot> {
  const db = ctx.db.kysely;
  // One after the other: a scrape needs no more than one of the pool's connections.
  const pools = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .select([
      'p.tenantId',
      'p.accountId',
      'p.productId',
      'a.store',
      'p.total',
      'p.inUse',
      'p.reserved',
      'p.unlimited',
    ])
    .execute();
  const accounts = await db
    .selectFrom('accounts')
    .select(['tenantId', 'id', 'store', 'lastSyncAt'])
    .execute();
  const outbox = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll<number>().as('depth'),
      eb.fn.min<string>('createdAt').as('oldest'),
    ])
    .where('state', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  const waitlist = await db
    .selectFrom('waitlistEntries')
    .select(['tenantId', 'catalogAppId', (eb) => eb.fn.countAll<number>().as('length')])
    .groupBy(['tenantId', 'catalogAppId'])
    .execute();
  return {
    pools,
    accounts,
    outbox: { depth: Number(outbox?.depth ?? 0), oldest: outbox?.oldest ?? null },
    waitlist: waitlist.map((w) => ({ ...w, length: Number(w.length) })),
    at: ctx.clock.now(),
  };
}

/**
 * The licence and queue gauges, computed when scraped. Every gauge's collect runs in the same
 * tick of a scrape (prom-client asks them all at once), so they share one read of the database.
 * Labels are IDs (and the store): one series per pool, account or waitlisted app.
 */
function registerStateGauges(registry: Registry, ctx: ServiceContext & { logger?: Logger }): void {
  let reading: Promise<StateSnapshot | null> | null = null;
  const snapshot = () =>
    (reading ??= readState(ctx)
      .catch((error: unknown) => {
        ctx.logger?.warn({ err: error }, 'metrics: the database did not answer');
        return null;
      })
      .finally(() => {
        reading = null;
      }));
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (g: Gauge<L>, s: StateSnapshot) => void,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        if (s !== null) fill(this, s);
      },
    });

  const poolLabels = ['tenant_id', 'account_id', 'product_id', 'store'] as const;
  const poolOf = (p: StateSnapshot['pools'][number]) => ({
    tenant_id: p.tenantId,
    account_id: p.accountId,
    product_id: p.productId,
    store: p.store,
  });
  gauge(
    'allot_licenses_total',
    'Licences a pool holds (per product and account); unlimited pools have none',
    poolLabels,
    (g, s) => {
      for (const p of s.pools) if (p.unlimited !== 1) g.set(poolOf(p), p.total);
    },
  );
  gauge('allot_licenses_in_use', 'Licences in use per product and account', poolLabels, (g, s) => {
    for (const p of s.pools) g.set(poolOf(p), p.inUse);
  });
  gauge(
    'allot_licenses_available',
    'Licences a first-come-first-served taker may still get (total − in use − reserved)',
    poolLabels,
    (g, s) => {
      for (const p of s.pools) {
        if (p.unlimited !== 1) g.set(poolOf(p), Math.max(0, p.total - p.inUse - p.reserved));
      }
    },
  );
  gauge(
    'allot_account_sync_age_seconds',
    'Seconds since the account last synced with its store (accounts never synced have none)',
    ['tenant_id', 'account_id', 'store'],
    (g, s) => {
      for (const a of s.accounts) {
        if (a.lastSyncAt === null) continue;
        const age = (s.at.getTime() - new Date(a.lastSyncAt).getTime()) / 1000;
        g.set({ tenant_id: a.tenantId, account_id: a.id, store: a.store }, Math.max(0, age));
      }
    },
  );
  gauge('allot_outbox_depth', 'Store calls waiting to be sent (pending or sending)', [], (g, s) =>
    g.set(s.outbox.depth),
  );
  gauge(
    'allot_outbox_oldest_age_seconds',
    'Age of the oldest store call still waiting; 0 when none waits',
    [],
    (g, s) =>
      g.set(
        s.outbox.oldest === null
          ? 0
          : Math.max(0, (s.at.getTime() - new Date(s.outbox.oldest).getTime()) / 1000),
      ),
  );
  gauge(
    'allot_waitlist_length',
    'Subjects queued for a licence per catalog app (R-X4)',
    ['tenant_id', 'catalog_app_id'],
    (g, s) => {
      for (const w of s.waitlist) {
        g.set({ tenant_id: w.tenantId, catalog_app_id: w.catalogAppId }, w.length);
      }
    },
  );
  new Gauge({
    name: 'allot_state_metrics_up',
    help: '1 when the database answered this scrape (the licence and queue gauges are current)',
    registers: [registry],
    async collect() {
      this.set((await snapshot()) === null ? 0 : 1);
    },
  });
}
