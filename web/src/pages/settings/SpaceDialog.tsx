/** Creates a space, or renames one. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Space } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { useAction } from '../../hooks/useAction.js';
import { explainError } from './SettingsError.js';

export function SpaceDialog(props: { space: Space | null; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const notify = useNotify();
  const [name, setName] = useState(props.space?.name ?? '');
  const action = useAction();
  const { space } = props;

  const submit = async () => {
    const done = await action.run(async () => {
      const saved =
        space === null
          ? await api.post<Space>('/spaces', { name: name.trim() })
          : await api.patch<Space>(`/spaces/${space.id}`, { name: name.trim() });
      notify(t(space === null ? 'spaces.created' : 'spaces.renamed', { name: saved.name }));
    });
    if (done) props.onClose();
  };

  return (
    <FormDialog
      title={
        space === null ? t('spaces.createTitle') : t('spaces.renameTitle', { name: space.name })
      }
      onClose={props.onClose}
      action={action}
      submitLabel={space === null ? t('spaces.createSubmit') : t('save')}
      onSubmit={submit}
      explain={(error) => explainError(t, error)}
      browserChecks
    >
      <label className="field">
        <span>{t('spaces.name')}</span>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
    </FormDialog>
  );
}
