/** Tenants and the first start (API.md "Start-up, tenants and tokens"). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { ConflictError, ForbiddenError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { generateToken, hashToken, insertApiToken } from '../access/apiTokens.js';
import { insertSpace } from './spaces.js';
import { recentActorsOf } from '../access/recentActors.js';

export interface Tenant {
  id: string;
  name: string;
}

async function insertTenant(
  db: Kysely<Database>,
  name: string,
  token: string,
  at: Date,
  isBootstrap: boolean,
): Promise<Tenant> {
  const tenant = { id: newId(at.getTime()), name };
  try {
    await db
      .insertInto('tenants')
      .values({ ...tenant, createdAt: at.toISOString() })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError('TENANT_NAME_TAKEN', `A tenant named "${name}" already exists`, {
        field: 'name',
      });
    }
    throw error;
  }
  await insertSpace(db, tenant.id, 'Default', true, at);
  await insertApiToken(
    db,
    {
      tenantId: tenant.id,
      name: isBootstrap ? 'bootstrap' : 'admin',
      role: 'globalAdmin',
      spaceId: null,
      token,
      isBootstrap,
    },
    at,
  );
  return tenant;
}

export interface BootstrapResult {
  /** True when this start created the default tenant. */
  created: boolean;
  /** The bootstrap token when it was generated now (it is shown once). */
  generatedToken: string | null;
}

/**
 * First start: creates tenant `default`, its default space and the bootstrap token
 * (`adminToken` when given, else generated). On later starts a changed `adminToken` replaces
 * the bootstrap token's hash, so operators rotate it through the environment.
 */
export async function bootstrap(
  ctx: ServiceContext,
  adminToken: string | null,
): Promise<BootstrapResult> {
  try {
    return await bootstrapOnce(ctx, adminToken);
  } catch (error) {
    // Another process created the default tenant at the same moment: rotate, don't create.
    if (error instanceof ConflictError) return bootstrapOnce(ctx, adminToken);
    throw error;
  } finally {
    // A rotated bootstrap token stops working at once.
    recentActorsOf(ctx.db).clear();
  }
}

async function bootstrapOnce(
  ctx: ServiceContext,
  adminToken: string | null,
): Promise<BootstrapResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const existing = await trx.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
    if (existing !== undefined) {
      if (adminToken !== null) {
        await trx
          .updateTable('apiTokens')
          .set({ tokenHash: hashToken(adminToken) })
          .where('isBootstrap', '=', 1)
          .where('tokenHash', '!=', hashToken(adminToken))
          .execute();
      }
      return { created: false, generatedToken: null };
    }
    const token = adminToken ?? generateToken();
    await insertTenant(trx, 'default', token, now, true);
    return { created: true, generatedToken: adminToken === null ? token : null };
  });
}

export async function createTenant(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string },
): Promise<{ tenant: Tenant; adminToken: string }> {
  if (!actor.isBootstrap) {
    throw new ForbiddenError('Only the bootstrap token may create tenants');
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const adminToken = generateToken();
    const tenant = await insertTenant(trx, input.name, adminToken, now, false);
    await recordActivity(trx, actor, now, {
      action: 'tenant.create',
      subject: { type: 'tenant', id: tenant.id, name: tenant.name },
      spaceId: null,
      after: tenant,
    });
    return { tenant, adminToken };
  });
}
