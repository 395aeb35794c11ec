import { Trans, useTranslation } from 'react-i18next';
import type { License } from '../api/types.js';
import { Badge } from './Badge.js';
import { Time } from './Time.js';

/** Active, or revoked with the end of its grace period (R-V4). */
export function LicenseState({ license }: { license: License }) {
  const { t } = useTranslation();
  if (license.state === 'active') {
    return (
      <>
        <Badge tone="ok">{t('license.active')}</Badge>
        {license.storeState !== 'confirmed' && (
          <span className="muted small"> {t('license.store', { state: license.storeState })}</span>
        )}
      </>
    );
  }
  return (
    <>
      <Badge tone="neutral">{t('license.revoked')}</Badge>
      {license.graceUntil !== null && (
        <span className="small">
          {' '}
          <Trans
            i18nKey="license.usableUntil"
            components={[<Time key="until" iso={license.graceUntil} dateOnly />]}
          />
        </span>
      )}
    </>
  );
}

/** "Device licence (serial C02…)" or "User licence". */
export function LicenseTypeText({ license }: { license: License }) {
  const { t } = useTranslation();
  if (license.licenseType === 'user') return <>{t('license.userLicense')}</>;
  return (
    <>
      {t('license.deviceLicense')}
      {license.serialNumber !== null && (
        <>
          {' '}
          <code>{license.serialNumber}</code>
        </>
      )}
    </>
  );
}
