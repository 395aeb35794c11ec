import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { ROLES, roleAllows, type Permission } from '../../domain/roles.js';
import { actorOf } from '../auth.js';
import { readErrors } from '../schemas.js';

/** Every permission once; a Record makes the compiler complain when roles.ts gains one. */
const PERMISSIONS = Object.keys({
  'tenant:admin': true,
  'directory:write': true,
  'accounts:write': true,
  'licenses:write': true,
  'catalog:write': true,
  'distribution:write': true,
  'assignments:write': true,
  'devices:checkin': true,
  'monitoring:write': true,
} satisfies Record<Permission, true>) as Permission[];

const Me = Type.Object({
  tenantId: Type.String(),
  role: Type.Enum(ROLES),
  spaceId: Type.Union([Type.String(), Type.Null()], {
    description: 'The space the token is confined to; null for the whole tenant',
  }),
  tokenId: Type.Union([Type.String(), Type.Null()]),
  tokenName: Type.String(),
  permissions: Type.Array(Type.Enum(PERMISSIONS), {
    description: 'What the role may change (R-S1); every role may read',
  }),
});

/** Who the caller is: lets a client (the console) show only what the token may do. */
export function meRoutes(app: FastifyInstance, _ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/me',
    {
      schema: {
        tags: ['api tokens'],
        summary: "The calling token: its tenant, role, space and the role's permissions",
        response: { 200: Me, ...readErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        tenantId: actor.tenantId,
        role: actor.role,
        spaceId: actor.spaceId,
        tokenId: actor.id,
        tokenName: actor.name,
        permissions: PERMISSIONS.filter((p) => roleAllows(actor.role, p)),
      };
    },
  );
}
