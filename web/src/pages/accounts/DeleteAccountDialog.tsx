/**
 * Delete an account (R-T8). The server first says what will be lost (400
 * CONFIRMATION_REQUIRED); the administrator types the account's name to go ahead.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Account } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorMessage, Loading } from '../../components/State.js';

export function DeleteAccountDialog(props: {
  account: Account;
  onDeleted: (revokedLicenses: number) => void;
  onClose: () => void;
}) {
  const { account } = props;
  const path = `/accounts/${encodeURIComponent(account.id)}`;
  const [consequences, setConsequences] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    api.delete(path).then(
      () => setError(new Error('The server deleted the account without confirmation.')),
      (caught: unknown) => {
        if (caught instanceof ApiError && caught.code === 'CONFIRMATION_REQUIRED') {
          setConsequences(caught.message.replace(/ ?Repeat with confirm=true to delete\.?$/, ''));
        } else setError(caught);
      },
    );
  }, [path]);

  return (
    <ConfirmDialog
      title={`Delete ${account.name}?`}
      confirmLabel="Delete account"
      typed={account.name}
      onClose={props.onClose}
      onConfirm={async () => {
        const result = await api.delete<{ revokedLicenses: number }>(`${path}?confirm=true`);
        props.onDeleted(result.revokedLicenses);
      }}
    >
      <p>This cannot be undone.</p>
      {consequences === null && error === undefined && <Loading label="Checking what is lost…" />}
      {consequences !== null && <p className="warning">{consequences}</p>}
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
