import type { License } from '../api/types.js';
import { Badge } from './Badge.js';
import { Time } from './Time.js';

/** Active, or revoked with the end of its grace period (R-V4). */
export function LicenseState({ license }: { license: License }) {
  if (license.state === 'active') {
    return (
      <>
        <Badge tone="ok">Active</Badge>
        {license.storeState !== 'confirmed' && (
          <span className="muted small"> store: {license.storeState}</span>
        )}
      </>
    );
  }
  return (
    <>
      <Badge tone="neutral">Revoked</Badge>
      {license.graceUntil !== null && (
        <span className="small">
          {' '}
          usable until <Time iso={license.graceUntil} dateOnly />
        </span>
      )}
    </>
  );
}

/** "Device licence (serial C02…)" or "User licence". */
export function LicenseTypeText({ license }: { license: License }) {
  if (license.licenseType === 'user') return <>User licence</>;
  return (
    <>
      Device licence
      {license.serialNumber !== null && (
        <>
          {' '}
          <code>{license.serialNumber}</code>
        </>
      )}
    </>
  );
}
