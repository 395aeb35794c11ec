/**
 * Renew credentials in place: an Apple token (R-T6: same location, every licence, rule and
 * assignment kept) or a Microsoft client secret (R-T11), never shown again.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Account, AccountWithWarnings } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { Field } from '../../components/Field.js';
import { fieldErrorsOf } from '../../api/fieldErrors.js';
import { TokenFileField, type TokenFile } from './TokenFileField.js';
import { TokenOptions, TokenSharingWarning, type TokenOptionValues } from './TokenOptions.js';

export function RenewTokenDialog(props: {
  account: Account;
  onRenewed: (account: AccountWithWarnings) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('accounts');
  const { account } = props;
  const microsoft = account.store === 'microsoft';
  const [file, setFile] = useState<TokenFile | null>(null);
  const [secret, setSecret] = useState('');
  const [options, setOptions] = useState<TokenOptionValues>({
    autoDistributeToAllUsers: account.autoDistributeToAllUsers,
    clearPreviousLicenseData: account.clearPreviousLicenseData,
  });
  const action = useAction();
  const errors = fieldErrorsOf(action.error);
  const ready = microsoft ? secret !== '' : file !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    await action.run(async () => {
      const renewed = await api.put<AccountWithWarnings>(
        `/accounts/${encodeURIComponent(account.id)}/token`,
        microsoft ? { clientSecret: secret } : { token: file!.content, ...options },
      );
      setSecret('');
      props.onRenewed(renewed);
    });
  };

  return (
    <Dialog
      title={t(microsoft ? 'renew.secretTitle' : 'renew.title', { name: account.name })}
      onClose={props.onClose}
      wide
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
        {microsoft ? (
          <>
            <p>{t('renew.secretIntro')}</p>
            <Field label={t('microsoft.clientSecret')} error={errors.clientSecret}>
              <input
                type="password"
                required
                autoComplete="new-password"
                value={secret}
                onChange={(event) => setSecret(event.target.value)}
              />
            </Field>
          </>
        ) : (
          <>
            <p>{t('renew.intro', { location: account.locationName ?? account.name })}</p>
            <TokenSharingWarning />
            <TokenFileField value={file} onChange={setFile} />
            <TokenOptions value={options} onChange={setOptions} />
          </>
        )}
        {errors.clientSecret === undefined && <ErrorMessage error={action.error} />}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={action.busy || !ready}>
            {action.busy
              ? t('renew.renewing')
              : t(microsoft ? 'renew.submitSecret' : 'renew.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
