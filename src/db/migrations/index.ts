import type { Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_licensing.js';
import * as m0003 from './0003_account_sync.js';
import * as m0004 from './0004_install_product.js';
import { deviceFillfactor } from './0005_device_fillfactor.js';
import { outboxOrder } from './0006_outbox_order.js';
import { hardening } from './0007_hardening.js';
import { licenseHolderIndex } from './0008_license_holder_index.js';
import { scim } from './0009_scim.js';
import { sso } from './0010_sso.js';
import { mdmBridge } from './0011_mdm_bridge.js';
import { usageHistory } from './0012_usage_history.js';
import { reclaimWaitlist } from './0013_reclaim_waitlist.js';
import { mdmCommands } from './0014_mdm_commands.js';
import { notificationEmail } from './0015_notification_email.js';
import { scimSpeed } from './0016_scim_speed.js';
import { costSpeed } from './0017_cost_speed.js';
import { notificationAcknowledgement } from './0018_notification_acknowledgement.js';
import { directoryOrder } from './0019_directory_order.js';
import { readSpeed } from './0021_read_speed.js';

/**
 * Every migration in order; names sort, and a name once released never changes. A migration
 * that only one dialect needs is a no-op on the other, so both keep the same list.
 */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_foundation': m0001,
    '0002_licensing': m0002,
    '0003_account_sync': m0003,
    '0004_install_product': m0004,
    '0005_device_fillfactor': deviceFillfactor(dialect),
    '0006_outbox_order': outboxOrder(dialect),
    '0007_hardening': hardening(dialect),
    '0008_license_holder_index': licenseHolderIndex,
    '0009_scim': scim(dialect),
    '0010_sso': sso(dialect),
    '0011_mdm_bridge': mdmBridge(dialect),
    '0012_usage_history': usageHistory(dialect),
    '0013_reclaim_waitlist': reclaimWaitlist(dialect),
    '0014_mdm_commands': mdmCommands(dialect),
    '0015_notification_email': notificationEmail(dialect),
    '0016_scim_speed': scimSpeed(dialect),
    '0017_cost_speed': costSpeed(dialect),
    '0018_notification_acknowledgement': notificationAcknowledgement(dialect),
    '0019_directory_order': directoryOrder(dialect),
    '0021_read_speed': readSpeed(dialect),
  };
}
