import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  ACTIVITY_SORTS,
  listActivity,
  listActivityActions,
  type ActivityEntry,
  type ActivityFilter,
} from '../../services/monitoring/activity.js';
import { NAMED_TYPES } from '../../services/monitoring/activityNames.js';
import type { Actor } from '../../services/access/actor.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, Page, PageQuery, Timestamp, readErrors } from '../schemas.js';

const Entry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.Object({
    type: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
  }),
  action: Type.String(),
  subject: Type.Object({
    type: Type.String(),
    id: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
  }),
  spaceId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  store: Type.Union([Type.String(), Type.Null()], {
    description: 'apple, microsoft or isv when the subject belongs to a store',
  }),
  references: Type.Array(
    Type.Object({ type: Type.Enum(NAMED_TYPES), id: Type.String(), name: Type.String() }),
    {
      description:
        'What before/after refer to by id (apps, users, devices, groups, accounts, products, ' +
        'spaces) with their current names; a subject deleted since is left out',
    },
  ),
});

const CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'subjectType',
  'subjectId',
  'subjectName',
  'spaceId',
  'before',
  'after',
];

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(e: ActivityEntry): string {
  return [
    e.id,
    e.at,
    e.actor.name,
    e.action,
    e.subject.type,
    e.subject.id,
    e.subject.name,
    e.spaceId,
    e.before,
    e.after,
  ]
    .map(csvCell)
    .join(',');
}

/** Entries read per query of a CSV export: a batch, not the log, is ever in memory. */
export const CSV_BATCH = 1000;

/**
 * Every matching entry as CSV, one chunk per batch of entries read by keyset (the ID after the
 * last one), so that a log of millions of entries streams in constant memory and, on SQLite's
 * one connection, other requests run between two batches.
 */
export async function* activityCsv(
  ctx: AppContext,
  actor: Actor,
  filter: ActivityFilter,
  batch: number = CSV_BATCH,
): AsyncGenerator<string> {
  yield CSV_COLUMNS.join(',') + '\r\n';
  let after: string | undefined;
  do {
    const page = await listActivity(ctx.db.kysely, actor, filter, { limit: batch, after });
    let chunk = '';
    for (const entry of page.items) chunk += csvRow(entry) + '\r\n';
    if (chunk !== '') yield chunk;
    after = page.nextAfter ?? undefined;
  } while (after !== undefined);
}

export function activityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/activity',
    {
      schema: {
        tags: ['activity'],
        summary: 'The activity log (R-M7); send Accept: text/csv for a CSV export of every match',
        querystring: Type.Object(
          {
            subjectId: Type.Optional(Id),
            action: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z.]+$' })),
            since: Type.Optional(Timestamp),
            until: Type.Optional(Timestamp),
            sort: Type.Optional(
              Type.Enum(ACTIVITY_SORTS, {
                description: 'at (default): oldest first; -at: newest first',
              }),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Entry), ...readErrors },
      },
    },
    async (request, reply) => {
      const { subjectId, action, since, until, sort } = request.query;
      const filter: ActivityFilter = {
        subjectId,
        action,
        sort,
        since: since === undefined ? undefined : new Date(since),
        until: until === undefined ? undefined : new Date(until),
      };
      const actor = actorOf(request);
      if (request.headers.accept?.includes('text/csv') === true) {
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="activity.csv"')
            // Streamed batch by batch (the next read only when the client has taken the last);
            // CSV bypasses the JSON response schema, which describes the default representation.
            .send(Readable.from(activityCsv(ctx, actor, filter)) as never)
        );
      }
      return pageResponse(
        await listActivity(ctx.db.kysely, actor, filter, pageRequest(request.query)),
      );
    },
  );
  api.get(
    '/activity/actions',
    {
      schema: {
        tags: ['activity'],
        summary: 'The actions the activity log holds, for a filter to pick from (R-M7)',
        response: {
          200: Type.Object({ items: Type.Array(Type.String({ examples: ['license.revoke'] })) }),
          ...readErrors,
        },
      },
    },
    async (request) => ({ items: await listActivityActions(ctx.db.kysely, actorOf(request)) }),
  );
}
