/** R-M4: the app's licences per account, one tab per distribution type, searchable. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type {
  AppAccountUsage,
  AppLicenseItem,
  AppLicenses,
  CatalogApp,
  License,
  LicenseTab,
} from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
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

const column = createColumnHelper<AppLicenseItem>();

function AccountSummaries({ accounts, appName }: { accounts: AppAccountUsage[]; appName: string }) {
  const { t } = useTranslation('apps');
  return (
    <ul className="usage-list accounts-usage">
      {accounts.map((a) => (
        <li key={a.accountId}>
          <span className="usage-name">{a.name}</span>
          <UsageBar
            label={t('usage.appAt', { app: appName, account: a.name })}
            inUse={a.inUse}
            total={a.total}
            reserved={a.reserved}
            unlimited={a.available === null}
            asOf={a.asOf}
          />
          <p className="small muted">
            {t('usage.breakdown', {
              fcfs: formatCount(a.licenses.fcfs),
              reserved: formatCount(a.licenses.reserved),
              prohibited: formatCount(a.prohibitedUsers),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function LicenseUsage(props: { app: CatalogApp; onChanged: () => void }) {
  const { t } = useTranslation('apps');
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
    { key: 'fcfs', label: t('usage.tab.fcfs', { n: sum((a) => a.licenses.fcfs) }) },
    { key: 'reserved', label: t('usage.tab.reserved', { n: sum((a) => a.licenses.reserved) }) },
    { key: 'prohibited', label: t('usage.tab.prohibited', { n: sum((a) => a.prohibitedUsers) }) },
  ] as const;
  const nameOf = (id: string) => accounts.find((a) => a.accountId === id)?.name ?? id;
  const held = tab !== 'prohibited';

  const columns = [
    column.accessor('subject', {
      header: held ? t('usage.holder') : t('usage.user'),
      cell: (c) => <SubjectLink subject={c.getValue()} />,
    }),
    column.accessor('accountId', { header: t('usage.account'), cell: (c) => nameOf(c.getValue()) }),
    ...(held
      ? [
          column.accessor('licenseType', {
            header: t('usage.licenceType'),
            cell: (c) => (c.getValue() === null ? '—' : t(`licenceType.${c.getValue()}`)),
          }),
          column.accessor((i) => i.license?.serialNumber ?? null, {
            id: 'serial',
            header: t('usage.serial'),
            cell: (c) => c.getValue() ?? '—',
          }),
          column.accessor('assignedAt', {
            header: t('usage.assigned'),
            cell: (c) => <Time iso={c.getValue()} />,
          }),
          column.accessor('lastAction', {
            header: t('usage.lastAction'),
            cell: (c) =>
              c.getValue() === null
                ? '—'
                : t(`lastAction.${c.getValue()!.replace('.', '_')}`, {
                    defaultValue: humanize(c.getValue()!),
                  }),
          }),
        ]
      : []),
    ...(held && can('licenses:write')
      ? [
          column.display({
            id: 'actions',
            header: t('usage.actions'),
            cell: (c) => {
              const license = c.row.original.license;
              if (license === null || license.state !== 'active') return null;
              return (
                <button
                  type="button"
                  className="small-button danger"
                  aria-label={t('usage.revokeNamed', { name: c.row.original.subject.name })}
                  onClick={() => setRevoking(license)}
                >
                  {t('usage.revoke')}
                </button>
              );
            },
          }),
        ]
      : []),
  ];

  return (
    <div className="license-usage">
      <AccountSummaries accounts={accounts} appName={app.name} />
      <div className="filters">
        <SearchBox
          label={t('usage.search')}
          value={q}
          onSearch={setQ}
          placeholder={t('usage.searchPlaceholder')}
        />
        <label className="field">
          <span>{t('usage.account')}</span>
          <select value={accountId} onChange={(event) => setAccountId(event.target.value)}>
            <option value="">{t('licences.allAccounts')}</option>
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Tabs label={t('usage.tabs')} tabs={tabs} selected={tab} onSelect={setTab}>
        <PagedList paged={paged} empty={q === '' ? t('usage.none') : t('usage.noMatch', { q })}>
          {(items) => (
            <DataTable
              caption={t('usage.caption', { name: app.name })}
              columns={columns}
              rows={items}
              rowId={(item) => `${item.accountId}:${item.subject.id}:${item.license?.id ?? ''}`}
            />
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
