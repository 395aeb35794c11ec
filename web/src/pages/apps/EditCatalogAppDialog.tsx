/**
 * An app's install settings (description, install on device, update mode) and the other
 * spaces it is delegated to. Withdrawing a delegation revokes the licences held there (R-V5).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { UPDATE_MODES, type CatalogEntry, type UpdateMode } from './types.js';

export function EditCatalogAppDialog(props: {
  app: CatalogEntry;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('apps');
  const { spaces } = useSession();
  const { app } = props;
  const [description, setDescription] = useState(app.description ?? '');
  const [installOnDevice, setInstallOnDevice] = useState(app.installOnDevice);
  const [updateMode, setUpdateMode] = useState<UpdateMode>(app.updateMode);
  const [delegated, setDelegated] = useState<string[]>(app.delegatedSpaceIds);
  const action = useAction();
  const others = spaces.filter((s) => s.id !== app.spaceId);
  const withdrawn = app.delegatedSpaceIds.filter((id) => !delegated.includes(id));
  const path = `/catalog-apps/${encodeURIComponent(app.id)}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.patch(path, {
        description: description.trim() === '' ? null : description.trim(),
        installOnDevice,
        updateMode,
      });
      for (const spaceId of delegated.filter((id) => !app.delegatedSpaceIds.includes(id))) {
        await api.post(`${path}/delegations`, { spaceId });
      }
      for (const spaceId of withdrawn) {
        await api.delete(`${path}/delegations/${encodeURIComponent(spaceId)}`);
      }
    });
    if (ok) props.onSaved();
  };

  return (
    <Dialog title={t('edit.title', { name: app.name })} onClose={props.onClose} wide>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>{t('edit.description')}</span>
          <textarea
            rows={3}
            maxLength={4000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={installOnDevice}
            onChange={(event) => setInstallOnDevice(event.target.checked)}
          />
          <span>
            {t('edit.installOnDevice')}
            <small>{t('edit.installOnDeviceHint')}</small>
          </span>
        </label>
        <fieldset>
          <legend>{t('edit.updateMode')}</legend>
          {UPDATE_MODES.map((mode) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name="updateMode"
                value={mode}
                checked={updateMode === mode}
                onChange={() => setUpdateMode(mode)}
              />
              <span>
                {t(`updateMode.${mode}`)}
                <small className="muted"> — {t(`edit.updateModeHint.${mode}`)}</small>
              </span>
            </label>
          ))}
        </fieldset>
        {others.length > 0 && (
          <fieldset>
            <legend>{t('edit.delegations')}</legend>
            {others.map((s) => (
              <label key={s.id} className="check inline">
                <input
                  type="checkbox"
                  checked={delegated.includes(s.id)}
                  onChange={(event) =>
                    setDelegated((list) =>
                      event.target.checked ? [...list, s.id] : list.filter((id) => id !== s.id),
                    )
                  }
                />
                <span>{s.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        {withdrawn.length > 0 && (
          <p className="warning" role="note">
            {t('edit.withdrawWarning', { count: withdrawn.length })}
          </p>
        )}
        <ErrorMessage error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? t('edit.saving') : t('edit.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
