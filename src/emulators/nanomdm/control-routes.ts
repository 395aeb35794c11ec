/**
 * The control API under /_control (docs/emulators.md "NanoMDM"): what devices and the operator
 * do. No auth: emulators listen on loopback. Errors use Allot's `{error: {code, message}}`.
 *
 *   GET    /_control/enrollments                          every enrollment
 *   POST   /_control/devices {DeviceInput}                → 201 enrol: Authenticate + TokenUpdate
 *   POST   /_control/enrollments/{id}/users {userId, shortName?, longName?} → 201 user channel
 *   POST   /_control/enrollments/{id}/token-update        a token refresh (tally + 1)
 *   POST   /_control/enrollments/{id}/check-out           CheckOut
 *   GET    /_control/commands?enrollmentId=               queued and answered commands
 *   POST   /_control/enrollments/{id}/answer {AnswerInput} the device answers one command
 *   POST   /_control/enrollments/{id}/session {AnswerInput?} answers every command it fetches
 *   POST   /_control/answers {AnswerRule} · DELETE        scripted answers for automatic sessions
 *   PUT    /_control/auto-answer {enabled, delayMs?, installDelayMs?}
 *   POST   /_control/faults {NanoMdmFaultSpec} · DELETE
 *   PUT    /_control/api {down}                           the whole API down (connections reset)
 *   PUT    /_control/webhook {url, secret?}               where events go (null: nowhere)
 *   GET    /_control/webhooks                             every event posted, with its answer
 *   PUT    /_control/bundle-ids {adamId: bundleId}        what InstallApplication by adamId installs
 *   GET    /_control/stats · POST /_control/idle · POST /_control/reset
 */
import type { FastifyInstance } from 'fastify';
import { answerControlErrors, controlBody } from '../emulatorServer.js';
import { ValidationError } from '../../domain/errors.js';
import {
  checkAnswerInput,
  checkAnswerRule,
  checkAutoAnswer,
  checkDeviceInput,
  checkUserChannelInput,
  checkWebhook,
} from './control.js';
import type { NanoMdmState } from './state.js';
import type { NanoMdmFaultSpec } from './traffic.js';

type Params = { id: string };

export function registerControlRoutes(app: FastifyInstance, state: NanoMdmState): void {
  app.register(
    async (scope) => {
      answerControlErrors(scope);

      scope.get('/enrollments', async () => ({ enrollments: state.listEnrollments() }));
      scope.post('/devices', async (request, reply) =>
        reply.code(201).send(await state.enroll(checkDeviceInput(controlBody(request.body)))),
      );
      scope.post<{ Params: Params }>('/enrollments/:id/users', async (request, reply) =>
        reply
          .code(201)
          .send(
            await state.enrollUser(
              request.params.id,
              checkUserChannelInput(controlBody(request.body)),
            ),
          ),
      );
      scope.post<{ Params: Params }>('/enrollments/:id/token-update', async (request) => ({
        delivery: await state.tokenUpdate(request.params.id),
      }));
      scope.post<{ Params: Params }>('/enrollments/:id/check-out', async (request) => ({
        delivery: await state.checkOut(request.params.id),
      }));
      scope.get<{ Querystring: { enrollmentId?: string } }>('/commands', async (request) => ({
        commands: state.commandViews(request.query.enrollmentId),
      }));
      scope.post<{ Params: Params }>('/enrollments/:id/answer', async (request) =>
        state.answer(request.params.id, checkAnswerInput(controlBody(request.body))),
      );
      scope.post<{ Params: Params }>('/enrollments/:id/session', async (request) => {
        const body = controlBody(request.body);
        const answer = Object.keys(body).length === 0 ? undefined : checkAnswerInput(body);
        state.requireEnrollment(request.params.id);
        return {
          results: await state.session(
            request.params.id,
            answer === undefined ? undefined : () => answer,
          ),
        };
      });
      scope.post('/answers', async (request) => {
        state.script.add(checkAnswerRule(controlBody(request.body)));
        return { ok: true };
      });
      scope.delete('/answers', async () => {
        state.script.clear();
        return { ok: true };
      });
      scope.put('/auto-answer', async (request) => {
        state.setAutoAnswer(checkAutoAnswer(controlBody(request.body)));
        return { autoAnswer: state.autoAnswer };
      });
      scope.post('/faults', async (request) => {
        state.faults.add(controlBody(request.body) as unknown as NanoMdmFaultSpec);
        return { pending: state.faults.pending };
      });
      scope.delete('/faults', async () => {
        state.faults.clear();
        return { pending: 0 };
      });
      scope.put('/api', async (request) => {
        const { down } = controlBody(request.body);
        if (typeof down !== 'boolean') {
          throw new ValidationError('down (boolean) is required', { field: 'down' });
        }
        state.apiDown = down;
        return { down };
      });
      scope.put('/webhook', async (request) => {
        const { url, secret } = checkWebhook(controlBody(request.body));
        state.webhook.url = url;
        state.webhook.secret = secret;
        return { url, signed: secret !== null };
      });
      scope.get('/webhooks', async () => ({ deliveries: state.webhook.log }));
      scope.put('/bundle-ids', async (request) => {
        const body = controlBody(request.body);
        for (const [adamId, bundleId] of Object.entries(body)) {
          if (typeof bundleId !== 'string' || bundleId === '') {
            throw new ValidationError(`the bundle id of ${adamId} must be a string`, {
              field: adamId,
            });
          }
        }
        for (const [adamId, bundleId] of Object.entries(body)) {
          state.options.bundleIds.set(adamId, bundleId as string);
        }
        return { bundleIds: Object.fromEntries(state.options.bundleIds) };
      });
      scope.get('/stats', async () => ({ ...state.stats, pendingFaults: state.faults.pending }));
      scope.post('/idle', async () => {
        await state.idle();
        return { ok: true };
      });
      scope.post('/reset', async () => {
        state.reset();
        return { ok: true };
      });
    },
    { prefix: '/_control' },
  );
}
