import type { Role } from '../../domain/roles.js';

/**
 * Who is acting: an API token (with its role and scope), a person signed in to the console (a
 * session, with the role their groups map to), or Allot itself.
 */
export interface Actor {
  tenantId: string;
  /** The space the actor is confined to; null when it acts on the whole tenant. */
  spaceId: string | null;
  role: Role;
  type: 'token' | 'session' | 'system';
  /** The token's or the session's ID; null for the system. */
  id: string | null;
  name: string;
  /** Whether this is the deployment's bootstrap token (it alone may create tenants). */
  isBootstrap: boolean;
}

/** Allot acting on its own (schedules, sync, outbox) inside one tenant. */
export function systemActor(tenantId: string): Actor {
  return {
    tenantId,
    spaceId: null,
    role: 'globalAdmin',
    type: 'system',
    id: null,
    name: 'allot',
    isBootstrap: false,
  };
}
