/**
 * What every emulator's server shares: a Fastify app that keeps bodies as raw text (each
 * surface answers its own errors for bad JSON, forms or plists, as the real service does),
 * listening on loopback; and its control API under /_control, with JSON object bodies and
 * Allot's error body `{error: {code, message, details}}` for a refused call or an unknown
 * endpoint. No auth: emulators listen on loopback for tests, benchmarks and demos.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { AllotError, ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';

/** A Fastify app whose routes read every body as the text it was sent. */
export function rawBodyApp(bodyLimit: number): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  return app;
}

/** Listens on `host` (default loopback) and `port` (0: a free one); the origin to reach it. */
export async function listenOn(
  app: FastifyInstance,
  options: { host?: string; port?: number },
): Promise<{ origin: string; port: number }> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return { origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port };
}

/** A control call's body: a JSON object, or nothing (an empty object). */
export function controlBody(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // reported below
    }
  }
  throw new ValidationError('The body must be a JSON object');
}

function statusOf(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return 500;
}

async function sendError(reply: FastifyReply, error: unknown): Promise<FastifyReply> {
  const e = error instanceof AllotError ? error : new AllotError('INTERNAL', String(error));
  return reply.code(statusOf(error)).send({
    error: { code: e.code, message: e.message, ...(e.details && { details: e.details }) },
  });
}

/** A control scope's errors and unknown paths answered in Allot's error body. */
export function answerControlErrors(scope: FastifyInstance): void {
  scope.setErrorHandler(async (error, _request, reply) => sendError(reply, error));
  scope.setNotFoundHandler(async (request, reply) =>
    sendError(reply, new NotFoundError('control endpoint', `${request.method} ${request.url}`)),
  );
}
