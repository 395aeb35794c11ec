/**
 * `allot verify`: compares the ledger with itself (pools, licences, installs) and with the
 * stores, and lists every drift it finds. Read-only; the caller decides what to do.
 */
import { canSync, statusesThat } from '../../domain/accountStatus.js';
import { installAfterRelease } from '../../domain/releasePlan.js';
import type { Platform } from '../../domain/types.js';
import type { StoreContext } from '../serviceContext.js';
import { StoreError } from '../../stores/connector.js';
import { unfulfilledReservations } from './reservations.js';
import { storeCallFor, userPrincipalNames } from '../outbox/storeCalls.js';
import { connectorFor } from '../accounts/connections.js';

export interface Drift {
  kind:
    | 'poolInUse'
    | 'poolReserved'
    | 'poolOverAllocated'
    | 'licenseSubjectMissing'
    | 'licenseOnInactiveDevice'
    /** An install relies on a revoked licence that gave it no grace period (R-V4). */
    | 'installLicenseInactive'
    /** An iOS/iPadOS install still relies on a revoked licence after its grace ended (R-V4). */
    | 'installGraceEnded'
    | 'outboxFailed'
    | 'storeMissing'
    | 'storeExtra'
    | 'storeUnreachable';
  tenantId: string;
  subjectId: string;
  message: string;
}

export interface VerifyOptions {
  /** Also ask each store what it holds (default true). */
  stores?: boolean;
  /** Only these tenants' ledgers and stores (default: the whole deployment). */
  tenantIds?: readonly string[];
}

/** The tenants a comparison covers; undefined: all of them. */
type Tenants = readonly string[] | undefined;

export async function verifyLedger(
  ctx: StoreContext,
  options: VerifyOptions = {},
): Promise<Drift[]> {
  const drifts: Drift[] = [];
  const tenants = options.tenantIds;
  if (tenants !== undefined && tenants.length === 0) return drifts;
  await verifyPools(ctx, tenants, drifts);
  await verifyLicenses(ctx, tenants, drifts);
  await verifyOutbox(ctx, tenants, drifts);
  if (options.stores !== false) await verifyStores(ctx, tenants, drifts);
  return drifts;
}

async function verifyPools(ctx: StoreContext, tenants: Tenants, drifts: Drift[]): Promise<void> {
  const db = ctx.db.kysely;
  const pools = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .select([
      'p.id',
      'p.tenantId',
      'p.accountId',
      'p.productId',
      'p.total',
      'p.inUse',
      'p.reserved',
      'p.unlimited',
    ])
    .where('a.status', '!=', 'deleted')
    .$if(tenants !== undefined, (q) => q.where('p.tenantId', 'in', tenants!))
    .execute();
  const counts = new Map(
    (
      await db
        .selectFrom('licenses')
        .select(['poolId', (eb) => eb.fn.countAll<number>().as('active')])
        .where('state', '=', 'active')
        .$if(tenants !== undefined, (q) => q.where('tenantId', 'in', tenants!))
        .groupBy('poolId')
        .execute()
    ).map((r) => [r.poolId, Number(r.active)]),
  );
  for (const pool of pools) {
    const active = counts.get(pool.id) ?? 0;
    const at = { tenantId: pool.tenantId, subjectId: pool.id };
    if (active !== pool.inUse) {
      drifts.push({
        kind: 'poolInUse',
        ...at,
        message: `pool ${pool.id}: inUse ${pool.inUse}, active licences ${active}`,
      });
    }
    const reserved = (await unfulfilledReservations(db, pool.tenantId, [pool])).get(pool.id);
    if (reserved !== pool.reserved) {
      drifts.push({
        kind: 'poolReserved',
        ...at,
        message: `pool ${pool.id}: reserved ${pool.reserved}, unfulfilled reservations ${reserved}`,
      });
    }
    if (pool.unlimited === 0 && active > pool.total) {
      drifts.push({
        kind: 'poolOverAllocated',
        ...at,
        message: `pool ${pool.id}: ${active} licences for ${pool.total} seats`,
      });
    }
  }
}

