/** R-M1: every app with its licences, sortable, searchable, per account. */
import { useState } from 'react';
import { withQuery } from '../../api/client.js';
import type { Account, Page, ProductUsage } from '../../api/types.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { Empty, Loaded } from '../../components/State.js';
import { AsOf } from '../../components/Time.js';
import { UsageBar } from '../../components/UsageBar.js';
import { formatCount, formatMoney } from '../../format.js';
import { useResource } from '../../hooks/useResource.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AddToCatalogButton } from './AddToCatalogButton.js';
import { useCatalogIndex } from './useCatalogIndex.js';

type SortKey = 'name' | 'cost' | 'total' | 'inUse' | 'available' | 'usage';

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'name', label: 'App' },
  { key: 'cost', label: 'Cost per licence', numeric: true },
  { key: 'total', label: 'Total', numeric: true },
  { key: 'inUse', label: 'In use', numeric: true },
  { key: 'available', label: 'Available', numeric: true },
  { key: 'usage', label: 'Usage' },
];

function sortValue(p: ProductUsage, key: SortKey): number | string {
  switch (key) {
    case 'name':
      return p.name.toLocaleLowerCase();
    case 'cost':
      return p.costPerLicense?.amount ?? -1;
    case 'available':
      return p.available ?? Number.MAX_SAFE_INTEGER;
    case 'usage':
      return p.usagePercent;
    default:
      return p[key];
  }
}

function sorted(items: ProductUsage[], key: SortKey, descending: boolean): ProductUsage[] {
  return [...items].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
}

export function AppsPage() {
  const { spaceId, can } = useSession();
  const [q, setQ] = useQueryParam('q');
  const [accountId, setAccountId] = useQueryParam('account');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'usage',
    descending: true,
  });
  const overview = useResource<Page<ProductUsage>>(
    withQuery('/licenses/overview', { spaceId, accountId, q, sort: 'name', limit: 500 }),
  );
  const accounts = useResource<Page<Account>>(withQuery('/accounts', { spaceId, limit: 500 }));
  const { byProduct } = useCatalogIndex();

  const toggle = (key: SortKey) =>
    setSort((current) => ({
      key,
      descending: current.key === key ? !current.descending : key !== 'name',
    }));

  return (
    <>
      <PageTitle subtitle="Licences per app and per store account; counts are as of each account's last sync.">
        Apps and licences
      </PageTitle>
      <div className="filters">
        <SearchBox label="Search apps" value={q} onSearch={setQ} placeholder="Name or bundle ID" />
        <label className="field">
          <span>Account</span>
          <select value={accountId} onChange={(event) => setAccountId(event.target.value)}>
            <option value="">All accounts</option>
            {(accounts.data?.items ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded resource={overview}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{q === '' ? 'No app has licences yet.' : `No app matches “${q}”.`}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="apps-table">
                <caption className="visually-hidden">
                  Apps, sorted by {COLUMNS.find((c) => c.key === sort.key)?.label}
                </caption>
                <thead>
                  <tr>
                    {COLUMNS.map((column) => (
                      <th
                        key={column.key}
                        scope="col"
                        className={column.numeric === true ? 'numeric' : undefined}
                        aria-sort={
                          sort.key === column.key
                            ? sort.descending
                              ? 'descending'
                              : 'ascending'
                            : undefined
                        }
                      >
                        <button type="button" className="sort" onClick={() => toggle(column.key)}>
                          {column.label}
                          <span aria-hidden="true">
                            {sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                          </span>
                        </button>
                      </th>
                    ))}
                    <th scope="col">Per account</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted(page.items, sort.key, sort.descending).map((p) => {
                    const app = byProduct.get(p.productId);
                    return (
                      <tr key={p.productId}>
                        <th scope="row">
                          {app !== undefined ? (
                            <Link to={`/apps/${encodeURIComponent(app.id)}`}>{p.name}</Link>
                          ) : (
                            <>
                              <span>{p.name}</span>
                              {can('catalog:write') && (
                                <div>
                                  <AddToCatalogButton productId={p.productId} name={p.name} />
                                </div>
                              )}
                            </>
                          )}
                        </th>
                        <td className="numeric">{formatMoney(p.costPerLicense)}</td>
                        <td className="numeric">{formatCount(p.total)}</td>
                        <td className="numeric">{formatCount(p.inUse)}</td>
                        <td className="numeric">
                          {p.available === null ? 'Unlimited' : formatCount(p.available)}
                        </td>
                        <td className="usage-cell">
                          <UsageBar
                            label={p.name}
                            inUse={p.inUse}
                            total={p.total}
                            reserved={p.reserved}
                            unlimited={p.available === null}
                            compact
                          />
                        </td>
                        <td>
                          <ul className="per-account">
                            {p.accounts.map((a) => (
                              <li key={a.accountId}>
                                {a.name}: {formatCount(a.inUse)}
                                {a.available === null
                                  ? ' (unlimited)'
                                  : `/${formatCount(a.total)}`}{' '}
                                <AsOf iso={a.asOf} compact />
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}
