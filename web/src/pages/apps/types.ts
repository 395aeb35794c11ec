/** API shapes of this area that web/src/api/types.ts does not declare. */
import type { CatalogApp } from '../../api/types.js';

/** A catalog app with the spaces it is delegated to. */
export type CatalogEntry = CatalogApp & { delegatedSpaceIds: string[] };

/** GET /catalog-apps/{id}/deletion-preview: what deleting would do, nothing changed. */
export interface DeletionPreview {
  catalogAppId: string;
  name: string;
  licensesToRevoke: number;
  installs: number;
  assignments: number;
  distributionEntries: number;
  delegatedSpaceIds: string[];
  blockedBy: { code: string; message: string } | null;
}

export type UpdateMode = 'immediate' | 'automatic';
export const UPDATE_MODES: readonly UpdateMode[] = ['automatic', 'immediate'];
