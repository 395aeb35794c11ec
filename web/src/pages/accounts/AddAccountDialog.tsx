/** Add an Apple Apps and Books location (R-T2, R-T3); its first sync starts at once. */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AccountWithWarnings } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { TokenFileField, type TokenFile } from './TokenFileField.js';
import { TokenOptions, TokenSharingWarning, type TokenOptionValues } from './TokenOptions.js';

export function AddAccountDialog(props: {
  onAdded: (account: AccountWithWarnings) => void;
  onClose: () => void;
}) {
  const { me, spaces, spaceId } = useSession();
  const [name, setName] = useState('');
  const [file, setFile] = useState<TokenFile | null>(null);
  const [appleId, setAppleId] = useState('');
  const [accountType, setAccountType] = useState<'business' | 'education' | ''>('');
  const [space, setSpace] = useState(spaceId ?? spaces.find((s) => s.isDefault)?.id ?? '');
  const [options, setOptions] = useState<TokenOptionValues>({
    autoDistributeToAllUsers: true,
    clearPreviousLicenseData: false,
  });
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (file === null || accountType === '') return;
    await action.run(async () => {
      const account = await api.post<AccountWithWarnings>('/accounts', {
        store: 'apple',
        name: name.trim(),
        token: file.content,
        appleId: appleId.trim(),
        accountType,
        ...(space === '' || me.spaceId !== null ? {} : { spaceId: space }),
        ...options,
      });
      props.onAdded(account);
    });
  };

  return (
    <Dialog title="Add an Apple account" onClose={props.onClose} wide>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <TokenSharingWarning />
        <label className="field">
          <span>Display name</span>
          <input
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <TokenFileField value={file} onChange={setFile} />
        <label className="field">
          <span>Apple ID of the account owner</span>
          <input
            type="email"
            required
            autoComplete="off"
            value={appleId}
            onChange={(event) => setAppleId(event.target.value)}
          />
        </label>
        <fieldset className="field">
          <legend>Account type</legend>
          {(['business', 'education'] as const).map((type) => (
            <label key={type} className="radio">
              <input
                type="radio"
                name="accountType"
                value={type}
                required
                checked={accountType === type}
                onChange={() => setAccountType(type)}
              />
              {type === 'business' ? 'Apple Business Manager' : 'Apple School Manager (education)'}
            </label>
          ))}
        </fieldset>
        {me.spaceId === null && spaces.length > 1 && (
          <label className="field">
            <span>Space</span>
            <select value={space} onChange={(event) => setSpace(event.target.value)}>
              {spaces.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <TokenOptions value={options} onChange={setOptions} />
        <ErrorMessage error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy || file === null}>
            {action.busy ? 'Adding…' : 'Add account'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
