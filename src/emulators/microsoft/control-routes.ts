/**
 * The control API under /_control (API.md "Store emulators"). No auth: emulators listen on
 * loopback for tests, benchmarks and demos. Errors use Allot's body `{error: {code, message,
 * details}}`.
 *
 *   POST   /_control/accounts                                  → 201 credentials
 *   POST   /_control/accounts/{tenant}/products                buy seats (new product or more)
 *   POST   /_control/accounts/{tenant}/products/{p}/{s}/refund the entry becomes Removed
 *   POST   /_control/accounts/{tenant}/users {users}           directory users (UPNs)
 *   POST   /_control/accounts/{tenant}/seats {seats}           hand out seats directly
 *   POST   /_control/accounts/{tenant}/credentials {action}    rotate|expire|deactivate|activate|revokeTokens
 *   GET    /_control/accounts/{tenant}/inventory               products with their seats
 *   GET    /_control/accounts/{tenant}/seats                   every seat record
 *   POST   /_control/faults {status, count, retryAfterSeconds?, path?, delayMs?} · DELETE
 *   GET    /_control/requests                                  the request log and stats
 */
import type { FastifyInstance } from 'fastify';
import { answerControlErrors, controlBody } from '../emulatorServer.js';
import type { FaultSpec } from '../apple/traffic.js';
import * as control from './control.js';
import type { MicrosoftEmulatorState } from './emulator-state.js';

type Params = { tenant: string; productId: string; skuId: string };

export function registerControlRoutes(app: FastifyInstance, state: MicrosoftEmulatorState): void {
  app.register(
    async (scope) => {
      answerControlErrors(scope);

      scope.post('/accounts', async (request, reply) => {
        const body = controlBody(request.body) as unknown as control.CreateAccountInput;
        return reply.code(201).send(control.createAccount(state, body));
      });
      scope.post<{ Params: Params }>('/accounts/:tenant/products', async (request) =>
        control.buy(
          state,
          request.params.tenant,
          controlBody(request.body) as unknown as control.BuyInput,
        ),
      );
      scope.post<{ Params: Params }>(
        '/accounts/:tenant/products/:productId/:skuId/refund',
        async (request) =>
          control.refund(
            state,
            request.params.tenant,
            request.params.productId,
            request.params.skuId,
          ),
      );
      scope.post<{ Params: Params }>('/accounts/:tenant/users', async (request) => ({
        users: control.addUsers(
          state,
          request.params.tenant,
          controlBody(request.body).users as control.UserInput[],
        ),
      }));
      scope.post<{ Params: Params }>('/accounts/:tenant/seats', async (request) =>
        control.seedSeats(
          state,
          request.params.tenant,
          controlBody(request.body).seats as Parameters<typeof control.seedSeats>[2],
        ),
      );
      scope.post<{ Params: Params }>('/accounts/:tenant/credentials', async (request) =>
        control.credentials(
          state,
          request.params.tenant,
          controlBody(request.body).action as control.CredentialsAction,
        ),
      );
      scope.get<{ Params: Params }>('/accounts/:tenant/inventory', async (request) => ({
        products: control.listInventory(state, request.params.tenant),
      }));
      scope.get<{ Params: Params }>('/accounts/:tenant/seats', async (request) => ({
        seats: control.listSeats(state, request.params.tenant),
      }));
      scope.post('/faults', async (request) => {
        state.faults.add(controlBody(request.body) as unknown as FaultSpec);
        return { pending: state.faults.pending };
      });
      scope.delete('/faults', async () => {
        state.faults.clear();
        return { pending: 0 };
      });
      scope.get('/requests', async () => ({ requests: state.requestLog, stats: state.stats }));
    },
    { prefix: '/_control' },
  );
}