async function verifyLicenses(ctx: StoreContext, tenants: Tenants, drifts: Drift[]): Promise<void> {
  const db = ctx.db.kysely;
  const now = ctx.clock.now();
  const orphans = await db
    .selectFrom('licenses as l')
    .leftJoin('users as u', 'u.id', 'l.subjectId')
    .leftJoin('devices as d', 'd.id', 'l.subjectId')
    .select([
      'l.id',
      'l.tenantId',
      'l.subjectId',
      'l.subjectType',
      'd.state as deviceState',
      'u.id as userId',
      'd.id as deviceId',
    ])
    .where('l.state', '=', 'active')
    .$if(tenants !== undefined, (q) => q.where('l.tenantId', 'in', tenants!))
    .execute();
  for (const l of orphans) {
    const exists = l.subjectType === 'user' ? l.userId !== null : l.deviceId !== null;
    if (!exists) {
      drifts.push({
        kind: 'licenseSubjectMissing',
        tenantId: l.tenantId,
        subjectId: l.id,
        message: `licence ${l.id}: ${l.subjectType} ${l.subjectId} no longer exists`,
      });
    } else if (l.subjectType === 'device' && l.deviceState !== 'active') {
      drifts.push({
        kind: 'licenseOnInactiveDevice',
        tenantId: l.tenantId,
        subjectId: l.id,
        message: `licence ${l.id}: device ${l.subjectId} is ${l.deviceState}`,
      });
    }
  }
  const installs = await db
    .selectFrom('installs as i')
    .innerJoin('licenses as l', 'l.id', 'i.licenseId')
    .innerJoin('devices as d', 'd.id', 'i.deviceId')
    .select([
      'i.id',
      'i.tenantId',
      'i.licenseId',
      'i.state',
      'd.platform',
      'l.revokedAt',
      'l.graceUntil',
    ])
    .where('l.state', '!=', 'active')
    .where('i.state', 'in', ['pending', 'installed'])
    .$if(tenants !== undefined, (q) => q.where('i.tenantId', 'in', tenants!))
    .execute();
  for (const i of installs) {
    const drift = installDrift(i, now);
    if (drift !== null) drifts.push({ ...drift, tenantId: i.tenantId, subjectId: i.id });
  }
}

/** An install (pending or installed) whose licence is no longer active, with its device. */
interface InstallOnRevokedLicense {
  id: string;
  licenseId: string | null;
  state: string;
  platform: string;
  revokedAt: string | null;
  graceUntil: string | null;
}

/**
 * R-V4: an install relying on a released licence is drift only once the app may no longer be
 * there (domain/releasePlan.ts): never on macOS, after the grace end on iOS/iPadOS
 * (`installGraceEnded`: nothing in Allot acts when a grace period ends, so the app is installed
 * and unusable until an administrator or the next check-in decides), and at once where no grace
 * period applies (`installLicenseInactive`). Installs whose uninstall is pending are not looked at.
 */
function installDrift(
  install: InstallOnRevokedLicense,
  now: Date,
): Pick<Drift, 'kind' | 'message'> | null {
  const { platform } = install;
  const on = `install ${install.id} (${install.state} on ${platform})`;
  const licence = `licence ${install.licenseId ?? 'unknown'}`;
  const graceEnd = install.graceUntil === null ? null : new Date(install.graceUntil);
  switch (installAfterRelease(platform as Platform, graceEnd, now)) {
    case 'kept':
    case 'inGrace':
      return null;
    case 'graceEnded':
      return {
        kind: 'installGraceEnded',
        message:
          `${on} relies on ${licence}, revoked ${install.revokedAt ?? 'earlier'}, whose grace ` +
          `period ended ${install.graceUntil}: uninstall the app or give the device a licence`,
      };
    case 'unlicensed':
      return {
        kind: 'installLicenseInactive',
        message: `${on} relies on revoked ${licence}, with no grace period`,
      };
  }
}

async function verifyOutbox(ctx: StoreContext, tenants: Tenants, drifts: Drift[]): Promise<void> {
  const failed = await ctx.db.kysely
    .selectFrom('outbox')
    .select(['id', 'tenantId', 'operation', 'lastError'])
    .where('state', '=', 'failed')
    .$if(tenants !== undefined, (q) => q.where('tenantId', 'in', tenants!))
    .execute();
  for (const row of failed) {
    drifts.push({
      kind: 'outboxFailed',
      tenantId: row.tenantId,
      subjectId: row.id,
      message: `store call ${row.id} (${row.operation}) failed: ${row.lastError ?? 'no detail'}`,
    });
  }
}

