/** Entries of the activity log (R-M7): who did what to which subject, with before/after. */
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { ActivityEntry, License } from '../../api/types.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';

function Changes({ entry }: { entry: ActivityEntry }) {
  if (entry.before == null && entry.after == null) return <span className="muted">—</span>;
  return (
    <details>
      <summary>Changes</summary>
      <div className="changes">
        {entry.before != null && (
          <div>
            <strong>Before</strong>
            <pre>{JSON.stringify(entry.before, null, 2)}</pre>
          </div>
        )}
        {entry.after != null && (
          <div>
            <strong>After</strong>
            <pre>{JSON.stringify(entry.after, null, 2)}</pre>
          </div>
        )}
      </div>
    </details>
  );
}

export function ActivityTable({ entries }: { entries: ActivityEntry[] }) {
  const { can } = useSession();
  const action = useAction();
  const [revoking, setRevoking] = useState<License | null>(null);
  const revocable = (e: ActivityEntry) =>
    can('licenses:write') && e.subject.type === 'license' && e.action === 'license.grant';

  const openRevoke = (id: string) =>
    void action.run(async () => {
      const license = await api.get<License>(`/licenses/${encodeURIComponent(id)}`);
      if (license.state !== 'active') throw new Error('This licence is already revoked.');
      setRevoking(license);
    });

  return (
    <>
      <ErrorMessage error={action.error} />
      <div className="table-wrap">
        <table className="activity-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <Time iso={e.at} />
                </td>
                <td>{e.actor.name}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  <span className="muted small">{e.subject.type} </span>
                  <SubjectLink subject={e.subject} />
                  {revocable(e) && (
                    <button
                      type="button"
                      className="small-button danger"
                      onClick={() => openRevoke(e.subject.id)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
                <td>
                  <Changes entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoking !== null && (
        <RevokeLicenseDialog
          license={revoking}
          appName="This app"
          onClose={() => setRevoking(null)}
          onRevoked={() => setRevoking(null)}
        />
      )}
    </>
  );
}
