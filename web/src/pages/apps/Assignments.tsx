/** The app's assignments: change an intent, delete one, add one with its forecast. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { Assignment, CatalogApp, Forecast, Group, Intent, Page } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { useNotify } from '../../components/Notices.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { AssignmentForm } from './AssignmentForm.js';
import { INTENTS, targetName } from './assignmentText.js';

const column = createColumnHelper<Assignment>();

export function Assignments(props: { app: CatalogApp; onChanged: () => void }) {
  const { t } = useTranslation('apps');
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
  const nameOf = (a: Assignment) => targetName(a.target, groupList, t);

  const changeIntent = (assignment: Assignment, intent: Intent) =>
    void action.run(async () => {
      const updated = await api.patch<{ forecast: Forecast }>(
        `/assignments/${encodeURIComponent(assignment.id)}`,
        { intent },
      );
      notify(
        t('assignments.intentChanged', {
          name: nameOf(assignment),
          intent: t(`intent.${intent}`),
          count: updated.forecast.needed,
        }),
      );
      changed();
    });

  const columns = [
    column.display({
      id: 'target',
      header: t('assignments.target'),
      cell: (c) => nameOf(c.row.original),
    }),
    column.accessor('intent', {
      header: t('assignments.intent'),
      cell: (c) =>
        canWrite ? (
          <select
            aria-label={t('assignments.intentFor', { name: nameOf(c.row.original) })}
            value={c.getValue()}
            disabled={action.busy}
            onChange={(event) => changeIntent(c.row.original, event.target.value as Intent)}
          >
            {INTENTS.map((value) => (
              <option key={value} value={value}>
                {t(`intent.${value}`)}
              </option>
            ))}
          </select>
        ) : (
          t(`intent.${c.getValue()}`)
        ),
    }),
    column.accessor('licenseType', {
      header: t('assignments.licenceType'),
      cell: (c) => t(`licenceType.${c.getValue() ?? 'automatic'}`),
    }),
    column.accessor('excludeGroupIds', {
      header: t('assignments.excluded'),
      cell: (c) =>
        c.getValue().length === 0
          ? '—'
          : c
              .getValue()
              .map((id) => groupList.find((g) => g.id === id)?.name ?? id)
              .join(', '),
    }),
    column.accessor('createdAt', {
      header: t('assignments.created'),
      cell: (c) => <Time iso={c.getValue()} />,
    }),
    ...(canWrite
      ? [
          column.display({
            id: 'actions',
            header: t('assignments.actions'),
            cell: (c) => (
              <button
                type="button"
                className="small-button danger"
                aria-label={t('assignments.deleteNamed', { name: nameOf(c.row.original) })}
                onClick={() => setDeleting(c.row.original)}
              >
                {t('assignments.delete')}
              </button>
            ),
          }),
        ]
      : []),
  ];

  return (
    <div className="assignments">
      <ErrorMessage error={action.error} />
      <Loaded resource={assignments} label={t('loading')}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('assignments.none')}</Empty>
          ) : (
            <DataTable
              caption={t('assignments.caption', { name: app.name })}
              columns={columns}
              rows={page.items}
              rowId={(a) => a.id}
            />
          )
        }
      </Loaded>
      {canWrite && <AssignmentForm app={app} groups={groupList} onCreated={changed} />}
      {deleting !== null && (
        <ConfirmDialog
          title={t('assignments.deleteTitle', { name: nameOf(deleting) })}
          confirmLabel={t('assignments.deleteConfirm')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/assignments/${encodeURIComponent(deleting.id)}`);
            notify(t('assignments.deleted'));
            changed();
          }}
        >
          <p>{t('assignments.deleteBody', { name: app.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
