/**
 * The one place that turns errors into HTTP: domain errors by class, Fastify's own errors
 * (validation, body parsing, bad URLs) by code, Node's HTTP parser errors (431, 400) on the
 * socket, database outages as 503. Every body is `{ error: { code, message, details? } }`.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  AllotError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from '../domain/errors.js';
import { isDatabaseUnavailable } from '../db/database.js';

/**
 * Too many failed authentications from one address (R-S5): 429 with Retry-After. An HTTP error,
 * so it lives here and not in domain/.
 */
export class TooManyAuthFailuresError extends Error {
  readonly code = 'TOO_MANY_AUTH_FAILURES';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed authentications from this address; retry in ${retryAfterSeconds} s`);
  }
}

interface Problem {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retryAfterSeconds?: number;
}

function statusOf(error: AllotError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RuleViolationError) return 422;
  if (error instanceof UnavailableError) return 503;
  return 500;
}

interface ValidationIssue {
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Names the offending field of a schema violation, e.g. `email` or `members[2].id`. */
function fieldOf(issue: ValidationIssue, part: string | undefined): string {
  const params = issue.params ?? {};
  const extra: unknown =
    params.additionalProperty ??
    (Array.isArray(params.additionalProperties)
      ? (params.additionalProperties[0] as unknown)
      : undefined) ??
    params.missingProperty ??
    (Array.isArray(params.requiredProperties) ? params.requiredProperties[0] : undefined);
  const segments = (issue.instancePath ?? '').split('/').filter((s) => s !== '');
  if (typeof extra === 'string') segments.push(extra);
  if (segments.length === 0) return part ?? 'body';
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function fromFastify(error: FastifyError): Problem | null {
  if (error.validation !== undefined) {
    const issues = error.validation as ValidationIssue[];
    const isUnknownField = (i: ValidationIssue) =>
      i.params?.additionalProperty !== undefined || i.params?.additionalProperties !== undefined;
    const byField = new Map<string, string>();
    for (const issue of issues) {
      const field = fieldOf(issue, error.validationContext);
      const message = isUnknownField(issue)
        ? 'is not a known field'
        : (issue.message ?? 'is invalid');
      if (!byField.has(field) || isUnknownField(issue)) byField.set(field, message);
    }
    const fields = [...byField].map(([field, message]) => ({ field, message }));
    const first = fields[0] ?? { field: error.validationContext ?? 'body', message: 'is invalid' };
    const unknown = issues.some(isUnknownField);
    return {
      status: 400,
      code: unknown ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED',
      message: `${error.validationContext ?? 'request'}.${first.field}: ${first.message}`,
      details: { in: error.validationContext, field: first.field, fields },
    };
  }
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return {
        status: 400,
        code: 'BAD_URL',
        message: 'The URL holds a malformed percent-encoding',
        details: { field: 'url' },
      };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return {
        status: 414,
        code: 'PATH_PARAMETER_TOO_LONG',
        message: 'A path parameter of the URL is longer than the server accepts',
        details: { field: 'url' },
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        message: `The body is not valid JSON: ${error.message}`,
        details: { field: 'body' },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        message: 'The body is empty but declared as JSON',
        details: { field: 'body' },
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 400,
        code: 'BODY_TOO_LARGE',
        message: 'The body is larger than the server accepts',
        details: { field: 'body' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send JSON with Content-Type: application/json',
        details: { field: 'content-type' },
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'BAD_CONTENT_LENGTH',
        message: 'Content-Length does not match the body',
        details: { field: 'content-length' },
      };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      status: error.statusCode,
      code: 'BAD_REQUEST',
      message: error.message,
      ...(typeof error.code === 'string' ? { details: { reason: error.code } } : {}),
    };
  }
  return null;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof TooManyAuthFailuresError) {
    return {
      status: 429,
      code: error.code,
      message: error.message,
      details: { retryAfterSeconds: error.retryAfterSeconds },
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof AllotError) {
    return {
      status: statusOf(error),
      code: error.code,
      message: error.message,
      details: error.details,
      retryAfterSeconds: error instanceof UnavailableError ? error.retryAfterSeconds : undefined,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database is not reachable; retry shortly',
      retryAfterSeconds: 5,
    };
  }
  const fromFramework = error instanceof Error ? fromFastify(error as FastifyError) : null;
  return (
    fromFramework ?? { status: 500, code: 'INTERNAL', message: 'An unexpected error occurred' }
  );
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(problem.retryAfterSeconds));
  }
  const body: { code: string; message: string; details?: Record<string, unknown> } = {
    code: problem.code,
    message: problem.message,
  };
  if (problem.details !== undefined) body.details = problem.details;
  return reply
    .status(problem.status)
    .type('application/json')
    .send(JSON.stringify({ error: body }));
}

export function errorHandler(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const problem = toProblem(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, problem);
}

/**
 * Errors Fastify meets before routing (Fastify's `frameworkErrors`): a malformed
 * percent-encoding (400) or an over-long path parameter (414).
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  errorHandler(error, request, reply);
}

/**
 * Node's HTTP parser refuses a request before Fastify sees it (Fastify's `clientErrorHandler`):
 * headers too large (431), a malformed request (400), a request too slow (408). The answer is
 * written on the socket in the documented shape, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
