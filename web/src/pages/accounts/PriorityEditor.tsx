/**
 * R-T9: the order in which a space's Apple accounts are tried, edited as a draft: reorder, read
 * what the new order would do (R-X6, who would gain, lose or move a licence), then save.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Account } from '../../api/types.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage } from '../../components/State.js';
import { WhatIfPreview } from '../../components/WhatIfPreview.js';
import { useAction } from '../../hooks/useAction.js';

function moved(ids: string[], index: number, by: -1 | 1): string[] {
  const next = [...ids];
  const [id] = next.splice(index, 1);
  next.splice(index + by, 0, id!);
  return next;
}

export function PriorityEditor(props: {
  /** The space's Apple accounts in their saved order. */
  accounts: Account[];
  spaceName: string | null;
  canPreview: boolean;
}) {
  const { t } = useTranslation('accounts');
  const notify = useNotify();
  const action = useAction();
  const saved = props.accounts.map((a) => a.id);
  const [draft, setDraft] = useState(saved);
  const dirty = draft.join() !== saved.join();
  const nameOf = (id: string) => props.accounts.find((a) => a.id === id)?.name ?? id;
  const headingId = `priority-${props.accounts[0]?.spaceId ?? ''}`;

  const save = () =>
    void action.run(async () => {
      // Each move renumbers the others (R-T9): placing the accounts first to last gives the order.
      for (const [index, id] of draft.entries()) {
        await api.patch(`/accounts/${encodeURIComponent(id)}`, { priority: index + 1 });
      }
      notify(t('priority.saved'));
    });

  return (
    <section className="card priority-editor" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {props.spaceName === null
          ? t('priority.title')
          : t('priority.titleIn', { space: props.spaceName })}
      </h2>
      <p className="muted">{t('priority.intro')}</p>
      <ol className="priority-list" aria-label={t('priority.draft')}>
        {draft.map((id, index) => (
          <li key={id}>
            <span className="priority-name">{nameOf(id)}</span>
            <button
              type="button"
              className="small-button"
              disabled={index === 0 || action.busy}
              aria-label={t('priority.up', { name: nameOf(id) })}
              onClick={() => setDraft((d) => moved(d, index, -1))}
            >
              ↑
            </button>
            <button
              type="button"
              className="small-button"
              disabled={index === draft.length - 1 || action.busy}
              aria-label={t('priority.down', { name: nameOf(id) })}
              onClick={() => setDraft((d) => moved(d, index, 1))}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      {props.canPreview && (
        <WhatIfPreview
          changes={dirty ? [{ type: 'priority', accountIds: draft }] : null}
          unchanged={t('priority.unchanged')}
        />
      )}
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button type="button" className="primary" disabled={!dirty || action.busy} onClick={save}>
          {action.busy ? t('priority.saving') : t('priority.save')}
        </button>
        <button type="button" disabled={!dirty || action.busy} onClick={() => setDraft(saved)}>
          {t('priority.undo')}
        </button>
      </div>
    </section>
  );
}
