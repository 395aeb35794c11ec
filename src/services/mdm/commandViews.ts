/**
 * R-I4: a device's MDM commands and how far each got, for `GET /devices/{id}/mdm-commands`:
 * waiting for its licence, queued at Allot, stored at NanoMDM, NotNow, accepted by the device,
 * then installed, removed, failed (with Apple's reason) or refused by NanoMDM.
 */
import type { MdmCommandRow } from '../../db/schema.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { findInScope } from '../directory/findInScope.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';

export const COMMAND_PROGRESS = [
  'waitingLicense',
  'queued',
  'sent',
  'notNow',
  'acknowledged',
  'installed',
  'removed',
  'answered',
  'failed',
  'refused',
  'cancelled',
  'replaced',
] as const;
export type CommandProgress = (typeof COMMAND_PROGRESS)[number];

export interface DeviceMdmCommand {
  id: string;
  catalogAppId: string;
  requestType: string;
  commandUuid: string;
  enrollmentId: string;
  progress: CommandProgress;
  /** The device's Status for the command, once it answered. */
  resultStatus: string | null;
  /** Apple's error chain or the install State; NanoMDM's refusal. */
  detail: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function progressOf(row: MdmCommandRow): CommandProgress {
  switch (row.state) {
    case 'sending':
      return 'queued';
    case 'done':
      if (row.requestType === 'InstallApplication') return 'installed';
      if (row.requestType === 'RemoveApplication') return 'removed';
      return 'answered';
    case 'voided':
      return 'replaced';
    default:
      return (COMMAND_PROGRESS as readonly string[]).includes(row.state)
        ? (row.state as CommandProgress)
        : 'queued';
  }
}

export function presentCommand(row: MdmCommandRow): DeviceMdmCommand {
  return {
    id: row.id,
    catalogAppId: row.catalogAppId,
    requestType: row.requestType,
    commandUuid: row.commandUuid,
    enrollmentId: row.enrollmentId,
    progress: progressOf(row),
    resultStatus: row.resultStatus,
    detail: row.detail,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.state === 'queued' ? row.nextAttemptAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The device's commands, in the order they were decided. */
export async function listDeviceMdmCommands(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  page: PageRequest,
): Promise<Page<DeviceMdmCommand>> {
  const db = ctx.db.kysely;
  await findInScope(db, actor, 'devices', deviceId);
  const rows = await db
    .selectFrom('mdmCommands')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('deviceId', '=', deviceId)
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows.map(presentCommand), page.limit);
}
