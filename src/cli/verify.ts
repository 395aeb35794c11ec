/** `allot verify`: the drifts verifyLedger found, one per line, and the exit code. */
import type { Drift } from '../services/ledger/verifyLedger.js';

/**
 * One line per drift, tab-separated for `cut` and `grep`: kind, tenant, then what is wrong (the
 * message names the rows). A store's error text may hold line breaks: they become spaces.
 */
export function formatDrift(drift: Drift): string {
  const message = drift.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return `${drift.kind}\ttenant ${drift.tenantId}\t${message}`;
}

/** Prints each drift on a line, or "no drift"; returns the exit code (1 when there is drift). */
export function reportDrifts(
  drifts: readonly Drift[],
  print: (line: string) => void = (line) => console.log(line),
): number {
  if (drifts.length === 0) {
    print('no drift');
    return 0;
  }
  for (const drift of drifts) print(formatDrift(drift));
  return 1;
}
