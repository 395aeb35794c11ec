/**
 * R-V8: how the outbox worker paces itself — leases, retries, how much one drain takes on —
 * and what a drain reports.
 */

/** How long a claimed row belongs to its sender; renewed while the sender works. */
export const OUTBOX_LEASE_MS = 2 * 60 * 1000;
/** First retry delay after a failed call; doubles with each attempt. */
export const OUTBOX_RETRY_BASE_MS = 5_000;
export const OUTBOX_MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** Retry delay while the store refuses the account itself (token, claimed elsewhere). */
export const OUTBOX_ACCOUNT_PROBLEM_DELAY_MS = 15 * 60 * 1000;

export interface DrainOptions {
  leaseMs?: number;
  /** Rows claimed per account per drain; the rest go in the next drain. Default 5000. */
  maxRowsPerAccount?: number;
  /** Accounts looked at per drain. Default 200. */
  maxAccounts?: number;
  /** Accounts sent to at the same time (each has its own token and rate limit). Default 4. */
  concurrency?: number;
  retryBaseMs?: number;
}

export interface DrainResult {
  /** Rows the store carried out. */
  sent: number;
  /** Associations the store refused for want of a licence, rolled back in the ledger. */
  refused: number;
  /** Rows closed as failed (refusals included). */
  failed: number;
  /** Rows put back to wait for a retry. */
  retried: number;
}

export function emptyDrainResult(): DrainResult {
  return { sent: 0, refused: 0, failed: 0, retried: 0 };
}
