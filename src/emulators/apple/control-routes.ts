/**
 * The control API under /_control (API.md "Store emulators"), plus the metadata lookup.
 * No auth: emulators listen on loopback for tests, benchmarks and demos. Errors use Allot's
 * body `{error: {code, message, details}}`.
 */
import type { FastifyInstance } from 'fastify';
import { answerControlErrors, controlBody } from '../emulatorServer.js';
import { CONTENT_METADATA_PATH, contentMetadataLookup, lookup } from './catalog.js';
import * as control from './control.js';
import type { EmulatorState } from './emulator-state.js';
import type { FaultSpec } from './traffic.js';

type Params = { id: string; clientUserId: string };

export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.register(
    async (scope) => {
      answerControlErrors(scope);

      scope.post('/locations', async (request, reply) => {
        const body = controlBody(request.body) as unknown as control.CreateLocationInput;
        return reply.code(201).send(control.createLocation(state, body));
      });
      scope.post<{ Params: Params }>('/locations/:id/assets', async (request) =>
        control.buy(
          state,
          request.params.id,
          controlBody(request.body) as unknown as control.BuyInput,
        ),
      );
      scope.post<{ Params: Params }>(
        '/locations/:id/users/:clientUserId/accept',
        async (request) => {
          const { appleAccount } = controlBody(request.body);
          return control.acceptInvitation(
            state,
            request.params.id,
            request.params.clientUserId,
            typeof appleAccount === 'string' ? appleAccount : undefined,
          );
        },
      );
      scope.post<{ Params: Params }>('/locations/:id/users/:clientUserId/retire', async (request) =>
        control.retireUser(state, request.params.id, request.params.clientUserId),
      );
      scope.post<{ Params: Params }>('/locations/:id/token', async (request) => {
        const { action, mdmName } = controlBody(request.body);
        return control.tokenAction(
          state,
          request.params.id,
          action as control.TokenAction,
          typeof mdmName === 'string' ? mdmName : undefined,
        );
      });
      scope.post<{ Params: Params }>('/locations/:id/seed', async (request) =>
        control.seed(state, request.params.id, controlBody(request.body)),
      );
      scope.get<{ Params: Params }>('/locations/:id/assignments', async (request) => ({
        assignments: control.listAssignments(state, request.params.id),
      }));
      scope.get<{ Params: Params }>('/locations/:id/users', async (request) => ({
        users: control.listUsers(state, request.params.id),
      }));
      scope.get<{ Params: Params }>('/locations/:id/assets', async (request) => ({
        assets: control.listAssets(state, request.params.id),
      }));
      scope.get<{ Params: Params }>('/locations/:id/client-config', async (request) => ({
        ...control.requireLocation(state, request.params.id).clientConfig,
      }));
      scope.post('/faults', async (request) => {
        state.faults.add(controlBody(request.body) as unknown as FaultSpec);
        return { pending: state.faults.pending };
      });
      scope.delete('/faults', async () => {
        state.faults.clear();
        return { pending: 0 };
      });
      scope.get('/notifications', async () => ({ notifications: state.notifier.log }));
      scope.get('/requests', async () => ({ requests: state.requestLog, stats: state.stats }));
    },
    { prefix: '/_control' },
  );

  // Product metadata, in the shape of the public iTunes lookup API.
  app.get<{ Querystring: { id?: string } }>('/lookup', async (request) =>
    lookup(state.catalog, request.query.id),
  );
  // The contentMetadataLookup of /service/config: results keyed by adamId.
  app.get<{ Querystring: { id?: string } }>(CONTENT_METADATA_PATH, async (request) =>
    contentMetadataLookup(state.catalog, request.query.id),
  );
}
