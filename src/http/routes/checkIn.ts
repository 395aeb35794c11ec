import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { checkIn, requestInstall } from '../../services/checkIn/checkIn.js';
import {
  moveDevice,
  recordDeviceEvent,
  reenrolDevice,
  removeDeviceFromManagement,
  type DeviceExit,
} from '../../services/checkIn/lifecycle.js';
import { actorOf } from '../auth.js';
import { Id, IdParams, writeErrors } from '../schemas.js';
import { DeviceSchema } from './devices.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const INSTALL_STATES = [
  'pending',
  'installed',
  'awaitingEnrolment',
  'noLicense',
  'failed',
  'uninstallPending',
  'removed',
] as const;

const Command = Type.Object({
  type: Type.Enum(['install', 'uninstall', 'update']),
  catalogAppId: Type.String(),
  storeProductId: Type.String(),
  bundleId: Nullable(Type.String()),
  licenseType: Nullable(Type.Enum(['user', 'device'])),
});

const AppState = Type.Object({
  catalogAppId: Type.String(),
  state: Type.Enum(INSTALL_STATES),
  reason: Nullable(Type.String()),
});

export function checkInRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/check-in',
    {
      config: { permission: 'devices:checkin' },
      // The MDM's hot path, a few kilobytes on a local network: compressing would cost more
      // CPU than the bytes save.
      compress: false,
      schema: {
        tags: ['check-in'],
        summary:
          'A device checks in: decides every app that targets it and returns the commands for the MDM',
        body: Type.Object(
          {
            serialNumber: Type.String({ minLength: 1, maxLength: 64 }),
            installed: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    bundleId: Type.String({ minLength: 1, maxLength: 255 }),
                    version: Type.Optional(Type.String({ maxLength: 64 })),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 2000 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            deviceId: Type.String(),
            commands: Type.Array(Command),
            apps: Type.Array(AppState),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) => checkIn(ctx, actorOf(request), request.body),
  );

  api.post(
    '/devices/:id/install-requests',
    {
      config: { permission: 'devices:checkin' },
      schema: {
        tags: ['check-in'],
        summary: "The device's user asks for an available app (R-A6)",
        params: IdParams,
        body: Type.Object({ catalogAppId: Id }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            state: Type.Enum(INSTALL_STATES),
            reason: Nullable(Type.String()),
            command: Nullable(Command),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) =>
      requestInstall(ctx, actorOf(request), request.params.id, request.body.catalogAppId),
  );

  api.post(
    '/devices/:id/events',
    {
      config: { permission: 'devices:checkin' },
      schema: {
        tags: ['check-in'],
        params: IdParams,
        body: Type.Object(
          {
            type: Type.Enum(['installed', 'uninstalled', 'installFailed']),
            catalogAppId: Id,
            detail: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            catalogAppId: Type.String(),
            state: Type.String(),
            reason: Nullable(Type.String()),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) => recordDeviceEvent(ctx, actorOf(request), request.params.id, request.body),
  );

  for (const exit of ['retire', 'wipe', 'unenroll'] as const satisfies readonly DeviceExit[]) {
    api.post(
      `/devices/:id/${exit}`,
      {
        config: { permission: 'directory:write' },
        schema: {
          tags: ['devices'],
          summary: `${exit[0]!.toUpperCase()}${exit.slice(1)} the device: its device licences are revoked (R-V2)`,
          params: IdParams,
          response: {
            200: Type.Intersect([DeviceSchema, Type.Object({ revokedLicenses: Type.Integer() })]),
            ...writeErrors,
          },
        },
      },
      async (request) => removeDeviceFromManagement(ctx, actorOf(request), request.params.id, exit),
    );
  }

  api.post(
    '/devices/:id/enrol',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags: ['devices'],
        summary: 'Enrol a retired, wiped or unenrolled device again',
        params: IdParams,
        response: { 200: DeviceSchema, ...writeErrors },
      },
    },
    async (request) => reenrolDevice(ctx, actorOf(request), request.params.id),
  );

  api.post(
    '/devices/:id/move',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags: ['devices'],
        summary: 'Move the device to another space (R-V6)',
        params: IdParams,
        body: Type.Object({ spaceId: Id }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            revoked: Type.Integer(),
            allocated: Type.Integer(),
            noLicense: Type.Integer(),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) => moveDevice(ctx, actorOf(request), request.params.id, request.body.spaceId),
  );
}
