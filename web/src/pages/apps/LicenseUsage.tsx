/** R-M4: the app's licences per account, one tab per distribution type, searchable. */
import { useState } from 'react';
import { withQuery } from '../../api/client.js';
import type {
  AppAccountUsage,
  AppLicenseItem,
  AppLicenses,
  CatalogApp,
  License,
  LicenseTab,
} from '../../api/types.js';
import { PagedList } from '../../components/PagedList.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { SearchBox } from '../../components/SearchBox.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Tabs } from '../../components/Tabs.js';
import { Time } from '../../components/Time.js';
import { UsageBar } from '../../components/UsageBar.js';
import { formatCount, humanize } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useSession } from '../../session/SessionContext.js';

function AccountSummaries({ accounts, appName }: { accounts: AppAccountUsage[]; appName: string }) {
  return (
    <ul className="usage-list accounts-usage">
      {accounts.map((a) => (
        <li key={a.accountId}>
          <span className="usage-name">{a.name}</span>
          <UsageBar
            label={`${appName} at ${a.name}`}
            inUse={a.inUse}
            total={a.total}
            reserved={a.reserved}
            unlimited={a.available === null}
            asOf={a.asOf}
          />
          <p className="small muted">
            {formatCount(a.licenses.fcfs)} first come first served ·{' '}
            {formatCount(a.licenses.reserved)} reserved · {formatCount(a.prohibitedUsers)}{' '}
            prohibited users
          </p>
        </li>
      ))}
    </ul>
  );
}

export function LicenseUsage(props: { app: CatalogApp; onChanged: () => void }) {
  const { app } = props;
  const { can } = useSession();
  const [tab, setTab] = useState<LicenseTab>('fcfs');
  const [q, setQ] = useState('');
  const [accountId, setAccountId] = useState('');
  const [revoking, setRevoking] = useState<License | null>(null);
  const paged = usePaged<AppLicenseItem, AppLicenses>(
    withQuery(`/catalog-apps/${encodeURIComponent(app.id)}/licenses`, {
      distribution: tab,
      q,
      accountId,
      limit: 50,
    }),
  );
  const accounts = paged.first?.accounts ?? [];
  const sum = (pick: (a: AppAccountUsage) => number) => accounts.reduce((n, a) => n + pick(a), 0);
  const tabs = [
    { key: 'fcfs', label: `First come, first served (${sum((a) => a.licenses.fcfs)})` },
    { key: 'reserved', label: `Reserved (${sum((a) => a.licenses.reserved)})` },
    { key: 'prohibited', label: `Prohibited (${sum((a) => a.prohibitedUsers)})` },
  ] as const;
  const nameOf = (id: string) => accounts.find((a) => a.accountId === id)?.name ?? id;

  return (
    <div className="license-usage">
      <AccountSummaries accounts={accounts} appName={app.name} />
      <div className="filters">
        <SearchBox
          label="Search licences"
          value={q}
          onSearch={setQ}
          placeholder="User, device or serial number"
        />
        <label className="field">
          <span>Account</span>
          <select value={accountId} onChange={(event) => setAccountId(event.target.value)}>
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Tabs label="Distribution types" tabs={tabs} selected={tab} onSelect={setTab}>
        <PagedList
          paged={paged}
          empty={q === '' ? 'No licence of this kind.' : `Nothing matches “${q}”.`}
        >
          {(items) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{tab === 'prohibited' ? 'User' : 'Holder'}</th>
                    <th scope="col">Account</th>
                    {tab !== 'prohibited' && (
                      <>
                        <th scope="col">Licence type</th>
                        <th scope="col">Serial number</th>
                        <th scope="col">Assigned</th>
                        <th scope="col">Last action</th>
                        {can('licenses:write') && <th scope="col">Actions</th>}
                      </>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={`${item.accountId}:${item.subject.id}:${item.license?.id ?? ''}`}>
                      <th scope="row">
                        <SubjectLink subject={item.subject} />
                      </th>
                      <td>{nameOf(item.accountId)}</td>
                      {tab !== 'prohibited' && (
                        <>
                          <td>{item.licenseType === null ? '—' : humanize(item.licenseType)}</td>
                          <td>{item.license?.serialNumber ?? '—'}</td>
                          <td>
                            <Time iso={item.assignedAt} />
                          </td>
                          <td>{item.lastAction === null ? '—' : humanize(item.lastAction)}</td>
                          {can('licenses:write') && (
                            <td>
                              {item.license !== null && item.license.state === 'active' && (
                                <button
                                  type="button"
                                  className="small-button danger"
                                  aria-label={`Revoke the licence of ${item.subject.name}`}
                                  onClick={() => setRevoking(item.license)}
                                >
                                  Revoke
                                </button>
                              )}
                            </td>
                          )}
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </PagedList>
      </Tabs>
      {revoking !== null && (
        <RevokeLicenseDialog
          license={revoking}
          appName={app.name}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            paged.reload();
            props.onChanged();
          }}
        />
      )}
    </div>
  );
}
