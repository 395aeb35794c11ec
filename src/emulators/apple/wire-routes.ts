/**
 * The wire protocol under /mdm/v2. One dispatcher, so that the checks happen in a fixed
 * order for every endpoint: injected fault → unknown path (404, Apple's error body) → method
 * (9726) → auth (9601/9722/9622/9621/9625) → rate limit (9646) → content type (9727) → body
 * (9602) → handler. The method belongs to the path, which Apple documents for everyone; the
 * content type belongs to a body, and the body of a request that is not authenticated is
 * never read (docs/emulators.md).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatAppleDate } from '../../domain/stoken.js';
import { clientConfigBody, updateClientConfig } from './client-config.js';
import type { EmulatorState } from './emulator-state.js';
import type { Location } from './location.js';
import {
  getAssets,
  getAssignments,
  getStatus,
  getUsers,
  serviceConfig,
  type Query,
} from './wire-reads.js';
import { AppleWireError } from './wire-errors.js';
import * as writes from './wire-writes.js';

export const WIRE_PREFIX = '/mdm/v2';

interface Call {
  state: EmulatorState;
  location: Location;
  query: Query;
  body: unknown;
}

type Handler = (call: Call) => object | Promise<object>;

interface Endpoint {
  GET?: Handler;
  POST?: Handler;
}

const ENDPOINTS: Record<string, Endpoint> = {
  '/client/config': {
    GET: ({ location }) => clientConfigBody(location),
    POST: ({ state, location, body }) => updateClientConfig(state, location, body),
  },
  '/assets': { GET: ({ state, location, query }) => getAssets(state, location, query) },
  '/assignments': { GET: ({ state, location, query }) => getAssignments(state, location, query) },
  '/users': { GET: ({ state, location, query }) => getUsers(state, location, query) },
  '/status': { GET: ({ state, location, query }) => getStatus(state, location, query) },
  '/assets/associate': {
    POST: ({ state, location, body }) => writes.associate(state, location, body),
  },
  '/assets/disassociate': {
    POST: ({ state, location, body }) => writes.disassociate(state, location, body),
  },
  '/assets/revoke': { POST: ({ state, location, body }) => writes.revoke(state, location, body) },
  '/users/create': {
    POST: ({ state, location, body }) => writes.createUsers(state, location, body),
  },
  '/users/update': {
    POST: ({ state, location, body }) => writes.updateUsers(state, location, body),
  },
  '/users/retire': {
    POST: ({ state, location, body }) => writes.retireUsers(state, location, body),
  },
};

function flatQuery(raw: unknown): Query {
  const query: Query = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') query[key] = first;
  }
  return query;
}

export function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppleWireError(9602, { message: 'Invalid argument: the body is not valid JSON.' });
  }
}

/** The fields Apple adds to every authenticated response (reference §2). */
function common(location: Location): object {
  const { mdmInfo } = location.clientConfig;
  return {
    tokenExpirationDate: formatAppleDate(new Date(location.expiresAt)),
    uId: location.uId,
    ...(mdmInfo && { mdmInfo }),
  };
}

/** What Apple answers on a path it does not serve (here as everywhere on the emulator). */
export const UNKNOWN_ENDPOINT = {
  errorNumber: 9602,
  errorMessage: 'Invalid argument: no such endpoint.',
} as const;

/** 9646 with HTTP 429 (and Retry-After when the emulator is told to send one). */
export function rateLimited(state: EmulatorState): {
  status: number;
  body: object;
  retryAfter?: number;
} {
  return {
    status: 429,
    body: new AppleWireError(9646).body(),
    ...(state.options.rateLimitRetryAfter && { retryAfter: 1 }),
  };
}

/** A POST body parsed once: its value, or the 9602 to answer once auth has passed. */
type ParsedBody = { value: unknown } | { error: AppleWireError };

async function handle(
  state: EmulatorState,
  request: FastifyRequest,
  path: string,
  query: Query,
  parsed: ParsedBody,
): Promise<{ status: number; body: object; retryAfter?: number }> {
  const fault = state.faults.take(path);
  if (fault) {
    if (fault.delayMs > 0) await delay(fault.delayMs);
    const error = new AppleWireError(fault.errorNumber, { httpStatus: fault.status });
    return {
      status: fault.status,
      body: error.body(),
      ...(fault.retryAfterSeconds !== undefined && { retryAfter: fault.retryAfterSeconds }),
    };
  }
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (path === '/service/config') {
    if (method !== 'GET') throw new AppleWireError(9726);
    return { status: 200, body: serviceConfig(`${request.protocol}://${request.host}`, state) };
  }
  const endpoint = ENDPOINTS[path];
  if (!endpoint) return { status: 404, body: UNKNOWN_ENDPOINT };
  const handler = method === 'GET' || method === 'POST' ? endpoint[method] : undefined;
  if (!handler) throw new AppleWireError(9726);
  const { location, sToken } = state.authenticate(request.headers.authorization);
  if (!state.rateLimiter.take(sToken)) return rateLimited(state);
  if (method === 'POST' && !/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    throw new AppleWireError(9727);
  }
  if ('error' in parsed) throw parsed.error;
  const result = await handler({ state, location, query, body: parsed.value });
  return { status: 200, body: { ...result, ...common(location) } };
}

export function registerWireRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.all(`${WIRE_PREFIX}/*`, async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.slice(WIRE_PREFIX.length).split('?')[0] ?? '';
    const query = flatQuery(request.query);
    state.stats.requests += 1;
    state.stats.inFlight += 1;
    state.stats.maxInFlight = Math.max(state.stats.maxInFlight, state.stats.inFlight);
    let logged: { status: number; errorNumber?: number } = { status: 500 };
    let parsed: ParsedBody = { value: undefined };
    if (request.method === 'POST') {
      try {
        parsed = { value: parseJson(request.body) };
      } catch (error) {
        parsed = { error: error as AppleWireError };
      }
    }
    const body = 'value' in parsed ? parsed.value : undefined;
    try {
      state.options.onRequest?.({ method: request.method, path, query, body });
      if (state.options.responseDelayMs > 0) await delay(state.options.responseDelayMs);
      let outcome: { status: number; body: object; retryAfter?: number };
      try {
        outcome = await handle(state, request, path, query, parsed);
      } catch (error) {
        const wire =
          error instanceof AppleWireError
            ? error
            : new AppleWireError(9603, { message: `Internal error: ${(error as Error).message}` });
        outcome = { status: wire.httpStatus, body: wire.body() };
      }
      const errorNumber = (outcome.body as { errorNumber?: number }).errorNumber;
      logged = { status: outcome.status, ...(errorNumber !== undefined && { errorNumber }) };
      if (outcome.retryAfter !== undefined) reply.header('retry-after', String(outcome.retryAfter));
      return await reply.code(outcome.status).type('application/json').send(outcome.body);
    } finally {
      state.stats.inFlight -= 1;
      state.logRequest({ method: request.method, path, query, body, ...logged });
    }
  });
}
