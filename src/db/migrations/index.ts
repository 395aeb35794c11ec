import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_licensing.js';
import * as m0003 from './0003_account_sync.js';
import * as m0004 from './0004_install_product.js';

/** Every migration in order; names sort, and a name once released never changes. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_licensing': m0002,
  '0003_account_sync': m0003,
  '0004_install_product': m0004,
};
