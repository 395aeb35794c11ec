/**
 * Single sign-on (R-I3): which role each group of the provider's groups claim grants, on the
 * whole organisation or on one space. Saved as a whole (PUT /sso/role-mappings).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { RoleMapping, RoleMappings } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { useNotify } from '../../components/Notices.js';
import { Empty, Loaded } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import { RoleSelect, ScopeSelect } from './RoleFields.js';
import { SettingsError } from './SettingsError.js';
import { RowButton } from './RowButton.js';

/** A row being edited; `key` keeps React's rows stable while groups are typed. */
interface Row extends RoleMapping {
  key: number;
}

const column = createColumnHelper<Row>();
let nextKey = 0;
const rowOf = (mapping: RoleMapping): Row => ({ ...mapping, key: nextKey++ });

function useMappingColumns(
  update: (key: number, change: Partial<RoleMapping>) => void,
  remove: (key: number) => void,
) {
  const { t } = useTranslation('settings');
  return [
    column.accessor('group', {
      header: t('sso.group'),
      cell: (c) => (
        <label className="field compact">
          <span className="visually-hidden">{t('sso.groupOf', { index: c.row.index + 1 })}</span>
          <input
            required
            maxLength={256}
            spellCheck={false}
            value={c.getValue()}
            onChange={(e) => update(c.row.original.key, { group: e.target.value })}
          />
        </label>
      ),
    }),
    column.accessor('role', {
      header: t('sso.role'),
      cell: (c) => (
        <RoleSelect
          label={t('sso.roleOf', { index: c.row.index + 1 })}
          hideLabel
          value={c.getValue()}
          onChange={(role) => update(c.row.original.key, { role })}
        />
      ),
    }),
    column.accessor('spaceId', {
      header: t('sso.scope'),
      cell: (c) => (
        <ScopeSelect
          label={t('sso.scopeOf', { index: c.row.index + 1 })}
          hideLabel
          value={c.getValue()}
          onChange={(spaceId) => update(c.row.original.key, { spaceId })}
        />
      ),
    }),
    column.display({
      id: 'actions',
      header: t('actions'),
      cell: (c) => (
        <RowButton
          danger
          label={t('sso.remove', { index: c.row.index + 1 })}
          onClick={() => remove(c.row.original.key)}
        >
          {t('remove')}
        </RowButton>
      ),
    }),
  ];
}

function MappingsEditor(props: { saved: RoleMapping[] }) {
  const { t } = useTranslation('settings');
  const notify = useNotify();
  const action = useAction();
  const [rows, setRows] = useState(() => props.saved.map(rowOf));
  useEffect(() => setRows(props.saved.map(rowOf)), [props.saved]);
  const update = (key: number, change: Partial<RoleMapping>) =>
    setRows((list) => list.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const remove = (key: number) => setRows((list) => list.filter((row) => row.key !== key));
  const columns = useMappingColumns(update, remove);

  const save = async () => {
    const mappings = rows.map(({ group, role, spaceId }) => ({
      group: group.trim(),
      role,
      spaceId,
    }));
    if (
      await action.run(
        async () => void (await api.put<RoleMappings>('/sso/role-mappings', { mappings })),
      )
    ) {
      notify(t('sso.saved'));
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {rows.length === 0 ? (
        <Empty>{t('sso.empty')}</Empty>
      ) : (
        <DataTable
          caption={t('sso.caption')}
          columns={columns}
          rows={rows}
          rowId={(r) => String(r.key)}
        />
      )}
      <SettingsError error={action.error} />
      <div className="form-actions">
        <button
          type="button"
          onClick={() =>
            setRows((list) => [...list, rowOf({ group: '', role: 'readOnly', spaceId: null })])
          }
        >
          {t('sso.add')}
        </button>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('sso.save')}
        </button>
      </div>
    </form>
  );
}

export function RoleMappingsTab(props: { provider: string | null }) {
  const { t } = useTranslation('settings');
  const mappings = useResource<RoleMappings>('/sso/role-mappings');
  return (
    <div className="settings-tab">
      <div className="settings-intro">
        <p>{t('sso.intro', { provider: props.provider ?? t('sso.theProvider') })}</p>
      </div>
      <p className="small muted">{t('sso.precedence')}</p>
      <Loaded resource={mappings} label={t('loading')}>
        {(data) => <MappingsEditor saved={data.mappings} />}
      </Loaded>
    </div>
  );
}
