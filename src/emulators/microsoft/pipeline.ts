/**
 * What every emulated request goes through, whichever surface (Store API, token endpoint,
 * Graph): counting, the test hook, the slow-store delay, an injected fault, the handler, then
 * the error shape of the surface and the request log.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MicrosoftEmulatorState } from './emulator-state.js';
import { storeError, trafficError, WireError, type Surface } from './wire-errors.js';

export type Query = Record<string, string | string[]>;

export interface Outcome {
  status: number;
  body: object;
}

export interface Incoming {
  path: string;
  query: Query;
  /** The raw body text ('' when none). */
  raw: string;
}

function parsedForLog(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

/** Throws the surface's 429 when the tenant spent its request budget. */
export function rateLimit(state: MicrosoftEmulatorState, surface: Surface, tenant: string): void {
  if (state.rateLimiter.take(tenant.toLowerCase())) return;
  const error = trafficError(surface, 429);
  error.retryAfterSeconds = 1;
  throw error;
}

export async function serve(
  state: MicrosoftEmulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  surface: Surface,
  run: (incoming: Incoming) => Outcome | Promise<Outcome>,
): Promise<FastifyReply> {
  const path = request.url.split('?')[0] ?? '';
  const query = (request.query ?? {}) as Query;
  const raw = typeof request.body === 'string' ? request.body : '';
  const body = parsedForLog(raw);
  state.stats.requests += 1;
  state.stats.inFlight += 1;
  state.stats.maxInFlight = Math.max(state.stats.maxInFlight, state.stats.inFlight);
  let outcome: Outcome & { retryAfter?: number } = { status: 500, body: {} };
  let code: string | undefined;
  try {
    state.options.onRequest?.({ method: request.method, path, query, body });
    if (state.options.responseDelayMs > 0) await delay(state.options.responseDelayMs);
    const fault = state.faults.take(path);
    if (fault) {
      if (fault.delayMs > 0) await delay(fault.delayMs);
      const error = trafficError(surface, fault.status);
      if (fault.retryAfterSeconds !== undefined) error.retryAfterSeconds = fault.retryAfterSeconds;
      throw error;
    }
    outcome = await run({ path, query, raw });
  } catch (error) {
    const wire =
      error instanceof WireError
        ? error
        : storeError(500, 'InternalError', `Internal error: ${(error as Error).message}`);
    code = wire.code;
    outcome = {
      status: wire.httpStatus,
      body: wire.body(),
      ...(wire.retryAfterSeconds !== undefined && { retryAfter: wire.retryAfterSeconds }),
    };
  } finally {
    state.stats.inFlight -= 1;
  }
  state.logRequest({
    method: request.method,
    path,
    query,
    ...(body !== undefined && { body }),
    status: outcome.status,
    ...(code !== undefined && { code }),
  });
  if (outcome.retryAfter !== undefined) reply.header('retry-after', String(outcome.retryAfter));
  if (outcome.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(outcome.status).type('application/json').send(outcome.body);
}
