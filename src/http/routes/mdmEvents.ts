import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { UnauthenticatedError } from '../../domain/errors.js';
import { receiveMdmEvent } from '../../services/mdm/events.js';
import { AUTH_FAILURES_PER_WINDOW, AUTH_FAILURE_WINDOW_MS } from '../authFailures.js';
import { TooManyAuthFailuresError } from '../errors.js';
import { ErrorBody } from '../schemas.js';

/**
 * R-I4: the MDM's webhook (reference mdm-bridge.md §1, §7): public, authenticated by the token
 * in its URL and NanoMDM's X-Hmac-Signature over the raw body, so the body is read as bytes in
 * a context of its own. Failed authentications are rate-limited per address (R-S5).
 */
export function mdmEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    const limiter = scoped.createRateLimit({
      max: AUTH_FAILURES_PER_WINDOW,
      timeWindow: AUTH_FAILURE_WINDOW_MS,
      keyGenerator: (request) => request.ip,
    });
    const api = scoped.withTypeProvider<TypeBoxTypeProvider>();
    api.post(
      '/mdm-events/:token',
      {
        config: { public: true },
        schema: {
          tags: ['mdm connectors'],
          summary:
            "An MDM connector's webhook: NanoMDM / MicroMDM events (the token is its secret)",
          description:
            'The JSON events NanoMDM sends (MicroMDM format): mdm.Authenticate, mdm.TokenUpdate, ' +
            'mdm.CheckOut, mdm.Connect (command results) and the other check-in topics, with ' +
            'raw_payload the base64 of the device plist. X-Hmac-Signature (base64 HMAC-SHA256 of ' +
            'the raw body with the webhookSecret) is checked when sent and required once sent. ' +
            '200 for every authentic, well-formed event (ignored ones and repeats included); 401 ' +
            'on a wrong token or signature; 400 on bad JSON, base64 or plist, or an unknown topic. ' +
            'An event as NanoMDM posts it (an iPad enrolling; raw_payload shortened): ' +
            '`{"topic": "mdm.Authenticate", "event_id": "5c0ffee15eed0001", "created_at": ' +
            '"2026-06-01T09:15:02Z", "checkin_event": {"udid": "00008110-000A1B2C3D4E5F60", ' +
            '"ids": {"id": "00008110-000A1B2C3D4E5F60", "type": "Device"}, "url_params": null, ' +
            '"raw_payload": "PD94bWwgdmVyc2lvbj0iMS4wIi…"}}`, where raw_payload decodes to the ' +
            'plist of MessageType Authenticate, UDID, SerialNumber, ProductName, OSVersion, Topic. ' +
            '`outcome` says what the event did: e.g. deviceCreated or deviceReactivated ' +
            '(Authenticate), enrolled (TokenUpdate), deviceUnenrolled (CheckOut), installed, ' +
            'failed or notNow (a command result), idle, duplicate (a repeat), ignored.',
          security: [],
          params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: {
            200: Type.Object(
              {
                received: Type.Boolean(),
                duplicate: Type.Boolean({
                  description: 'True when this event was handled before: nothing changed',
                }),
                topic: Type.String(),
                outcome: Type.String({ description: 'What the event did (see above)' }),
              },
              {
                examples: [
                  {
                    received: true,
                    duplicate: false,
                    topic: 'mdm.Authenticate',
                    outcome: 'deviceCreated',
                  },
                  {
                    received: true,
                    duplicate: false,
                    topic: 'mdm.TokenUpdate',
                    outcome: 'enrolled',
                  },
                ],
              },
            ),
            400: ErrorBody,
            401: ErrorBody,
            429: ErrorBody,
          },
        },
      },
      async (request) => {
        const refuseIfOver = async (increment: boolean) => {
          const status = await limiter(request, { increment });
          if (!status.isAllowed && (increment ? status.isExceeded : status.remaining <= 0)) {
            throw new TooManyAuthFailuresError(Math.max(1, status.ttlInSeconds));
          }
        };
        await refuseIfOver(false);
        const signature = request.headers['x-hmac-signature'];
        try {
          return await receiveMdmEvent(ctx, {
            token: request.params.token,
            body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
            signature: Array.isArray(signature) ? signature[0] : signature,
          });
        } catch (error) {
          if (error instanceof UnauthenticatedError) await refuseIfOver(true);
          throw error;
        }
      },
    );
  });
}
