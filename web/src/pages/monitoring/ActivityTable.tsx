/** Entries of the activity log (R-M7): when, who, what, about which subject, what changed. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { License } from '../../api/types.js';
import { createColumnHelper, DataTable, type TableSort } from '../../components/DataTable.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { actionLabel } from './activityText.js';
import { Changes } from './Changes.js';
import type { ActivityRow } from './types.js';

const column = createColumnHelper<ActivityRow>();

export function ActivityTable(props: {
  entries: ActivityRow[];
  /** The server's order, when the page lets the administrator change it. */
  sort?: TableSort;
  onSort?: (sort: TableSort | null) => void;
}) {
  const { t } = useTranslation('monitoring');
  const { can } = useSession();
  const action = useAction();
  const [revoking, setRevoking] = useState<License | null>(null);
  const revocable = (e: ActivityRow) =>
    can('licenses:write') && e.subject.type === 'license' && e.action === 'license.grant';

  const openRevoke = (id: string) =>
    void action.run(async () => {
      const license = await api.get<License>(`/licenses/${encodeURIComponent(id)}`);
      if (license.state !== 'active') throw new Error(t('activity.alreadyRevoked'));
      setRevoking(license);
    });

  const columns = [
    column.accessor('at', {
      id: 'at',
      header: t('activity.when'),
      enableSorting: props.onSort !== undefined,
      sortDescFirst: true,
      cell: (c) => <Time iso={c.getValue()} />,
    }),
    column.accessor((e) => e.actor.name, {
      id: 'actor',
      header: t('activity.who'),
      enableSorting: false,
    }),
    column.accessor('action', {
      header: t('activity.what'),
      enableSorting: false,
      cell: (c) => <span title={c.getValue()}>{actionLabel(t, c.getValue())}</span>,
    }),
    column.display({
      id: 'subject',
      header: t('activity.subject'),
      cell: ({ row: { original: e } }) => (
        <>
          <span className="muted small">
            {t(`common:subjectType.${e.subject.type}`, { defaultValue: e.subject.type })}{' '}
          </span>
          <SubjectLink subject={e.subject} />
          {revocable(e) && (
            <button
              type="button"
              className="small-button danger"
              onClick={() => openRevoke(e.subject.id)}
            >
              {t('activity.revokeLicense')}
            </button>
          )}
        </>
      ),
    }),
    column.display({
      id: 'changes',
      header: t('activity.changes'),
      cell: ({ row }) => <Changes entry={row.original} />,
    }),
  ];

  return (
    <>
      <ErrorMessage error={action.error} />
      <DataTable
        caption={t('activity.caption')}
        columns={columns}
        rows={props.entries}
        rowId={(e) => e.id}
        sort={props.sort}
        onSort={props.onSort}
      />
      {revoking !== null && (
        <RevokeLicenseDialog
          license={revoking}
          appName={t('activity.thisApp')}
          onClose={() => setRevoking(null)}
          onRevoked={() => setRevoking(null)}
        />
      )}
    </>
  );
}
