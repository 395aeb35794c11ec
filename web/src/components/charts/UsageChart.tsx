/**
 * Licence usage over time (R-X1) for an app or an account: total, in use, reserved and available
 * per day, the run-out forecast drawn ahead of today with its earliest–latest range (R-X2), and
 * the purchases, reductions and reclaims marked. The period (90 days, 1 year, 2 years) is kept
 * in the URL. The canvas says what it shows; the same numbers are in a text summary and, on
 * demand, a table.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import { formatCount } from '../../format.js';
import { useResource } from '../../hooks/useResource.js';
import { useQueryParam } from '../../router.js';
import { createColumnHelper, DataTable } from '../DataTable.js';
import { ErrorMessage, Loading } from '../State.js';
import {
  addDays,
  chartModel,
  RANGES,
  xToDay,
  type ChartModel,
  type HistoryPoint,
  type PoolForecast,
  type RangeKey,
  type UsageEvent,
  type UsageEventKind,
  type UsageHistory,
} from './chartData.js';
import { formatDay } from './chartFormat.js';
import { UsagePlot, type PlotText } from './UsagePlot.js';
import './usageChart.css';

export interface UsageFilter {
  productId?: string;
  accountId?: string;
}

const column = createColumnHelper<HistoryPoint>();
const EVENT_KINDS: UsageEventKind[] = ['purchase', 'reduction', 'reclaim'];

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function Summary({ model, id }: { model: ChartModel; id: string }) {
  const { t } = useTranslation('charts');
  const { forecast, last } = model;
  const sentences: string[] = [];
  if (last !== null) {
    sentences.push(
      t('summary.now', {
        date: formatDay(last.at),
        inUse: formatCount(last.inUse),
        total: formatCount(last.total),
        reserved: formatCount(last.reserved),
        available: formatCount(last.available),
      }),
    );
  }
  if (forecast.pools.length > 0) {
    if (forecast.runsOutOn === null) sentences.push(t('summary.noRunOut'));
    else if (forecast.earliest !== null && forecast.latest !== null)
      sentences.push(
        t('summary.runsOut', {
          date: formatDay(forecast.runsOutOn),
          earliest: formatDay(forecast.earliest),
          latest: formatDay(forecast.latest),
        }),
      );
    else sentences.push(t('summary.runsOutOpen', { date: formatDay(forecast.runsOutOn) }));
    if (forecast.demand > 0)
      sentences.push(
        t('summary.demand', { count: forecast.demand, n: formatCount(forecast.demand) }),
      );
  }
  return (
    <p id={id} className="chart-summary">
      {sentences.join(' ')}
    </p>
  );
}

function Events({ events }: { events: UsageEvent[] }) {
  const { t } = useTranslation('charts');
  if (events.length === 0) return <p className="small muted">{t('events.none')}</p>;
  // The latest first: what changed recently is what is looked for.
  const shown = [...events].reverse().slice(0, 8);
  return (
    <ul className="chart-events" aria-label={t('events.label')}>
      {shown.map((e) => (
        <li key={`${e.at}-${e.kind}`}>
          <span className={`event-swatch event-${e.kind}`} aria-hidden="true" />
          {t(`events.${e.kind}`, {
            count: e.count,
            n: formatCount(e.count),
            date: formatDay(e.at),
          })}
        </li>
      ))}
      {events.length > shown.length && (
        <li className="muted">{t('events.more', { count: events.length - shown.length })}</li>
      )}
    </ul>
  );
}

function Legend({ model }: { model: ChartModel }) {
  const { t } = useTranslation('charts');
  const kinds = new Set(model.events.map((e) => e.kind));
  const drawnForecast = model.columns[5]!.some((v) => v !== null);
  const items: Array<[string, string]> = [
    ['total', t('series.total')],
    ['inUse', t('series.inUse')],
    ['reserved', t('series.reserved')],
    ['available', t('series.available')],
    ...(drawnForecast
      ? ([
          ['forecast', t('series.forecast')],
          ['range', t('series.range')],
        ] as Array<[string, string]>)
      : []),
    ['today', t('series.today')],
    ...EVENT_KINDS.filter((k) => kinds.has(k)).map(
      (k) => [`event-${k}`, t(`legend.${k}`)] as [string, string],
    ),
  ];
  return (
    <ul className="chart-legend" aria-label={t('legend.label')}>
      {items.map(([key, label]) => (
        <li key={key}>
          <span className={`legend-swatch swatch-${key}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

function NumbersTable({ points, name }: { points: HistoryPoint[]; name: string }) {
  const { t } = useTranslation('charts');
  const [open, setOpen] = useState(false);
  const columns = [
    column.accessor('at', { header: t('table.day'), cell: (c) => formatDay(c.getValue()) }),
    column.accessor('total', {
      header: t('series.total'),
      meta: { align: 'end' },
      cell: (c) => formatCount(c.getValue()),
    }),
    column.accessor('inUse', {
      header: t('series.inUse'),
      meta: { align: 'end' },
      cell: (c) => formatCount(c.getValue()),
    }),
    column.accessor('reserved', {
      header: t('series.reserved'),
      meta: { align: 'end' },
      cell: (c) => formatCount(c.getValue()),
    }),
    column.accessor('available', {
      header: t('series.available'),
      meta: { align: 'end' },
      cell: (c) => formatCount(c.getValue()),
    }),
  ];
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('table.show')}</summary>
      {open && (
        <DataTable
          caption={t('table.caption', { name })}
          columns={columns}
          rows={[...points].reverse()}
          rowId={(p) => p.at}
        />
      )}
    </details>
  );
}

export function UsageChart(props: {
  filter: UsageFilter;
  /** What is charted, e.g. the app's or the account's name. */
  name: string;
  /** The space whose pools are forecast; all the reader may see when left out. */
  spaceId?: string;
}) {
  const { t } = useTranslation('charts');
  const { filter, name } = props;
  const summaryId = useId();
  const [rangeParam, setRange] = useQueryParam('range');
  const range: RangeKey = rangeParam in RANGES ? (rangeParam as RangeKey) : '90d';
  const rangeDays = RANGES[range];
  const today = todayUtc();
  const query = { ...filter, from: addDays(today, -rangeDays), to: today };
  const history = useResource<UsageHistory>(withQuery('/usage/history', query));
  const events = useResource<{ items: UsageEvent[] }>(withQuery('/usage/events', query));
  const forecasts = useResource<{ items: PoolForecast[] }>(
    withQuery('/forecasts', { spaceId: props.spaceId }),
  );

  const model = useMemo(() => {
    if (history.data === undefined || events.data === undefined) return null;
    const pools = (forecasts.data?.items ?? []).filter(
      (p) =>
        (filter.productId === undefined || p.productId === filter.productId) &&
        (filter.accountId === undefined || p.accountId === filter.accountId),
    );
    return chartModel({
      points: history.data.points,
      forecasts: pools,
      events: events.data.items,
      today,
      rangeDays,
    });
  }, [
    history.data,
    events.data,
    forecasts.data,
    filter.productId,
    filter.accountId,
    today,
    rangeDays,
  ]);

  const text: PlotText | null = useMemo(() => {
    if (model === null) return null;
    const series = {
      total: t('series.total'),
      inUse: t('series.inUse'),
      reserved: t('series.reserved'),
      available: t('series.available'),
      forecast: t('series.forecast'),
    };
    return {
      label: t('label', { name, period: t(`range.${range}`) }),
      describedBy: summaryId,
      series,
      axis: { date: t('axis.date'), licences: t('axis.licences') },
      tooltip: (index) => {
        const x = model.columns[0][index];
        if (x === undefined) return [];
        const day = xToDay(x);
        const lines = [formatDay(day)];
        const keys = ['total', 'inUse', 'reserved', 'available', 'forecast'] as const;
        keys.forEach((key, i) => {
          const value = model.columns[i + 1]![index];
          if (value !== null && value !== undefined)
            lines.push(`${series[key]}: ${formatCount(Math.round(value))}`);
        });
        for (const e of model.events.filter((ev) => ev.at === day))
          lines.push(t(`events.${e.kind}Short`, { count: e.count, n: formatCount(e.count) }));
        return lines;
      },
    };
  }, [model, t, name, range, summaryId]);

  return (
    <div className="usage-chart">
      <div className="chart-toolbar">
        <label className="field inline-field">
          <span>{t('range.label')}</span>
          <select
            value={range}
            onChange={(e) => setRange(e.target.value === '90d' ? '' : e.target.value)}
          >
            {(Object.keys(RANGES) as RangeKey[]).map((key) => (
              <option key={key} value={key}>
                {t(`range.${key}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={history.error ?? events.error ?? forecasts.error} />
      {model === null || text === null ? (
        history.error === undefined &&
        events.error === undefined && <Loading label={t('loading')} />
      ) : model.last === null ? (
        <p className="state empty">{t('empty')}</p>
      ) : (
        <>
          <UsagePlot model={model} text={text} />
          <Legend model={model} />
          <Summary model={model} id={summaryId} />
          <Events events={events.data?.items ?? []} />
          <NumbersTable points={history.data?.points ?? []} name={name} />
        </>
      )}
    </div>
  );
}
