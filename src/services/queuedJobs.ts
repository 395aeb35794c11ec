/** Background jobs visible through the API (`GET /jobs/{id}`), e.g. a sync started by hand. */
import type { Kysely } from 'kysely';
import type { Database, JobTable } from '../db/schema.js';
import { NotFoundError } from '../domain/errors.js';
import { newId } from '../ids.js';
import type { ServiceContext } from './serviceContext.js';
import type { Actor } from './access/actor.js';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  kind: string;
  subjectId: string | null;
  state: JobState;
  progress: number;
  result: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function presentJob(row: JobTable): Job {
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    state: row.state as JobState,
    progress: row.progress,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/**
 * Queues a job in the caller's transaction; it runs after commit. A job of the same kind for
 * the same subject that is still queued is reused, so impatient clicks don't pile up syncs.
 */
export async function enqueueJob(
  db: Kysely<Database>,
  input: { tenantId: string; kind: string; subjectId: string | null; payload?: unknown },
  at: Date,
): Promise<string> {
  const queued = await db
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('tenantId', '=', input.tenantId)
    .where('kind', '=', input.kind)
    .where('state', '=', 'queued')
    .where((eb) =>
      input.subjectId === null
        ? eb('subjectId', 'is', null)
        : eb('subjectId', '=', input.subjectId),
    )
    .executeTakeFirst();
  const payload = JSON.stringify(input.payload ?? {});
  if (queued !== undefined && queued.payload === payload) return queued.id;
  const id = newId(at.getTime());
  await db
    .insertInto('jobs')
    .values({
      id,
      tenantId: input.tenantId,
      kind: input.kind,
      subjectId: input.subjectId,
      payload,
      state: 'queued',
      progress: 0,
      result: null,
      error: null,
      createdAt: at.toISOString(),
      startedAt: null,
      finishedAt: null,
    })
    .execute();
  return id;
}

export async function getJob(ctx: ServiceContext, actor: Actor, id: string): Promise<Job> {
  const row = await ctx.db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('job', id);
  return presentJob(row);
}
