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
  /** `policy`: a space's own rule acting on a schedule (a reclaim policy, R-X3). */
  type: 'token' | 'session' | 'system' | 'policy';
  /** The token's, the session's or the policy's ID; null for the system. */
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

/** A space's reclaim policy acting on its schedule (R-X3): confined to its space. */
export function policyActor(tenantId: string, spaceId: string, policyId: string): Actor {
  return {
    tenantId,
    spaceId,
    role: 'globalAdmin',
    type: 'policy',
    id: policyId,
    name: 'reclaim policy',
    isBootstrap: false,
  };
}
