/**
 * The one legacy v1 call clients still make next to v2: `POST /mdm/registerVPPUserSrv`
 * (Fleet registers users through it). As in v1, the sToken is in the JSON body, not in an
 * Authorization header, any content type is read as JSON (Apple's examples post with
 * `curl -d`), the call is synchronous, and every answer is HTTP 200 with `status` 0 (the user)
 * or -1 (`errorNumber`, `errorMessage`). Registering a clientUserId that is already active
 * returns that user unchanged. Other v1 paths are not served (Apple's 404 body).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorState } from './emulator-state.js';
import type { UserRecord } from './user-book.js';
import { AppleWireError } from './wire-errors.js';
import { parseJson, rateLimited } from './wire-routes.js';

export const V1_REGISTER_USER_PATH = '/mdm/registerVPPUserSrv';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The v1 user record (`clientUserIdStr`, `itsIdHash`, numeric `userId`). */
function v1User(origin: string, user: UserRecord): Record<string, unknown> {
  return {
    userId: user.rowId,
    clientUserIdStr: user.clientUserId,
    ...(user.email !== undefined && { email: user.email }),
    status: user.status,
    ...(user.managedAppleId !== undefined && { managedAppleIDStr: user.managedAppleId }),
    ...(user.inviteCode !== undefined && {
      inviteCode: user.inviteCode,
      inviteUrl: `${origin}/invitation?inviteCode=${user.inviteCode}`,
    }),
    ...(user.idHash !== undefined && { itsIdHash: user.idHash }),
  };
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppleWireError(9602, { message: `Invalid argument: ${name} must be a string.` });
  }
  return value;
}

function register(state: EmulatorState, origin: string, raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppleWireError(9602, { message: 'Invalid argument: the body must be JSON.' });
  }
  const body = raw as Record<string, unknown>;
  const sToken = field(body, 'sToken');
  if (sToken === undefined) throw new AppleWireError(9601);
  const { location } = state.authenticateToken(sToken);
  const clientUserId = field(body, 'clientUserIdStr');
  if (clientUserId === undefined) {
    throw new AppleWireError(9602, { message: 'Invalid argument: clientUserIdStr is required.' });
  }
  const email = field(body, 'email');
  if (email !== undefined && !EMAIL.test(email)) throw new AppleWireError(9717);
  const managedAppleId = field(body, 'managedAppleIDStr');
  const existing = location.users.findActive(clientUserId);
  if (existing) return { status: 0, user: v1User(origin, existing) };
  if (managedAppleId !== undefined && location.users.findByAccount(managedAppleId)) {
    throw new AppleWireError(9641);
  }
  const user = location.users.create(
    {
      clientUserId,
      ...(email !== undefined && { email }),
      ...(managedAppleId !== undefined && { managedAppleId }),
    },
    location.versions.stamp().of('users'),
  );
  return { status: 0, user: v1User(origin, user) };
}

export function registerV1Routes(app: FastifyInstance, state: EmulatorState): void {
  app.all(V1_REGISTER_USER_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    state.stats.requests += 1;
    let body: unknown;
    let status = 200;
    let answer: Record<string, unknown>;
    let retryAfter: number | undefined;
    try {
      const fault = state.faults.take(V1_REGISTER_USER_PATH);
      if (fault) {
        status = fault.status;
        retryAfter = fault.retryAfterSeconds;
        throw new AppleWireError(fault.errorNumber);
      }
      if (request.method !== 'POST') throw new AppleWireError(9726);
      body = parseJson(request.body);
      const sToken = (body as { sToken?: unknown } | undefined)?.sToken;
      if (typeof sToken === 'string' && !state.rateLimiter.take(sToken)) {
        const limited = rateLimited(state);
        status = limited.status;
        retryAfter = limited.retryAfter;
        throw new AppleWireError(9646);
      }
      state.options.onRequest?.({
        method: request.method,
        path: V1_REGISTER_USER_PATH,
        query: {},
        body,
      });
      answer = register(state, `${request.protocol}://${request.host}`, body);
    } catch (error) {
      const wire =
        error instanceof AppleWireError
          ? error
          : new AppleWireError(9603, { message: `Internal error: ${(error as Error).message}` });
      answer = { status: -1, errorNumber: wire.errorNumber, errorMessage: wire.message };
    }
    const errorNumber = typeof answer.errorNumber === 'number' ? answer.errorNumber : undefined;
    state.logRequest({
      method: request.method,
      path: V1_REGISTER_USER_PATH,
      query: {},
      body,
      status,
      ...(errorNumber !== undefined && { errorNumber }),
    });
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.code(status).type('application/json').send(answer);
  });
}
