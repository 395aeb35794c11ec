/**
 * R-X5: what the licences cost and how much of it sits idle, per store, account, space or app
 * (the grouping kept in the URL as `by=`), per currency; the report as CSV; held against idle
 * spend per store as a chart.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { Section } from '../../components/Section.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { formatCount, formatMoney, formatPercent } from '../../format.js';
import { useResource } from '../../hooks/useResource.js';
import { useQueryParam } from '../../router.js';
import { useSpaceInUrl } from '../../hooks/useListInUrl.js';
import { CostChart } from './CostChart.js';
import { groupName, totalsByCurrency, unpriced } from './costs.js';
import { InsightsFrame } from './InsightsFrame.js';
import { COST_GROUPS, type CostGroup, type CostLine, type CostReport } from './types.js';

const column = createColumnHelper<CostLine>();

function money(amount: number | null, currency: string | null): string {
  return currency === null || amount === null ? '—' : formatMoney({ amount, currency });
}

function idleShare(line: { held: number; idle: number }): string {
  return line.held <= 0 ? '—' : formatPercent((line.idle / line.held) * 100);
}

function useCostColumns(groupBy: CostGroup) {
  const { t } = useTranslation('insights');
  return useMemo(
    () => [
      column.accessor('name', {
        header: t(`costs.group.${groupBy}`),
        cell: (c) => groupName(t, groupBy, c.row.original),
      }),
      column.accessor('currency', {
        header: t('costs.currency'),
        cell: (c) => c.getValue() ?? t('costs.noPrice'),
      }),
      column.accessor((l) => l.held.count, {
        id: 'heldCount',
        header: t('costs.heldCount'),
        meta: { align: 'end' },
        cell: (c) => formatCount(c.getValue()),
      }),
      column.accessor((l) => l.held.amount, {
        id: 'held',
        header: t('costs.held'),
        meta: { align: 'end' },
        cell: (c) => money(c.getValue(), c.row.original.currency),
      }),
      column.accessor((l) => l.idle.count, {
        id: 'idleCount',
        header: t('costs.idleCount'),
        meta: { align: 'end' },
        cell: (c) => formatCount(c.getValue()),
      }),
      column.accessor((l) => l.idle.amount, {
        id: 'idle',
        header: t('costs.idle'),
        meta: { align: 'end' },
        cell: (c) => money(c.getValue(), c.row.original.currency),
      }),
      column.accessor((l) => l.idle.count, {
        id: 'idleShare',
        header: t('costs.idleShare'),
        meta: { align: 'end' },
        cell: (c) => idleShare({ held: c.row.original.held.count, idle: c.getValue() }),
      }),
    ],
    [groupBy, t],
  );
}

function GroupSwitch(props: { value: CostGroup; onChange: (group: CostGroup) => void }) {
  const { t } = useTranslation('insights');
  return (
    <fieldset className="segmented">
      <legend>{t('costs.groupBy')}</legend>
      {COST_GROUPS.map((group) => (
        <label key={group}>
          <input
            type="radio"
            name="cost-group"
            value={group}
            checked={props.value === group}
            onChange={() => props.onChange(group)}
          />
          {t(`costs.group.${group}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Per currency: held, idle, and the idle share; then the licences without a price. */
function Totals({ lines }: { lines: readonly CostLine[] }) {
  const { t } = useTranslation('insights');
  const totals = totalsByCurrency(lines);
  const free = unpriced(lines);
  return (
    <dl className="cost-totals">
      {totals.map((total) => (
        <div key={total.currency} className="cost-total">
          <dt>{t('costs.heldIn', { currency: total.currency })}</dt>
          <dd>{formatMoney({ amount: total.held, currency: total.currency })}</dd>
          <dt>{t('costs.idleIn', { currency: total.currency })}</dt>
          <dd>
            {formatMoney({ amount: total.idle, currency: total.currency })}{' '}
            <span className="muted">
              {t('costs.idleOf', { share: idleShare({ held: total.held, idle: total.idle }) })}
            </span>
          </dd>
        </div>
      ))}
      {free.held > 0 && (
        <div className="cost-total">
          <dt>{t('costs.unpriced')}</dt>
          <dd>
            {t('costs.unpricedCounts', {
              held: formatCount(free.held),
              idle: formatCount(free.idle),
            })}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The API's CSV (the token travels in a header, so the file is fetched, then saved). */
function useCsvDownload(groupBy: CostGroup, spaceId: string | undefined) {
  const { t } = useTranslation('insights');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await api.blob(withQuery('/costs', { groupBy, spaceId }), 'text/csv');
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = t('costs.fileName', { group: groupBy });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, download };
}

export function CostsPage() {
  const { t } = useTranslation('insights');
  const spaceId = useSpaceInUrl();
  const [by, setBy] = useQueryParam('by');
  const groupBy: CostGroup = COST_GROUPS.includes(by as CostGroup) ? (by as CostGroup) : 'store';
  const report = useResource<CostReport>(withQuery('/costs', { groupBy, spaceId }));
  const perStore = useResource<CostReport>(withQuery('/costs', { groupBy: 'store', spaceId }));
  const columns = useCostColumns(groupBy);
  const csv = useCsvDownload(groupBy, spaceId);
  return (
    <InsightsFrame
      view="costs"
      actions={
        <button type="button" onClick={() => void csv.download()} disabled={csv.busy}>
          {csv.busy ? t('costs.downloading') : t('costs.download')}
        </button>
      }
    >
      <ErrorMessage error={csv.error} />
      <GroupSwitch value={groupBy} onChange={(group) => setBy(group === 'store' ? '' : group)} />
      <Loaded resource={report}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('costs.empty')}</Empty>
          ) : (
            <>
              <Totals lines={data.items} />
              <DataTable
                caption={t('costs.caption', { group: t(`costs.group.${groupBy}`) })}
                columns={columns}
                rows={data.items}
                rowId={(l) => `${l.key}|${l.currency ?? ''}`}
              />
            </>
          )
        }
      </Loaded>
      <Section title={t('costs.chartSection')}>
        <Loaded resource={perStore}>
          {(data) =>
            data.items.some((l) => l.currency !== null) ? (
              <CostChart lines={data.items} />
            ) : (
              <Empty>{t('costs.noChart')}</Empty>
            )
          }
        </Loaded>
      </Section>
    </InsightsFrame>
  );
}
