import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { createTenant } from '../../services/directory/tenants.js';
import { actorOf } from '../auth.js';
import { Text, writeErrors } from '../schemas.js';

export function tenantRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/tenants',
    {
      config: { permission: 'tenant:admin', secretFields: ['adminToken'] },
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant with its default space and admin token (bootstrap token only)',
        body: Type.Object({ name: Text(100) }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            tenant: Type.Object({ id: Type.String(), name: Type.String() }),
            adminToken: Type.String(),
          }),
          ...writeErrors,
        },
      },
    },
    async (request, reply) => {
      const created = await createTenant(ctx, actorOf(request), { name: request.body.name.trim() });
      return reply.status(201).send(created);
    },
  );
}
