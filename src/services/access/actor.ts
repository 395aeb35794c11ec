import type { Role } from '../../domain/roles.js';

/** Who is acting: an API token (with its role and scope), or Allot itself. */
export interface Actor {
  tenantId: string;
  /** The space the actor is confined to; null when it acts on the whole tenant. */
  spaceId: string | null;
  role: Role;
  type: 'token' | 'system';
  /** The token's ID when type is 'token'. */
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
