/**
 * A location's users with their history: a clientUserId has at most one active row
 * (Registered or Associated) and any number of Retired ones (reference §3.6).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ChangeLog } from './versioning.js';

export type UserStatus = 'Registered' | 'Associated' | 'Retired' | 'Deleted';

export interface UserRecord {
  /** Internal row id; Apple shows no such field. */
  rowId: number;
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
  status: UserStatus;
  inviteCode?: string;
  idHash?: string;
}

export interface UserFilter {
  clientUserId?: string;
  activeOnly?: boolean;
  retiredOnly?: boolean;
  sinceSeq?: number;
}

/** The hash Apple shows instead of the Apple Account an Associated user joined with. */
export function accountHash(appleAccount: string): string {
  return createHash('sha256').update(appleAccount.toLowerCase()).digest('hex');
}

export function newInviteCode(): string {
  return randomBytes(12).toString('hex');
}

export function isActive(user: UserRecord): boolean {
  return user.status === 'Registered' || user.status === 'Associated';
}

export class UserBook {
  private nextRowId = 1;
  private readonly rows = new Map<number, UserRecord>();
  private readonly active = new Map<string, number>();
  private readonly activeByAccount = new Map<string, number>();
  private readonly changes = new ChangeLog<number>();

  get size(): number {
    return this.rows.size;
  }

  findActive(clientUserId: string): UserRecord | undefined {
    const rowId = this.active.get(clientUserId);
    return rowId === undefined ? undefined : this.rows.get(rowId);
  }

  /** The active user already linked to this Apple Account (9641), if any. */
  findByAccount(appleAccount: string): UserRecord | undefined {
    const rowId = this.activeByAccount.get(accountHash(appleAccount));
    return rowId === undefined ? undefined : this.rows.get(rowId);
  }

  /** Adds an active user: Associated at once when an Apple Account is given, else Registered. */
  create(
    input: { clientUserId: string; email?: string; managedAppleId?: string },
    seq: number,
  ): UserRecord {
    const user: UserRecord = {
      rowId: this.nextRowId++,
      clientUserId: input.clientUserId,
      ...(input.email !== undefined && { email: input.email }),
      status: 'Registered',
    };
    this.rows.set(user.rowId, user);
    this.active.set(user.clientUserId, user.rowId);
    if (input.managedAppleId !== undefined) this.associate(user, input.managedAppleId, seq);
    else {
      user.inviteCode = newInviteCode();
      this.changes.record(seq, user.rowId);
    }
    return user;
  }

  /** Links a Registered user to an Apple Account (invitation accepted or managedAppleId). */
  associate(user: UserRecord, appleAccount: string, seq: number): void {
    user.status = 'Associated';
    user.managedAppleId = appleAccount;
    user.idHash = accountHash(appleAccount);
    delete user.inviteCode;
    this.activeByAccount.set(user.idHash, user.rowId);
    this.changes.record(seq, user.rowId);
  }

  setEmail(user: UserRecord, email: string | undefined, seq: number): void {
    if (email === undefined) delete user.email;
    else user.email = email;
    this.changes.record(seq, user.rowId);
  }

  retire(user: UserRecord, seq: number): void {
    user.status = 'Retired';
    delete user.inviteCode;
    this.active.delete(user.clientUserId);
    if (user.idHash) this.activeByAccount.delete(user.idHash);
    this.changes.record(seq, user.rowId);
  }

  list(filter: UserFilter): UserRecord[] {
    let rows: Iterable<UserRecord>;
    if (filter.sinceSeq !== undefined) {
      rows = [...this.changes.changedSince(filter.sinceSeq)]
        .map((rowId) => this.rows.get(rowId))
        .filter((r) => r !== undefined);
    } else rows = this.rows.values();
    const result: UserRecord[] = [];
    for (const user of rows) {
      if (filter.clientUserId !== undefined && user.clientUserId !== filter.clientUserId) continue;
      if (filter.activeOnly && !isActive(user)) continue;
      if (filter.retiredOnly && isActive(user)) continue;
      result.push(user);
    }
    return result;
  }
}
