/**
 * One Apps and Books location (the library a token gives access to): its assets with their
 * counts, assignments, users, client config and version. Counts always satisfy
 * assigned + retired + available = total, and assigned = the number of assignment rows.
 */
import {
  AssignmentBook,
  assetKey,
  assignmentKey,
  subjectOf,
  type AssignmentRecord,
  type Subject,
} from './assignment-book.js';
import { UserBook } from './user-book.js';
import { LocationVersions, type Dataset, type WriteStamp } from './versioning.js';

/** Apple's totalCount for free (unlimited) apps. */
export const UNLIMITED_COUNT = 2147483647;

export interface AssetRecord {
  adamId: string;
  pricingParam: string;
  productType: 'App' | 'Book';
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms: string[];
  unlimited: boolean;
  totalCount: number;
  assignedCount: number;
  retiredCount: number;
}

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

export interface ClientConfigState {
  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  notificationTypes: string[];
}

export interface LocationInit {
  uId: string;
  organizationName: string;
  locationName: string;
  expiresAt: number;
  countryCode: string;
  websiteUrl: string;
}

export type AssignOutcome = 'assigned' | 'alreadyAssigned' | 'noLicense';

const SNAPSHOT_CACHE_SIZE = 64;

export class Location {
  readonly uId: string;
  readonly organizationName: string;
  readonly locationName: string;
  readonly countryCode: string;
  readonly websiteUrl: string;
  expiresAt: number;
  readonly versions = new LocationVersions();
  readonly assets = new Map<string, AssetRecord>();
  readonly assignments = new AssignmentBook();
  readonly users = new UserBook();
  clientConfig: ClientConfigState = { notificationTypes: [] };
  private readonly snapshots = new Map<string, { seq: number; items: unknown[] }>();

  constructor(init: LocationInit) {
    this.uId = init.uId;
    this.organizationName = init.organizationName;
    this.locationName = init.locationName;
    this.expiresAt = init.expiresAt;
    this.countryCode = init.countryCode;
    this.websiteUrl = init.websiteUrl;
  }

  /** The versionId a paged endpoint shows now. */
  versionId(dataset: Dataset): string {
    return this.versions[dataset].id();
  }

  asset(adamId: string, pricingParam: string): AssetRecord | undefined {
    return this.assets.get(assetKey(adamId, pricingParam));
  }

  available(asset: AssetRecord): number {
    return asset.totalCount - asset.assignedCount - asset.retiredCount;
  }

  /** Gives one licence of the asset to the subject; holding one already is not an error. */
  assign(asset: AssetRecord, subject: Subject, stamp: WriteStamp): AssignOutcome {
    const key = assignmentKey(asset.adamId, asset.pricingParam, subject);
    if (this.assignments.has(key)) return 'alreadyAssigned';
    if (this.available(asset) <= 0) return 'noLicense';
    this.assignments.add(
      {
        adamId: asset.adamId,
        pricingParam: asset.pricingParam,
        ...(subject.kind === 'serial'
          ? { serialNumber: subject.id }
          : { clientUserId: subject.id }),
      },
      stamp.of('assignments'),
    );
    asset.assignedCount += 1;
    stamp.of('assets');
    return 'assigned';
  }

  /** Takes the subject's licence of the asset back; false when it held none. */
  unassign(asset: AssetRecord, subject: Subject, stamp: WriteStamp): boolean {
    const key = assignmentKey(asset.adamId, asset.pricingParam, subject);
    if (!this.assignments.has(key)) return false;
    this.assignments.remove(key, stamp.of('assignments'));
    asset.assignedCount -= 1;
    stamp.of('assets');
    return true;
  }

  /**
   * Frees the subject's revocable licences. When the subject is a user being retired, its
   * non-revocable ones (books) stay consumed and count as retired instead.
   */
  releaseSubject(subject: Subject, stamp: WriteStamp, retiring: boolean): AssignmentRecord[] {
    const released: AssignmentRecord[] = [];
    for (const record of this.assignments.ofSubject(subject)) {
      const asset = this.asset(record.adamId, record.pricingParam);
      if (!asset) continue;
      if (!asset.revocable && !retiring) continue;
      this.assignments.remove(
        assignmentKey(record.adamId, record.pricingParam, subjectOf(record)),
        stamp.of('assignments'),
      );
      asset.assignedCount -= 1;
      stamp.of('assets');
      if (!asset.revocable) asset.retiredCount += 1;
      released.push(record);
    }
    return released;
  }

  /**
   * A listing computed once per version of its dataset and filter, so that walking 100 pages
   * of 100,000 assignments costs one pass, not one per page.
   */
  snapshot<T>(dataset: Dataset, key: string, build: () => T[]): T[] {
    const seq = this.versions[dataset].current;
    const cached = this.snapshots.get(key);
    if (cached && cached.seq === seq) return cached.items as T[];
    const items = build();
    this.snapshots.delete(key);
    this.snapshots.set(key, { seq, items });
    if (this.snapshots.size > SNAPSHOT_CACHE_SIZE) {
      const oldest = this.snapshots.keys().next();
      if (!oldest.done) this.snapshots.delete(oldest.value);
    }
    return items;
  }
}
