/**
 * Store accounts (R-T1…R-T12) as a table: store, priority, status, token expiry, apps and
 * licences; a row's name opens its details below (sync, renew, reorder, delete, ISV seats).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { Account, AccountWithWarnings, Page } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useNotify } from '../../components/Notices.js';
import { PageTitle } from '../../components/Section.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import { useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AccountDetails, type AccountCommand } from './AccountDetails.js';
import { AccountsTable, type AccountRow } from './AccountsTable.js';
import { AddAccountDialog } from './AddAccountDialog.js';
import { DeleteAccountDialog } from './DeleteAccountDialog.js';
import { PriorityEditor } from './PriorityEditor.js';
import { RenewTokenDialog } from './RenewTokenDialog.js';
import { TokenSharingWarning } from './TokenOptions.js';
import type { AccountTotals } from './types.js';
import './accounts.css';

type Open = { kind: 'add' } | { kind: 'renew' | 'claim' | 'delete'; account: Account } | null;

/** Per space: the Apple accounts by priority (R-T9), then the other stores' accounts. */
function ordered(accounts: Account[]): Account[] {
  const rank = (a: Account) => (a.store === 'apple' ? 0 : a.store === 'microsoft' ? 1 : 2);
  return [...accounts].sort(
    (a, b) => a.spaceId.localeCompare(b.spaceId) || rank(a) - rank(b) || a.priority - b.priority,
  );
}

/** The Apple accounts of each space that has several, in priority order (R-T9). */
function appleBySpace(accounts: Account[]): Account[][] {
  const spaces = new Map<string, Account[]>();
  for (const a of accounts) {
    if (a.store !== 'apple') continue;
    spaces.set(a.spaceId, [...(spaces.get(a.spaceId) ?? []), a]);
  }
  return [...spaces.values()].filter((list) => list.length > 1);
}

