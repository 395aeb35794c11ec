/**
 * NanoMDM's enqueue and push API (reference §3), as its Go handlers answer: HTTP Basic
 * (`nanomdm:<key>`), any method, `{prefix}/enqueue/{id,id…}` with a raw command plist (an empty
 * body only pushes; `?nopush=1` only enqueues) and `{prefix}/push/{id,id…}`; a tab-indented
 * JSON result with 200 (no error), 207 (some ids failed) or 500 (every id failed, or any
 * top-level error).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parsePlist, type PlistValue } from 'plist';
import type { PlistDict, StoredCommand } from './records.js';
import type { NanoMdmState } from './state.js';
import type { Fault } from './traffic.js';

type PushStatus = Record<
  string,
  { push_result?: string; push_error?: string; command_error?: string }
>;

/** NanoMDM's APIResult; empty fields are omitted, in Go's field order. */
interface ApiResult {
  status?: PushStatus;
  no_push?: boolean;
  push_error?: string;
  command_error?: string;
  command_uuid?: string;
  request_type?: string;
}

function isDict(value: PlistValue | undefined): value is PlistDict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof Date)
  );
}

/** mdm.DecodeCommand: a plist with CommandUUID and Command.RequestType, or its error. */
export function decodeCommand(raw: string): StoredCommand | string {
  let value: PlistValue;
  try {
    value = parsePlist(raw);
  } catch (error) {
    return `decoding command: plist: error parsing XML property list: ${error instanceof Error ? error.message : String(error)}`;
  }
  const command = isDict(value) ? value.Command : undefined;
  const commandUuid = isDict(value) ? value.CommandUUID : undefined;
  if (
    !isDict(command) ||
    typeof commandUuid !== 'string' ||
    commandUuid === '' ||
    typeof command.RequestType !== 'string' ||
    command.RequestType === ''
  ) {
    return 'decoding command: invalid command';
  }
  return { commandUuid, requestType: command.RequestType, command, raw };
}

/** 200 no error, 207 some ids failed, 500 all failed or a top-level error (api.go `code`). */
function codeOf(result: ApiResult, idCount: number): number {
  if (result.push_error !== undefined || result.command_error !== undefined) return 500;
  const errors = Object.values(result.status ?? {}).filter(
    (s) => s.push_error !== undefined || s.command_error !== undefined,
  ).length;
  if (errors === 0) return 200;
  return errors < idCount ? 207 : 500;
}

const FIELD_ORDER = [
  'status',
  'no_push',
  'push_error',
  'command_error',
  'command_uuid',
  'request_type',
] as const;

function sendResult(reply: FastifyReply, result: ApiResult, code: number): FastifyReply {
  // Go's encoder writes the struct's fields in declaration order.
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (result[key] !== undefined) ordered[key] = result[key];
  return reply
    .code(code)
    .header('content-type', 'application/json')
    .send(Buffer.from(`${JSON.stringify(ordered, null, '\t')}\n`));
}

function authorised(request: FastifyRequest, user: string, key: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (match === null) return false;
  const expected = Buffer.from(`${user}:${key}`);
  const presented = Buffer.from(Buffer.from(match[1]!, 'base64').toString('utf8'));
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** The enrollment ids of the path: the rest of it, split on commas (PathIDGetter). */
function idsOf(rest: string): string[] | null {
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    path = rest;
  }
  return path === '' ? null : path.split(',');
}

export function registerApiRoutes(app: FastifyInstance, state: NanoMdmState): void {
  const prefix = state.options.apiPrefix;

  /** Auth, the API being down, throughput and faults; the fault to apply, or a reply sent. */
  async function gate(
    request: FastifyRequest,
    reply: FastifyReply,
    endpoint: 'enqueue' | 'push',
  ): Promise<Fault | undefined | 'answered'> {
    state.stats.apiRequests += 1;
    if (state.apiDown) {
      request.raw.socket.destroy();
      return 'answered';
    }
    if (!authorised(request, state.options.apiUser, state.options.apiKey)) {
      void reply
        .code(401)
        .header('www-authenticate', 'Basic realm="nanomdm"')
        .type('text/plain; charset=utf-8')
        .send('Unauthorized\n');
      return 'answered';
    }
    const wait = state.throttle.wait(Date.now());
    if (wait > 0) await state.pause(wait);
    const fault = state.faults.take(endpoint);
    if (fault !== undefined && fault.delayMs > 0 && fault.kind !== 'timeout') {
      await state.pause(fault.delayMs);
    }
    if (fault?.kind === 'unavailable') {
      void reply
        .code(fault.status)
        .type('text/plain; charset=utf-8')
        .send(`${fault.status} emulated fault\n`);
      return 'answered';
    }
    return fault;
  }

  async function hang(request: FastifyRequest, fault: Fault): Promise<void> {
    // Closing the emulator ends the pause: the connection is reset then, not 30 s later.
    await state.pause(fault.delayMs);
    request.raw.socket.destroy();
  }

  app.all<{ Params: { '*': string }; Querystring: Record<string, string> }>(
    `${prefix}/enqueue/*`,
    async (request, reply) => {
      const fault = await gate(request, reply, 'enqueue');
      if (fault === 'answered') return reply;
      const result: ApiResult = {};
      const ids = idsOf(request.params['*']);
      const noPush = (request.query.nopush ?? '') !== '';
      if (ids === null) {
        result.command_error = 'getting enrollment ids: empty path';
        return sendResult(reply, result, 500);
      }
      const body = typeof request.body === 'string' ? request.body : '';
      let command: StoredCommand | null = null;
      if (body.length > 0) {
        const decoded = decodeCommand(body);
        if (typeof decoded === 'string') {
          result.command_error = decoded;
          return sendResult(reply, result, 500);
        }
        command = decoded;
      }
      if (noPush) result.no_push = true;
      if (command === null && noPush) {
        result.command_error = 'must enqueue or push';
        return sendResult(reply, result, 500);
      }
      if (command !== null) {
        result.command_uuid = command.commandUuid;
        result.request_type = command.requestType;
        if (fault?.kind === 'storageError') {
          result.command_error = `writing command ${command.commandUuid}: emulated storage failure`;
          return sendResult(reply, result, 500);
        }
        if (fault?.kind !== 'timeout' || fault.stored) {
          const error = state.storeCommand(ids, command);
          if (error !== null) result.command_error = error;
        }
      }
      if (fault?.kind === 'timeout') {
        await hang(request, fault);
        return reply;
      }
      if (!noPush && result.command_error === undefined) {
        const failure = fault?.kind === 'pushFailed' ? 'emulated APNs failure' : null;
        result.status = state.push(ids, failure);
      }
      return sendResult(reply, result, codeOf(result, ids.length));
    },
  );

  app.all<{ Params: { '*': string } }>(`${prefix}/push/*`, async (request, reply) => {
    const fault = await gate(request, reply, 'push');
    if (fault === 'answered') return reply;
    const ids = idsOf(request.params['*']);
    if (ids === null) {
      return sendResult(reply, { push_error: 'getting enrollment ids: empty path' }, 500);
    }
    if (fault?.kind === 'timeout') {
      await hang(request, fault);
      return reply;
    }
    const failure =
      fault?.kind === 'pushFailed' || fault?.kind === 'storageError'
        ? 'emulated APNs failure'
        : null;
    const result: ApiResult = { status: state.push(ids, failure) };
    return sendResult(reply, result, codeOf(result, ids.length));
  });
}
