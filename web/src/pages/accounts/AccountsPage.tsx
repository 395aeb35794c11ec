/**
 * Store accounts (R-T1…R-T10): add, renew, reorder priorities (drag or arrows), sync with
 * progress, claim, delete with a typed confirmation.
 */
import { useEffect, useState, type DragEvent } from 'react';
import { api, withQuery } from '../../api/client.js';
import type { Account, AccountWithWarnings, Page } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useNotify } from '../../components/Notices.js';
import { PageTitle } from '../../components/Section.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { AccountCard, type AccountCommand } from './AccountCard.js';
import { AddAccountDialog } from './AddAccountDialog.js';
import { DeleteAccountDialog } from './DeleteAccountDialog.js';
import { RenewTokenDialog } from './RenewTokenDialog.js';
import { TokenSharingWarning } from './TokenOptions.js';

type Open = { kind: 'add' } | { kind: 'renew' | 'claim' | 'delete'; account: Account } | null;

/** Per space: the Apple accounts by priority (R-T9), then the other stores' accounts. */
function bySpace(accounts: Account[]): Account[][] {
  const groups = new Map<string, Account[]>();
  for (const account of accounts) {
    groups.set(account.spaceId, [...(groups.get(account.spaceId) ?? []), account]);
  }
  const rank = (a: Account) => (a.store === 'apple' ? 0 : 1);
  return [...groups.values()].map((list) =>
    list.sort((a, b) => rank(a) - rank(b) || a.priority - b.priority),
  );
}

export function AccountsPage() {
  const { spaceId, spaces, can } = useSession();
  const canWrite = can('accounts:write');
  const notify = useNotify();
  const accounts = useResource<Page<Account>>(withQuery('/accounts', { spaceId, limit: 500 }));
  const [jobs, setJobs] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<Open>(null);
  const [dragged, setDragged] = useState<Account | null>(null);
  const [hash] = useState(() => location.hash.replace(/^#account-/, ''));
  const action = useAction();
  const { reload } = accounts;

  useEffect(() => {
    if (hash !== '' && accounts.data !== undefined) {
      document.getElementById(`account-${hash}`)?.scrollIntoView({ block: 'center' });
    }
  }, [hash, accounts.data]);

  const track = (accountId: string, jobId: string | null) => {
    if (jobId !== null) setJobs((current) => ({ ...current, [accountId]: jobId }));
  };

  const move = (account: Account, priority: number) =>
    void action.run(async () => {
      await api.patch(`/accounts/${encodeURIComponent(account.id)}`, { priority });
      notify(`${account.name} now has priority ${priority}.`);
      reload();
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
    const ordered = list.filter((a) => a.store === account.store);
    const index = ordered.indexOf(account);
    if (which === 'up') move(account, ordered[index - 1]!.priority);
    else if (which === 'down') move(account, ordered[index + 1]!.priority);
    else if (which === 'sync' || which === 'fullSync') sync(account, which === 'fullSync');
    else setOpen({ kind: which, account });
  };

  const dragHandlers = (target: Account) => ({
    onDragStart: (event: DragEvent) => {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', target.id);
      setDragged(target);
    },
    onDragOver: (event: DragEvent) => {
      if (dragged !== null && dragged.spaceId === target.spaceId) event.preventDefault();
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      if (dragged !== null && dragged.id !== target.id && dragged.spaceId === target.spaceId) {
        move(dragged, target.priority);
      }
      setDragged(null);
    },
    onDragEnd: () => setDragged(null),
  });

  const added = (account: AccountWithWarnings) => {
    setOpen(null);
    track(account.id, account.syncJobId);
    notify(`${account.name} was added; its first sync has started.`);
    reload();
  };

  return (
    <>
      <PageTitle
        subtitle="Accounts of a space are tried in priority order (1 first). Changing the order never moves an existing licence."
        actions={
          canWrite && (
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
              Add account
            </button>
          )
        }
      >
        Store accounts
      </PageTitle>
      <ErrorMessage error={action.error} />
      <Loaded resource={accounts}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>
              No store account yet. Add an Apple Apps and Books location with its token file.
            </Empty>
          ) : (
            bySpace(page.items).map((list) => (
              <section key={list[0]!.spaceId} className="account-space">
                {spaces.length > 1 && (
                  <h2 className="space-heading">
                    {spaces.find((s) => s.id === list[0]!.spaceId)?.name ?? 'Space'}
                  </h2>
                )}
                <ol className="account-list">
                  {list.map((account) => (
                    <AccountCard
                      key={account.id}
                      account={account}
                      canWrite={canWrite}
                      first={account === list.find((a) => a.store === account.store)}
                      last={account === list.findLast((a) => a.store === account.store)}
                      jobId={jobs[account.id] ?? null}
                      highlighted={account.id === hash}
                      onCommand={(which) => command(account, list, which)}
                      onSyncDone={reload}
                      drag={dragHandlers(account)}
                    />
                  ))}
                </ol>
              </section>
            ))
          )
        }
      </Loaded>
      {open?.kind === 'add' && <AddAccountDialog onAdded={added} onClose={() => setOpen(null)} />}
      {open?.kind === 'renew' && (
        <RenewTokenDialog
          account={open.account}
          onClose={() => setOpen(null)}
          onRenewed={(account) => {
            setOpen(null);
            notify(`The token of ${account.name} was renewed.`);
            track(account.id, account.syncJobId);
            reload();
          }}
        />
      )}
      {open?.kind === 'claim' && (
        <ConfirmDialog
          title={`Take over the token of ${open.account.name}?`}
          confirmLabel="Take over"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const account = await api.post<AccountWithWarnings>(
              `/accounts/${encodeURIComponent(open.account.id)}/claim`,
            );
            track(account.id, account.syncJobId);
            notify(`Allot now manages ${account.name}.`);
            reload();
          }}
        >
          <p>
            Another management product uses this token. Taking it over makes Allot manage this
            location; the other product stops doing so and its assignments are lost.
          </p>
          <TokenSharingWarning />
        </ConfirmDialog>
      )}
      {open?.kind === 'delete' && (
        <DeleteAccountDialog
          account={open.account}
          onClose={() => setOpen(null)}
          onDeleted={(revoked) => {
            notify(`${open.account.name} was deleted; ${revoked} licence(s) revoked.`);
            reload();
          }}
        />
      )}
    </>
  );
}
