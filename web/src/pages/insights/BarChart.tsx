/**
 * A grouped bar chart on uPlot (`uPlot.paths.bars`): a pair of bars per category (two series),
 * the categories named on the x axis and the values formatted by the caller. The canvas is
 * hidden from assistive technology: the caller gives the same figures as a table.
 * uPlot is loaded on demand (./uplot.ts), so a page draws its numbers first and its chart after.
 */
import { useEffect, useRef, useState } from 'react';
import type uPlotType from 'uplot';
import { ErrorMessage } from '../../components/State.js';

export interface BarSeries {
  label: string;
  /** A CSS colour; the legend shows it beside the label (never colour alone). */
  color: string;
  values: number[];
}

const HEIGHT = 240;

/**
 * The two series' bars side by side around each category: the first ends at it (`align: -1`),
 * the second starts at it (`align: 1`).
 */
function barPaths(uPlot: typeof uPlotType, index: number) {
  return uPlot.paths.bars!({ size: [0.35, 56], align: index === 0 ? -1 : 1, gap: 2 });
}

function options(
  uPlot: typeof uPlotType,
  width: number,
  categories: readonly string[],
  series: readonly BarSeries[],
  formatValue: (value: number) => string,
): uPlotType.Options {
  const axis = { stroke: '#3b4252', grid: { stroke: '#e4e7ec', width: 1 }, ticks: { show: false } };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        ...axis,
        grid: { show: false },
        splits: (u) => u.data[0] as number[],
        values: (_u, splits) => splits.map((i) => categories[i] ?? ''),
      },
      { ...axis, size: 90, values: (_u, splits) => splits.map(formatValue) },
    ],
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        fill: s.color,
        stroke: s.color,
        width: 0,
        points: { show: false },
        paths: barPaths(uPlot, i),
      })),
    ],
  };
}

export function BarChart(props: {
  categories: readonly string[];
  series: readonly [BarSeries, BarSeries];
  formatValue: (value: number) => string;
}) {
  const { categories, series, formatValue } = props;
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    let chart: uPlotType | null = null;
    let stopped = false;
    const resize = new ResizeObserver(() => {
      chart?.setSize({ width: element.clientWidth, height: HEIGHT });
    });
    import('./uplot.js').then(
      ({ default: uPlot }) => {
        if (stopped) return;
        const data: uPlotType.AlignedData = [
          categories.map((_, i) => i),
          ...series.map((s) => s.values),
        ];
        chart = new uPlot(
          options(uPlot, element.clientWidth, categories, series, formatValue),
          data,
          element,
        );
        resize.observe(element);
      },
      (caught: unknown) => {
        if (!stopped) setError(caught);
      },
    );
    return () => {
      stopped = true;
      resize.disconnect();
      chart?.destroy();
    };
  }, [categories, series, formatValue]);

  return (
    <>
      <ErrorMessage error={error} />
      <div className="bar-chart" ref={box} aria-hidden="true" />
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span className="chart-swatch" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
    </>
  );
}
