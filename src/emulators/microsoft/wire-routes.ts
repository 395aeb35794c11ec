/**
 * The Store for Business management API under /V1 (reference §4). One dispatcher, so the
 * checks happen in one order for every endpoint: injected fault → unknown path (404) →
 * method (405) → access token (401) → rate limit (429) → handler.
 */
import type { FastifyInstance } from 'fastify';
import type { StoreAccount } from './account.js';
import { STORE_RESOURCE, type MicrosoftEmulatorState } from './emulator-state.js';
import { rateLimit, serve, type Incoming, type Outcome } from './pipeline.js';
import { getInventory, getLocalizedDetails, getProductDetails } from './wire-inventory.js';
import * as seats from './wire-seats.js';
import { storeError } from './wire-errors.js';

export const STORE_PREFIX = '/V1';

interface Call {
  state: MicrosoftEmulatorState;
  account: StoreAccount;
  params: string[];
  incoming: Incoming;
}

type Handler = (call: Call) => Outcome;
type Method = 'GET' | 'POST' | 'DELETE';

/** Path patterns: literal segments match without case, `*` takes one segment. */
const ROUTES: Array<{ pattern: string[]; methods: Partial<Record<Method, Handler>> }> = [
  {
    pattern: ['inventory'],
    methods: {
      GET: ({ state, account, incoming }) =>
        getInventory(account, incoming.query, state.options.pageSize),
    },
  },
  {
    pattern: ['inventory', '*', '*', 'seats'],
    methods: {
      GET: ({ state, account, params: [p, s], incoming }) =>
        seats.listSeats(account, p!, s!, incoming.query, state.options.seatPageSize),
      POST: ({ state, account, params: [p, s], incoming }) =>
        seats.bulkSeats(account, p!, s!, incoming.raw, state.now()),
    },
  },
  {
    pattern: ['inventory', '*', '*', 'seats', '*'],
    methods: {
      GET: ({ account, params: [p, s, u] }) => seats.getSeat(account, p!, s!, u!),
      POST: ({ state, account, params: [p, s, u] }) =>
        seats.assignSeat(account, p!, s!, u!, state.now()),
      DELETE: ({ state, account, params: [p, s, u] }) =>
        seats.reclaimSeat(account, p!, s!, u!, state.now()),
    },
  },
  {
    pattern: ['users', '*', 'seats'],
    methods: {
      GET: ({ state, account, params: [u], incoming }) =>
        seats.userSeats(account, u!, incoming.query, state.options.seatPageSize),
    },
  },
  {
    pattern: ['products', '*', '*'],
    methods: {
      GET: ({ account, params: [p, s], incoming }) =>
        getProductDetails(account, p!, s!, incoming.query),
    },
  },
  {
    pattern: ['products', '*', '*', 'localizeddetails', '*'],
    methods: {
      GET: ({ account, params: [p, s, l] }) => getLocalizedDetails(account, p!, s!, l!),
    },
  },
];

function match(segments: string[]): { route: (typeof ROUTES)[number]; params: string[] } | null {
  for (const route of ROUTES) {
    if (route.pattern.length !== segments.length) continue;
    const params: string[] = [];
    const ok = route.pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part === '*') {
        params.push(segment);
        return segment !== '';
      }
      return part === segment.toLowerCase();
    });
    if (ok) return { route, params };
  }
  return null;
}

export function registerWireRoutes(app: FastifyInstance, state: MicrosoftEmulatorState): void {
  app.all(`${STORE_PREFIX}/*`, (request, reply) =>
    serve(state, request, reply, 'store', (incoming) => {
      const segments = incoming.path
        .slice(STORE_PREFIX.length + 1)
        .split('/')
        .map((s) => decodeURIComponent(s));
      const found = match(segments);
      if (!found) throw storeError(404, 'NotFound', 'No such endpoint.');
      const handler = found.route.methods[request.method as Method];
      if (!handler) throw storeError(405, 'MethodNotAllowed', 'HTTP method not allowed.');
      const account = state.authenticate(request.headers.authorization, STORE_RESOURCE);
      rateLimit(state, 'store', account.tenantDirectoryId);
      return handler({ state, account, params: found.params, incoming });
    }),
  );
}
