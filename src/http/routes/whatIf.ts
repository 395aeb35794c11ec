import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { INTENTS } from '../../services/catalog/assignments.js';
import { previewWhatIf } from '../../services/intelligence/whatIf.js';
import { actorOf } from '../auth.js';
import { ErrorBody, Id, writeErrors } from '../schemas.js';

const SubjectIds = Type.Array(Id, { maxItems: 5000 });

const Target = Type.Union([
  Type.Object({ type: Type.Literal('group'), groupId: Id }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('allUsers') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('allDevices') }, { additionalProperties: false }),
]);

/**
 * One change. Flat rather than a union so that a missing or unknown field is named precisely;
 * which fields each `type` takes is checked by the service (400 naming `changes[i].field`).
 */
const Change = Type.Object(
  {
    type: Type.Enum(['priority', 'distribution', 'assignment', 'reclaimPolicy'], {
      description:
        '`priority` (R-T9): accountIds in their new order. `distribution` (R-A3): the lists of ' +
        'catalogAppId on accountId, replaced as PUT /catalog-apps/{id}/distribution/{accountId} ' +
        'does (an omitted list is empty). `assignment` (R-A11): action add (catalogAppId, ' +
        'target, intent, …), remove (assignmentId) or update (assignmentId, intent). ' +
        '`reclaimPolicy` (R-X3): the policy of spaceId, fields as PUT /spaces/{id}/reclaim-policy ' +
        '(a field left out takes its default); each licence it would reclaim now is a `lose`.',
    }),
    accountIds: Type.Optional(
      Type.Array(Id, {
        minItems: 1,
        maxItems: 100,
        description:
          'priority: accounts of one space and store, first first; the others follow in their order',
      }),
    ),
    productId: Type.Optional(Id),
    catalogAppId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    fcfsGroupIds: Type.Optional(SubjectIds),
    reservedUserIds: Type.Optional(SubjectIds),
    reservedDeviceIds: Type.Optional(SubjectIds),
    prohibitedUserIds: Type.Optional(SubjectIds),
    action: Type.Optional(Type.Enum(['add', 'remove', 'update'])),
    assignmentId: Type.Optional(Id),
    target: Type.Optional(Target),
    intent: Type.Optional(Type.Enum(INTENTS)),
    licenseType: Type.Optional(Type.Enum(['user', 'device'])),
    deviceContext: Type.Optional(Type.Boolean()),
    excludeGroupIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    spaceId: Type.Optional(Id),
    // reclaimPolicy: checked by domain/reclaim.ts `checkPolicy`, as the PUT's are, so a bad
    // period is a 400 naming `changes[i].<field>`.
    enabled: Type.Optional(Type.Boolean()),
    deviceInactiveDays: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    notInstalledDays: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    userDeactivated: Type.Optional(Type.Boolean()),
    intervalHours: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

const Body = Type.Object(
  {
    changes: Type.Array(Change, { minItems: 1, maxItems: 20 }),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description: 'How many subjects, and store calls per account, are listed (default 1000)',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      { changes: [{ type: 'priority', productId: 'prod_1', accountIds: ['acc_2', 'acc_1'] }] },
      {
        changes: [
          {
            type: 'distribution',
            catalogAppId: 'app_1',
            accountId: 'acc_1',
            fcfsGroupIds: ['grp_teachers'],
            reservedUserIds: ['usr_ann'],
            prohibitedUserIds: ['usr_bob'],
          },
        ],
      },
      {
        changes: [
          {
            type: 'assignment',
            action: 'add',
            catalogAppId: 'app_1',
            target: { type: 'group', groupId: 'grp_class' },
            intent: 'required',
          },
          { type: 'assignment', action: 'remove', assignmentId: 'asg_1' },
        ],
      },
      {
        changes: [
          {
            type: 'reclaimPolicy',
            spaceId: 'spc_1',
            enabled: true,
            deviceInactiveDays: 30,
            notInstalledDays: 14,
            userDeactivated: true,
          },
        ],
      },
    ],
  },
);

const Kind = Type.Enum(['gain', 'lose', 'keep', 'move']);
const Nullable = Type.Union([Type.String(), Type.Null()]);

const Result = Type.Object({
  totals: Type.Object({
    gain: Type.Integer(),
    lose: Type.Integer(),
    keep: Type.Integer(),
    move: Type.Integer(),
  }),
  subjects: Type.Object({
    items: Type.Array(
      Type.Object({
        subjectType: Type.Enum(['user', 'device']),
        subjectId: Type.String(),
        catalogAppId: Nullable,
        productId: Type.String(),
        kind: Kind,
        fromAccountId: Nullable,
        toAccountId: Nullable,
        dueToChange: Type.Boolean({
          description:
            'false when the same would happen without the change (a device not checked in yet)',
        }),
      }),
    ),
    total: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  accounts: Type.Array(
    Type.Object({
      accountId: Type.String(),
      gain: Type.Integer(),
      lose: Type.Integer(),
      keep: Type.Integer(),
      moveIn: Type.Integer(),
      moveOut: Type.Integer(),
    }),
  ),
  storeCalls: Type.Array(
    Type.Object({
      accountId: Type.String(),
      operation: Type.Enum(['associate', 'disassociate']),
      count: Type.Integer(),
      calls: Type.Array(Type.Object({}, { additionalProperties: true })),
      truncated: Type.Boolean(),
    }),
  ),
});

/** What-if previews (R-X6). */
export function whatIfRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/what-if',
    {
      // Each change also needs the permission saving it needs (accounts, distribution, assignments).
      config: { permission: 'assignments:write' },
      schema: {
        tags: ['intelligence'],
        summary:
          'R-X6: who would gain, lose, keep or move a licence, per account, and the store calls, if the changes were saved; nothing is saved',
        description:
          'The changes apply in order. The result assumes every targeted device then checks in ' +
          '(in device-id order): a priority change moves no licence held (R-T9), it changes ' +
          'where waiting devices take theirs. An unknown ID is 400 naming the field, e.g. ' +
          '`changes[0].catalogAppId`.',
        body: Body,
        response: { 200: Result, ...writeErrors, 403: ErrorBody },
      },
    },
    async (request) => previewWhatIf(ctx, actorOf(request), request.body),
  );
}
