/**
 * R-T12: assigning and unassigning the seats of an ISV subscription to users or groups, as in
 * the Microsoft 365 admin center (Billing > Licenses).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { assignSeats, unassignSeats } from '../../services/accounts/isv/seatAssignments.js';
import { actorOf } from '../auth.js';
import { Id, IdParams, writeErrors } from '../schemas.js';

const Targets = {
  userIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  groupIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
};

const Seats = Type.Object({
  total: Type.Integer(),
  inUse: Type.Integer(),
  available: Type.Integer(),
});

export function isvSeatRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['accounts'];

  api.post(
    '/accounts/:id/seats/assign',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags,
        summary: 'Assign seats of an ISV subscription to users or groups (R-T12)',
        description:
          'A group stands for its users at the time of the request. All or nothing: when the ' +
          'seats left cannot cover every user who needs one, 409 INSUFFICIENT_LICENSES with ' +
          'the forecast and the three remedies (R-A12).',
        params: IdParams,
        body: Type.Object(Targets, { additionalProperties: false }),
        response: {
          200: Type.Object({
            assigned: Type.Integer(),
            alreadyAssigned: Type.Integer(),
            seats: Seats,
          }),
          ...writeErrors,
        },
      },
    },
    async (request) => assignSeats(ctx, actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/accounts/:id/seats/unassign',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags,
        summary: 'Take seats of an ISV subscription back from users or groups (R-T12)',
        description:
          'Taking seats back from more than one user needs confirm=true (else 400 CONFIRMATION_REQUIRED).',
        params: IdParams,
        body: Type.Object(
          { ...Targets, confirm: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ unassigned: Type.Integer(), seats: Seats }),
          ...writeErrors,
        },
      },
    },
    async (request) => unassignSeats(ctx, actorOf(request), request.params.id, request.body),
  );
}