/**
 * Every licence Allot believes the store holds must be there, and the store may hold no more
 * than those plus the seats counted as another product's (R-T5). Accounts with store calls
 * still waiting are compared after those calls, so they are reported as such.
 */
async function verifyStores(ctx: StoreContext, tenants: Tenants, drifts: Drift[]): Promise<void> {
  const db = ctx.db.kysely;
  const accounts = await db
    .selectFrom('accounts')
    .selectAll()
    .where('store', '!=', 'isv')
    .where(
      'status',
      'not in',
      statusesThat((status) => !canSync(status, 'administrator')),
    )
    .$if(tenants !== undefined, (q) => q.where('tenantId', 'in', tenants!))
    .execute();
  for (const account of accounts) {
    const at = { tenantId: account.tenantId, subjectId: account.id };
    const waiting = await db
      .selectFrom('outbox')
      .select('id')
      .where('accountId', '=', account.id)
      .where('state', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    if (waiting !== undefined) {
      drifts.push({
        kind: 'storeUnreachable',
        ...at,
        message: `account ${account.name}: store calls still waiting in the outbox; run verify again once they are sent`,
      });
      continue;
    }
    let held: Array<{ storeProductId: string; serialNumber?: string; clientUserId?: string }>;
    try {
      held = (await connectorFor(ctx, account).listAssignments()).items;
    } catch (error) {
      const reason =
        error instanceof StoreError
          ? error.code
          : error instanceof Error
            ? error.message
            : String(error);
      drifts.push({
        kind: 'storeUnreachable',
        ...at,
        message: `account ${account.name}: the store could not be read (${reason})`,
      });
      continue;
    }
    const licenses = await db
      .selectFrom('licenses as l')
      .innerJoin('products as p', 'p.id', 'l.productId')
      .select([
        'l.id',
        'l.serialNumber',
        'l.subjectId',
        'l.licenseType',
        'p.storeProductId',
        'p.pricingParam',
        'p.store',
        'p.licenseModel',
      ])
      .where('l.accountId', '=', account.id)
      .where('l.state', '=', 'active')
      .execute();
    // Microsoft knows users by UPN (any case) and holds only online seats.
    const microsoft = account.store === 'microsoft';
    const upns = microsoft
      ? await userPrincipalNames(db, account.tenantId, [
          ...new Set(licenses.map((l) => l.subjectId)),
        ])
      : new Map<string, string>();
    const keyOf = (productId: string, subject: string) =>
      `${productId}|${microsoft ? subject.toLowerCase() : subject}`;
    const store = new Set(
      held.map((a) => keyOf(a.storeProductId, a.serialNumber ?? a.clientUserId ?? '')),
    );
    const ours = new Set<string>();
    for (const license of licenses) {
      const call = microsoft
        ? storeCallFor(license, license, 'associate', upns.get(license.subjectId))
        : null;
      if (microsoft && call === null) continue;
      const subject =
        call !== null
          ? (call.clientUserId ?? '')
          : license.licenseType === 'device'
            ? (license.serialNumber ?? '')
            : await storeUserId(ctx, account.id, license.subjectId);
      const key = keyOf(license.storeProductId, subject);
      ours.add(key);
      if (!store.has(key)) {
        drifts.push({
          kind: 'storeMissing',
          ...at,
          message: `account ${account.name}: licence ${license.id} (${key}) is not held by the store`,
        });
      }
    }
    const extra = [...store].filter((key) => !ours.has(key)).length;
    if (extra > account.untrackedLicenses) {
      drifts.push({
        kind: 'storeExtra',
        ...at,
        message: `account ${account.name}: the store holds ${extra} licences Allot did not give, ${account.untrackedLicenses} known as another product's`,
      });
    }
  }
}

/** The identifier the store knows a user by for this account (Apple: clientUserId). */
async function storeUserId(ctx: StoreContext, accountId: string, userId: string): Promise<string> {
  const row = await ctx.db.kysely
    .selectFrom('storeUsers')
    .select('clientUserId')
    .where('accountId', '=', accountId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row?.clientUserId ?? userId;
}
