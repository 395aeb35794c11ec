import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_licensing.js';

/** Every migration in order; names sort, and a name once released never changes. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_licensing': m0002,
};
