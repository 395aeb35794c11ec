/** Users of the space: sorted, filtered and paged by the server, with add and CSV import. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Space } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { Time } from '../../components/Time.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AddUserDialog } from './AddUserDialog.js';
import { SelectField } from '../../components/Field.js';
import { LazyImportDialog } from './LazyImportDialog.js';
import { ENROLMENTS, type DirectoryUser } from './types.js';
import { useSortInUrl, useSpaceInUrl } from './useDirectoryList.js';
import './directory.css';

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

function UserFilters() {
  const { t } = useTranslation('directory');
  const [q, setQ] = useQueryParam('q');
  const [enrolment, setEnrolment] = useQueryParam('enrolment');
  const [active, setActive] = useQueryParam('active');
  return (
    <div className="filters">
      <SearchBox
        label={t('users.search')}
        value={q}
        onSearch={setQ}
        placeholder={t('users.searchHint')}
      />
      <SelectField label={t('field.enrolment')} value={enrolment} onValue={setEnrolment}>
        <option value="">{t('filter.any')}</option>
        {ENROLMENTS.map((e) => (
          <option key={e} value={e}>
            {t(`enrolment.${e}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('field.status')} value={active} onValue={setActive}>
        <option value="">{t('filter.any')}</option>
        <option value="true">{t('status.active')}</option>
        <option value="false">{t('status.deactivated')}</option>
      </SelectField>
    </div>
  );
}

export function UsersPage() {
  const { t } = useTranslation('directory');
  const { spaces, can } = useSession();
  const spaceId = useSpaceInUrl();
  const [sort, sortText, setSort] = useSortInUrl();
  const [q] = useQueryParam('q');
  const [enrolment] = useQueryParam('enrolment');
  const [active] = useQueryParam('active');
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const paged = usePaged<DirectoryUser>(
    withQuery('/users', { q, spaceId, enrolment, active, sort: sortText, limit: 50 }),
  );
  const columns = useUserColumns(spaceId === undefined ? spaces : []);
  const filtered = q !== '' || enrolment !== '' || active !== '';
  return (
    <>
      <PageTitle
        actions={
          can('directory:write') && (
            <div className="directory-toolbar">
              <button type="button" className="primary" onClick={() => setDialog('add')}>
                {t('addUser.open')}
              </button>
              <button type="button" onClick={() => setDialog('import')}>
                {t('import.openUsers')}
              </button>
            </div>
          )
        }
      >
        {t('users.title')}
      </PageTitle>
      <UserFilters />
      <PagedList paged={paged} empty={filtered ? t('users.noMatch') : t('users.none')}>
        {(users) => (
          <DataTable
            caption={t('users.title')}
            columns={columns}
            rows={users}
            rowId={(u) => u.id}
            sort={sort}
            onSort={setSort}
          />
        )}
      </PagedList>
      {dialog === 'add' && <AddUserDialog onClose={() => setDialog(null)} />}
      {dialog === 'import' && <LazyImportDialog kind="users" onClose={() => setDialog(null)} />}
    </>
  );
}
