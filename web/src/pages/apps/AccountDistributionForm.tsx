/**
 * R-A3 for one app on one account: first-come-first-served groups, reserved users and devices,
 * prohibited users. Several combine; saving replaces the four lists at once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { AccountDistribution, DistributionLists, Group } from '../../api/types.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectPicker } from '../../components/SubjectPicker.js';
import { WhatIfPreview } from '../../components/WhatIfPreview.js';
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
  /** May ask what saving would do (R-X6 needs the assignments permission too). */
  canPreview: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation('apps');
  const { item, canWrite } = props;
  const [baseline, setBaseline] = useState<DistributionLists>(() => listsOf(item));
  const [lists, setLists] = useState<DistributionLists>(baseline);
  const action = useAction();
  const notify = useNotify();
  const userName = useNames('users', [...lists.reservedUserIds, ...lists.prohibitedUserIds]);
  const deviceName = useNames('devices', lists.reservedDeviceIds);
  const groupName = (id: string) =>
    id === 'allUsers' ? t('target.allUsers') : (props.groups.find((g) => g.id === id)?.name ?? id);
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
      notify(t('distribution.saved', { app: props.appName, account: item.accountName }));
      props.onSaved();
    });
  };

  const groupChoices = [{ id: 'allUsers', name: t('target.allUsers') }, ...props.groups].filter(
    (g) => !lists.fcfsGroupIds.includes(g.id),
  );

  return (
    <form
      className="card distribution"
      aria-label={t('distribution.on', { account: item.accountName })}
      onSubmit={(e) => void save(e)}
    >
      <header className="card-header">
        <h3>
          {item.priority}. {item.accountName}
        </h3>
        <span className="small muted">
          {item.pool.available === null
            ? t('distribution.poolFree', { inUse: formatCount(item.pool.inUse) })
            : t('distribution.pool', {
                total: formatCount(item.pool.total),
                inUse: formatCount(item.pool.inUse),
                reserved: formatCount(item.pool.reserved),
                available: formatCount(item.pool.available),
              })}
        </span>
      </header>
      {item.source === 'accountDefault' && (
        <p className="small muted">
          {item.autoDistributeToAllUsers
            ? t('distribution.defaultAllUsers')
            : t('distribution.defaultNobody')}
        </p>
      )}
      <div className="distribution-grid">
        <fieldset>
          <legend>{t('distribution.fcfs')}</legend>
          <ChipList
            label={t('distribution.fcfs')}
            ids={lists.fcfsGroupIds}
            nameOf={groupName}
            onRemove={remove('fcfsGroupIds')}
          />
          {canWrite && groupChoices.length > 0 && (
            <label className="field">
              <span>{t('distribution.addGroup')}</span>
              <select
                value=""
                onChange={(event) => {
                  if (event.target.value !== '') add('fcfsGroupIds', event.target.value);
                }}
              >
                <option value="">{t('distribution.chooseGroup')}</option>
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
          <legend>{t('distribution.reservedUsers')}</legend>
          <ChipList
            label={t('distribution.reservedUsers')}
            ids={lists.reservedUserIds}
            nameOf={userName}
            onRemove={remove('reservedUserIds')}
          />
          {canWrite && (
            <SubjectPicker
              kind="users"
              label={t('distribution.reserveUser')}
              exclude={lists.reservedUserIds}
              onPick={(id) => add('reservedUserIds', id)}
            />
          )}
        </fieldset>
        <fieldset>
          <legend>{t('distribution.reservedDevices')}</legend>
          <ChipList
            label={t('distribution.reservedDevices')}
            ids={lists.reservedDeviceIds}
            nameOf={deviceName}
            onRemove={remove('reservedDeviceIds')}
          />
          {canWrite && (
            <SubjectPicker
              kind="devices"
              label={t('distribution.reserveDevice')}
              exclude={lists.reservedDeviceIds}
              onPick={(id) => add('reservedDeviceIds', id)}
            />
          )}
        </fieldset>
        <fieldset>
          <legend>{t('distribution.prohibited')}</legend>
          <ChipList
            label={t('distribution.prohibited')}
            ids={lists.prohibitedUserIds}
            nameOf={userName}
            onRemove={remove('prohibitedUserIds')}
          />
          {canWrite && (
            <SubjectPicker
              kind="users"
              label={t('distribution.prohibitUser')}
              exclude={lists.prohibitedUserIds}
              onPick={(id) => add('prohibitedUserIds', id)}
            />
          )}
        </fieldset>
      </div>
      {canWrite && props.canPreview && (
        <WhatIfPreview
          changes={
            dirty
              ? [
                  {
                    type: 'distribution',
                    catalogAppId: props.appId,
                    accountId: item.accountId,
                    ...lists,
                  },
                ]
              : null
          }
        />
      )}
      <ErrorMessage error={action.error} />
      {canWrite && (
        <div className="actions">
          <button type="submit" className="primary" disabled={!dirty || action.busy}>
            {action.busy
              ? t('distribution.saving')
              : t('distribution.save', { account: item.accountName })}
          </button>
          <button type="button" disabled={!dirty} onClick={() => setLists(baseline)}>
            {t('distribution.undo')}
          </button>
        </div>
      )}
    </form>
  );
}
