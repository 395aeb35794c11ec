/** The space's store accounts, one row each; the name opens the account's details. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { formatCount } from '../../format.js';
import { AccountStatus } from './AccountStatus.js';
import { TokenExpiry } from './AccountFacts.js';
import type { AccountTotals } from './types.js';

export interface AccountRow {
  account: Account;
  totals: AccountTotals | undefined;
  spaceName: string | null;
}

const column = createColumnHelper<AccountRow>();

function Licences({ row, part }: { row: AccountRow; part: 'total' | 'inUse' | 'available' }) {
  const { t } = useTranslation('accounts');
  const { account, totals } = row;
  if (totals === undefined) return <span className="muted">—</span>;
  if (account.store === 'isv') {
    if (part === 'total') return <>{t('table.seats', { count: account.seats ?? totals.total })}</>;
    return <>{formatCount(totals[part])}</>;
  }
  if (part === 'inUse' && totals.freeInUse > 0) {
    return (
      <span title={t('table.freeInUseHint', { count: totals.freeApps })}>
        {formatCount(totals.inUse)}
        <span className="muted small"> {t('table.plusFree', { count: totals.freeInUse })}</span>
      </span>
    );
  }
  return <>{formatCount(totals[part])}</>;
}

export function AccountsTable(props: {
  rows: AccountRow[];
  selectedId: string;
  onOpen: (account: Account) => void;
}) {
  const { t } = useTranslation('accounts');
  const { onOpen, selectedId } = props;
  const showSpace = props.rows.some((r) => r.spaceName !== null);
  const columns = useMemo(
    () => [
      column.accessor((r) => r.account.name, {
        id: 'name',
        header: t('table.name'),
        cell: (c) => (
          <button
            type="button"
            className="link-button"
            aria-expanded={c.row.original.account.id === selectedId}
            onClick={() => onOpen(c.row.original.account)}
          >
            {c.getValue()}
          </button>
        ),
      }),
      column.accessor((r) => r.account.store, {
        id: 'store',
        header: t('table.store'),
        cell: (c) => t(`store.${c.getValue()}`, { defaultValue: c.getValue() }),
      }),
      ...(showSpace
        ? [column.accessor((r) => r.spaceName ?? '', { id: 'space', header: t('table.space') })]
        : []),
      column.accessor((r) => r.account.priority, {
        id: 'priority',
        header: t('table.priority'),
        meta: { align: 'end' },
        cell: (c) => (c.row.original.account.store === 'apple' ? c.getValue() : '—'),
      }),
      column.display({
        id: 'status',
        header: t('table.status'),
        cell: (c) => <AccountStatus account={c.row.original.account} reason />,
      }),
      column.accessor((r) => r.account.tokenExpiresAt, {
        id: 'expiry',
        header: t('table.expiry'),
        cell: (c) =>
          c.row.original.account.store === 'isv' ? (
            <span className="muted">{t('table.noToken')}</span>
          ) : (
            <TokenExpiry iso={c.getValue()} />
          ),
      }),
      column.accessor((r) => r.totals?.apps, {
        id: 'apps',
        header: t('table.apps'),
        meta: { align: 'end' },
        cell: (c) => (c.getValue() === undefined ? '—' : formatCount(c.getValue()!)),
      }),
      column.display({
        id: 'total',
        header: t('table.total'),
        meta: { align: 'end' },
        cell: (c) => <Licences row={c.row.original} part="total" />,
      }),
      column.display({
        id: 'inUse',
        header: t('table.inUse'),
        meta: { align: 'end' },
        cell: (c) => <Licences row={c.row.original} part="inUse" />,
      }),
      column.display({
        id: 'available',
        header: t('table.available'),
        meta: { align: 'end' },
        cell: (c) => <Licences row={c.row.original} part="available" />,
      }),
    ],
    [t, onOpen, selectedId, showSpace],
  );
  return (
    <div className="accounts-table">
      <DataTable
        caption={t('table.caption')}
        columns={columns}
        rows={props.rows}
        rowId={(r) => r.account.id}
      />
    </div>
  );
}
