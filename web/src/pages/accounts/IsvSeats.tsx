/**
 * R-T12: the seats of an ISV subscription — who holds them, assigning them to users or to the
 * users of groups, taking them back, and the seat count of a marketplace purchase.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withQuery } from '../../api/client.js';
import type { Group, License, Page, Product } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useNotify } from '../../components/Notices.js';
import { Empty, ErrorMessage } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useNames } from '../../hooks/useNames.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { fieldErrorsOf } from '../../api/fieldErrors.js';
import { Field } from '../../components/Field.js';
import type { SeatCounts, StoreAccount } from './types.js';
import { UserPicker } from './UserPicker.js';

const column = createColumnHelper<License>();

function seatsOf(product: Product | undefined): SeatCounts | null {
  const pool = product?.pools[0];
  if (pool === undefined) return null;
  return { total: pool.total ?? 0, inUse: pool.inUse, available: pool.available ?? 0 };
}

/** Whom to give seats to: users picked by name and whole groups. */
function AssignSeatsForm(props: { account: StoreAccount; groups: Group[] }) {
  const { t } = useTranslation('accounts');
  const notify = useNotify();
  const [userIds, setUserIds] = useState<string[]>([]);
  const nameOf = useNames('users', userIds);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const action = useAction();
  const path = `/accounts/${encodeURIComponent(props.account.id)}/seats`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      const result = await api.post<{ assigned: number; alreadyAssigned: number }>(
        `${path}/assign`,
        { userIds, groupIds },
      );
      notify(t('seats.assigned', { count: result.assigned, already: result.alreadyAssigned }));
    });
    if (ok) {
      setUserIds([]);
      setGroupIds([]);
    }
  };
  const shortfall =
    action.error instanceof ApiError && action.error.code === 'INSUFFICIENT_LICENSES'
      ? (action.error.details as { forecast?: { shortfall?: number } } | undefined)?.forecast
      : undefined;

  return (
    <form className="card form seats-form" onSubmit={(event) => void submit(event)}>
      <h4>{t('seats.assignTitle')}</h4>
      <UserPicker
        label={t('seats.findUser')}
        exclude={userIds}
        onPick={(id) => setUserIds((list) => [...list, id])}
      />
      {userIds.length > 0 && (
        <ul className="chips" aria-label={t('seats.chosenUsers')}>
          {userIds.map((id) => (
            <li key={id} className="chip">
              {nameOf(id)}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('seats.removeChoice', { name: nameOf(id) })}
                onClick={() => setUserIds((list) => list.filter((u) => u !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.groups.length > 0 && (
        <fieldset>
          <legend>{t('seats.groups')}</legend>
          {props.groups.map((g) => (
            <label key={g.id} className="check inline">
              <input
                type="checkbox"
                checked={groupIds.includes(g.id)}
                onChange={(event) =>
                  setGroupIds((list) =>
                    event.target.checked ? [...list, g.id] : list.filter((id) => id !== g.id),
                  )
                }
              />
              <span>{t('seats.groupOption', { name: g.name, count: g.memberCount })}</span>
            </label>
          ))}
        </fieldset>
      )}
      {shortfall !== undefined ? (
        <div className="forecast error" role="alert">
          <p>{t('seats.shortfall', { count: shortfall.shortfall ?? 0 })}</p>
        </div>
      ) : (
        <ErrorMessage error={action.error} />
      )}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={action.busy || (userIds.length === 0 && groupIds.length === 0)}
        >
          {action.busy ? t('seats.assigning') : t('seats.assign')}
        </button>
      </div>
    </form>
  );
}

/** Takes the seats back from every user of a group at once. */
function UnassignGroupForm(props: { account: StoreAccount; groups: Group[] }) {
  const { t } = useTranslation('accounts');
  const notify = useNotify();
  const [groupId, setGroupId] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const result = await api.post<{ unassigned: number }>(
        `/accounts/${encodeURIComponent(props.account.id)}/seats/unassign`,
        { groupIds: [groupId], confirm: true },
      );
      notify(t('seats.unassigned', { count: result.unassigned }));
      setGroupId('');
    });
  };
  if (props.groups.length === 0) return null;
  return (
    <form className="form-row inline-form" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>{t('seats.takeBackFromGroup')}</span>
        <select value={groupId} onChange={(event) => setGroupId(event.target.value)}>
          <option value="">{t('seats.chooseGroup')}</option>
          {props.groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <div className="actions">
        <button type="submit" className="danger" disabled={groupId === '' || action.busy}>
          {t('seats.takeBack')}
        </button>
      </div>
      <ErrorMessage error={action.error} />
    </form>
  );
}

/** R-T12: a marketplace purchase's seat count changes here; a vendor's does not. */
function SeatCountForm({ account, seats }: { account: StoreAccount; seats: SeatCounts | null }) {
  const { t } = useTranslation('accounts');
  const notify = useNotify();
  const [value, setValue] = useState(String(account.seats ?? seats?.total ?? 0));
  const action = useAction();
  if (account.purchasedThrough !== 'marketplace') {
    return <p className="muted small">{t('seats.vendorReadOnly')}</p>;
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      await api.patch(`/accounts/${encodeURIComponent(account.id)}`, { seats: Number(value) });
      notify(t('seats.countChanged', { count: Number(value) }));
    });
  };
  // A refused count (below the seats in use, or read-only) is about the field too.
  const seatsError =
    fieldErrorsOf(action.error).seats ??
    (action.error instanceof ApiError && action.error.code.startsWith('SEATS_')
      ? action.error.message
      : undefined);
  return (
    <form className="form-row inline-form" onSubmit={(event) => void submit(event)}>
      <Field label={t('seats.count')} error={seatsError}>
        <input
          type="number"
          min={seats?.inUse ?? 0}
          max={10_000_000}
          required
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
      </Field>
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          {t('seats.changeCount')}
        </button>
      </div>
      {seatsError === undefined && <ErrorMessage error={action.error} />}
    </form>
  );
}

function SeatHolders({ account, canWrite }: { account: StoreAccount; canWrite: boolean }) {
  const { t } = useTranslation('accounts');
  const notify = useNotify();
  const action = useAction();
  const paged = usePaged<License>(
    withQuery('/licenses', { accountId: account.id, state: 'active', limit: 50 }),
  );
  const takeBack = (license: License) =>
    void action.run(async () => {
      await api.post(`/accounts/${encodeURIComponent(account.id)}/seats/unassign`, {
        userIds: [license.subject.id],
      });
      notify(t('seats.takenBack', { name: license.subject.name }));
    });
  const columns = useMemo(
    () => [
      column.accessor((l) => l.subject.name, { id: 'holder', header: t('seats.holder') }),
      column.accessor('assignedAt', {
        header: t('seats.assignedAt'),
        cell: (c) => <Time iso={c.getValue()} />,
      }),
      ...(canWrite
        ? [
            column.display({
              id: 'actions',
              header: t('seats.actions'),
              cell: (c) => (
                <button
                  type="button"
                  className="small-button danger"
                  aria-label={t('seats.takeBackFrom', { name: c.row.original.subject.name })}
                  onClick={() => takeBack(c.row.original)}
                >
                  {t('seats.takeBack')}
                </button>
              ),
            }),
          ]
        : []),
    ],
    // takeBack is rebuilt each render; the columns only depend on the language and the role.
    [t, canWrite],
  );
  return (
    <>
      <ErrorMessage error={action.error ?? paged.error} />
      {paged.items !== undefined && paged.items.length === 0 ? (
        <Empty>{t('seats.none')}</Empty>
      ) : (
        <DataTable
          caption={t('seats.holdersCaption', { name: account.name })}
          columns={columns}
          rows={paged.items ?? []}
          rowId={(l) => l.id}
        />
      )}
      <LoadMore cursor={paged.nextCursor} busy={paged.loading} onMore={paged.loadMore} />
    </>
  );
}

export function IsvSeats({ account }: { account: StoreAccount }) {
  const { t } = useTranslation('accounts');
  const { spaceId, can } = useSession();
  const canWrite = can('licenses:write');
  const product = useResource<Product>(
    account.productId == null ? null : `/products/${encodeURIComponent(account.productId)}`,
  );
  const groups = useResource<Page<Group>>(withQuery('/groups', { spaceId, limit: 200 }));
  const seats = seatsOf(product.data);
  const userGroups = (groups.data?.items ?? []).filter((g) => g.kind !== 'device');
  return (
    <section className="isv-seats" aria-labelledby={`seats-${account.id}`}>
      <h3 id={`seats-${account.id}`}>{t('seats.title')}</h3>
      {seats !== null && (
        <>
          <p>
            {t('seats.summary', {
              inUse: formatCount(seats.inUse),
              total: formatCount(seats.total),
              available: formatCount(seats.available),
            })}
          </p>
          <progress
            className="seat-meter"
            aria-label={t('seats.usageLabel', { name: account.name })}
            max={Math.max(seats.total, 1)}
            value={Math.min(seats.inUse, Math.max(seats.total, 1))}
          />
        </>
      )}
      {can('accounts:write') && <SeatCountForm account={account} seats={seats} />}
      <SeatHolders account={account} canWrite={canWrite} />
      {canWrite && (
        <>
          <AssignSeatsForm account={account} groups={userGroups} />
          <UnassignGroupForm account={account} groups={userGroups} />
        </>
      )}
    </section>
  );
}
