/** The app's assignments: change an intent, delete one, add one with its forecast. */
import { useState } from 'react';
import { api, withQuery } from '../../api/client.js';
import type { Assignment, CatalogApp, Forecast, Group, Intent, Page } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useNotify } from '../../components/Notices.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { humanize } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { AssignmentForm } from './AssignmentForm.js';
import { INTENT_LABELS, targetName } from './assignmentText.js';

export function Assignments(props: { app: CatalogApp; onChanged: () => void }) {
  const { app } = props;
  const { can } = useSession();
  const canWrite = can('assignments:write');
  const notify = useNotify();
  const action = useAction();
  const assignments = useResource<Page<Assignment>>(
    `/catalog-apps/${encodeURIComponent(app.id)}/assignments?limit=500`,
  );
  const groups = useResource<Page<Group>>(
    withQuery('/groups', { spaceId: app.spaceId, limit: 500 }),
  );
  const groupList = groups.data?.items ?? [];
  const [deleting, setDeleting] = useState<Assignment | null>(null);
  const changed = () => {
    assignments.reload();
    props.onChanged();
  };

  const changeIntent = (assignment: Assignment, intent: Intent) =>
    void action.run(async () => {
      const updated = await api.patch<{ forecast: Forecast }>(
        `/assignments/${encodeURIComponent(assignment.id)}`,
        { intent },
      );
      notify(
        `${targetName(assignment.target, groupList)} is now ${intent}; needs ${updated.forecast.needed} licence(s).`,
      );
      changed();
    });

  return (
    <div className="assignments">
      <ErrorMessage error={action.error} />
      <Loaded resource={assignments}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>This app is not assigned yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Target</th>
                    <th scope="col">Intent</th>
                    <th scope="col">Licence type</th>
                    <th scope="col">Excluded groups</th>
                    <th scope="col">Created</th>
                    {canWrite && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((a) => {
                    const name = targetName(a.target, groupList);
                    return (
                      <tr key={a.id}>
                        <th scope="row">{name}</th>
                        <td>
                          {canWrite ? (
                            <select
                              aria-label={`Intent for ${name}`}
                              value={a.intent}
                              disabled={action.busy}
                              onChange={(event) => changeIntent(a, event.target.value as Intent)}
                            >
                              {Object.entries(INTENT_LABELS).map(([value, label]) => (
                                <option key={value} value={value}>
                                  {label}
                                </option>
                              ))}
                            </select>
                          ) : (
                            INTENT_LABELS[a.intent]
                          )}
                        </td>
                        <td>{a.licenseType === null ? 'Automatic' : humanize(a.licenseType)}</td>
                        <td>
                          {a.excludeGroupIds.length === 0
                            ? '—'
                            : a.excludeGroupIds
                                .map((id) => groupList.find((g) => g.id === id)?.name ?? id)
                                .join(', ')}
                        </td>
                        <td>
                          <Time iso={a.createdAt} />
                        </td>
                        {canWrite && (
                          <td>
                            <button
                              type="button"
                              className="small-button danger"
                              aria-label={`Delete the assignment to ${name}`}
                              onClick={() => setDeleting(a)}
                            >
                              Delete
                            </button>
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {canWrite && <AssignmentForm app={app} groups={groupList} onCreated={changed} />}
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete the assignment to ${targetName(deleting.target, groupList)}?`}
          confirmLabel="Delete assignment"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/assignments/${encodeURIComponent(deleting.id)}`);
            notify('Assignment deleted.');
            changed();
          }}
        >
          <p>
            Users and devices that no other assignment targets lose their licence of {app.name}; on
            iOS and iPadOS the app is uninstalled.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
