/**
 * Add a store account: an Apple Apps and Books location (R-T2, R-T3), the tenant's Microsoft
 * Store for Business (R-T11) or an ISV subscription (R-T12). The API's field errors show on
 * their fields; secrets are sent once and never shown again.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { AccountWithWarnings } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { AppleAccountFields, type AppleValues } from './AppleAccountFields.js';
import { IsvAccountFields, isvBody, type IsvValues } from './IsvAccountFields.js';
import { MicrosoftAccountFields } from './MicrosoftAccountFields.js';
import { Field } from '../../components/Field.js';
import { fieldErrorsOf } from '../../api/fieldErrors.js';
import { STORES, type Store } from './types.js';

const EMPTY = {
  apple: {
    file: null,
    appleId: '',
    accountType: '',
    options: { autoDistributeToAllUsers: true, clearPreviousLicenseData: false },
  } as AppleValues,
  microsoft: {
    tenantDirectoryId: '',
    clientId: '',
    clientSecret: '',
    language: 'en-US',
  },
  isv: {
    productName: '',
    publisher: '',
    seats: '',
    purchasedThrough: 'marketplace',
    costAmount: '',
    currency: 'USD',
  } as IsvValues,
};

function storeBody(store: Store, values: typeof EMPTY): Record<string, unknown> | null {
  if (store === 'apple') {
    const a = values.apple;
    if (a.file === null || a.accountType === '') return null;
    return {
      token: a.file.content,
      appleId: a.appleId.trim(),
      accountType: a.accountType,
      ...a.options,
    };
  }
  if (store === 'microsoft') {
    const m = values.microsoft;
    return {
      tenantDirectoryId: m.tenantDirectoryId.trim(),
      clientId: m.clientId.trim(),
      clientSecret: m.clientSecret,
      language: m.language.trim(),
    };
  }
  return isvBody(values.isv);
}

export function AddAccountDialog(props: {
  onAdded: (account: AccountWithWarnings) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('accounts');
  const { me, spaces, spaceId } = useSession();
  const [store, setStore] = useState<Store>('apple');
  const [name, setName] = useState('');
  const [values, setValues] = useState(EMPTY);
  const [space, setSpace] = useState(spaceId ?? spaces.find((s) => s.isDefault)?.id ?? '');
  const action = useAction();
  const errors = fieldErrorsOf(action.error);
  const body = storeBody(store, values);
  // Microsoft: one account per tenant, in the default space (R-T11).
  const spaceChoice = me.spaceId === null && spaces.length > 1 && store !== 'microsoft';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body === null) return;
    await action.run(async () => {
      const account = await api.post<AccountWithWarnings>('/accounts', {
        store,
        name: name.trim(),
        ...body,
        ...(spaceChoice && space !== '' ? { spaceId: space } : {}),
      });
      // The secret leaves the browser's memory with the dialog; it is never shown again.
      setValues(EMPTY);
      props.onAdded(account);
    });
  };
  const set =
    <S extends Store>(which: S) =>
    (next: (typeof EMPTY)[S]) =>
      setValues((current) => ({ ...current, [which]: next }));
  const shownError = Object.keys(errors).length > 0 ? undefined : action.error;

  return (
    <Dialog title={t('add.title')} onClose={props.onClose} wide>
      <form className="form add-account" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="store-choice">
          <legend>{t('add.store')}</legend>
          {STORES.map((s) => (
            <label key={s} className="radio">
              <input
                type="radio"
                name="store"
                value={s}
                checked={store === s}
                onChange={() => {
                  setStore(s);
                  action.clear();
                }}
              />
              <span>
                {t(`store.${s}`)}
                <small className="muted"> — {t(`add.storeHint.${s}`)}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <Field label={t('add.name')} error={errors.name}>
          <input
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        {store === 'apple' && (
          <AppleAccountFields value={values.apple} onChange={set('apple')} errors={errors} />
        )}
        {store === 'microsoft' && (
          <MicrosoftAccountFields
            value={values.microsoft}
            onChange={set('microsoft')}
            errors={errors}
          />
        )}
        {store === 'isv' && (
          <IsvAccountFields value={values.isv} onChange={set('isv')} errors={errors} />
        )}
        {spaceChoice && (
          <Field label={t('add.space')} error={errors.spaceId}>
            <select value={space} onChange={(event) => setSpace(event.target.value)}>
              {spaces.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <ErrorMessage error={shownError} />
        {shownError === undefined && action.error !== undefined && (
          <p className="error" role="alert">
            {t('add.fixFields')}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={action.busy || body === null || name.trim() === ''}
          >
            {action.busy ? t('add.adding') : t('add.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
