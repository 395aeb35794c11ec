/** The harness's tables: one per configuration, then a summary across configurations. */
import type { DriveResult } from './drive.js';
import type { Configuration } from './options.js';

export interface StepReport {
  /** `peak` for the unthrottled run, else the percentage of the peak asked for. */
  label: string;
  target: number | null;
  result: DriveResult;
  newLicenses: number;
  /** Peak RSS of each server process during the step, in MB (null where unknown). */
  rssMb: Array<number | null>;
}

export interface ConfigurationReport {
  configuration: Configuration;
  steps: StepReport[];
  /** Peak RSS of each server process over the whole run, in MB. */
  peakRssMb: Array<number | null>;
  /** Peak RSS of the worker-only process (LOAD_TOPOLOGY=split), in MB. */
  workerPeakRssMb?: number | null;
  failure?: string;
}

export function describeConfiguration(c: Configuration): string {
  return `${c.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ×${c.processes}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' +
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
const mb = (values: Array<number | null>) =>
  values.map((v) => (v === null ? '?' : String(Math.round(v)))).join(', ');

export function configurationTable(report: ConfigurationReport): string {
  return table(
    [
      'load',
      'target/s',
      'done/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'non-2xx',
      'no answer',
      'new licences',
      'driver CPU',
      'peak RSS MB',
    ],
    report.steps.map((s) => [
      s.label,
      s.target === null ? 'max' : String(s.target),
      s.result.perSecond.toFixed(0),
      ms(s.result.p50),
      ms(s.result.p95),
      ms(s.result.p99),
      ms(s.result.max),
      String(s.result.non2xx),
      String(s.result.errors),
      String(s.newLicenses),
      `${s.result.driverCpuPercent.toFixed(0)} %`,
      mb(s.rssMb),
    ]),
  );
}

/** The figures the issue asks about, per configuration. */
export function summaryTable(reports: readonly ConfigurationReport[]): string {
  const peakOf = (r: ConfigurationReport) => r.steps.find((s) => s.label === 'peak');
  const base = reports.find(
    (r) => r.configuration.dialect === 'postgres' && r.configuration.processes === 1,
  );
  const baseline = base === undefined ? undefined : peakOf(base)?.result.perSecond;
  return table(
    ['configuration', 'peak/s', 'vs PG ×1', 'p99 at 70 %', 'errors below 100 %', 'max RSS MB'],
    reports.map((r) => {
      const peak = peakOf(r)?.result.perSecond;
      const at70 = r.steps.find((s) => s.label === '70 %');
      const below = r.steps
        .filter((s) => s.label !== 'peak' && Number.parseInt(s.label, 10) < 100)
        .reduce((sum, s) => sum + s.result.non2xx + s.result.errors, 0);
      const maxRss = Math.max(...r.peakRssMb.map((v) => v ?? 0));
      return [
        describeConfiguration(r.configuration) + (r.failure === undefined ? '' : ' (failed)'),
        peak === undefined ? '–' : peak.toFixed(0),
        peak === undefined || baseline === undefined || r.configuration.dialect !== 'postgres'
          ? '–'
          : `${(peak / baseline).toFixed(2)}×`,
        at70 === undefined ? '–' : `${ms(at70.result.p99)} ms`,
        String(below),
        maxRss === 0 ? '?' : String(Math.round(maxRss)),
      ];
    }),
  );
}
