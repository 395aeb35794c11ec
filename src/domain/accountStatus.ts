/**
 * R-T4, R-T7, R-T10: the connector status of a store account, the problems that need an
 * administrator, what each finding does to the status, the notification it raises and what
 * the administrator should do. A sync, the outbox and the expiry check find the same problems;
 * they all decide here, so one condition has one status, one notification kind and one remedy.
 */

/** R-T7: the statuses an account shows (API.md). */
export const ACCOUNT_STATUSES = [
  'healthy',
  'syncing',
  'degraded',
  'error',
  'claimedElsewhere',
] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** What the accounts table may hold: a deleted account is kept until the store is told (R-T8). */
export type StoredAccountStatus = AccountStatus | 'deleted';
export const STORED_ACCOUNT_STATUSES: readonly StoredAccountStatus[] = [
  ...ACCOUNT_STATUSES,
  'deleted',
];

/** R-T10 (and R-T4): the store refuses the account itself; only an administrator can help. */
export const AUTH_PROBLEM_KINDS = [
  'invalidToken',
  'tokenExpired',
  'tokenRevoked',
  'loginRequired',
  'claimedElsewhere',
] as const;
export type AuthProblem = (typeof AUTH_PROBLEM_KINDS)[number];

export function isAuthProblem(code: string): code is AuthProblem {
  return (AUTH_PROBLEM_KINDS as readonly string[]).includes(code);
}

/** The notifications an account's status raises (API.md "Monitoring"). */
export type AccountNotificationKind = 'authError' | 'syncFailed' | 'tokenExpiring';
export const ACCOUNT_NOTIFICATION_KINDS: readonly AccountNotificationKind[] = [
  'authError',
  'syncFailed',
  'tokenExpiring',
];

// ---------------------------------------------------------------------------------------------
// The remedy table

/**
 * What the administrator does, in plain language: the action, where to do it in the console
 * (absent when it is done outside Allot), and a caution. Never an API path: administrators
 * read remedies in the console.
 */
export interface Remedy {
  action: string;
  where?: string;
  note?: string;
}

interface ProblemRow {
  /** What happened, as the account's status reason and the notification's message. */
  message: string;
  remedy: Remedy;
}

const RENEW_TOKEN = 'Store accounts → this account → Renew token';
const APPLE_PORTAL = 'Apple Business Manager or Apple School Manager';

/**
 * R-T10, R-T4: every problem, per store (the Microsoft Store's "token" is the directory's
 * management app, so the same problem is fixed elsewhere there). The one table of remedies.
 */
const PROBLEMS: Readonly<Record<AuthProblem, { apple: ProblemRow; microsoft: ProblemRow }>> = {
  invalidToken: {
    apple: {
      message: 'The store does not accept the token of this account.',
      remedy: { action: 'Upload a valid token', where: RENEW_TOKEN },
    },
    microsoft: {
      message: 'Entra ID refuses the credentials of the Store management app.',
      remedy: {
        action:
          'Check the directory (tenant) ID, the client ID and the client secret of the management app in Entra ID',
      },
    },
  },
  tokenExpired: {
    apple: {
      message: 'The token of this account has expired.',
      remedy: {
        action: `Generate a new token for this location in ${APPLE_PORTAL} and upload it`,
        where: RENEW_TOKEN,
      },
    },
    microsoft: {
      message: 'The client secret of the Store management app has expired.',
      remedy: { action: 'Create a new client secret for the management app in Entra ID' },
    },
  },
  tokenRevoked: {
    apple: {
      message: 'The token of this account was revoked in the store.',
      remedy: { action: 'Upload a valid token', where: RENEW_TOKEN },
    },
    microsoft: {
      message: 'The client secret of the Store management app was revoked.',
      remedy: { action: 'Create a new client secret for the management app in Entra ID' },
    },
  },
  loginRequired: {
    apple: {
      message: 'The store needs someone to sign in to this account again.',
      remedy: {
        action: `Sign in to the store account (its Apple ID) in ${APPLE_PORTAL}, then sync the account again`,
        where: 'Store accounts → this account → Sync now',
      },
    },
    microsoft: {
      message: 'The Microsoft Store does not accept the management app.',
      remedy: {
        action:
          'Activate the app as a management tool in the Microsoft Store for Business settings',
      },
    },
  },
  claimedElsewhere: {
    apple: {
      message: 'Another management product has taken this location over.',
      remedy: {
        action: 'Take the token over to manage this location here, or delete the account',
        where: 'Store accounts → this account → Take over the token',
        note: 'Using one token in two products loses assignments.',
      },
    },
    microsoft: {
      message: 'Another management product has taken this Store account over.',
      remedy: {
        action: 'Take the account over to manage it here, or delete the account',
        where: 'Store accounts → this account → Take over the token',
        note: 'Using one account in two products loses assignments.',
      },
    },
  },
};

/** R-T10: expiry warnings (30, 15, 7, 1 days ahead) all say the same thing. */
const EXPIRING: Remedy = {
  action: `Renew the token before it expires: generate a new token for this location in ${APPLE_PORTAL} and upload it`,
  where: RENEW_TOKEN,
};

function rowOf(store: string, problem: AuthProblem): ProblemRow {
  const row = PROBLEMS[problem];
  return store === 'microsoft' ? row.microsoft : row.apple;
}

/** The remedy as one sentence (or two): the action, where in the console, then the caution. */
export function remedyText(remedy: Remedy): string {
  const where = remedy.where === undefined ? '' : ` (${remedy.where})`;
  return `${remedy.action}${where}.${remedy.note === undefined ? '' : ` ${remedy.note}`}`;
}

