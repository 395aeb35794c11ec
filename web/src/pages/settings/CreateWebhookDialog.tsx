/**
 * A new webhook: URL, events, and the Standard Webhooks secret that signs each delivery —
 * generated here (whsec_ and 32 random bytes) or typed; the API never returns it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { NewWebhook, Webhook, WebhookEvent } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAction } from '../../hooks/useAction.js';
import { useNotify } from '../../components/Notices.js';
import { CopyField, ShownOnce } from './CopyField.js';
import { EventKindsField } from './EventKindsField.js';
import { InputField } from './InputField.js';
import { explained, explainError } from './SettingsError.js';

/** whsec_ and the base64 of 32 random bytes, as the API asks. */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export function CreateWebhookDialog(props: { onClose: () => void }) {
  const { t } = useTranslation('settings');
  const notify = useNotify();
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<WebhookEvent[]>(['*']);
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const [generated] = useState(generateWebhookSecret);
  const [typed, setTyped] = useState('');
  const action = useAction();
  const secret = mode === 'generate' ? generated : typed.trim();

  const submit = async () => {
    if (events.length === 0) return;
    const body: NewWebhook = { url: url.trim(), events, secret };
    const done = await action.run(() =>
      explained(t, async () => {
        await api.post<Webhook>('/webhooks', body);
        notify(t('webhooks.createdNotice', { url: body.url }));
      }),
    );
    if (done) props.onClose();
  };

  return (
    <FormDialog
      title={t('webhooks.createTitle')}
      onClose={props.onClose}
      wide
      action={action}
      submitLabel={t('webhooks.createSubmit')}
      onSubmit={submit}
      explain={(error) => explainError(t, error)}
      browserChecks
      canSubmit={events.length > 0}
    >
      <InputField
        label={t('webhooks.url')}
        help={t('webhooks.urlHelp')}
        type="url"
        required
        maxLength={2000}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <EventKindsField legend={t('webhooks.events')} value={events} onChange={setEvents} />
      {events.length === 0 && <p className="warning-text">{t('webhooks.pickEvent')}</p>}
      <fieldset className="field">
        <legend>{t('webhooks.secret')}</legend>
        <label className="radio">
          <input
            type="radio"
            name="secretMode"
            checked={mode === 'generate'}
            onChange={() => setMode('generate')}
          />
          {t('webhooks.secretGenerate')}
        </label>
        <label className="radio">
          <input
            type="radio"
            name="secretMode"
            checked={mode === 'type'}
            onChange={() => setMode('type')}
          />
          {t('webhooks.secretType')}
        </label>
      </fieldset>
      {mode === 'generate' ? (
        <>
          <CopyField label={t('webhooks.generatedSecret')} value={generated} />
          <ShownOnce />
        </>
      ) : (
        <InputField
          label={t('webhooks.typedSecret')}
          help={t('webhooks.secretHelp')}
          required
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          placeholder="whsec_…"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      )}
    </FormDialog>
  );
}
