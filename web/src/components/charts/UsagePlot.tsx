/**
 * The canvas of the usage chart: uPlot, loaded on first use (its own chunk, so the console's
 * first load does not carry it). The canvas is an image to assistive technology (role="img",
 * named by the caller); the numbers it draws are in the text summary and the table beside it.
 */
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartModel } from './chartData.js';
import { formatTick } from './chartFormat.js';

export interface PlotText {
  /** The accessible name of the canvas. */
  label: string;
  describedBy: string;
  series: { total: string; inUse: string; reserved: string; available: string; forecast: string };
  axis: { date: string; licences: string };
  /** The tooltip's lines for the day under the cursor. */
  tooltip: (index: number) => string[];
}

const HEIGHT = 280;

function cssColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export const EVENT_COLOURS = {
  purchase: '#2b7a4b',
  reduction: '#56606c',
  reclaim: '#7a3fb0',
} as const;

/** Each event as a vertical line through the plot, with a small flag at its top. */
function drawEvents(model: ChartModel) {
  return (u: uPlot) => {
    const { ctx } = u;
    const { top, height, left, width } = u.bbox;
    ctx.save();
    for (const event of model.events) {
      const x = Math.round(u.valToPos(event.x, 'x', true));
      if (x < left || x > left + width) continue;
      ctx.strokeStyle = EVENT_COLOURS[event.kind];
      ctx.fillStyle = EVENT_COLOURS[event.kind];
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.setLineDash(event.kind === 'reclaim' ? [4 * devicePixelRatio, 3 * devicePixelRatio] : []);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x + 8 * devicePixelRatio, top + 4 * devicePixelRatio);
      ctx.lineTo(x, top + 8 * devicePixelRatio);
      ctx.fill();
    }
    ctx.restore();
  };
}

/** "Today" as a thin line, so what is drawn after it reads as a forecast. */
function drawToday(model: ChartModel, colour: string) {
  return (u: uPlot) => {
    const x = Math.round(u.valToPos(todayX(model), 'x', true));
    const { ctx } = u;
    const { top, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.lineWidth = devicePixelRatio;
    ctx.setLineDash([2 * devicePixelRatio, 2 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.restore();
  };
}

function todayX(model: ChartModel): number {
  return Date.parse(`${model.today}T00:00:00.000Z`) / 1000;
}

export function UsagePlot({ model, text }: { model: ChartModel; text: PlotText }) {
  const host = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const textRef = useRef(text);
  textRef.current = text;

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    let plot: uPlot | null = null;
    let stopped = false;
    let observer: ResizeObserver | null = null;
    void import('uplot').then(({ default: UPlot }) => {
      if (stopped) return;
      const accent = cssColour('--accent', '#1d5bbf');
      const muted = cssColour('--muted', '#56606c');
      const warning = cssColour('--warning', '#a86300');
      const ok = cssColour('--ok', '#2b7a4b');
      const labels = textRef.current;
      const options: uPlot.Options = {
        width: Math.max(element.clientWidth, 280),
        height: HEIGHT,
        tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        legend: { show: false },
        cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.1] } },
        axes: [
          {
            label: labels.axis.date,
            stroke: muted,
            values: (_u, splits) => splits.map((s) => formatTick(s)),
          },
          {
            label: labels.axis.licences,
            stroke: muted,
            values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')),
          },
        ],
        series: [
          {},
          { label: labels.series.total, stroke: muted, width: 2 },
          { label: labels.series.inUse, stroke: accent, width: 2, fill: `${accent}22` },
          { label: labels.series.reserved, stroke: warning, width: 2 },
          { label: labels.series.available, stroke: ok, width: 2 },
          { label: labels.series.forecast, stroke: accent, width: 2, dash: [6, 4] },
          { stroke: 'transparent', points: { show: false } },
          { stroke: 'transparent', points: { show: false } },
        ],
        bands: [{ series: [6, 7], fill: `${accent}26` }],
        hooks: {
          draw: [drawToday(model, muted), drawEvents(model)],
          setCursor: [
            (u) => {
              const box = tip.current;
              if (box === null) return;
              const index = u.cursor.idx;
              if (index === null || index === undefined || u.cursor.left === undefined) {
                box.hidden = true;
                return;
              }
              box.replaceChildren(
                ...textRef.current.tooltip(index).map((line) => {
                  const p = document.createElement('p');
                  p.textContent = line;
                  return p;
                }),
              );
              box.hidden = false;
              const left = u.cursor.left + u.over.offsetLeft;
              const flip = left > element.clientWidth / 2;
              box.style.left = flip ? '' : `${left + 12}px`;
              box.style.right = flip ? `${element.clientWidth - left + 12}px` : '';
            },
          ],
        },
      };
      plot = new UPlot(options, model.columns, element);
      const canvas = plot.ctx.canvas;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', labels.label);
      canvas.setAttribute('aria-describedby', labels.describedBy);
      observer = new ResizeObserver(() => {
        if (plot !== null && element.clientWidth > 0) {
          plot.setSize({ width: element.clientWidth, height: HEIGHT });
        }
      });
      observer.observe(element);
    });
    return () => {
      stopped = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [model]);

  useEffect(() => {
    host.current?.querySelector('canvas')?.setAttribute('aria-label', text.label);
  }, [text.label]);

  return (
    <div className="usage-plot">
      <div ref={host} className="usage-plot-canvas" data-testid="usage-plot" />
      <div ref={tip} className="usage-plot-tip" hidden aria-hidden="true" />
    </div>
  );
}
