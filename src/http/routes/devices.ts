import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  BULK_DEVICES_MAX,
  bulkUpsertDevices,
  createDevice,
  DEVICE_SORTS,
  DEVICE_STATES,
  getDevice,
  listDevices,
  PLATFORMS,
  updateDevice,
} from '../../services/directory/devices.js';
import { COMMAND_PROGRESS, listDeviceMdmCommands } from '../../services/mdm/commandViews.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, Text, readErrors, writeErrors } from '../schemas.js';
import { SortedPageQuery, sortedPageRequest, sortedPageResponse } from '../sortedPaging.js';

const Platform = Type.Enum(PLATFORMS);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const DeviceSchema = Type.Object({
  id: Type.String(),
  spaceId: Type.String(),
  serialNumber: Type.String(),
  platform: Platform,
  name: Nullable(Type.String()),
  primaryUserId: Nullable(Type.String()),
  shared: Type.Boolean(),
  state: Type.String({ description: `One of ${DEVICE_STATES.join(', ')}` }),
  lastCheckInAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** R-I4: an MDM command sent through the device's MDM connector, and how far it got. */
const DeviceMdmCommandSchema = Type.Object(
  {
    id: Type.String(),
    catalogAppId: Type.String(),
    requestType: Type.String(),
    commandUuid: Type.String(),
    enrollmentId: Type.String(),
    progress: Type.Enum(COMMAND_PROGRESS, {
      description:
        '`waitingLicense`: an install waits for the store to associate its licence; `queued`: due ' +
        'to be sent to the MDM; `sent`: the MDM stored it (and pushed the device); `notNow`: the ' +
        'device deferred it; `acknowledged`: the device accepted it, not yet reported done; ' +
        '`installed` / `removed`: done (`Managed` only counts as installed); `answered`: a query ' +
        'answered; `failed`: the device refused it (`detail`: Apple’s error chain); `refused`: ' +
        'the MDM would not take it (`detail`: its answer); `cancelled`: no longer wanted before it ' +
        'was sent; `replaced`: sent again under a new CommandUUID after a re-enrolment.',
    }),
    resultStatus: Nullable(Type.String()),
    detail: Nullable(Type.String()),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  {
    examples: [
      {
        id: '0193a1f2-8c01-7a2b-9c3d-4e5f6a7b8c9d',
        catalogAppId: '0193a1f2-5a01-7d4e-9b2c-7e8f9a0b1c2d',
        requestType: 'InstallApplication',
        commandUuid: 'allot-0193a1f2-8c01-7a2b-9c3d-4e5f6a7b8c9d',
        enrollmentId: '00008110-000A1B2C3D4E5F60',
        progress: 'installed',
        resultStatus: 'Acknowledged',
        detail: 'Managed',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        createdAt: '2026-06-01T09:15:03.120Z',
        updatedAt: '2026-06-01T09:15:41.902Z',
      },
    ],
  },
);

const SerialNumber = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^\\s*[A-Za-z0-9-]+\\s*$',
});

export function deviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['devices'];

  api.post(
    '/devices',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        body: Type.Object(
          {
            serialNumber: SerialNumber,
            platform: Platform,
            name: Type.Optional(Text(200)),
            primaryUserId: Type.Optional(Id),
            shared: Type.Optional(Type.Boolean()),
            spaceId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: DeviceSchema, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDevice(ctx, actorOf(request), request.body)),
  );

  api.post(
    '/devices/bulk',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        summary: "Upsert an MDM's device inventory by serial number, with a dry run",
        description:
          'Each serial number new to the tenant creates a device in the space (default: the ' +
          'default space); one of the space gets the fields sent (platform, and name, ' +
          'primaryUserId, shared when sent), whatever its state: an inventory is not an ' +
          'enrolment. A serial held in another space, or a primary user not found or of ' +
          'another space, is an error of that item only (action "error"). A serial listed ' +
          'twice is 400 DUPLICATE_SERIAL_NUMBER. dryRun: the same answer, nothing written. ' +
          `At most ${BULK_DEVICES_MAX} devices per request.`,
        body: Type.Object(
          {
            devices: Type.Array(
              Type.Object(
                {
                  serialNumber: SerialNumber,
                  platform: Platform,
                  name: Type.Optional(Nullable(Text(200))),
                  primaryUserId: Type.Optional(Nullable(Id)),
                  shared: Type.Optional(Type.Boolean()),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: BULK_DEVICES_MAX },
            ),
            spaceId: Type.Optional(Id),
            dryRun: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            dryRun: Type.Boolean(),
            created: Type.Integer(),
            updated: Type.Integer(),
            unchanged: Type.Integer(),
            errors: Type.Integer(),
            items: Type.Array(
              Type.Object({
                serialNumber: Type.String(),
                action: Type.Enum(['create', 'update', 'unchanged', 'error']),
                deviceId: Nullable(Type.String()),
                error: Nullable(
                  Type.Object({
                    code: Type.String(),
                    message: Type.String(),
                    field: Type.Optional(Type.String()),
                  }),
                ),
              }),
            ),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) => bulkUpsertDevices(ctx, actorOf(request), request.body),
  );

  api.get(
    '/devices',
    {
      schema: {
        tags,
        summary: 'The devices of a space (or all the actor sees), filtered, sorted and paged',
        querystring: Type.Object(
          {
            q: Type.Optional(
              Type.String({ maxLength: 200, description: 'Part of the name or serial number' }),
            ),
            spaceId: Type.Optional(Id),
            primaryUserId: Type.Optional(Id),
            platform: Type.Optional(Platform),
            state: Type.Optional(Type.Enum(DEVICE_STATES)),
            ...SortedPageQuery(DEVICE_SORTS),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(DeviceSchema), ...readErrors },
      },
    },
    async (request) => {
      const { q, spaceId, primaryUserId, platform, state } = request.query;
      const page = sortedPageRequest(request.query, DEVICE_SORTS);
      return sortedPageResponse(
        await listDevices(
          ctx,
          actorOf(request),
          { q, spaceId, primaryUserId, platform, state },
          page,
        ),
        page,
      );
    },
  );

  api.get(
    '/devices/:id',
    { schema: { tags, params: IdParams, response: { 200: DeviceSchema, ...readErrors } } },
    async (request) => getDevice(ctx, actorOf(request), request.params.id),
  );

  api.get(
    '/devices/:id/mdm-commands',
    {
      schema: {
        tags,
        summary:
          "The MDM commands sent for a device through its MDM connector, and each one's progress (R-I4)",
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(DeviceMdmCommandSchema), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listDeviceMdmCommands(
          ctx,
          actorOf(request),
          request.params.id,
          pageRequest(request.query),
        ),
      ),
  );

  api.patch(
    '/devices/:id',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Nullable(Text(200))),
            primaryUserId: Type.Optional(Nullable(Id)),
            shared: Type.Optional(Type.Boolean()),
            platform: Type.Optional(Platform),
          },
          { additionalProperties: false },
        ),
        response: { 200: DeviceSchema, ...writeErrors },
      },
    },
    async (request) => updateDevice(ctx, actorOf(request), request.params.id, request.body),
  );
}
