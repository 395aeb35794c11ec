/** One store account: its token, its status "as of" its last sync, and what can be done to it. */
import type { DragEvent } from 'react';
import type { Account, Job } from '../../api/types.js';
import { AccountStatusBadge } from '../../components/Badge.js';
import { humanize } from '../../format.js';
import { AccountFacts } from './AccountFacts.js';
import { SyncProgress } from './SyncProgress.js';

export type AccountCommand = 'sync' | 'fullSync' | 'renew' | 'claim' | 'delete' | 'up' | 'down';

export function AccountCard(props: {
  account: Account;
  canWrite: boolean;
  first: boolean;
  last: boolean;
  jobId: string | null;
  highlighted: boolean;
  onCommand: (command: AccountCommand) => void;
  onSyncDone: (job: Job) => void;
  drag: {
    onDragStart: (event: DragEvent) => void;
    onDragOver: (event: DragEvent) => void;
    onDrop: (event: DragEvent) => void;
    onDragEnd: () => void;
  };
}) {
  const { account: a, onCommand } = props;
  const canWrite = props.canWrite;
  // Priorities order the Apple accounts of a space (R-T9); tokens are Apple's (R-T6, R-T4).
  const apple = a.store === 'apple';
  const reorder = canWrite && apple;
  // An ISV subscription has no store to sync with; a claimed token syncs only after a takeover.
  const syncable = a.store !== 'isv' && a.status !== 'claimedElsewhere';
  return (
    <li
      id={`account-${a.id}`}
      className={`account-card card${props.highlighted ? ' highlighted' : ''}`}
      aria-label={a.name}
      draggable={reorder}
      {...(reorder ? props.drag : {})}
    >
      <header className="account-head">
        {reorder && (
          <span className="drag-handle" aria-hidden="true" title="Drag to change the priority">
            ⋮⋮
          </span>
        )}
        {apple && (
          <span className="priority" title="Priority: 1 is tried first">
            {a.priority}
          </span>
        )}
        <h2>{a.name}</h2>
        <AccountStatusBadge status={a.status} />
        {reorder && (
          <span className="reorder">
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${a.name} up`}
              disabled={props.first}
              onClick={() => onCommand('up')}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${a.name} down`}
              disabled={props.last}
              onClick={() => onCommand('down')}
            >
              ↓
            </button>
          </span>
        )}
      </header>
      {a.statusReason !== null && a.status !== 'healthy' && (
        <p className={a.status === 'error' || a.status === 'claimedElsewhere' ? 'error' : 'muted'}>
          {a.statusReason}
          {a.authProblem !== null && ` (${humanize(a.authProblem)})`}
        </p>
      )}
      <AccountFacts account={a} />
      {props.jobId !== null && (
        <SyncProgress jobId={props.jobId} label={`Syncing ${a.name}`} onDone={props.onSyncDone} />
      )}
      {canWrite && (
        <div className="actions">
          {syncable && (
            <>
              <button type="button" onClick={() => onCommand('sync')}>
                Sync now
              </button>
              <button type="button" onClick={() => onCommand('fullSync')}>
                Full resync
              </button>
            </>
          )}
          {apple && (
            <button type="button" onClick={() => onCommand('renew')}>
              Renew token
            </button>
          )}
          {a.status === 'claimedElsewhere' && (
            <button type="button" className="primary" onClick={() => onCommand('claim')}>
              Take over the token
            </button>
          )}
          <button type="button" className="danger" onClick={() => onCommand('delete')}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
