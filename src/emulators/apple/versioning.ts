/**
 * Versions of one location's data. Apple keeps one version per paged endpoint (reference
 * §2.1): assets, assignments and users each have a counter, bumped by the writes that change
 * that dataset only, shown to clients as an opaque `versionId`, with change logs that answer
 * `sinceVersionId` queries. A user change does not move the assignments' version, and one
 * endpoint's versionId is refused by another (9721).
 */
import { randomBytes } from 'node:crypto';

export class VersionClock {
  private seq = 0;
  // A per-clock prefix: a versionId of another location, or of another endpoint, is refused (9721).
  private readonly salt = randomBytes(4).toString('hex');

  get current(): number {
    return this.seq;
  }

  bump(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Looks like Apple's UUID-ish ids; encodes the counter so no lookup table is needed. */
  id(seq: number = this.seq): string {
    const hex = seq.toString(16).padStart(12, '0');
    return `${this.salt}-0000-4000-8000-${hex}`;
  }

  /** The counter behind a versionId of this location, or null when it is not one. */
  parse(versionId: string): number | null {
    const match = /^([0-9a-f]{8})-0000-4000-8000-([0-9a-f]{12})$/.exec(versionId);
    if (!match || match[1] !== this.salt) return null;
    const seq = parseInt(match[2] ?? '', 16);
    return seq <= this.seq ? seq : null;
  }
}

/** The datasets with a version of their own, one per paged endpoint. */
export type Dataset = 'assets' | 'assignments' | 'users';

/** A location's three version clocks. */
export class LocationVersions {
  readonly assets = new VersionClock();
  readonly assignments = new VersionClock();
  readonly users = new VersionClock();

  /** Starts one write: each dataset it changes moves to a new version, once. */
  stamp(): WriteStamp {
    return new WriteStamp(this);
  }
}

/** The versions one write gives the datasets it changes (bumped on first use only). */
export class WriteStamp {
  private readonly seqs: Partial<Record<Dataset, number>> = {};

  constructor(private readonly versions: LocationVersions) {}

  of(dataset: Dataset): number {
    return (this.seqs[dataset] ??= this.versions[dataset].bump());
  }
}

/** Which keys changed at which version; appends only, so a binary search finds a start. */
export class ChangeLog<K> {
  private readonly seqs: number[] = [];
  private readonly keys: K[] = [];

  record(seq: number, key: K): void {
    this.seqs.push(seq);
    this.keys.push(key);
  }

  /** Keys changed after `seq`, each once, in order of their first change. */
  changedSince(seq: number): Set<K> {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] ?? 0) > seq) hi = mid;
      else lo = mid + 1;
    }
    return new Set(this.keys.slice(lo));
  }
}
