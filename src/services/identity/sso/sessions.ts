/**
 * R-I3: console sessions. The cookie holds an opaque random id; the database holds only its
 * SHA-256 (R-S4). A session ends when unused for the idle timeout, at its absolute expiry, or
 * at logout. Its CSRF token is derived from the id, so it needs no storage and dies with it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SsoSessionTable } from '../../../db/schema.js';
import { isRole } from '../../../domain/roles.js';
import { newId } from '../../../ids.js';
import type { Actor } from '../../access/actor.js';
import type { ServiceContext } from '../../serviceContext.js';
import type { Grant } from './roleMappings.js';

export interface SessionTimeouts {
  idleTimeoutMs: number;
  maxAgeMs: number;
}

export interface Person {
  subject: string;
  name: string;
  email: string | null;
  /** The provider's groups at sign-in: a change of the role mappings is applied to them. */
  groups: string[];
}

export interface Session {
  actor: Actor;
  person: Person;
  expiresAt: string;
}

/** lastSeenAt is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** The CSRF token of a session: what the console sends in X-Allot-CSRF on every write. */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`allot-csrf\u0000${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(sessionId: string, presented: string): boolean {
  const expected = Buffer.from(csrfTokenOf(sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** How activity entries name the person (R-M7): name and e-mail. */
function actorOf(row: SsoSessionTable): Actor | null {
  if (!isRole(row.role)) return null;
  return {
    tenantId: row.tenantId,
    spaceId: row.spaceId,
    role: row.role,
    // Named after the person, identified by the session's row id (never its secret).
    type: 'session',
    id: row.id,
    name: row.email === null ? row.name : `${row.name} <${row.email}>`,
    isBootstrap: false,
  };
}

/** Opens a session; returns the id for the cookie (stored nowhere in clear). */
export async function createSession(
  ctx: ServiceContext,
  timeouts: SessionTimeouts,
  person: Person,
  grant: Grant,
): Promise<{ sessionId: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + timeouts.maxAgeMs);
  // Sessions nobody came back to are forgotten here rather than by a schedule of their own.
  await ctx.db.kysely
    .deleteFrom('ssoSessions')
    .where('expiresAt', '<=', now.toISOString())
    .execute();
  await ctx.db.kysely
    .insertInto('ssoSessions')
    .values({
      id: newId(now.getTime()),
      sessionHash: hashSessionId(sessionId),
      tenantId: grant.tenantId,
      spaceId: grant.spaceId,
      role: grant.role,
      subject: person.subject,
      name: person.name,
      email: person.email,
      groups: JSON.stringify(person.groups),
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    })
    .execute();
  return { sessionId, expiresAt };
}

/** The session behind a cookie, or null when there is none or it has timed out (then deleted). */
export async function findSession(
  ctx: ServiceContext,
  timeouts: SessionTimeouts,
  sessionId: string,
): Promise<Session | null> {
  const sessionHash = hashSessionId(sessionId);
  const row = await ctx.db.kysely
    .selectFrom('ssoSessions')
    .selectAll()
    .where('sessionHash', '=', sessionHash)
    .executeTakeFirst();
  if (row === undefined) return null;
  const now = ctx.clock.now();
  const idleSince = now.getTime() - Date.parse(row.lastSeenAt);
  if (now.getTime() >= Date.parse(row.expiresAt) || idleSince >= timeouts.idleTimeoutMs) {
    await ctx.db.kysely.deleteFrom('ssoSessions').where('id', '=', row.id).execute();
    return null;
  }
  const actor = actorOf(row);
  if (actor === null) return null;
  if (idleSince >= TOUCH_EVERY_MS) {
    await ctx.db.kysely
      .updateTable('ssoSessions')
      .set({ lastSeenAt: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    actor,
    person: {
      subject: row.subject,
      name: row.name,
      email: row.email,
      groups: JSON.parse(row.groups) as string[],
    },
    expiresAt: row.expiresAt,
  };
}

/** Logout: the session is gone for every tab at once. */
export async function deleteSession(ctx: ServiceContext, sessionId: string): Promise<void> {
  await ctx.db.kysely
    .deleteFrom('ssoSessions')
    .where('sessionHash', '=', hashSessionId(sessionId))
    .execute();
}