/** What the problem means for an account of `store`, in the administrator's words. */
export function problemMessage(store: string, problem: AuthProblem): string {
  return rowOf(store, problem).message;
}

/** R-T10: the remedy of a problem, as a notification shows it (with where to act). */
export function remedyFor(store: string, problem: AuthProblem): string {
  return remedyText(rowOf(store, problem).remedy);
}

/**
 * The remedy when the problem is found while the administrator is uploading a token or
 * credentials (the add or renew dialog): the action alone, since they are already there.
 */
export function remedyWhileUploading(store: string, problem: AuthProblem): string {
  return `${rowOf(store, problem).remedy.action}.`;
}

/** R-T10: the remedy of every expiry warning. */
export function expiringTokenRemedy(): string {
  return remedyText(EXPIRING);
}

// ---------------------------------------------------------------------------------------------
// Transitions

/** A status change of an account, with the notifications it raises and clears. */
export interface StatusChange {
  status: StoredAccountStatus;
  /** The problem the account waits on; undefined leaves the stored one as it is. */
  authProblem?: AuthProblem | null;
  /** Whether the schedule retries by itself (false: nothing until an administrator acts). */
  retries: boolean;
  raises: { kind: AccountNotificationKind; severity: 'warning' | 'alert' } | null;
  /** Active notifications of these kinds on the account end with this change. */
  clears: readonly AccountNotificationKind[];
}

/**
 * R-T10, R-T4: a problem found by anyone (a sync, the outbox, the expiry check). The account
 * waits for an administrator: `claimedElsewhere` for another product's claim, `error` for the
 * rest. It raises one `authError` alert; a "last sync failed, will retry" warning no longer
 * holds, and an expired token ends its expiry warnings.
 */
export function statusAfterProblem(problem: AuthProblem): StatusChange {
  return {
    status: problem === 'claimedElsewhere' ? 'claimedElsewhere' : 'error',
    authProblem: problem,
    retries: false,
    raises: { kind: 'authError', severity: 'alert' },
    clears: problem === 'tokenExpired' ? ['syncFailed', 'tokenExpiring'] : ['syncFailed'],
  };
}

/**
 * R-T7, R-T10: a failed sync. An auth problem is {@link statusAfterProblem}; anything else
 * (an outage, a rate limit) makes the account `degraded`, with a `syncFailed` warning, and it
 * is retried by itself.
 */
export function statusAfterFailure(problem: AuthProblem | null): StatusChange {
  if (problem !== null) return statusAfterProblem(problem);
  return {
    status: 'degraded',
    retries: true,
    raises: { kind: 'syncFailed', severity: 'warning' },
    clears: [],
  };
}

/** Whether the account already waits on exactly this problem (nothing to change or raise). */
export function hasProblem(
  account: { status: string; authProblem: string | null },
  problem: AuthProblem,
): boolean {
  return account.status === statusAfterProblem(problem).status && account.authProblem === problem;
}

/** R-T7: a sync that succeeded ends every failure and problem of the account. */
export function statusAfterSync(): StatusChange {
  return {
    status: 'healthy',
    authProblem: null,
    retries: true,
    raises: null,
    clears: ['syncFailed', 'authError'],
  };
}

/**
 * R-T2, R-T6, R-T4: a token added or renewed. A new token ends the problems and the expiry
 * warnings of the old one. When another product holds the location the account is
 * `claimedElsewhere`, with the same alert as when a sync or the outbox finds the claim;
 * otherwise it syncs.
 */
export function statusAfterNewToken(claimedElsewhere: boolean): StatusChange {
  const clears: AccountNotificationKind[] = ['authError', 'syncFailed', 'tokenExpiring'];
  if (claimedElsewhere) return { ...statusAfterProblem('claimedElsewhere'), clears };
  return { status: 'syncing', authProblem: null, retries: true, raises: null, clears };
}

/** R-T4: an administrator confirmed the takeover; the account syncs again. */
export function statusAfterTakeover(): StatusChange {
  return {
    status: 'syncing',
    authProblem: null,
    retries: true,
    raises: null,
    clears: ['authError', 'syncFailed'],
  };
}

// ---------------------------------------------------------------------------------------------
// What an account in a status may do

/**
 * Who asks for a sync: an administrator (sync now, full resync), or the schedule and the
 * store's push notifications.
 */
export type SyncTrigger = 'administrator' | 'automatic';

/**
 * R-T4, R-T7, R-T10: whether a sync may run. A claimed token syncs nothing until the takeover
 * is confirmed; an account in `error` syncs only when an administrator asks (that is the
 * action R-T10 waits for: they renewed the token or signed in again).
 */
export function canSync(status: StoredAccountStatus, trigger: SyncTrigger): boolean {
  switch (status) {
    case 'deleted':
    case 'claimedElsewhere':
      return false;
    case 'error':
      return trigger === 'administrator';
    default:
      return true;
  }
}

/**
 * R-T4, R-T10, R-A2: whether the account can give licences now. An account that waits for an
 * administrator cannot act at the store; a degraded one still can (its last sync failed, its
 * calls are retried).
 */
export function canLicense(status: StoredAccountStatus): boolean {
  return status !== 'error' && status !== 'claimedElsewhere' && status !== 'deleted';
}

/** The stored statuses that satisfy `test`, for queries (`status not in (…)`). */
export function statusesThat(
  test: (status: StoredAccountStatus) => boolean,
): StoredAccountStatus[] {
  return STORED_ACCOUNT_STATUSES.filter(test);
}
