/** Users of the space: their columns and filters in the directory's list. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Space } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { createColumnHelper } from '../../components/DataTable.js';
import { Time } from '../../components/Time.js';
import { Link } from '../../router.js';
import { AddUserDialog } from './AddUserDialog.js';
import { ENROLMENTS, type DirectoryUser } from './types.js';
import { DirectoryList, type ListFilter } from './DirectoryList.js';

const column = createColumnHelper<DirectoryUser>();

function useUserColumns(spaces: Space[]) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('displayName', {
        header: t('field.displayName'),
        cell: (c) => (
          <Link to={`/users/${encodeURIComponent(c.row.original.id)}`}>{c.getValue()}</Link>
        ),
      }),
      column.accessor('email', { header: t('field.email') }),
      column.accessor('enrolment', {
        header: t('field.enrolment'),
        cell: (c) => t(`enrolment.${c.getValue()}`),
      }),
      column.accessor('active', {
        header: t('field.status'),
        enableSorting: false,
        cell: (c) =>
          c.getValue() ? (
            <Badge tone="ok">{t('status.active')}</Badge>
          ) : (
            <Badge tone="warning">{t('status.deactivated')}</Badge>
          ),
      }),
      ...(spaces.length > 1
        ? [
            column.accessor('spaceId', {
              header: t('field.space'),
              enableSorting: false,
              cell: (c) => spaces.find((s) => s.id === c.getValue())?.name ?? '—',
            }),
          ]
        : []),
      column.accessor('createdAt', {
        header: t('field.createdAt'),
        meta: { align: 'end' },
        cell: (c) => <Time iso={c.getValue()} dateOnly />,
      }),
    ],
    [spaces, t],
  );
}

export function UsersPage() {
  const { t } = useTranslation('directory');
  const filters = useMemo<ListFilter[]>(
    () => [
      {
        param: 'enrolment',
        label: t('field.enrolment'),
        options: ENROLMENTS.map((e) => ({ value: e, label: t(`enrolment.${e}`) })),
      },
      {
        param: 'active',
        label: t('field.status'),
        options: [
          { value: 'true', label: t('status.active') },
          { value: 'false', label: t('status.deactivated') },
        ],
      },
    ],
    [t],
  );
  return (
    <DirectoryList<DirectoryUser>
      kind="users"
      useColumns={useUserColumns}
      filters={filters}
      addLabel={t('addUser.open')}
      AddDialog={AddUserDialog}
    />
  );
}
