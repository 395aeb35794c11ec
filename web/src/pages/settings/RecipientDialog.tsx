/** Adds an address for notification digests, or changes its address or kinds. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { EmailKind, EmailRecipient, NewEmailRecipient } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { useAction } from '../../hooks/useAction.js';
import { EventKindsField } from './EventKindsField.js';
import { ScopeSelect } from './RoleFields.js';
import { explained, explainError } from './SettingsError.js';
import { useSession } from '../../session/SessionContext.js';

export function RecipientDialog(props: { recipient: EmailRecipient | null; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const notify = useNotify();
  const { me } = useSession();
  const { recipient } = props;
  const [email, setEmail] = useState(recipient?.email ?? '');
  const [kinds, setKinds] = useState<EmailKind[]>(recipient?.kinds ?? ['*']);
  const [spaceId, setSpaceId] = useState<string | null>(recipient?.spaceId ?? me.spaceId);
  const action = useAction();

  const submit = async () => {
    if (kinds.length === 0) return;
    const done = await action.run(() =>
      explained(t, async () => {
        if (recipient === null) {
          const body: NewEmailRecipient = { email: email.trim(), kinds, spaceId };
          await api.post<EmailRecipient>('/notification-recipients', body);
        } else {
          await api.patch<EmailRecipient>(`/notification-recipients/${recipient.id}`, {
            email: email.trim(),
            kinds,
          });
        }
        notify(t('email.saved', { email: email.trim() }));
      }),
    );
    if (done) props.onClose();
  };

  return (
    <FormDialog
      title={
        recipient === null
          ? t('email.createTitle')
          : t('email.editTitle', { email: recipient.email })
      }
      onClose={props.onClose}
      wide
      action={action}
      submitLabel={t('save')}
      onSubmit={submit}
      explain={(error) => explainError(t, error)}
      browserChecks
      canSubmit={kinds.length > 0}
    >
      <label className="field">
        <span>{t('email.address')}</span>
        <input
          type="email"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <EventKindsField legend={t('email.kinds')} value={kinds} onChange={setKinds} />
      {kinds.length === 0 && <p className="warning-text">{t('webhooks.pickEvent')}</p>}
      {recipient === null && (
        <ScopeSelect label={t('email.scope')} value={spaceId} onChange={setSpaceId} />
      )}
      <p className="small muted">{t('email.digestHelp')}</p>
    </FormDialog>
  );
}
