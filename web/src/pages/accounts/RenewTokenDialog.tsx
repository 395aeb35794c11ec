/** Renew a token in place (R-T6): same location, every licence, rule and assignment kept. */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Account, AccountWithWarnings } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { TokenFileField, type TokenFile } from './TokenFileField.js';
import { TokenOptions, TokenSharingWarning, type TokenOptionValues } from './TokenOptions.js';

export function RenewTokenDialog(props: {
  account: Account;
  onRenewed: (account: AccountWithWarnings) => void;
  onClose: () => void;
}) {
  const { account } = props;
  const [file, setFile] = useState<TokenFile | null>(null);
  const [options, setOptions] = useState<TokenOptionValues>({
    autoDistributeToAllUsers: account.autoDistributeToAllUsers,
    clearPreviousLicenseData: account.clearPreviousLicenseData,
  });
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (file === null) return;
    await action.run(async () => {
      const renewed = await api.put<AccountWithWarnings>(
        `/accounts/${encodeURIComponent(account.id)}/token`,
        { token: file.content, ...options },
      );
      props.onRenewed(renewed);
    });
  };

  return (
    <Dialog title={`Renew the token of ${account.name}`} onClose={props.onClose} wide>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p>
          Download a new token for <strong>{account.locationName ?? account.name}</strong> from the
          store portal. It must belong to the same location; every licence, rule and assignment is
          kept.
        </p>
        <TokenSharingWarning />
        <TokenFileField value={file} onChange={setFile} />
        <TokenOptions value={options} onChange={setOptions} />
        <ErrorMessage error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy || file === null}>
            {action.busy ? 'Renewing…' : 'Renew token'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
