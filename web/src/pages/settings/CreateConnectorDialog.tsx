/**
 * Connects a NanoMDM: name, API URL and API key (kept encrypted, never shown again); then the
 * webhook URL and HMAC secret to give NanoMDM, shown once, with the flags to paste.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CreatedMdmConnector, NewMdmConnector } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { CopyField, ShownOnce } from './CopyField.js';
import { InputField } from './InputField.js';
import { explained, explainError } from './SettingsError.js';
import { useSpaces } from './spaceNames.js';

/** The NanoMDM command-line flags that point it at this connector. */
export function nanoMdmFlags(
  connector: Pick<CreatedMdmConnector, 'webhookUrl' | 'webhookSecret'>,
): string {
  return `-webhook-url '${connector.webhookUrl}' -webhook-hmac-key '${connector.webhookSecret}'`;
}

function ConnectorCreated(props: { connector: CreatedMdmConnector; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const { connector } = props;
  return (
    <Dialog title={t('mdm.createdTitle', { name: connector.name })} onClose={props.onClose} wide>
      <ShownOnce />
      <CopyField label={t('mdm.webhookUrl')} value={connector.webhookUrl} />
      <CopyField label={t('mdm.webhookSecret')} value={connector.webhookSecret} />
      <CopyField label={t('mdm.flags')} value={nanoMdmFlags(connector)} />
      <p className="small">{t('mdm.flagsHelp')}</p>
      {!/^https?:\/\//.test(connector.webhookUrl) && (
        <p className="warning">{t('mdm.noPublicUrl')}</p>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={props.onClose}>
          {t('done')}
        </button>
      </div>
    </Dialog>
  );
}

export function CreateConnectorDialog(props: { onClose: () => void }) {
  const { t } = useTranslation('settings');
  const { me, spaceId: shownSpace } = useSession();
  const spaces = useSpaces();
  const [name, setName] = useState('');
  const [apiUrl, setApiUrl] = useState('https://');
  const [apiKey, setApiKey] = useState('');
  const [spaceId, setSpaceId] = useState(me.spaceId ?? shownSpace ?? '');
  const [created, setCreated] = useState<CreatedMdmConnector | null>(null);
  const action = useAction();

  const submit = async () => {
    const body: NewMdmConnector = {
      kind: 'nanomdm',
      name: name.trim(),
      apiUrl: apiUrl.trim(),
      apiKey,
      ...(spaceId === '' ? {} : { spaceId }),
    };
    await action.run(() =>
      explained(t, async () =>
        setCreated(await api.post<CreatedMdmConnector>('/mdm-connectors', body)),
      ),
    );
  };

  if (created !== null) return <ConnectorCreated connector={created} onClose={props.onClose} />;

  return (
    <FormDialog
      title={t('mdm.createTitle')}
      onClose={props.onClose}
      wide
      action={action}
      submitLabel={t('mdm.createSubmit')}
      onSubmit={submit}
      explain={(error) => explainError(t, error)}
      browserChecks
    >
      <label className="field">
        <span>{t('mdm.name')}</span>
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <InputField
        label={t('mdm.apiUrl')}
        help={t('mdm.apiUrlHelp')}
        type="url"
        required
        maxLength={2000}
        value={apiUrl}
        onChange={(e) => setApiUrl(e.target.value)}
      />
      <InputField
        label={t('mdm.apiKey')}
        help={t('mdm.apiKeyHelp')}
        type="password"
        required
        maxLength={1000}
        autoComplete="new-password"
        value={apiKey}
        onChange={(e) => setApiKey(e.target.value)}
      />
      {me.spaceId === null && (
        <label className="field">
          <span>{t('mdm.space')}</span>
          <select value={spaceId} onChange={(e) => setSpaceId(e.target.value)}>
            <option value="">{t('mdm.defaultSpace')}</option>
            {spaces.map((space) => (
              <option key={space.id} value={space.id}>
                {space.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </FormDialog>
  );
}
