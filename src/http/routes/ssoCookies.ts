/**
 * R-I3: the cookies of console sign-in. The session cookie is HttpOnly, SameSite=Lax and
 * shared by every tab (Path=/); Secure when Allot is served over HTTPS (ALLOT_PUBLIC_URL
 * https, or a request that arrived over TLS).
 */
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'allot_session';
/** Binds a login attempt to the browser that started it (checked against `state`). */
export const LOGIN_STATE_COOKIE = 'allot_sso_state';
/** The header a cookie-authenticated write must carry: the session's CSRF token. */
export const CSRF_HEADER = 'x-allot-csrf';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  const value = fastifyCookie.parse(header)[name];
  return value === undefined || value === '' ? undefined : value;
}

function secure(request: FastifyRequest, publicUrl: string | null): boolean {
  if (publicUrl !== null) return publicUrl.startsWith('https:');
  return request.protocol === 'https';
}

export function setCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  publicUrl: string | null,
  cookie: { name: string; value: string; path: string; maxAgeSeconds: number },
): void {
  const serialized = fastifyCookie.serialize(cookie.name, cookie.value, {
    path: cookie.path,
    maxAge: cookie.maxAgeSeconds,
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(request, publicUrl),
  });
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : [existing].flat().map(String);
  reply.header('set-cookie', [...list, serialized]);
}
