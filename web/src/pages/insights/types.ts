/**
 * The licence-intelligence shapes (R-X3–R-X7) the insights pages read, taken from the routes'
 * own schemas (api/schema.d.ts, generated from /docs/json).
 */
import type { paths } from '../../api/schema.js';
import type { ActivityEntry } from '../../api/types.js';

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } }
  ? JsonOf<R>
  : never;
type Post<P extends keyof paths> = paths[P] extends { post: { responses: { 200: infer R } } }
  ? JsonOf<R>
  : never;
type Item<T> = T extends { items: Array<infer I> } ? I : never;

export type CostReport = Get<'/api/v1/costs'>;
export type CostGroup = CostReport['groupBy'];
export type CostLine = Item<CostReport>;
export const COST_GROUPS: readonly CostGroup[] = ['store', 'account', 'space', 'app'];

export type ReclaimPolicy = Get<'/api/v1/spaces/{id}/reclaim-policy'>;
export type DryRun = Post<'/api/v1/spaces/{id}/reclaim-policy/dry-run'>;
export type IdleLicense = Item<DryRun>;
export type ReclaimReason = IdleLicense['reasons'][number];

export type WaitlistPlace = Item<Get<'/api/v1/waitlist'>>;

export type DriftReport = Get<'/api/v1/drift'>;
export type StoreDrift = DriftReport['stores'][number];
export type DriftDifference = StoreDrift['differences'][number];

/** An activity entry of a reclaim (`license.reclaim`): its subject is the licence. */
export type ReclaimEntry = ActivityEntry;
