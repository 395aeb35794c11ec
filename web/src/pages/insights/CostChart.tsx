/**
 * Held against idle spend per store (R-X5), one chart per currency, with the same figures as a
 * table for screen readers (the canvas says nothing to them).
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatMoney } from '../../format.js';
import { BarChart, type BarSeries } from './BarChart.js';
import { groupName } from './costs.js';
import type { CostLine } from './types.js';

const HELD_COLOUR = '#2f5fa8';
const IDLE_COLOUR = '#c8561c';

/**
 * Amounts are in minor units; the axis shows whole units of the currency, which the caption
 * names (a currency's decimals are its own: 2 for EUR, 0 for JPY).
 */
function useAxisMoney(currency: string) {
  return useCallback(
    (minor: number) => {
      const digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
      return formatCount(Math.round(minor / 10 ** digits));
    },
    [currency],
  );
}

function CurrencyChart({ currency, lines }: { currency: string; lines: CostLine[] }) {
  const { t } = useTranslation('insights');
  const categories = useMemo(() => lines.map((l) => groupName(t, 'store', l)), [lines, t]);
  const series = useMemo<[BarSeries, BarSeries]>(
    () => [
      { label: t('costs.held'), color: HELD_COLOUR, values: lines.map((l) => l.held.amount ?? 0) },
      { label: t('costs.idle'), color: IDLE_COLOUR, values: lines.map((l) => l.idle.amount ?? 0) },
    ],
    [lines, t],
  );
  const axisMoney = useAxisMoney(currency);
  const title = t('costs.chartTitle', { currency });
  return (
    <figure className="cost-chart">
      <figcaption>{title}</figcaption>
      <BarChart categories={categories} series={series} formatValue={axisMoney} />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('costs.group.store')}</th>
            <th scope="col">{t('costs.held')}</th>
            <th scope="col">{t('costs.idle')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={line.key}>
              <th scope="row">{categories[i]}</th>
              <td>{formatMoney({ amount: line.held.amount ?? 0, currency })}</td>
              <td>{formatMoney({ amount: line.idle.amount ?? 0, currency })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** `lines`: the report grouped by store. */
export function CostChart({ lines }: { lines: readonly CostLine[] }) {
  const byCurrency = useMemo(() => {
    const groups = new Map<string, CostLine[]>();
    for (const line of lines) {
      if (line.currency === null) continue;
      groups.set(line.currency, [...(groups.get(line.currency) ?? []), line]);
    }
    return [...groups];
  }, [lines]);
  return (
    <>
      {byCurrency.map(([currency, group]) => (
        <CurrencyChart key={currency} currency={currency} lines={group} />
      ))}
    </>
  );
}
