/**
 * R-I4: MDM connectors (API.md "MDM connectors"). A connector is one MDM server (NanoMDM) of one
 * space: its API URL and key (the key can send any command, erase included, so it is encrypted
 * like store tokens and never returned, R-S3), and the webhook the MDM posts its events to. The
 * webhook URL carries a random token (kept only as a hash) and NanoMDM signs with a separate
 * HMAC key; both are shown once, at creation. The API URL must reach a public address unless the
 * operator allows internal ones (R-S5): most MDMs live on internal networks.
 */
import type { Kysely } from 'kysely';
import type { Database, MdmConnectorTable } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext, StoreContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { encryptSecret } from '../access/secrets.js';
import { checkTarget, privateTargetsOf, type LookupAll } from '../access/targets.js';
import { recordActivity } from '../monitoring/activity.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { newWebhookCredentials, webhookPath } from './webhookAuth.js';

export const MDM_KINDS = ['nanomdm'] as const;
export type MdmKind = (typeof MDM_KINDS)[number];

export interface MdmConnector {
  id: string;
  kind: MdmKind;
  name: string;
  spaceId: string;
  apiUrl: string;
  /** `awaitingEvents` until the MDM's first event arrives, then `receiving`. */
  status: 'awaitingEvents' | 'receiving';
  /** Whether unsigned events are refused (once the MDM has signed one). */
  signatureRequired: boolean;
  lastEventAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What creation alone returns: the webhook URL with its token, and the HMAC key. */
export interface CreatedMdmConnector extends MdmConnector {
  webhookUrl: string;
  webhookSecret: string;
}

/** What saving a connector needs: the key secrets are encrypted with, the operator's allowance. */
export type MdmConnectorContext = Pick<StoreContext, 'db' | 'clock' | 'secretKey' | 'config'> & {
  /** Tests resolve names their own way; the system's resolver otherwise. */
  lookup?: LookupAll;
};

export function presentConnector(row: MdmConnectorTable): MdmConnector {
  return {
    id: row.id,
    kind: row.kind as MdmKind,
    name: row.name,
    spaceId: row.spaceId,
    apiUrl: row.apiUrl,
    status: row.lastEventAt === null ? 'awaitingEvents' : 'receiving',
    signatureRequired: row.signatureRequired === 1,
    lastEventAt: row.lastEventAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function checkApiUrl(ctx: MdmConnectorContext, url: string): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('The MDM API URL is not a URL', { field: 'apiUrl' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError('The MDM API URL must be http:// or https://', { field: 'apiUrl' });
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '') {
    throw new ValidationError(
      'Put no credentials or query in the MDM API URL: the API key goes in apiKey',
      { field: 'apiUrl' },
    );
  }
  await checkTarget(parsed, privateTargetsOf(ctx.config), 'apiUrl', ctx.lookup);
  // The enqueue and push paths are appended to it: no trailing slash.
  return parsed.toString().replace(/\/+$/, '');
}

function checkApiKey(apiKey: string): string {
  if (apiKey.trim() === '') {
    throw new ValidationError('The MDM API key is empty', { field: 'apiKey' });
  }
  return apiKey;
}

/** A connector the actor may see: its tenant, and its space for a space-scoped actor (R-S2). */
export async function getConnectorRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<MdmConnectorTable> {
  const row = await db
    .selectFrom('mdmConnectors')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId!))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('mdmConnector', id);
  return row;
}

export async function createMdmConnector(
  ctx: MdmConnectorContext,
  actor: Actor,
  input: { kind: MdmKind; name: string; apiUrl: string; apiKey: string; spaceId?: string },
): Promise<CreatedMdmConnector> {
  const apiUrl = await checkApiUrl(ctx, input.apiUrl);
  const apiKey = checkApiKey(input.apiKey);
  const now = ctx.clock.now();
  const credentials = newWebhookCredentials();
  return ctx.db.transaction(async (trx) => {
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    const row: MdmConnectorTable = {
      id: newId(now.getTime()),
      tenantId: actor.tenantId,
      spaceId,
      kind: input.kind,
      name: input.name,
      apiUrl,
      apiKeyEncrypted: encryptSecret(ctx.secretKey, apiKey),
      webhookTokenHash: credentials.tokenHash,
      webhookSecretEncrypted: encryptSecret(ctx.secretKey, credentials.secret),
      signatureRequired: 0,
      lastEventAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await trx.insertInto('mdmConnectors').values(row).execute();
    const connector = presentConnector(row);
    await recordActivity(trx, actor, now, {
      action: 'mdmConnector.create',
      subject: { type: 'mdmConnector', id: row.id, name: row.name },
      spaceId,
      after: connector,
    });
    const path = webhookPath(credentials.token);
    const base = ctx.config.publicUrl?.replace(/\/+$/, '') ?? '';
    return {
      ...connector,
      webhookUrl: `${base}${path}`,
      webhookSecret: credentials.secret,
    };
  });
}

export async function listMdmConnectors(
  ctx: ServiceContext,
  actor: Actor,
  filter: { spaceId?: string },
  page: PageRequest,
): Promise<Page<MdmConnector>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const rows = await db
    .selectFrom('mdmConnectors')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows.map(presentConnector), page.limit);
}

