/** The two options of R-T2/R-T6 and the warning about tokens shared by two products (R-T4). */
import { useTranslation } from 'react-i18next';

export interface TokenOptionValues {
  autoDistributeToAllUsers: boolean;
  clearPreviousLicenseData: boolean;
}

export function TokenOptions(props: {
  value: TokenOptionValues;
  onChange: (value: TokenOptionValues) => void;
}) {
  const { t } = useTranslation('accounts');
  const { value, onChange } = props;
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={value.autoDistributeToAllUsers}
          onChange={(event) =>
            onChange({ ...value, autoDistributeToAllUsers: event.target.checked })
          }
        />
        <span>
          {t('token.allUsers')}
          <small>{t('token.allUsersHint')}</small>
        </span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={value.clearPreviousLicenseData}
          onChange={(event) =>
            onChange({ ...value, clearPreviousLicenseData: event.target.checked })
          }
        />
        <span>
          {t('token.clear')}
          <small>{t('token.clearHint')}</small>
        </span>
      </label>
    </>
  );
}

export function TokenSharingWarning() {
  const { t } = useTranslation('accounts');
  return (
    <div className="warning" role="note">
      <strong>{t('token.sharingTitle')}</strong> {t('token.sharing')}
    </div>
  );
}
