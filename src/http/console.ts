/**
 * The administrator console: serves the built single-page app (web/dist) at `/`. Client-side
 * routes (`/apps/…`, `/devices/…`) get index.html; the API, the docs, health and metrics are
 * never shadowed. Without a build, a short page says how to make one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface ConsoleOptions {
  /** The built console; web/dist of this checkout by default (from src/ and from dist/). */
  root?: string;
}

const DEFAULT_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that belong to the server: a miss there is the API's 404, never the console. */
const RESERVED = ['/api', '/docs', '/healthz', '/readyz', '/metrics'];

/** Files that exist or not; anything else without one of these endings is a client route. */
const STATIC_FILE = /\.(js|mjs|css|map|json|svg|png|ico|txt|webmanifest|woff2?)$/i;

// The token lives in sessionStorage, so no inline script, no foreign origin, no framing.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Allot</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>The Allot console is not built</h1>
<p>Run <code>npm run build</code> in the Allot directory, then reload this page.</p>
<p>The API is available at <a href="/api/v1/me">/api/v1</a>; its documentation at
<a href="/docs">/docs</a>.</p>
</body></html>
`;

function isReserved(pathname: string): boolean {
  return RESERVED.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function withPageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function consolePlugin(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const root = path.resolve(options.root ?? DEFAULT_ROOT);
  // Only reply.sendFile: the one route below decides what a path is.
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (isReserved(pathname)) return reply.callNotFound();
    if (!(await isFile(path.join(root, 'index.html')))) {
      return withPageHeaders(reply).status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    const wildcard = (request.params as { '*'?: string })['*'] ?? '';
    const relative = path.posix.normalize(wildcard === '' ? '.' : wildcard);
    if (relative !== '.' && relative !== 'index.html') {
      const file = path.resolve(root, relative);
      if (!file.startsWith(root + path.sep)) return reply.callNotFound();
      if (await isFile(file)) {
        const hashed = relative.startsWith('assets/');
        return reply.sendFile(relative, {
          cacheControl: true,
          maxAge: hashed ? 365 * 86_400_000 : 0,
          immutable: hashed,
        });
      }
      if (relative.startsWith('assets/') || STATIC_FILE.test(relative)) return reply.callNotFound();
    }
    return withPageHeaders(reply)
      .header('cache-control', 'no-cache')
      .sendFile('index.html', { cacheControl: false });
  });
}
