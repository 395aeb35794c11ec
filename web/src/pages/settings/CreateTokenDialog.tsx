/** A new API token: name, role, scope; the token itself is shown once, then only its hash is kept (R-S4). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CreatedApiToken, NewApiToken, Role } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { CopyField, ShownOnce } from './CopyField.js';
import { RoleSelect, ScopeSelect } from './RoleFields.js';
import { explainError } from './SettingsError.js';

export function CreateTokenDialog(props: { onClose: () => void }) {
  const { t } = useTranslation('settings');
  const { me } = useSession();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('readOnly');
  const [spaceId, setSpaceId] = useState<string | null>(me.spaceId);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const action = useAction();

  const submit = async () => {
    const body: NewApiToken = { name: name.trim(), role, ...(spaceId === null ? {} : { spaceId }) };
    await action.run(async () => setCreated(await api.post<CreatedApiToken>('/api-tokens', body)));
  };

  if (created !== null) {
    return (
      <Dialog title={t('tokens.createdTitle', { name: created.name })} onClose={props.onClose}>
        <ShownOnce />
        <CopyField label={t('tokens.token')} value={created.token} />
        <p className="small">{t('tokens.usage')}</p>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={props.onClose}>
            {t('done')}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <FormDialog
      title={t('tokens.createTitle')}
      onClose={props.onClose}
      action={action}
      submitLabel={t('tokens.createSubmit')}
      onSubmit={submit}
      explain={(error) => explainError(t, error)}
      browserChecks
    >
      <label className="field">
        <span>{t('tokens.name')}</span>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <RoleSelect value={role} onChange={setRole} />
      <ScopeSelect value={spaceId} onChange={setSpaceId} />
    </FormDialog>
  );
}
