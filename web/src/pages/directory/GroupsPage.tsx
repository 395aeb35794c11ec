/** Groups of the space (users, devices or both): the list, and "Create group". */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { Space } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { formatCount } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, navigate, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { fieldError } from '../../api/fieldErrors.js';
import { SelectField, TextField } from '../../components/Field.js';
import { SpaceField, useCreationSpace } from './SpaceField.js';
import { GROUP_KINDS, type DirectoryGroup } from './types.js';
import { useSpaceInUrl } from '../../hooks/useListInUrl.js';
import './directory.css';

const column = createColumnHelper<DirectoryGroup>();

function useGroupColumns(spaces: Space[]) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('name', {
        header: t('field.groupName'),
        cell: (c) => (
          <Link to={`/groups/${encodeURIComponent(c.row.original.id)}`}>{c.getValue()}</Link>
        ),
      }),
      column.accessor('kind', {
        header: t('field.kind'),
        cell: (c) => t(`groupKind.${c.getValue()}`),
      }),
      column.accessor('memberCount', {
        header: t('field.members'),
        meta: { align: 'end' },
        cell: (c) => formatCount(c.getValue()),
      }),
      column.accessor('spaceId', {
        header: t('field.space'),
        cell: (c) => spaces.find((s) => s.id === c.getValue())?.name ?? '—',
      }),
    ],
    [spaces, t],
  );
}

const FIELDS = ['name', 'kind', 'spaceId'];

function CreateGroupDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('directory');
  const notify = useNotify();
  const action = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('user');
  const [spaceId, setSpaceId] = useState(useCreationSpace());
  const submit = async () => {
    let created: DirectoryGroup | null = null;
    const ok = await action.run(async () => {
      created = await api.post<DirectoryGroup>('/groups', {
        name: name.trim(),
        kind,
        ...(spaceId === '' ? {} : { spaceId }),
      });
      notify(t('createGroup.done', { name: created.name }));
    });
    if (ok && created !== null) {
      onClose();
      navigate(`/groups/${encodeURIComponent((created as DirectoryGroup).id)}`);
    }
  };
  return (
    <FormDialog
      title={t('createGroup.title')}
      action={action}
      fields={FIELDS}
      submitLabel={t('createGroup.submit')}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label={t('field.groupName')}
        autoComplete="off"
        value={name}
        onValue={setName}
        error={fieldError(action.error, 'name')}
        required
      />
      <SelectField
        label={t('field.kind')}
        value={kind}
        onValue={setKind}
        error={fieldError(action.error, 'kind')}
      >
        {GROUP_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`groupKind.${k}`)}
          </option>
        ))}
      </SelectField>
      <SpaceField
        value={spaceId}
        onValue={setSpaceId}
        error={fieldError(action.error, 'spaceId')}
      />
    </FormDialog>
  );
}

export function GroupsPage() {
  const { t } = useTranslation('directory');
  const { spaces, can } = useSession();
  const spaceId = useSpaceInUrl();
  const [q, setQ] = useQueryParam('q');
  const [kind, setKind] = useQueryParam('kind');
  const [creating, setCreating] = useState(false);
  const paged = usePaged<DirectoryGroup>(withQuery('/groups', { q, spaceId, kind, limit: 50 }));
  const columns = useGroupColumns(spaces);
  return (
    <>
      <PageTitle
        actions={
          can('directory:write') && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t('createGroup.open')}
            </button>
          )
        }
      >
        {t('groups.title')}
      </PageTitle>
      <div className="filters">
        <SearchBox
          label={t('groups.search')}
          value={q}
          onSearch={setQ}
          placeholder={t('groups.searchHint')}
        />
        <SelectField label={t('field.kind')} value={kind} onValue={setKind}>
          <option value="">{t('filter.any')}</option>
          {GROUP_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`groupKind.${k}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <PagedList
        paged={paged}
        empty={q !== '' || kind !== '' ? t('groups.noMatch') : t('groups.none')}
      >
        {(groups) => (
          <DataTable
            caption={t('groups.title')}
            columns={columns}
            rows={groups}
            rowId={(g) => g.id}
          />
        )}
      </PagedList>
      {creating && <CreateGroupDialog onClose={() => setCreating(false)} />}
    </>
  );
}
