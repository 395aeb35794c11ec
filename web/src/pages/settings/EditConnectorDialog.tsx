/** Renames a connector, moves its API URL, replaces its API key (never shown) or its signature rule. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { MdmConnector, MdmConnectorChange } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { useAction } from '../../hooks/useAction.js';
import { InputField } from './InputField.js';
import { explained, explainError } from './SettingsError.js';

/** Only what changed: an empty key field keeps the stored key. */
function changesOf(connector: MdmConnector, form: MdmConnectorChange): MdmConnectorChange {
  const change: MdmConnectorChange = {};
  if (form.name !== undefined && form.name.trim() !== connector.name)
    change.name = form.name.trim();
  if (form.apiUrl !== undefined && form.apiUrl.trim() !== connector.apiUrl)
    change.apiUrl = form.apiUrl.trim();
  if (form.apiKey !== undefined && form.apiKey !== '') change.apiKey = form.apiKey;
  if (form.signatureRequired !== connector.signatureRequired)
    change.signatureRequired = form.signatureRequired;
  return change;
}

export function EditConnectorDialog(props: { connector: MdmConnector; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const notify = useNotify();
  const { connector } = props;
  const [name, setName] = useState(connector.name);
  const [apiUrl, setApiUrl] = useState(connector.apiUrl);
  const [apiKey, setApiKey] = useState('');
  const [signatureRequired, setSignatureRequired] = useState(connector.signatureRequired);
  const action = useAction();

  const submit = async () => {
    const change = changesOf(connector, { name, apiUrl, apiKey, signatureRequired });
    if (Object.keys(change).length === 0) return props.onClose();
    const done = await action.run(() =>
      explained(t, async () => {
        await api.patch<MdmConnector>(`/mdm-connectors/${connector.id}`, change);
        notify(t('mdm.saved', { name: change.name ?? connector.name }));
      }),
    );
    if (done) props.onClose();
  };

  return (
    <FormDialog
      title={t('mdm.editTitle', { name: connector.name })}
      onClose={props.onClose}
      wide
      action={action}
      submitLabel={t('save')}
      onSubmit={submit}
      explain={(error) => explainError(t, error)}
      browserChecks
    >
      <label className="field">
        <span>{t('mdm.name')}</span>
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('mdm.apiUrl')}</span>
        <input
          type="url"
          required
          maxLength={2000}
          value={apiUrl}
          onChange={(e) => setApiUrl(e.target.value)}
        />
      </label>
      <InputField
        label={t('mdm.newApiKey')}
        help={t('mdm.newApiKeyHelp')}
        type="password"
        maxLength={1000}
        autoComplete="new-password"
        value={apiKey}
        onChange={(e) => setApiKey(e.target.value)}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={signatureRequired}
          onChange={(e) => setSignatureRequired(e.target.checked)}
        />
        {t('mdm.signatureRequired')}
      </label>
    </FormDialog>
  );
}