export async function getMdmConnector(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<MdmConnector> {
  return presentConnector(await getConnectorRow(ctx.db.kysely, actor, id));
}

/** Renames, points at another API URL (checked as on creation) or replaces the API key. */
export async function updateMdmConnector(
  ctx: MdmConnectorContext,
  actor: Actor,
  id: string,
  input: { name?: string; apiUrl?: string; apiKey?: string; signatureRequired?: boolean },
): Promise<MdmConnector> {
  const apiUrl = input.apiUrl === undefined ? undefined : await checkApiUrl(ctx, input.apiUrl);
  const apiKey = input.apiKey === undefined ? undefined : checkApiKey(input.apiKey);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const before = await getConnectorRow(trx, actor, id);
    const after: MdmConnectorTable = {
      ...before,
      ...(input.name !== undefined && { name: input.name }),
      ...(apiUrl !== undefined && { apiUrl }),
      ...(apiKey !== undefined && { apiKeyEncrypted: encryptSecret(ctx.secretKey, apiKey) }),
      ...(input.signatureRequired !== undefined && {
        signatureRequired: input.signatureRequired ? 1 : 0,
      }),
      updatedAt: now.toISOString(),
    };
    await trx
      .updateTable('mdmConnectors')
      .set({
        name: after.name,
        apiUrl: after.apiUrl,
        apiKeyEncrypted: after.apiKeyEncrypted,
        signatureRequired: after.signatureRequired,
        updatedAt: after.updatedAt,
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    const connector = presentConnector(after);
    await recordActivity(trx, actor, now, {
      action: 'mdmConnector.update',
      subject: { type: 'mdmConnector', id, name: after.name },
      spaceId: after.spaceId,
      before: presentConnector(before),
      after: { ...connector, ...(apiKey !== undefined && { apiKeyChanged: true }) },
    });
    return connector;
  });
}

/**
 * Deletes the connector with its enrolments, handled events and commands; its devices stay in
 * the directory (they are the organisation's, not the MDM's).
 */
export async function deleteMdmConnector(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getConnectorRow(trx, actor, id);
    for (const table of ['mdmCommands', 'mdmEvents', 'mdmEnrollments'] as const) {
      await trx
        .deleteFrom(table)
        .where('tenantId', '=', actor.tenantId)
        .where('connectorId', '=', id)
        .execute();
    }
    await trx
      .deleteFrom('mdmConnectors')
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'mdmConnector.delete',
      subject: { type: 'mdmConnector', id, name: row.name },
      spaceId: row.spaceId,
      before: presentConnector(row),
    });
  });
}
