/**
 * Apple's user programme (R-A10): users are registered with a clientUserId, invited, and
 * linked to an Apple Account before they can hold user licences.
 */
import type {
  DeltaOptions,
  StoreEnrolment,
  StoreOperationResult,
  StoreUser,
  StoreUserInput,
  Versioned,
} from '../connector.js';
import { chunk } from './batching.js';
import { toStoreUser } from './mapping.js';
import { walkPages } from './paging.js';
import { runBatches, serviceConfig, type AppleSession, type Batch } from './session.js';
import type { WireRequestUser } from './wire-types.js';

function toRequestUser(user: StoreUserInput): WireRequestUser {
  return {
    clientUserId: user.clientUserId,
    ...(user.email !== undefined && { email: user.email }),
    ...(user.managedAccountId !== undefined && { managedAppleId: user.managedAccountId }),
  };
}

/** Each clientUserId once (Apple refuses duplicates with 9715); the last entry wins. */
function unique(users: readonly StoreUserInput[]): WireRequestUser[] {
  const byId = new Map<string, WireRequestUser>();
  for (const u of users) byId.set(u.clientUserId, toRequestUser(u));
  return [...byId.values()];
}

export class AppleEnrolment implements StoreEnrolment {
  constructor(private readonly session: AppleSession) {}

  async listUsers(options: DeltaOptions = {}): Promise<Versioned<StoreUser>> {
    const since = options.sinceVersionId ?? undefined;
    const walk = await walkPages((pageIndex) =>
      this.session.client.getUsers({ pageIndex, ...(since && { sinceVersionId: since }) }),
    );
    return {
      items: walk.pages.flatMap((p) => (p.users ?? []).map(toStoreUser)),
      versionId: walk.versionId,
      delta: since !== undefined,
      settled: walk.settled,
    };
  }

  /** The user's active row if any, else its latest retired one; null when unknown. */
  async getUser(clientUserId: string): Promise<StoreUser | null> {
    const walk = await walkPages((pageIndex) =>
      this.session.client.getUsers({ pageIndex, clientUserId }),
    );
    const users = walk.pages.flatMap((p) => p.users ?? []).map(toStoreUser);
    const active = users.find((u) => u.status === 'registered' || u.status === 'associated');
    return active ?? users.at(-1) ?? null;
  }

  createUsers(users: StoreUserInput[]): Promise<StoreOperationResult> {
    return this.send(unique(users), (part) => this.session.client.createUsers(part));
  }

  updateUsers(users: StoreUserInput[]): Promise<StoreOperationResult> {
    return this.send(unique(users), (part) => this.session.client.updateUsers(part));
  }

  retireUsers(clientUserIds: string[]): Promise<StoreOperationResult> {
    const users = [...new Set(clientUserIds)].map((clientUserId) => ({ clientUserId }));
    return this.send(users, (part) =>
      this.session.client.retireUsers(part.map((u) => u.clientUserId)),
    );
  }

  /** Apple's invitationEmail template with the user's inviteCode filled in. */
  async invitationUrl(user: StoreUser): Promise<string | null> {
    if (!user.inviteCode) return null;
    const template = (await serviceConfig(this.session)).urls.invitationEmail;
    if (!template) return null;
    const code = encodeURIComponent(user.inviteCode);
    return template.replaceAll('%25inviteCode%25', code).replaceAll('%inviteCode%', code);
  }

  private async send(
    users: WireRequestUser[],
    call: (part: WireRequestUser[]) => ReturnType<AppleSession['client']['createUsers']>,
  ): Promise<StoreOperationResult> {
    const { limits } = await serviceConfig(this.session);
    const batches: Batch[] = chunk(users, limits.maxUsers).map((part) => ({
      send: () => call(part),
      subjects: part.map((u) => ({ clientUserId: u.clientUserId })),
      assets: [],
      requested: part.length,
    }));
    return runBatches(this.session, batches);
  }
}
