/** Revoke one licence (R-V3), saying what happens to the app (R-V4). */
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const notify = useNotify();
  const { license } = props;
  const name = license.subject.name;
  return (
    <ConfirmDialog
      title={t('license.revokeTitle', { name })}
      confirmLabel={t('license.revokeConfirm')}
      onClose={props.onClose}
      onConfirm={async () => {
        const revoked = await api.post<License>(
          `/licenses/${encodeURIComponent(license.id)}/revoke`,
        );
        notify(
          revoked.graceUntil === null
            ? t('license.revoked_notice', { app: props.appName, name })
            : t('license.revoked_noticeGrace', {
                app: props.appName,
                name,
                date: formatDate(revoked.graceUntil),
              }),
        );
        props.onRevoked(revoked);
      }}
    >
      <p>
        <Trans
          i18nKey={
            license.serialNumber === null ? 'license.revokeExplain' : 'license.revokeExplainSerial'
          }
          values={{
            app: props.appName,
            type: t(`license.type_${license.licenseType}`),
            name,
            serial: license.serialNumber,
          }}
          components={{ 1: <strong /> }}
        />
      </p>
    </ConfirmDialog>
  );
}
