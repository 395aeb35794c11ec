/**
 * R-S5: failed authentications are rate-limited per client address (@fastify/rate-limit, its
 * in-memory store: one count per process). Only failures count, so a client that
 * authenticates never waits: the benchmarks' thousands of check-ins per second from one
 * address pass untouched. An address over its budget gets 429 with Retry-After before its
 * token is looked up, so guessing tokens no longer costs a database query each.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TooManyAuthFailuresError } from './errors.js';

/** Failures one address may make per window before it is refused. */
export const AUTH_FAILURES_PER_WINDOW = 30;
export const AUTH_FAILURE_WINDOW_MS = 60_000;

export interface AuthFailures {
  /** Throws 429 when the request's address is over its budget; counts nothing. */
  check(request: FastifyRequest): Promise<void>;
  /** Counts a failure of the request's address; throws 429 when that puts it over. */
  record(request: FastifyRequest): Promise<void>;
}

export async function registerAuthFailures(app: FastifyInstance): Promise<AuthFailures> {
  // Nothing is limited unless asked: only the limiter below counts.
  await app.register(rateLimit, { global: false });
  const limiter = app.createRateLimit({
    max: AUTH_FAILURES_PER_WINDOW,
    timeWindow: AUTH_FAILURE_WINDOW_MS,
    keyGenerator: (request) => request.ip,
  });
  const refuseIfOver = async (request: FastifyRequest, increment: boolean) => {
    const status = await limiter(request, { increment });
    // A peek sees the count reached; a failure that takes it past the budget is refused too.
    const over = status.isAllowed ? false : increment ? status.isExceeded : status.remaining <= 0;
    if (!status.isAllowed && over) {
      throw new TooManyAuthFailuresError(Math.max(1, status.ttlInSeconds));
    }
  };
  return {
    check: (request) => refuseIfOver(request, false),
    record: (request) => refuseIfOver(request, true),
  };
}
