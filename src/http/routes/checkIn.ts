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

/** What each install state means, for the OpenAPI document (DESIGN.md, RULES.md A1–A10). */
const STATES_DESCRIPTION =
  'The state of the app on this device. `pending`: a licence is held and the install was sent, ' +
  'not yet reported done; `installed`: the device reports it (in `installed` or an `installed` ' +
  'event); `awaitingEnrolment`: a user licence waits for the primary user to join the store ' +
  '(the invitation is out); `noLicense`: no licence could be given (`reason` says why, e.g. ' +
  '`noLicenseAvailable`, `purchaseRequired`); `failed`: the MDM reported the install failed ' +
  '(`reason` carries its detail); `uninstallPending`: an uninstall was sent, not yet reported ' +
  'done; `removed`: the app was uninstalled and its licence released.';

const IDS = {
  device: '0193a1f2-6b10-7c2e-8f3a-1d2e3f4a5b6c',
  pages: '0193a1f2-5a01-7d4e-9b2c-7e8f9a0b1c2d',
  keynote: '0193a1f2-5a02-7f10-a3b4-c5d6e7f8a9b0',
};

const INSTALL_PAGES = {
  type: 'install',
  catalogAppId: IDS.pages,
  storeProductId: '361309726',
  bundleId: 'com.apple.Pages',
  licenseType: 'device',
};

const Command = Type.Object(
  {
    type: Type.Enum(['install', 'uninstall', 'update'], {
      description:
        '`install`: install the app (its licence is held for this device or its user); ' +
        '`update`: the device reports an older version than the store has; `uninstall`: ' +
        'remove it (an uninstall assignment, or the app no longer targets the device).',
    }),
    catalogAppId: Type.String(),
    storeProductId: Type.String({ description: "The store's id: Apple's adamId" }),
    bundleId: Nullable(Type.String()),
    licenseType: Nullable(
      Type.Enum(['user', 'device'], {
        description: 'Which licence the install uses; null for an uninstall',
      }),
    ),
  },
  { examples: [INSTALL_PAGES] },
);

const AppState = Type.Object({
  catalogAppId: Type.String(),
  state: Type.Enum(INSTALL_STATES, { description: STATES_DESCRIPTION }),
  reason: Nullable(
    Type.String({ description: 'Why the app is in this state, when it is not plain: a code' }),
  ),
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
        description:
          'Call it at each check-in of a device (by serial number) with the apps it reports ' +
          'installed. Allot decides every app that targets the device (R-A1–A10): which licence ' +
          'it gets, or why not, and answers the install, update and uninstall commands to send, ' +
          'and the state of each app. The first check-in of a new device usually answers ' +
          '`install` commands with the apps `pending`; reporting them installed moves them to ' +
          '`installed` and answers no command. Devices managed through an MDM connector are ' +
          'checked in by Allot itself (R-I4).',
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
                {
                  maxItems: 2000,
                  description:
                    'The apps the device reports installed; those Allot manages move to `installed`',
                },
              ),
            ),
          },
          {
            additionalProperties: false,
            examples: [
              { serialNumber: 'F9FXK2LMQ1GC', installed: [] },
              {
                serialNumber: 'F9FXK2LMQ1GC',
                installed: [{ bundleId: 'com.apple.Pages', version: '14.2' }],
              },
            ],
          },
        ),
        response: {
          200: Type.Object(
            {
              deviceId: Type.String(),
              commands: Type.Array(Command, {
                description: 'What the MDM should send the device now, in this order',
              }),
              apps: Type.Array(AppState, {
                description: 'Every app that targets the device (or did), with its state',
              }),
            },
            {
              examples: [
                {
                  deviceId: IDS.device,
                  commands: [INSTALL_PAGES],
                  apps: [{ catalogAppId: IDS.pages, state: 'pending', reason: null }],
                },
                {
                  deviceId: IDS.device,
                  commands: [],
                  apps: [{ catalogAppId: IDS.pages, state: 'installed', reason: null }],
                },
              ],
            },
          ),
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
        description:
          'For an app assigned `available` to the device or its user: Allot gives a licence when ' +
          'it can and answers the install command (state `pending`); when none can be given the ' +
          'state is `noLicense` with reason `purchaseRequired` and no command (R-A6).',
        params: IdParams,
        body: Type.Object(
          { catalogAppId: Id },
          { additionalProperties: false, examples: [{ catalogAppId: IDS.keynote }] },
        ),
        response: {
          200: Type.Object(
            {
              state: Type.Enum(INSTALL_STATES, { description: STATES_DESCRIPTION }),
              reason: Nullable(Type.String()),
              command: Nullable(Command),
            },
            {
              examples: [
                {
                  state: 'pending',
                  reason: null,
                  command: {
                    type: 'install',
                    catalogAppId: IDS.keynote,
                    storeProductId: '409183694',
                    bundleId: 'com.apple.Keynote',
                    licenseType: 'device',
                  },
                },
                { state: 'noLicense', reason: 'purchaseRequired', command: null },
              ],
            },
          ),
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
        summary: 'The MDM reports what happened to an app on the device',
        description:
          '`installed`: the app is on the device (state `installed`); `uninstalled`: it was ' +
          'removed (state `removed`, its licence released when it was being uninstalled); ' +
          '`installFailed`: the install failed (state `failed`, `reason` = `detail`).',
        params: IdParams,
        body: Type.Object(
          {
            type: Type.Enum(['installed', 'uninstalled', 'installFailed']),
            catalogAppId: Id,
            detail: Type.Optional(
              Type.String({ maxLength: 500, description: "The MDM's words, kept as the reason" }),
            ),
          },
          {
            additionalProperties: false,
            examples: [
              {
                type: 'installFailed',
                catalogAppId: IDS.keynote,
                detail: 'The app could not be downloaded',
              },
              { type: 'installed', catalogAppId: IDS.keynote },
            ],
          },
        ),
        response: {
          200: Type.Object(
            {
              catalogAppId: Type.String(),
              state: Type.String({ description: STATES_DESCRIPTION }),
              reason: Nullable(Type.String()),
            },
            {
              examples: [
                {
                  catalogAppId: IDS.keynote,
                  state: 'failed',
                  reason: 'The app could not be downloaded',
                },
                { catalogAppId: IDS.keynote, state: 'installed', reason: null },
              ],
            },
          ),
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
