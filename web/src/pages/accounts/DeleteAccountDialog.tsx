/**
 * Delete an account (R-T8). The server first says what will be lost (400
 * CONFIRMATION_REQUIRED); the administrator types the account's name to go ahead.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { Account } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorMessage, Loading } from '../../components/State.js';

export function DeleteAccountDialog(props: {
  account: Account;
  onDeleted: (revokedLicenses: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('accounts');
  const { account } = props;
  const path = `/accounts/${encodeURIComponent(account.id)}`;
  const [consequences, setConsequences] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    // Without confirm=true the API deletes nothing and answers with what would be lost.
    api.delete(path).then(
      () => setError(new Error(t('delete.unconfirmed'))),
      (caught: unknown) => {
        if (caught instanceof ApiError && caught.code === 'CONFIRMATION_REQUIRED') {
          setConsequences(caught.message.replace(/ ?Repeat with confirm=true to delete\.?$/, ''));
        } else setError(caught);
      },
    );
  }, [path, t]);

  return (
    <ConfirmDialog
      title={t('delete.title', { name: account.name })}
      confirmLabel={t('delete.confirm')}
      typed={account.name}
      onClose={props.onClose}
      onConfirm={async () => {
        const result = await api.delete<{ revokedLicenses: number }>(`${path}?confirm=true`);
        props.onDeleted(result.revokedLicenses);
      }}
    >
      <p>{t('delete.irreversible')}</p>
      {consequences === null && error === undefined && <Loading label={t('delete.checking')} />}
      {consequences !== null && <p className="warning">{consequences}</p>}
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
