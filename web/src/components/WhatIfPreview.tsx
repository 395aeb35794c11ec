/**
 * R-X6 before Save: what the draft would do to the licences — who gains, loses, keeps or moves
 * one, per account, and the store calls — computed by `POST /what-if` with the same rules as
 * saving. The preview follows the draft: asked again once the draft has stopped changing, and
 * an answer to an older draft is dropped (and its request aborted) so it never shows over a
 * newer one.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.js';
import type { paths } from '../api/schema.js';
import type { Account, Page } from '../api/types.js';
import { formatCount } from '../format.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useNames } from '../hooks/useNames.js';
import { useResource } from '../hooks/useResource.js';
import { ErrorMessage, Loading } from './State.js';
import './WhatIfPreview.css';

type WhatIfOperation = paths['/api/v1/what-if']['post'];
export type WhatIfChange =
  WhatIfOperation['requestBody']['content']['application/json']['changes'][number];
export type WhatIfResult = WhatIfOperation['responses'][200]['content']['application/json'];
type Subject = WhatIfResult['subjects']['items'][number];

/** How many subjects are named; the counts cover the rest. */
const NAMED = 12;

/** The preview of a draft; a newer draft aborts the request of the one before. */
function abortable(changes: WhatIfChange[], signal: AbortSignal): Promise<WhatIfResult> {
  return api.post<WhatIfResult>('/what-if', { changes, limit: 200 }, undefined, signal);
}

function SubjectList({
  subjects,
  accountName,
}: {
  subjects: Subject[];
  accountName: (id: string | null) => string;
}) {
  const { t } = useTranslation('whatIf');
  const shown = subjects.filter((s) => s.kind !== 'keep').slice(0, NAMED);
  const userName = useNames(
    'users',
    shown.filter((s) => s.subjectType === 'user').map((s) => s.subjectId),
  );
  const deviceName = useNames(
    'devices',
    shown.filter((s) => s.subjectType === 'device').map((s) => s.subjectId),
  );
  if (shown.length === 0) return null;
  return (
    <ul className="what-if-subjects">
      {shown.map((s) => {
        const name = s.subjectType === 'user' ? userName(s.subjectId) : deviceName(s.subjectId);
        const values = {
          name,
          from: accountName(s.fromAccountId),
          to: accountName(s.toAccountId),
        };
        return (
          <li
            key={`${s.subjectType}:${s.subjectId}:${s.productId}`}
            className={`what-if-${s.kind}`}
          >
            {t(`subject.${s.kind}`, values)}
            {!s.dueToChange && <span className="muted small"> {t('anyway')}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function WhatIfPreview(props: {
  /** The draft as changes; null while there is nothing to preview (the draft is the saved state). */
  changes: WhatIfChange[] | null;
  /** Said while the draft equals what is saved. */
  unchanged?: string;
}) {
  const { t } = useTranslation('whatIf');
  const key = props.changes === null ? '' : JSON.stringify(props.changes);
  const settled = useDebounced(key, 350);
  const [answer, setAnswer] = useState<{ key: string; value?: WhatIfResult; error?: unknown }>();
  const accounts = useResource<Page<Account>>(withQuery('/accounts', { limit: 500 }));

  useEffect(() => {
    if (settled === '') return;
    const controller = new AbortController();
    abortable(JSON.parse(settled) as WhatIfChange[], controller.signal).then(
      (value) => setAnswer({ key: settled, value }),
      (error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ key: settled, error });
      },
    );
    return () => controller.abort();
  }, [settled]);

  const accountName = (id: string | null) =>
    id === null ? '—' : (accounts.data?.items.find((a) => a.id === id)?.name ?? id);

  if (key === '') {
    return props.unchanged === undefined ? null : (
      <p className="what-if muted" role="status">
        {props.unchanged}
      </p>
    );
  }
  const current = answer?.key === key ? answer : undefined;
  return (
    <section
      className="what-if"
      aria-label={t('label')}
      aria-live="polite"
      aria-busy={current === undefined}
    >
      <p className="what-if-title">{t('title')}</p>
      {current === undefined ? (
        <Loading label={t('computing')} />
      ) : current.value === undefined ? (
        <ErrorMessage error={current.error} />
      ) : (
        <Result result={current.value} accountName={accountName} />
      )}
    </section>
  );
}

function Result({
  result,
  accountName,
}: {
  result: WhatIfResult;
  accountName: (id: string | null) => string;
}) {
  const { t } = useTranslation('whatIf');
  const { gain, lose, move, keep } = result.totals;
  if (gain + lose + move === 0) {
    return <p className="what-if-none">{t('nothing', { count: keep, n: formatCount(keep) })}</p>;
  }
  const counts = (
    [
      ['gain', gain],
      ['lose', lose],
      ['move', move],
      ['keep', keep],
    ] as const
  ).filter(([, n]) => n > 0);
  const changed = result.accounts.filter((a) => a.gain + a.lose + a.moveIn + a.moveOut > 0);
  const calls = result.storeCalls.filter((c) => c.count > 0);
  return (
    <>
      <ul className="what-if-totals">
        {counts.map(([kind, n]) => (
          <li key={kind} className={`what-if-${kind}`}>
            {t(`total.${kind}`, { count: n, n: formatCount(n) })}
          </li>
        ))}
      </ul>
      <SubjectList subjects={result.subjects.items} accountName={accountName} />
      {result.subjects.total > NAMED && (
        <p className="small muted">{t('more', { n: formatCount(result.subjects.total) })}</p>
      )}
      {changed.length > 0 && (
        <ul className="what-if-accounts" aria-label={t('perAccount')}>
          {changed.map((a) => (
            <li key={a.accountId}>
              {t('account', {
                account: accountName(a.accountId),
                gain: formatCount(a.gain + a.moveIn),
                lose: formatCount(a.lose + a.moveOut),
              })}
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        {calls.length === 0
          ? t('noStoreCalls')
          : t('storeCalls', {
              calls: calls
                .map((c) =>
                  t(`call.${c.operation}`, {
                    count: c.count,
                    n: formatCount(c.count),
                    account: accountName(c.accountId),
                  }),
                )
                .join(', '),
            })}
      </p>
    </>
  );
}
