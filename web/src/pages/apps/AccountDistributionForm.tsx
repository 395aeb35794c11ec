/**
 * R-A3 for one app on one account: first-come-first-served groups, reserved users and devices,
 * prohibited users. Several combine; saving replaces the four lists at once.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AccountDistribution, DistributionLists, Group } from '../../api/types.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectPicker } from '../../components/SubjectPicker.js';
import { formatCount } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useNames } from '../../hooks/useNames.js';
import { ChipList } from './ChipList.js';

type ListKey = keyof DistributionLists;

export function listsOf(item: DistributionLists): DistributionLists {
  return {
    fcfsGroupIds: item.fcfsGroupIds,
    reservedUserIds: item.reservedUserIds,
    reservedDeviceIds: item.reservedDeviceIds,
    prohibitedUserIds: item.prohibitedUserIds,
  };
}

export function AccountDistributionForm(props: {
  appId: string;
  appName: string;
  item: AccountDistribution;
  groups: Group[];
  canWrite: boolean;
  onSaved: () => void;
}) {
  const { item, canWrite } = props;
  const [baseline, setBaseline] = useState<DistributionLists>(() => listsOf(item));
  const [lists, setLists] = useState<DistributionLists>(baseline);
  const action = useAction();
  const notify = useNotify();
  const userName = useNames('users', [...lists.reservedUserIds, ...lists.prohibitedUserIds]);
  const deviceName = useNames('devices', lists.reservedDeviceIds);
  const groupName = (id: string) =>
    id === 'allUsers' ? 'All Users' : (props.groups.find((g) => g.id === id)?.name ?? id);
  const dirty = JSON.stringify(lists) !== JSON.stringify(baseline);

  const add = (key: ListKey, id: string) =>
    setLists((current) =>
      current[key].includes(id) ? current : { ...current, [key]: [...current[key], id] },
    );
  const remove = (key: ListKey) =>
    canWrite
      ? (id: string) =>
          setLists((current) => ({ ...current, [key]: current[key].filter((x) => x !== id) }))
      : undefined;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const saved = await api.put<AccountDistribution>(
        `/catalog-apps/${encodeURIComponent(props.appId)}/distribution/${encodeURIComponent(item.accountId)}`,
        lists,
      );
      setBaseline(listsOf(saved));
      setLists(listsOf(saved));
      notify(`Distribution of ${props.appName} on ${item.accountName} saved.`);
      props.onSaved();
    });
  };

  const groupChoices = [{ id: 'allUsers', name: 'All Users' }, ...props.groups].filter(
    (g) => !lists.fcfsGroupIds.includes(g.id),
  );

  return (
    <form
      className="card distribution"
      aria-label={`Distribution on ${item.accountName}`}
      onSubmit={(e) => void save(e)}
    >
      <header className="card-header">
        <h3>
          {item.priority}. {item.accountName}
        </h3>
        <span className="small muted">
          Pool: {formatCount(item.pool.total)} total · {formatCount(item.pool.inUse)} in use ·{' '}
          {formatCount(item.pool.reserved)} reserved ·{' '}
          {item.pool.available === null
            ? 'unlimited'
            : `${formatCount(item.pool.available)} available`}
        </span>
      </header>
      {item.source === 'accountDefault' && (
        <p className="small muted">
          No list is set for this app: the account&rsquo;s default applies (
          {item.autoDistributeToAllUsers ? 'All Users, first come first served' : 'nobody'}).
        </p>
      )}
      <div className="distribution-grid">
        <fieldset>
          <legend>First come, first served groups</legend>
          <ChipList
            label="First come, first served groups"
            ids={lists.fcfsGroupIds}
            nameOf={groupName}
            onRemove={remove('fcfsGroupIds')}
          />
          {canWrite && groupChoices.length > 0 && (
            <label className="field">
              <span>Add a group</span>
              <select
                value=""
                onChange={(event) => {
                  if (event.target.value !== '') add('fcfsGroupIds', event.target.value);
                }}
              >
                <option value="">Choose a group…</option>
                {groupChoices.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>Reserved users</legend>
          <ChipList
            label="Reserved users"
            ids={lists.reservedUserIds}
            nameOf={userName}
            onRemove={remove('reservedUserIds')}
          />
          {canWrite && (
            <SubjectPicker
              kind="users"
              label="Reserve for a user"
              exclude={lists.reservedUserIds}
              onPick={(id) => add('reservedUserIds', id)}
            />
          )}
        </fieldset>
        <fieldset>
          <legend>Reserved devices</legend>
          <ChipList
            label="Reserved devices"
            ids={lists.reservedDeviceIds}
            nameOf={deviceName}
            onRemove={remove('reservedDeviceIds')}
          />
          {canWrite && (
            <SubjectPicker
              kind="devices"
              label="Reserve for a device"
              exclude={lists.reservedDeviceIds}
              onPick={(id) => add('reservedDeviceIds', id)}
            />
          )}
        </fieldset>
        <fieldset>
          <legend>Prohibited users</legend>
          <ChipList
            label="Prohibited users"
            ids={lists.prohibitedUserIds}
            nameOf={userName}
            onRemove={remove('prohibitedUserIds')}
          />
          {canWrite && (
            <SubjectPicker
              kind="users"
              label="Prohibit a user"
              exclude={lists.prohibitedUserIds}
              onPick={(id) => add('prohibitedUserIds', id)}
            />
          )}
        </fieldset>
      </div>
      <ErrorMessage error={action.error} />
      {canWrite && (
        <div className="actions">
          <button type="submit" className="primary" disabled={!dirty || action.busy}>
            {action.busy ? 'Saving…' : `Save distribution on ${item.accountName}`}
          </button>
          <button type="button" disabled={!dirty} onClick={() => setLists(baseline)}>
            Undo changes
          </button>
        </div>
      )}
    </form>
  );
}
