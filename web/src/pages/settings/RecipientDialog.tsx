/** Adds an address for notification digests, or changes its address or kinds. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { EmailKind, EmailRecipient, NewEmailRecipient } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { useNotify } from '../../components/Notices.js';
import { useAction } from '../../hooks/useAction.js';
import { EventKindsField } from './EventKindsField.js';
import { ScopeSelect } from './RoleFields.js';
import { explained, SettingsError } from './SettingsError.js';
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
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
    <Dialog
      title={
        recipient === null
          ? t('email.createTitle')
          : t('email.editTitle', { email: recipient.email })
      }
      onClose={props.onClose}
      wide
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
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
        <SettingsError error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={action.busy || kinds.length === 0}>
            {t('save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
