/** Retire, wipe (R-V2) or move a device to another space (R-V6). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Device } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';

type Exit = 'retire' | 'wipe';

function MoveDialog(props: { device: Device; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation('directory');
  const { spaces } = useSession();
  const notify = useNotify();
  const others = spaces.filter((s) => s.id !== props.device.spaceId);
  const [spaceId, setSpaceId] = useState(others[0]?.id ?? '');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      const r = await api.post<{ revoked: number; allocated: number; noLicense: number }>(
        `/devices/${encodeURIComponent(props.device.id)}/move`,
        { spaceId },
      );
      notify(t('move.done', r));
    });
    if (ok) {
      props.onDone();
      props.onClose();
    }
  };
  return (
    <Dialog
      title={t('move.title', { name: props.device.name ?? props.device.serialNumber })}
      onClose={props.onClose}
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p>{t('move.text')}</p>
        <label className="field">
          <span>{t('move.destination')}</span>
          <select value={spaceId} onChange={(event) => setSpaceId(event.target.value)}>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <ErrorMessage error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="primary" disabled={action.busy || spaceId === ''}>
            {t('move.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeviceActions(props: { device: Device; onChanged: () => void }) {
  const { device } = props;
  const { t } = useTranslation('directory');
  const { spaces, me } = useSession();
  const notify = useNotify();
  const action = useAction();
  const [exit, setExit] = useState<Exit | null>(null);
  const [moving, setMoving] = useState(false);
  const name = device.name ?? device.serialNumber;
  const path = `/devices/${encodeURIComponent(device.id)}`;

  const enrol = () =>
    void action.run(async () => {
      await api.post(`${path}/enrol`);
      notify(t('device.enrolled', { name }));
      props.onChanged();
    });

  return (
    <div className="actions">
      {device.state === 'active' ? (
        <>
          <button type="button" className="danger" onClick={() => setExit('retire')}>
            {t('device.retire')}
          </button>
          <button type="button" className="danger" onClick={() => setExit('wipe')}>
            {t('device.wipe')}
          </button>
        </>
      ) : (
        <button type="button" onClick={enrol} disabled={action.busy}>
          {t('device.enrolAgain')}
        </button>
      )}
      {me.spaceId === null && spaces.length > 1 && (
        <button type="button" onClick={() => setMoving(true)}>
          {t('device.move')}
        </button>
      )}
      <ErrorMessage error={action.error} />
      {exit !== null && (
        <ConfirmDialog
          title={t(`exit.${exit}.title`, { name })}
          confirmLabel={t(`exit.${exit}.confirm`)}
          onClose={() => setExit(null)}
          onConfirm={async () => {
            const result = await api.post<{ revokedLicenses: number }>(`${path}/${exit}`);
            notify(t(`exit.${exit}.done`, { name, count: result.revokedLicenses }));
            props.onChanged();
          }}
        >
          <p>{t(`exit.${exit}.text`)}</p>
        </ConfirmDialog>
      )}
      {moving && (
        <MoveDialog device={device} onDone={props.onChanged} onClose={() => setMoving(false)} />
      )}
    </div>
  );
}
