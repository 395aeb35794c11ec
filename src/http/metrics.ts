/**
 * Prometheus metrics at /metrics: request counts and latencies per route. Open by default (a
 * scraper on the same network); with a metrics token, only `Authorization: Bearer <token>`
 * reads them, and wrong tokens count as failed authentications (R-S5).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { UnauthenticatedError } from '../domain/errors.js';
import type { AuthFailures } from './authFailures.js';

export interface MetricsOptions {
  /** ALLOT_METRICS_TOKEN; null leaves /metrics open. */
  token: string | null;
  failures: AuthFailures;
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
