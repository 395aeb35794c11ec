/** Revoke one licence (R-V3), saying what happens to the app (R-V4). */
import { api } from '../api/client.js';
import type { License } from '../api/types.js';
import { formatDate } from '../format.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useNotify } from './Notices.js';

export function RevokeLicenseDialog(props: {
  license: License;
  appName: string;
  onRevoked: (license: License) => void;
  onClose: () => void;
}) {
  const notify = useNotify();
  const { license } = props;
  return (
    <ConfirmDialog
      title={`Revoke the licence of ${license.subject.name}?`}
      confirmLabel="Revoke licence"
      onClose={props.onClose}
      onConfirm={async () => {
        const revoked = await api.post<License>(
          `/licenses/${encodeURIComponent(license.id)}/revoke`,
        );
        notify(
          `The ${props.appName} licence of ${license.subject.name} was revoked` +
            (revoked.graceUntil === null
              ? '.'
              : `; the app stays usable until ${formatDate(revoked.graceUntil)}.`),
        );
        props.onRevoked(revoked);
      }}
    >
      <p>
        {props.appName}: the {license.licenseType} licence of{' '}
        <strong>{license.subject.name}</strong>
        {license.serialNumber !== null && ` (serial number ${license.serialNumber})`} returns to the
        pool at once. On iOS and iPadOS the app stays usable for a 30-day grace period; on macOS it
        stays installed.
      </p>
    </ConfirmDialog>
  );
}
