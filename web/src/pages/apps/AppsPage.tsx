/** R-M1: every app with its licences, sortable, searchable, per account, paged to the end. */
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Account, Page, ProductUsage } from '../../api/types.js';
import { createColumnHelper, DataTable, type TableSort } from '../../components/DataTable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { Empty, ErrorMessage, Loading } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { UsageBar } from '../../components/UsageBar.js';
import { formatCount, formatMoney } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AddToCatalogButton } from './AddToCatalogButton.js';
import { useCatalogIndex } from './useCatalogIndex.js';
import './apps.css';

const column = createColumnHelper<ProductUsage>();

/**
 * The API's orders: `usage` is most used first and `name` A to Z; `-` reverses. The table
 * shows them as a column and a direction.
 */
function tableSort(api: string): TableSort {
  const reversed = api.startsWith('-');
  const key = api.replace(/^-/, '') === 'name' ? 'name' : 'usage';
  return { column: key, descending: key === 'usage' ? !reversed : reversed };
}

function apiSort(sort: TableSort | null): string {
  if (sort === null) return '';
  const natural = sort.column === 'usage' ? sort.descending : !sort.descending;
  return `${natural ? '' : '-'}${sort.column}`;
}

function PerAccount({ product }: { product: ProductUsage }) {
  const { t } = useTranslation('apps');
  return (
    <ul className="per-account">
      {product.accounts.map((a) => (
        <li key={a.accountId}>
          {a.available === null
            ? t('licences.perAccountFree', { name: a.name, inUse: formatCount(a.inUse) })
            : t('licences.perAccount', {
                name: a.name,
                inUse: formatCount(a.inUse),
                total: formatCount(a.total),
              })}{' '}
          <span className="muted small">
            {a.asOf === null ? t('licences.notSynced') : <Time iso={a.asOf} />}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AppsPage() {
  const { t } = useTranslation('apps');
  const { spaceId, can } = useSession();
  const [q, setQ] = useQueryParam('q');
  const [accountId, setAccountId] = useQueryParam('account');
  const [sortValue, setSortValue] = useQueryParam('sort');
  const sort = tableSort(sortValue === '' ? 'usage' : sortValue);
  const paged = usePaged<ProductUsage>(
    withQuery('/licenses/overview', {
      spaceId,
      accountId,
      q,
      sort: sortValue === '' ? 'usage' : sortValue,
      limit: 100,
    }),
  );
  const accounts = useResource<Page<Account>>(withQuery('/accounts', { spaceId, limit: 500 }));
  const { byProduct } = useCatalogIndex();

  const columns = [
    column.accessor('name', {
      header: t('licences.app'),
      enableSorting: true,
      cell: (c) => {
        const p = c.row.original;
        const app = byProduct.get(p.productId);
        if (app !== undefined) {
          return <Link to={`/apps/${encodeURIComponent(app.id)}`}>{p.name}</Link>;
        }
        return (
          <>
            <span>{p.name}</span>
            {can('catalog:write') && (
              <div>
                <AddToCatalogButton productId={p.productId} name={p.name} />
              </div>
            )}
          </>
        );
      },
    }),
    column.accessor('costPerLicense', {
      header: t('licences.cost'),
      enableSorting: false,
      meta: { align: 'end' },
      cell: (c) =>
        c.row.original.available === null ? t('licences.free') : formatMoney(c.getValue()),
    }),
    column.accessor('total', {
      header: t('licences.total'),
      enableSorting: false,
      meta: { align: 'end' },
      cell: (c) =>
        c.row.original.available === null ? t('licences.free') : formatCount(c.getValue()),
    }),
    column.accessor('inUse', {
      header: t('licences.inUse'),
      enableSorting: false,
      meta: { align: 'end' },
      cell: (c) => formatCount(c.getValue()),
    }),
    column.accessor('available', {
      header: t('licences.available'),
      enableSorting: false,
      meta: { align: 'end' },
      cell: (c) => (c.getValue() === null ? t('licences.unlimited') : formatCount(c.getValue()!)),
    }),
    column.accessor('usagePercent', {
      id: 'usage',
      header: t('licences.usage'),
      enableSorting: true,
      cell: (c) => {
        const p = c.row.original;
        return (
          <UsageBar
            label={p.name}
            inUse={p.inUse}
            total={p.total}
            reserved={p.reserved}
            unlimited={p.available === null}
            compact
          />
        );
      },
    }),
    column.display({
      id: 'accounts',
      header: t('licences.perAccountHeader'),
      cell: (c) => <PerAccount product={c.row.original} />,
    }),
  ];

  return (
    <>
      <PageTitle subtitle={t('licences.subtitle')}>{t('licences.title')}</PageTitle>
      <div className="filters">
        <SearchBox
          label={t('licences.search')}
          value={q}
          onSearch={setQ}
          placeholder={t('licences.searchPlaceholder')}
        />
        <label className="field">
          <span>{t('licences.account')}</span>
          <select value={accountId} onChange={(event) => setAccountId(event.target.value)}>
            <option value="">{t('licences.allAccounts')}</option>
            {(accounts.data?.items ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={paged.error} />
      {paged.items === undefined ? (
        paged.loading && <Loading label={t('licences.loading')} />
      ) : paged.items.length === 0 ? (
        <Empty>{q === '' ? t('licences.empty') : t('licences.noMatch', { q })}</Empty>
      ) : (
        <>
          <DataTable
            caption={t('licences.caption')}
            columns={columns}
            rows={paged.items}
            rowId={(p) => p.productId}
            sort={sort}
            onSort={(next) => setSortValue(apiSort(next))}
          />
          <LoadMore cursor={paged.nextCursor} busy={paged.loading} onMore={paged.loadMore} />
        </>
      )}
    </>
  );
}
