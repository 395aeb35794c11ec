/** "Add device": serial number, platform, name, primary user, shared; errors on their field. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { SubjectPicker } from '../../components/SubjectPicker.js';
import { useAction } from '../../hooks/useAction.js';
import { useNames } from '../../hooks/useNames.js';
import { fieldError } from '../../api/fieldErrors.js';
import { SelectField, TextField } from '../../components/Field.js';
import { platformName } from './labels.js';
import { SpaceField, useCreationSpace } from './SpaceField.js';
import { PLATFORMS, type DirectoryDevice } from './types.js';

const FIELDS = ['serialNumber', 'platform', 'name', 'primaryUserId', 'spaceId'];

function PrimaryUser(props: { userId: string | null; onPick: (id: string | null) => void }) {
  const { t } = useTranslation('directory');
  const nameOf = useNames('users', props.userId === null ? [] : [props.userId]);
  if (props.userId === null) {
    return (
      <SubjectPicker
        kind="users"
        label={t('field.primaryUser')}
        exclude={[]}
        onPick={props.onPick}
      />
    );
  }
  return (
    <div className="picked-user">
      <span>
        {t('field.primaryUser')}: <strong>{nameOf(props.userId)}</strong>
      </span>
      <button type="button" className="small-button" onClick={() => props.onPick(null)}>
        {t('action.change')}
      </button>
    </div>
  );
}

export function AddDeviceDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('directory');
  const notify = useNotify();
  const action = useAction();
  const [serialNumber, setSerialNumber] = useState('');
  const [platform, setPlatform] = useState<string>('ios');
  const [name, setName] = useState('');
  const [primaryUserId, setPrimaryUserId] = useState<string | null>(null);
  const [shared, setShared] = useState(false);
  const [spaceId, setSpaceId] = useState(useCreationSpace());

  const submit = async () => {
    const ok = await action.run(async () => {
      const device = await api.post<DirectoryDevice>('/devices', {
        serialNumber: serialNumber.trim(),
        platform,
        ...(name.trim() === '' ? {} : { name: name.trim() }),
        ...(primaryUserId === null ? {} : { primaryUserId }),
        shared,
        ...(spaceId === '' ? {} : { spaceId }),
      });
      notify(t('addDevice.done', { name: device.name ?? device.serialNumber }));
    });
    if (ok) onClose();
  };

  return (
    <FormDialog
      title={t('addDevice.title')}
      action={action}
      fields={FIELDS}
      submitLabel={t('addDevice.submit')}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label={t('field.serialNumber')}
        autoComplete="off"
        spellCheck={false}
        value={serialNumber}
        onValue={setSerialNumber}
        error={fieldError(action.error, 'serialNumber')}
        required
      />
      <SelectField
        label={t('field.platform')}
        value={platform}
        onValue={setPlatform}
        error={fieldError(action.error, 'platform')}
      >
        {PLATFORMS.map((p) => (
          <option key={p} value={p}>
            {platformName(p)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('field.deviceName')}
        autoComplete="off"
        value={name}
        onValue={setName}
        error={fieldError(action.error, 'name')}
      />
      <PrimaryUser userId={primaryUserId} onPick={setPrimaryUserId} />
      {fieldError(action.error, 'primaryUserId') !== undefined && (
        <p className="field-error">{fieldError(action.error, 'primaryUserId')}</p>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={shared}
          onChange={(event) => setShared(event.target.checked)}
        />
        <span>{t('field.shared')}</span>
      </label>
      <SpaceField
        value={spaceId}
        onValue={setSpaceId}
        error={fieldError(action.error, 'spaceId')}
      />
    </FormDialog>
  );
}
