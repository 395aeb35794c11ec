/** What a sync of a store account reports (the result of its job, GET /jobs/{id}). */

export interface SyncOptions {
  /** Rebuild every count from the store; otherwise apply the changes since the last sync. */
  full?: boolean;
  /** Reports progress (0–100), e.g. to the job running the sync. */
  progress?: (percent: number) => Promise<void>;
}

export interface SyncResult {
  accountId: string;
  /**
   * `skipped` when the account is deleted, held by another product (R-T4), or another sync
   * applied newer changes meanwhile (`superseded`).
   */
  outcome: 'synced' | 'skipped';
  reason?: 'deleted' | 'claimedElsewhere' | 'noStoreConnection' | 'superseded';
  full: boolean;
  products: number;
  pools: number;
  untrackedLicenses: number;
  releasedLicenses: number;
  clearedAssignments: number;
  enrolmentChanges: number;
  /** The time every count of the account is "as of" (R-T7). */
  asOf: string | null;
  /** Microsoft (R-T11): apps not synced (encrypted packages), listed for the administrator. */
  skippedApps?: SkippedApp[];
  /** Microsoft (R-T11): apps refunded in the store, gone from the catalog with their licences. */
  refundedApps?: string[];
  /** Licences revoked because their app was refunded. */
  revokedLicenses?: number;
  /** Microsoft: catalog apps the sync added for new store apps (R-T11). */
  catalogAppsAdded?: number;
}

export interface SkippedApp {
  storeProductId: string;
  name: string;
  reason: 'encryptedPackage';
}

export function skipped(accountId: string, reason: SyncResult['reason']): SyncResult {
  return {
    accountId,
    outcome: 'skipped',
    reason,
    full: false,
    products: 0,
    pools: 0,
    untrackedLicenses: 0,
    releasedLicenses: 0,
    clearedAssignments: 0,
    enrolmentChanges: 0,
    asOf: null,
  };
}