export function AccountsPage() {
  // The chart's and the preview's words are loaded with the page: a namespace first asked for
  // by a component mounted later (an account opened) would suspend the page under it.
  const { t } = useTranslation(['accounts', 'charts', 'whatIf']);
  const { spaceId, spaces, me, can } = useSession();
  const canWrite = can('accounts:write');
  const notify = useNotify();
  const accounts = useResource<Page<Account>>(withQuery('/accounts', { spaceId, limit: 500 }));
  const totals = useResource<{ items: AccountTotals[] }>(
    withQuery('/licenses/overview/accounts', { spaceId }),
  );
  const [selected, setSelected] = useQueryParam('account');
  const [jobs, setJobs] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<Open>(null);
  const action = useAction();
  const { reload } = accounts;
  const reloadTotals = totals.reload;
  const items = accounts.data?.items;
  // Counts follow each sync: they are read again when an account's last sync changes, and the
  // list is read every few seconds while a sync is under way.
  const syncs = (items ?? []).map((a) => `${a.id}:${a.lastSyncAt ?? ''}:${a.status}`).join(',');
  const syncing = (items ?? []).some(
    (a) => a.status === 'syncing' || (a.store !== 'isv' && a.lastSyncAt === null),
  );
  useEffect(() => reloadTotals(), [syncs, reloadTotals]);
  // Links from the dashboard and the activity name an account as #account-<id>.
  const hash = /^#account-(.+)$/.exec(location.hash)?.[1];
  useEffect(() => {
    if (hash !== undefined) setSelected(decodeURIComponent(hash));
    // Once, on arrival: the hash is replaced by ?account=.
  }, [hash]);
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [syncing, reload]);

  const track = (accountId: string, jobId: string | null) => {
    if (jobId !== null) setJobs((current) => ({ ...current, [accountId]: jobId }));
  };

  const move = (account: Account, priority: number) =>
    void action.run(async () => {
      await api.patch(`/accounts/${encodeURIComponent(account.id)}`, { priority });
      notify(t('notice.priority', { name: account.name, priority }));
    });

  const sync = (account: Account, full: boolean) =>
    void action.run(async () => {
      const { jobId } = await api.post<{ jobId: string }>(
        `/accounts/${encodeURIComponent(account.id)}/sync`,
        { full },
      );
      track(account.id, jobId);
    });

  const command = (account: Account, list: Account[], which: AccountCommand) => {
    const same = list.filter((a) => a.store === account.store && a.spaceId === account.spaceId);
    const index = same.indexOf(account);
    if (which === 'up') move(account, same[index - 1]!.priority);
    else if (which === 'down') move(account, same[index + 1]!.priority);
    else if (which === 'sync' || which === 'fullSync') sync(account, which === 'fullSync');
    else setOpen({ kind: which, account });
  };

  const added = (account: AccountWithWarnings) => {
    setOpen(null);
    track(account.id, account.syncJobId);
    notify(
      account.syncJobId === null
        ? t('notice.added', { name: account.name })
        : t('notice.addedSyncing', { name: account.name }),
    );
    setSelected(account.id);
  };

  const openAccount = useCallback(
    (account: Account) => setSelected(selected === account.id ? '' : account.id),
    [selected, setSelected],
  );
  const spaceName = (id: string) =>
    me.spaceId === null && spaces.length > 1 ? (spaces.find((s) => s.id === id)?.name ?? id) : null;

  return (
    <>
      <PageTitle
        subtitle={t('page.subtitle')}
        actions={
          canWrite && (
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
              {t('page.add')}
            </button>
          )
        }
      >
        {t('page.title')}
      </PageTitle>
      <ErrorMessage error={action.error ?? totals.error} />
      <Loaded resource={accounts} label={t('page.loading')}>
        {(page) => {
          const list = ordered(page.items);
          const rows: AccountRow[] = list.map((account) => ({
            account,
            totals: totals.data?.items.find((x) => x.accountId === account.id),
            spaceName: spaceName(account.spaceId),
          }));
          const current = list.find((a) => a.id === selected);
          const sameStore = list.filter(
            (a) => a.store === current?.store && a.spaceId === current?.spaceId,
          );
          return list.length === 0 ? (
            <Empty>{t('page.empty')}</Empty>
          ) : (
            <>
              <AccountsTable rows={rows} selectedId={selected} onOpen={openAccount} />
              {current !== undefined && (
                <AccountDetails
                  key={current.id}
                  account={current}
                  canWrite={canWrite}
                  first={sameStore[0] === current}
                  last={sameStore.at(-1) === current}
                  jobId={jobs[current.id] ?? null}
                  onCommand={(which) => command(current, list, which)}
                  onSyncDone={reload}
                  onClose={() => setSelected('')}
                />
              )}
              {canWrite &&
                appleBySpace(list).map((apple) => (
                  <PriorityEditor
                    key={apple.map((a) => `${a.id}:${a.priority}`).join()}
                    accounts={apple}
                    spaceName={spaceName(apple[0]!.spaceId)}
                    canPreview={can('assignments:write')}
                  />
                ))}
            </>
          );
        }}
      </Loaded>
      {open?.kind === 'add' && <AddAccountDialog onAdded={added} onClose={() => setOpen(null)} />}
      {open?.kind === 'renew' && (
        <RenewTokenDialog
          account={open.account}
          onClose={() => setOpen(null)}
          onRenewed={(account) => {
            setOpen(null);
            notify(t('notice.renewed', { name: account.name }));
            track(account.id, account.syncJobId);
            reload();
          }}
        />
      )}
      {open?.kind === 'claim' && (
        <ConfirmDialog
          title={t('claim.title', { name: open.account.name })}
          confirmLabel={t('claim.confirm')}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const account = await api.post<AccountWithWarnings>(
              `/accounts/${encodeURIComponent(open.account.id)}/claim`,
            );
            track(account.id, account.syncJobId);
            notify(t('notice.claimed', { name: account.name }));
            reload();
          }}
        >
          <p>{t('claim.body')}</p>
          <TokenSharingWarning />
        </ConfirmDialog>
      )}
      {open?.kind === 'delete' && (
        <DeleteAccountDialog
          account={open.account}
          onClose={() => setOpen(null)}
          onDeleted={(revoked) => {
            notify(t('notice.deleted', { name: open.account.name, count: revoked }));
            setSelected('');
            reload();
          }}
        />
      )}
    </>
  );
}
