/**
 * R-I4: a device an MDM connector manages is evaluated when it polls (evaluate.ts). A change
 * made elsewhere that may concern it — an assignment created, changed or deleted, a licence
 * revoked or reclaimed — asks for it to be woken: the next drain pushes it through NanoMDM
 * (`/v1/push/{ids}`, up to 100 ids per call), the device polls, and its Idle poll evaluates it.
 * A push only wakes the device, so a failed one is not retried: the device polls on its own too.
 */
import type { Kysely } from 'kysely';
import type { Database, MdmConnectorTable } from '../../db/schema.js';
import type { StoreContext } from '../serviceContext.js';
import { connectorSecret } from './secretCache.js';
import { privateTargetsOf } from '../access/targets.js';
import { pushEnrollment } from './nanomdmApi.js';

const IDS_PER_PUSH = 100;

/** Asks for the enrolled devices of a space's connectors to be woken (after commit). */
export async function wakeSpaceDevices(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('mdmEnrollments')
    .set({ pushRequestedAt: at.toISOString() })
    .where('tenantId', '=', tenantId)
    .where('state', '=', 'enrolled')
    .where('deviceId', 'is not', null)
    .where('connectorId', 'in', (eb) =>
      eb
        .selectFrom('mdmConnectors')
        .select('id')
        .where('tenantId', '=', tenantId)
        .where('spaceId', '=', spaceId),
    )
    .execute();
}

/** Asks for these devices to be woken, where a connector manages them. */
export async function wakeDevices(
  db: Kysely<Database>,
  tenantId: string,
  deviceIds: readonly string[],
  at: Date,
): Promise<void> {
  const ids = [...new Set(deviceIds)];
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('mdmEnrollments')
      .set({ pushRequestedAt: at.toISOString() })
      .where('tenantId', '=', tenantId)
      .where('state', '=', 'enrolled')
      .where('deviceId', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

/** Pushes the enrolments waiting for it, per connector; returns how many were pushed. */
export async function pushRequestedDevices(ctx: StoreContext, limit = 1000): Promise<number> {
  const rows = await ctx.db.kysely
    .selectFrom('mdmEnrollments')
    .select(['id', 'tenantId', 'connectorId', 'enrollmentId', 'pushRequestedAt'])
    .where('pushRequestedAt', 'is not', null)
    .orderBy('pushRequestedAt')
    .limit(limit)
    .execute();
  if (rows.length === 0) return 0;
  const byConnector = new Map<string, typeof rows>();
  for (const row of rows) {
    byConnector.set(row.connectorId, [...(byConnector.get(row.connectorId) ?? []), row]);
  }
  let pushed = 0;
  for (const [connectorId, enrollments] of byConnector) {
    const connector: MdmConnectorTable | undefined = await ctx.db.kysely
      .selectFrom('mdmConnectors')
      .selectAll()
      .where('tenantId', '=', enrollments[0]!.tenantId)
      .where('id', '=', connectorId)
      .executeTakeFirst();
    for (let i = 0; i < enrollments.length; i += IDS_PER_PUSH) {
      const part = enrollments.slice(i, i + IDS_PER_PUSH);
      // Taken first, each only if not asked again meanwhile (a later request is kept): one
      // statement for the part, each row with its own guard.
      await ctx.db.kysely
        .updateTable('mdmEnrollments')
        .set({ pushRequestedAt: null })
        .where((eb) =>
          eb.or(
            part.map((row) =>
              eb.and([eb('id', '=', row.id), eb('pushRequestedAt', '=', row.pushRequestedAt!)]),
            ),
          ),
        )
        .execute();
      if (connector === undefined) continue;
      const endpoint = {
        apiUrl: connector.apiUrl,
        apiKey: connectorSecret(ctx, connector.apiKeyEncrypted),
        privateTargets: privateTargetsOf(ctx.config),
        timeoutMs: 10_000,
      };
      const answer = await pushEnrollment(
        endpoint,
        part.map((r) => r.enrollmentId).join(','),
        ctx.clock.now(),
      );
      if (answer.kind === 'stored') pushed += part.length;
      else ctx.logger.warn({ connectorId, answer }, 'mdm commands: waking devices failed');
    }
  }
  return pushed;
}
