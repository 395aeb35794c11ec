/** "Add user": e-mail, name and space; the API's errors show on their field. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { useAction } from '../../hooks/useAction.js';
import { fieldError } from '../../api/fieldErrors.js';
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

  const submit = async () => {
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
    <FormDialog
      title={t('addUser.title')}
      action={action}
      fields={FIELDS}
      submitLabel={t('addUser.submit')}
      onSubmit={submit}
      onClose={onClose}
    >
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
    </FormDialog>
  );
}
