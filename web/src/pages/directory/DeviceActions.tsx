/** Retire, wipe (R-V2) or move a device to another space (R-V6). */
import { useState, type FormEvent } from 'react';
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
      notify(
        `Moved: ${r.revoked} licence(s) revoked in the origin space, ${r.allocated} allocated in the destination, ${r.noLicense} without a licence.`,
      );
    });
    if (ok) {
      props.onDone();
      props.onClose();
    }
  };
  return (
    <Dialog
      title={`Move ${props.device.name ?? props.device.serialNumber}`}
      onClose={props.onClose}
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p>
          Its licences from this space are revoked; the destination space&rsquo;s rules allocate new
          ones where it has licences. Apps without one there show &ldquo;No licence&rdquo;.
        </p>
        <label className="field">
          <span>Destination space</span>
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
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy || spaceId === ''}>
            Move device
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeviceActions(props: { device: Device; onChanged: () => void }) {
  const { device } = props;
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
      notify(`${name} is enrolled again.`);
      props.onChanged();
    });

  return (
    <div className="actions">
      {device.state === 'active' ? (
        <>
          <button type="button" className="danger" onClick={() => setExit('retire')}>
            Retire
          </button>
          <button type="button" className="danger" onClick={() => setExit('wipe')}>
            Wipe
          </button>
        </>
      ) : (
        <button type="button" onClick={enrol} disabled={action.busy}>
          Enrol again
        </button>
      )}
      {me.spaceId === null && spaces.length > 1 && (
        <button type="button" onClick={() => setMoving(true)}>
          Move to space
        </button>
      )}
      <ErrorMessage error={action.error} />
      {exit !== null && (
        <ConfirmDialog
          title={`${exit === 'retire' ? 'Retire' : 'Wipe'} ${name}?`}
          confirmLabel={exit === 'retire' ? 'Retire device' : 'Wipe device'}
          onClose={() => setExit(null)}
          onConfirm={async () => {
            const result = await api.post<{ revokedLicenses: number }>(`${path}/${exit}`);
            notify(
              `${name}: ${exit === 'retire' ? 'retired' : 'wiped'}; ${result.revokedLicenses} device licence(s) revoked.`,
            );
            props.onChanged();
          }}
        >
          <p>
            Its device licences are revoked and return to their pools.
            {exit === 'wipe' && ' The device is erased by the MDM.'}
          </p>
        </ConfirmDialog>
      )}
      {moving && (
        <MoveDialog device={device} onDone={props.onChanged} onClose={() => setMoving(false)} />
      )}
    </div>
  );
}
