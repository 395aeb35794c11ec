/**
 * R-S2: the one way a use case reads a directory row by ID for an actor. Other tenants' rows,
 * and other spaces' rows for a space-scoped actor, answer NOT_FOUND exactly like IDs that do
 * not exist, so their existence is not revealed.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Actor } from '../access/actor.js';

/** The directory's tables, with the resource name their NOT_FOUND errors carry. */
const RESOURCES = { users: 'user', devices: 'device', groups: 'group' } as const;

export type DirectoryTable = keyof typeof RESOURCES;

export async function findInScope<T extends DirectoryTable>(
  db: Kysely<Database>,
  actor: Actor,
  table: T,
  id: string,
): Promise<Selectable<Database[T]>> {
  // One query shape for the three tables: they share tenantId, spaceId and id.
  const row: unknown = await db
    .selectFrom(table as 'users')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError(RESOURCES[table], id);
  return row as Selectable<Database[T]>;
}
