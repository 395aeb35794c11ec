/** "Add user": e-mail, name and space; the API's errors show on their field. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { fieldError, onAField } from '../../api/fieldErrors.js';
import { TextField } from '../../components/Field.js';
import { SpaceField, useCreationSpace } from './SpaceField.js';
import type { DirectoryUser } from './types.js';

const FIELDS = ['email', 'displayName', 'spaceId'];

export function AddUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('directory');
  const notify = useNotify();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [spaceId, setSpaceId] = useState(useCreationSpace());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      const user = await api.post<DirectoryUser>('/users', {
        email: email.trim(),
        displayName: displayName.trim(),
        ...(spaceId === '' ? {} : { spaceId }),
      });
      notify(t('addUser.done', { name: user.displayName }));
    });
    if (ok) onClose();
  };

  return (
    <Dialog title={t('addUser.title')} onClose={onClose}>
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          label={t('field.email')}
          type="email"
          autoComplete="off"
          value={email}
          onValue={setEmail}
          error={fieldError(action.error, 'email')}
          required
        />
        <TextField
          label={t('field.displayName')}
          autoComplete="off"
          value={displayName}
          onValue={setDisplayName}
          error={fieldError(action.error, 'displayName')}
          required
        />
        <SpaceField
          value={spaceId}
          onValue={setSpaceId}
          error={fieldError(action.error, 'spaceId')}
        />
        {!onAField(action.error, FIELDS) && <ErrorMessage error={action.error} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? t('action.working') : t('addUser.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
