/** A group: its members (add, remove), rename, delete. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useNotify } from '../../components/Notices.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle, Section } from '../../components/Section.js';
import { ErrorMessage, Loaded } from '../../components/State.js';
import { SubjectPicker } from '../../components/SubjectPicker.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { Link, navigate } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { fieldError } from '../../api/fieldErrors.js';
import { TextField } from '../../components/Field.js';
import type { DirectoryGroup, GroupAssignment, GroupMember } from './types.js';
import './directory.css';

const column = createColumnHelper<GroupMember>();
const assignmentColumn = createColumnHelper<GroupAssignment>();

function memberPath(member: GroupMember): string {
  return `/${member.type === 'user' ? 'users' : 'devices'}/${encodeURIComponent(member.id)}`;
}

function useMemberColumns(onRemove: ((member: GroupMember) => void) | null) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('name', {
        header: t('field.member'),
        cell: (c) => <Link to={memberPath(c.row.original)}>{c.getValue()}</Link>,
      }),
      column.accessor('type', {
        header: t('field.memberType'),
        cell: (c) => t(`memberType.${c.getValue()}`),
      }),
      column.accessor('addedAt', {
        header: t('field.addedAt'),
        meta: { align: 'end' },
        cell: (c) => <Time iso={c.getValue()} />,
      }),
      ...(onRemove === null
        ? []
        : [
            column.display({
              id: 'actions',
              header: t('field.actions'),
              cell: (c) => (
                <button
                  type="button"
                  className="small-button danger"
                  aria-label={t('group.removeMember', { name: c.row.original.name })}
                  onClick={() => onRemove(c.row.original)}
                >
                  {t('action.remove')}
                </button>
              ),
            }),
          ]),
    ],
    [onRemove, t],
  );
}

function AddMembers({ group }: { group: DirectoryGroup }) {
  const { t } = useTranslation('directory');
  const notify = useNotify();
  const action = useAction();
  const add = (kind: 'users' | 'devices', id: string) =>
    void action.run(async () => {
      const body = kind === 'users' ? { userIds: [id] } : { deviceIds: [id] };
      await api.post(`/groups/${encodeURIComponent(group.id)}/members`, body);
      notify(t('group.added'));
    });
  return (
    <div className="form-row">
      {group.kind !== 'device' && (
        <SubjectPicker
          kind="users"
          label={t('group.addUser')}
          exclude={[]}
          onPick={(id) => add('users', id)}
        />
      )}
      {group.kind !== 'user' && (
        <SubjectPicker
          kind="devices"
          label={t('group.addDevice')}
          exclude={[]}
          onPick={(id) => add('devices', id)}
        />
      )}
      <ErrorMessage error={action.error} />
    </div>
  );
}

function Members({ group }: { group: DirectoryGroup }) {
  const { t } = useTranslation('directory');
  const { can } = useSession();
  const notify = useNotify();
  const [removing, setRemoving] = useState<GroupMember | null>(null);
  const paged = usePaged<GroupMember>(
    withQuery(`/groups/${encodeURIComponent(group.id)}/members`, { limit: 50 }),
  );
  const columns = useMemberColumns(can('directory:write') ? setRemoving : null);
  return (
    <Section title={t('group.members', { n: formatCount(group.memberCount) })}>
      {can('directory:write') && <AddMembers group={group} />}
      <PagedList paged={paged} empty={t('group.noMembers')}>
        {(members) => (
          <DataTable
            caption={t('group.membersCaption', { name: group.name })}
            columns={columns}
            rows={members}
            rowId={(m) => `${m.type}:${m.id}`}
          />
        )}
      </PagedList>
      {removing !== null && (
        <ConfirmDialog
          title={t('group.removeTitle', { name: removing.name })}
          confirmLabel={t('action.remove')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await api.delete(
              `/groups/${encodeURIComponent(group.id)}/members/${encodeURIComponent(removing.id)}`,
            );
            notify(t('group.removed', { name: removing.name }));
          }}
        >
          <p>{t('group.removeText', { name: removing.name, group: group.name })}</p>
        </ConfirmDialog>
      )}
    </Section>
  );
}

function useAssignmentColumns() {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      assignmentColumn.accessor('appName', {
        header: t('field.app'),
        cell: (c) => (
          <Link to={`/apps/${encodeURIComponent(c.row.original.catalogAppId)}`}>
            {c.getValue()}
          </Link>
        ),
      }),
      assignmentColumn.accessor('excluded', {
        header: t('field.targeting'),
        cell: (c) => (c.getValue() ? t('assignment.excluded') : t('assignment.targeted')),
      }),
      assignmentColumn.accessor('intent', {
        header: t('field.intent'),
        cell: (c) => t(`intent.${c.getValue()}`, { defaultValue: c.getValue() }),
      }),
      assignmentColumn.accessor('licenseType', {
        header: t('field.license'),
        cell: (c) => {
          const type = c.getValue();
          return type === null
            ? t('licenseType.auto')
            : t(`licenseType.${type}`, { defaultValue: type });
        },
      }),
    ],
    [t],
  );
}

function Assignments({ group }: { group: DirectoryGroup }) {
  const { t } = useTranslation('directory');
  const paged = usePaged<GroupAssignment>(
    withQuery(`/groups/${encodeURIComponent(group.id)}/assignments`, { limit: 50 }),
  );
  const columns = useAssignmentColumns();
  return (
    <Section title={t('group.assignments')}>
      <p className="muted small">{t('group.assignmentsHint')}</p>
      <PagedList paged={paged} empty={t('group.noAssignments')}>
        {(assignments) => (
          <DataTable
            caption={t('group.assignmentsCaption', { name: group.name })}
            columns={columns}
            rows={assignments}
            rowId={(a) => a.id}
          />
        )}
      </PagedList>
    </Section>
  );
}

function RenameDialog({ group, onClose }: { group: DirectoryGroup; onClose: () => void }) {
  const { t } = useTranslation('directory');
  const action = useAction();
  const [name, setName] = useState(group.name);
  const submit = async () => {
    const ok = await action.run(async () => {
      await api.patch(`/groups/${encodeURIComponent(group.id)}`, { name: name.trim() });
    });
    if (ok) onClose();
  };
  return (
    <FormDialog
      title={t('group.renameTitle')}
      action={action}
      fields={['name']}
      submitLabel={t('group.rename')}
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
    </FormDialog>
  );
}

function GroupActions({ group }: { group: DirectoryGroup }) {
  const { t } = useTranslation('directory');
  const notify = useNotify();
  const [open, setOpen] = useState<'rename' | 'delete' | null>(null);
  return (
    <div className="directory-toolbar">
      <button type="button" onClick={() => setOpen('rename')}>
        {t('group.rename')}
      </button>
      <button type="button" className="danger" onClick={() => setOpen('delete')}>
        {t('group.delete')}
      </button>
      {open === 'rename' && <RenameDialog group={group} onClose={() => setOpen(null)} />}
      {open === 'delete' && (
        <ConfirmDialog
          title={t('group.deleteTitle', { name: group.name })}
          confirmLabel={t('group.delete')}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await api.delete(`/groups/${encodeURIComponent(group.id)}`);
            notify(t('group.deleted', { name: group.name }));
            navigate('/groups');
          }}
        >
          <p>{t('group.deleteText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

export function GroupPage({ id }: { id: string }) {
  const { t } = useTranslation('directory');
  const { can, spaces } = useSession();
  const group = useResource<DirectoryGroup>(`/groups/${encodeURIComponent(id)}`);
  return (
    <Loaded resource={group}>
      {(g) => (
        <>
          <PageTitle
            subtitle={[
              t(`groupKindTitle.${g.kind}`),
              spaces.length > 1 ? spaces.find((s) => s.id === g.spaceId)?.name : undefined,
            ]
              .filter(Boolean)
              .join(' · ')}
            actions={can('directory:write') && <GroupActions group={g} />}
          >
            {g.name}
          </PageTitle>
          <Members group={g} />
          <Assignments group={g} />
        </>
      )}
    </Loaded>
  );
}
